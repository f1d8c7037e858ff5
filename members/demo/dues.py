"""Demo dues: rates, last year's and this year's dues, some paid, some partly, some not.

``seed_dues(ctx)`` runs after the registry's seed (it needs the secretary-general's
account and the member organizations). Idempotent: a second run adds nothing.
"""

import datetime

from django.db.models import Count
from django.utils import timezone

from wco_sse.core.japan import fiscal_year

from ..dues import dues_issue, dues_payment_record, dues_rate_set
from ..models import Dues, DuesClass, DuesPayment, DuesRate

DEMO_RATES = {
    DuesClass.REGULAR: 12_000,
    DuesClass.SUPPORTING: 5_000,
    DuesClass.INDIVIDUAL: 3_000,
}
# How the year's dues are paid, in invoice order, round and round.
LAST_YEAR_PATTERN = ("paid", "paid", "paid", "paid", "partial", "unpaid")
THIS_YEAR_PATTERN = ("paid", "unpaid", "partial", "paid", "unpaid")


def _issue_day(year, today):
    return min(datetime.date(year, 4, 15), today)


def _settle(actor, dues, pattern, year, today):
    """Pay ``dues`` as the pattern says: "paid", "partial" or "unpaid"."""
    if pattern == "unpaid" or dues.payment_count:
        return
    day = min(datetime.date(year, 5, 20), today)
    if pattern == "paid":
        dues_payment_record(actor=actor, dues=dues, paid_on=day, amount=dues.amount)
    else:
        dues_payment_record(
            actor=actor,
            dues=dues,
            paid_on=day,
            amount=dues.amount // 2,
            method=DuesPayment.Method.CASH,
            note="総会会場にて",
        )


def _set_rates(actor, year):
    for dues_class, amount in DEMO_RATES.items():
        if not DuesRate.objects.filter(
            fiscal_year=year, dues_class=dues_class
        ).exists():
            dues_rate_set(
                actor=actor, fiscal_year=year, dues_class=dues_class, amount=amount
            )


def _pattern(dues, index, *, home, last_year):
    if home is not None and dues.organization_id == home.pk:
        # The demo representative sees a paid year and a part-paid one.
        return "paid" if last_year else "partial"
    patterns = LAST_YEAR_PATTERN if last_year else THIS_YEAR_PATTERN
    return patterns[index % len(patterns)]


def seed_dues(ctx):
    actor = ctx.accounts["secgen@example.org"].account
    today = timezone.localdate()
    this_year = fiscal_year(today)
    home = ctx.data.get("home_wco")
    for year in (this_year - 1, this_year):
        _set_rates(actor, year)
        dues_issue(
            actor=actor,
            fiscal_year=year,
            invoiced_on=_issue_day(year, today),
            due_on=datetime.date(year, 6, 30),
        )
        issued = (
            Dues.objects.filter(fiscal_year=year)
            .annotate(payment_count=Count("payments"))
            .order_by("invoice_number")
        )
        for index, dues in enumerate(issued):
            pattern = _pattern(dues, index, home=home, last_year=year < this_year)
            _settle(actor, dues, pattern, year, today)
    this_count = Dues.objects.filter(fiscal_year=this_year).count()
    last_count = Dues.objects.filter(fiscal_year=this_year - 1).count()
    ctx.log(f"Dues: {this_count} for this year, {last_count} for last year.")
