"""The fund's demo data: the states a visitor sees on the demo, and books that keep
every rule the services keep."""

import collections
import re

import pytest
from django.db.models import Sum
from django.utils import timezone

from members.models import Role, RoleAssignment
from network.fund import demo as fund_demo
from network.fund import ledger
from network.fund.demo import fiscal_year
from network.models import (
    Award,
    ConflictDeclaration,
    Contribution,
    FinalReport,
    FundApplication,
    FundProgramme,
    FundRound,
    FundSource,
    LedgerAccount,
    LedgerLine,
    LedgerTransaction,
    Payment,
    Review,
)
from secretariat.models import AgendaItem, Decision, Meeting
from secretariat.subjects import subject_of
from wco_sse.core.transactions import composing

A = FundApplication.Status
T = LedgerTransaction.Kind


@pytest.fixture
def fund(demo):
    with composing():
        fund_demo.seed(demo.ctx)
    return demo


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            FundSource,
            FundProgramme,
            FundRound,
            FundApplication,
            Contribution,
            Award,
            Payment,
            LedgerTransaction,
            LedgerLine,
            Review,
            AgendaItem,
            Meeting,
        )
    }


def _open_round():
    return FundRound.objects.get(status=FundRound.Status.PUBLISHED)


def _finished_round():
    return FundRound.objects.get(status=FundRound.Status.CLOSED)


@pytest.mark.django_db
def test_seeding_twice_adds_nothing(fund):
    first = _counts()
    with composing():
        fund_demo.seed(fund.ctx)
    assert _counts() == first


@pytest.mark.django_db
def test_three_sources_with_a_fiscal_year_of_contributions(fund):
    kinds = dict(FundSource.objects.values_list("kind", "name"))
    assert set(kinds) == {"member_donations", "seikatsu_club", "named_fund"}
    named = FundSource.objects.get(kind="named_fund")
    assert named.programme.name == fund_demo.NAMED_PROGRAMME
    assert set(FundProgramme.objects.values_list("name", flat=True)) == {
        fund_demo.PROGRAMME,
        fund_demo.NAMED_PROGRAMME,
    }

    gifts = Contribution.objects.order_by("received_on", "pk")
    assert 40 <= gifts.count() <= 60
    assert gifts.filter(organization__isnull=False).exists()
    assert gifts.filter(person__isnull=False).exists()
    assert gifts.exclude(donor_name="").exists()
    assert gifts.filter(anonymous=True).count() >= 3
    methods = collections.Counter(gifts.values_list("method", flat=True))
    assert methods.most_common(1)[0][0] == Contribution.Method.TRANSFER
    today = timezone.localdate()
    # Receipt numbers R<fiscal year>-0001 on, in the order the money came in.
    by_year = collections.defaultdict(list)
    for gift in gifts:
        assert gift.received_on <= today
        by_year[fiscal_year(gift.received_on)].append(gift.receipt_number)
    for year, numbers in by_year.items():
        assert numbers == [f"R{year}-{n:04d}" for n in range(1, len(numbers) + 1)]
    # Each booked once, to its source.
    for gift in gifts:
        (entry,) = gift.transactions.all()
        assert entry.kind == T.CONTRIBUTION
        assert entry.occurred_on == gift.received_on
        assert dict(entry.lines.values_list("account__kind", "amount")) == {
            "cash": gift.amount,
            "net_assets": -gift.amount,
        }


@pytest.mark.django_db
def test_the_open_round_has_one_application_in_every_state(fund):
    fund_round = _open_round()
    now = timezone.localtime()
    closes = timezone.localtime(fund_round.closes_at)
    assert fund_round.opens_at < now < fund_round.closes_at
    assert (closes.hour, closes.minute) == (17, 0)
    assert ledger.round_budget(fund_round) > 0
    states = collections.Counter(
        fund_round.applications.values_list("status", flat=True)
    )
    assert states == dict.fromkeys(
        [
            A.DRAFT,
            A.SUBMITTED,
            A.INELIGIBLE,
            A.IN_REVIEW,
            A.RECOMMENDED,
            A.NOT_RECOMMENDED,
            A.AT_BOARD,
            A.AWARDED,
        ],
        1,
    )
    apps = {app.status: app for app in fund_round.applications.all()}

    draft = apps[A.DRAFT]
    assert draft.organization == fund.ctx.data["home_wco"]
    assert draft.created_by == fund["rep"]
    assert draft.submitted_at is None
    assert apps[A.INELIGIBLE].ineligible_reason
    assert apps[A.SUBMITTED].screened_at is None

    recommended = apps[A.RECOMMENDED]
    assert recommended.earmarked == recommended.recommended_amount > 0
    assert apps[A.NOT_RECOMMENDED].earmarked == 0
    assert apps[A.NOT_RECOMMENDED].recommendation_reasons

    at_board = apps[A.AT_BOARD]
    assert at_board.earmarked == at_board.recommended_amount
    assert at_board.agenda_item.kind == AgendaItem.Kind.DELIBERATION
    assert subject_of(at_board.agenda_item) == at_board
    assert not Decision.objects.filter(item=at_board.agenda_item).exists()

    # 修正可決 at a held board meeting: the award waits for the secretariat's amount,
    # the recommendation still holds its earmark and nothing is booked.
    awarded = apps[A.AWARDED]
    award = awarded.award
    assert award.status == Award.Status.AWAITING_AMOUNT and award.amount is None
    assert re.fullmatch(r"基金\d{4}-\d{3}", award.number)
    assert awarded.earmarked == awarded.recommended_amount
    decision = award.decision
    assert decision.outcome == AgendaItem.Status.AMENDED
    assert decision.meeting.status in Meeting.HAS_TAKEN_PLACE
    assert decision.item == awarded.agenda_item
    assert subject_of(decision.item) == awarded
    assert not award.transactions.exists()
    assert ledger.round_earmarked(fund_round) == (
        recommended.earmarked + at_board.earmarked + awarded.earmarked
    )
    assert ledger.round_remaining(fund_round) >= 0


@pytest.mark.django_db
def test_fund_committee_scores_and_one_conflict_of_fund(fund):
    committee = RoleAssignment.objects.filter(role=Role.FUND_COMMITTEE, end=None)
    assert committee.values("person").distinct().count() >= 3
    reviewer = fund["fund"].person
    conflicts = ConflictDeclaration.objects.filter(reviewer=reviewer, conflicted=True)
    assert conflicts.count() == 1
    app = conflicts.get().application
    assert app.status == A.IN_REVIEW and app.round == _open_round()
    assert not Review.objects.filter(application=app, reviewer=reviewer).exists()
    # The others declared and scored: the mean is of several reviewers.
    assert app.reviews.count() >= 2
    for review in Review.objects.all():
        scores = review.scores.all()
        assert scores.count() == app.round.rubric.criteria.count()
        assert review.total == sum(score.value for score in scores)
        assert ConflictDeclaration.objects.filter(
            application=review.application, reviewer=review.reviewer, conflicted=False
        ).exists()
    for finished in _finished_round().applications.all():
        assert finished.reviews.count() >= 3


@pytest.mark.django_db
def test_the_finished_round_is_settled_with_one_refund(fund):
    fund_round = _finished_round()
    apps = fund_round.applications.all()
    states = collections.Counter(apps.values_list("status", flat=True))
    assert states == {A.AWARDED: 3, A.NOT_RECOMMENDED: 1, A.REJECTED: 1}
    awards = Award.objects.filter(application__round=fund_round)
    assert set(awards.values_list("status", flat=True)) == {Award.Status.SETTLED}
    for award in awards:
        assert award.decision.outcome == AgendaItem.Status.APPROVED
        assert award.decision.meeting.status in Meeting.HAS_TAKEN_PLACE
        assert award.amount <= fund_round.cap_per_grant
        assert award.amount <= award.application.amount_requested
        assert award.report.status == FinalReport.Status.ACCEPTED
        assert award.payments.filter(kind=Payment.Kind.ADVANCE).exists()
        assert ledger.award_unpaid(award) == 0
        assert award.application.earmarked == 0
    rejected = apps.get(status=A.REJECTED)
    assert rejected.earmarked == 0
    assert Decision.objects.get(item=rejected.agenda_item).outcome == "rejected"
    assert apps.get(status=A.NOT_RECOMMENDED).agenda_item is None
    # One grantee returned unspent money; the part never paid went back too.
    refunds = LedgerTransaction.objects.filter(kind=T.REFUND)
    assert refunds.count() == 1
    award = refunds.get().award
    assert award.report.refund_due == sum(
        line.amount for line in refunds.get().lines.all() if line.amount > 0
    )
    assert award.report.refund_received_on
    assert LedgerTransaction.objects.filter(kind=T.RELEASE, award=award).exists()
    paid = award.payments.aggregate(total=Sum("amount"))["total"]
    assert paid < award.amount


@pytest.mark.django_db
def test_the_books_balance_and_nothing_goes_over(fund):
    assert ledger.trial_balance()["total"] == 0
    assert ledger.trial_balance()["unbalanced"] == []
    for fund_round in FundRound.objects.all():
        assert ledger.round_remaining(fund_round) >= 0
        awarded = (
            Award.objects.filter(application__round=fund_round).aggregate(
                total=Sum("amount")
            )["total"]
            or 0
        )
        allocated = -(
            LedgerLine.objects.filter(
                account__round=fund_round, transaction__kind=T.ALLOCATION
            ).aggregate(total=Sum("amount"))["total"]
            or 0
        )
        assert awarded <= allocated
    for award in Award.objects.all():
        assert award.amount is None or award.amount <= (
            award.application.round.cap_per_grant
        )
    # The journal follows the days, and at the end of every day nothing is negative:
    # no source gives more than it holds, no payment more than the cash.
    entries = list(LedgerTransaction.objects.order_by("pk"))
    assert [e.occurred_on for e in entries] == sorted(e.occurred_on for e in entries)
    for day in {e.occurred_on for e in entries}:
        for account in LedgerAccount.objects.all():
            held = ledger.balance(account, until=day)
            if account.kind == LedgerAccount.Kind.CASH:
                assert held >= 0
            else:
                assert held <= 0, (account, day)
    # Award numbers per fiscal year, from 001.
    by_year = collections.defaultdict(list)
    for award in Award.objects.order_by("decided_on", "pk"):
        by_year[fiscal_year(award.decided_on)].append(award.number)
    for year, numbers in by_year.items():
        assert numbers == [f"基金{year}-{n:03d}" for n in range(1, len(numbers) + 1)]


@pytest.mark.django_db
def test_payments_are_prepared_and_confirmed_by_two_secretariat_members(fund):
    secretariat = {fund["staff"].pk, fund["secgen"].pk}
    payments = Payment.objects.all()
    assert payments.count() >= 3
    for payment in payments:
        assert payment.status == Payment.Status.CONFIRMED
        assert payment.prepared_by_id != payment.confirmed_by_id
        assert {payment.prepared_by_id, payment.confirmed_by_id} <= secretariat
        (entry,) = payment.transactions.all()
        assert entry.kind == T.PAYMENT and entry.occurred_on == payment.pay_on
    assert payments.filter(kind=Payment.Kind.SETTLEMENT).exists()
