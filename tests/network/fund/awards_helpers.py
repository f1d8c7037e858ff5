"""Awards for the awards part's tests, made directly as the board's handler would:
the award row, booked with ``ledger.book_award`` (a 修正可決 one earmarked and
awaiting its amount)."""

import datetime
import itertools

from django.db import transaction
from django.utils import timezone

from network.fund import ledger
from network.models import Award, FundApplication
from tests.network import fund_helpers as h
from tests.network.fund_helpers import standard_rubric

_numbers = itertools.count(1)


def make_award(
    organization,
    *,
    amount=300_000,
    requested=300_000,
    total=400_000,
    awaiting=False,
    earmark=None,
    payment_mode=Award.PaymentMode.ADVANCE,
    report_due=None,
    fund_round=None,
    budget=3_000_000,
):
    fund_round = fund_round or h.funded_round(budget=budget, rubric=standard_rubric())
    app = h.application(
        fund_round,
        organization,
        status=FundApplication.Status.AWARDED,
        amount=requested,
        total=total,
        recommended_amount=requested,
        earmarked=(earmark if earmark is not None else requested) if awaiting else 0,
    )
    with transaction.atomic():
        award = Award.objects.create(
            application=app,
            number=f"SSE-{fund_round.pk}-{next(_numbers):03d}",
            amount=None if awaiting else amount,
            status=Award.Status.AWAITING_AMOUNT if awaiting else Award.Status.AWARDED,
            payment_mode=payment_mode,
            decided_on=timezone.localdate() - datetime.timedelta(days=30),
            report_due=report_due,
        )
        if not awaiting:
            ledger.book_award(award, amount, actor=None, on=award.decided_on)
    return award


def home(demo):
    return demo.ctx.data["home_wco"]


def other(demo):
    return demo.ctx.data["wcos"][1]
