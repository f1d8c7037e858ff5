"""Demo dues: rates, last year's and this year's dues, some paid, some partly, some not.

``seed_dues(ctx)`` runs after the registry's seed (it needs the secretary-general's
account and the member organizations). Idempotent: a second run adds nothing.
"""

import datetime

from django.db.models import Count
from django.utils import timezone

from wco_sse.core.japan import fiscal_year

from .dues import dues_issue, dues_payment_record, dues_rate_set
from .models import Dues, DuesClass, DuesPayment, DuesRate

DEMO_RATES = {
    DuesClass.REGULAR: 12_000,
    DuesClass.SUPPORTING: 5_000,
    DuesClass.INDIVIDUAL: 3_000,
}


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


def seed_dues(ctx):
    actor = ctx.accounts["secgen@example.org"].account
    today = timezone.localdate()
    this_year = fiscal_year(today)
    home = ctx.data.get("home_wco")
    for year in (this_year - 1, this_year):
        for dues_class, amount in DEMO_RATES.items():
            if not DuesRate.objects.filter(
                fiscal_year=year, dues_class=dues_class
            ).exists():
                dues_rate_set(
                    actor=actor, fiscal_year=year, dues_class=dues_class, amount=amount
                )
        dues_issue(
            actor=actor,
            fiscal_year=year,
            invoiced_on=_issue_day(year, today),
            due_on=datetime.date(year, 6, 30),
        )
        last_year = year < this_year
        for index, dues in enumerate(
            Dues.objects.filter(fiscal_year=year)
            .annotate(payment_count=Count("payments"))
            .order_by("invoice_number")
        ):
            if home is not None and dues.organization_id == home.pk:
                # The demo representative sees a paid year and a part-paid one.
                pattern = "paid" if last_year else "partial"
            elif last_year:
                pattern = ("paid", "paid", "paid", "paid", "partial", "unpaid")[
                    index % 6
                ]
            else:
                pattern = ("paid", "unpaid", "partial", "paid", "unpaid")[index % 5]
            _settle(actor, dues, pattern, year, today)
    this_count = Dues.objects.filter(fiscal_year=this_year).count()
    last_count = Dues.objects.filter(fiscal_year=this_year - 1).count()
    ctx.log(f"Dues: {this_count} for this year, {last_count} for last year.")
