"""What the dues modules share: yen, today, the open years and the earliest date."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.errors import ServiceError
from wco_sse.core.japan import fiscal_year as fiscal_year_of

from ..models import (
    DuesClass,
    Organization,
)

CLASS_OF_ORGANIZATION = {
    Organization.MembershipClass.REGULAR: DuesClass.REGULAR,
    Organization.MembershipClass.SUPPORTING: DuesClass.SUPPORTING,
}
MAX_AMOUNT = 10_000_000  # yen; a typo guard, far above any real dues

# States of dues as the lists filter them. "outstanding" is the unpaid list:
# unpaid and partially paid together.
STATES = ("paid", "partial", "unpaid", "outstanding")


def yen(amount):
    """50000 -> "50,000" (the thousands separator whatever the language)."""
    return f"{int(amount or 0):,}"


def dues_years_open(today=None):
    """The fiscal years dues may be issued for: last year, this year and next year."""
    current = fiscal_year_of(today or timezone.localdate())
    return [current + 1, current, current - 1]


def earliest_date(fiscal_year):
    """The earliest date of an invoice or a payment for ``fiscal_year``'s dues: 1 April
    of the year before (members sometimes pay the coming year in advance)."""
    return datetime.date(fiscal_year - 1, 4, 1)


def check_amount(amount):
    """An amount in whole yen, within the typo guard."""
    if amount is None or not 0 <= amount <= MAX_AMOUNT:
        raise ServiceError(
            _("Enter an amount in yen between 0 and %(max)s.")
            % {"max": yen(MAX_AMOUNT)},
            field="amount",
        )
