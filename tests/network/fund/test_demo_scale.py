"""``seed_demo --scale N`` adds the fund's rounds and contributions for the benchmark,
with books that still balance."""

import collections
import dataclasses

import pytest
from django.db.models import Sum

from members.demo import seed_scale as members_seed_scale
from network.fund import demo as fund_demo
from network.fund import ledger
from network.fund.demo_scale import (
    SCALE_APPLICATIONS,
    SCALE_CONTRIBUTIONS,
    SCALE_PREFIX,
    scale_rounds,
)
from network.models import (
    Award,
    ConflictDeclaration,
    Contribution,
    FundApplication,
    FundRound,
    LedgerTransaction,
    Payment,
)
from wco_sse.core.transactions import composing


def _counts():
    return {
        "rounds": scale_rounds().count(),
        "applications": FundApplication.objects.filter(
            round__in=scale_rounds()
        ).count(),
        "contributions": Contribution.objects.filter(
            note__startswith=SCALE_PREFIX
        ).count(),
        "transactions": LedgerTransaction.objects.count(),
    }


@pytest.mark.django_db
def test_scale_adds_rounds_and_contributions_and_a_rerun_adds_nothing(demo):
    ctx = dataclasses.replace(demo.ctx, scale=4)
    members_seed_scale(ctx)
    with composing():
        fund_demo.seed(dataclasses.replace(demo.ctx, scale=0))
        base = _counts()
        fund_demo.seed(dataclasses.replace(ctx, scale=1))
        assert _counts()["rounds"] == 1
        fund_demo.seed(ctx)  # a larger scale tops up
        counts = _counts()
        fund_demo.seed(ctx)
    assert _counts() == counts
    assert counts["rounds"] == 4
    assert counts["applications"] == 4 * SCALE_APPLICATIONS
    assert counts["contributions"] == 4 * SCALE_CONTRIBUTIONS
    assert counts["transactions"] > base["transactions"] + 4 * SCALE_CONTRIBUTIONS

    # An open round, one under review, two finished.
    statuses = collections.Counter(scale_rounds().values_list("status", flat=True))
    assert statuses == {
        FundRound.Status.PUBLISHED: 1,
        FundRound.Status.REVIEW: 1,
        FundRound.Status.CLOSED: 2,
    }
    review_round = scale_rounds().get(status=FundRound.Status.REVIEW)
    fund = demo["fund"].person
    assert (
        ConflictDeclaration.objects.filter(
            application__round=review_round, reviewer=fund, conflicted=True
        ).count()
        == 1
    )
    assert review_round.applications.filter(
        status=FundApplication.Status.IN_REVIEW
    ).exists()

    # The books: balanced, no round over its budget, settled awards fully paid or
    # released, payments four-eyes, receipt and award numbers unique.
    assert ledger.trial_balance() == {
        **ledger.trial_balance(),
        "total": 0,
        "unbalanced": [],
    }
    for fund_round in FundRound.objects.all():
        assert ledger.round_remaining(fund_round) >= 0
    assert ledger.cash_balance() >= 0
    awards = Award.objects.filter(application__round__in=scale_rounds())
    assert awards.count() == 2 * 4
    for award in awards:
        assert award.status == Award.Status.SETTLED
        assert ledger.award_unpaid(award) == 0
        assert award.amount <= award.application.round.cap_per_grant
    assert (
        LedgerTransaction.objects.filter(
            kind=LedgerTransaction.Kind.REFUND, award__in=awards
        ).count()
        == 2
    )
    payments = Payment.objects.filter(award__in=awards)
    assert not payments.filter(prepared_by=None).exists()
    for payment in payments:
        assert payment.prepared_by_id != payment.confirmed_by_id
    paid = payments.aggregate(total=Sum("amount"))["total"]
    assert paid > 0
    numbers = list(Contribution.objects.values_list("receipt_number", flat=True))
    assert len(numbers) == len(set(numbers))
