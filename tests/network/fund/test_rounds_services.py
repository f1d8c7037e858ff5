"""The fund's rounds and applications up to submission: the rules, with their messages,
and nothing saved when one refuses."""

import datetime

import pytest
from django.utils import timezone

from network.fund import ledger
from network.fund import services_rounds as services
from network.models import (
    BudgetLine,
    FundApplication,
    FundRound,
    FundSource,
    LedgerTransaction,
)
from tests.network.fund_helpers import (
    application,
    book_contribution,
    funded_round,
    programme,
    source,
    standard_rubric,
)
from wco_sse.core.errors import ServiceError
from wco_sse.core.models import AuditEntry, OutboundEmail

A = FundApplication.Status


def _refused(call, *, contains, field=None):
    before = (
        AuditEntry.objects.count(),
        OutboundEmail.objects.count(),
        LedgerTransaction.objects.count(),
    )
    with pytest.raises(ServiceError) as raised:
        call()
    assert contains in raised.value.message
    if field is not None:
        assert raised.value.field == field
    assert (
        AuditEntry.objects.count(),
        OutboundEmail.objects.count(),
        LedgerTransaction.objects.count(),
    ) == before
    return raised.value


def _draft(demo, fund_round=None, **fields):
    fund_round = fund_round or funded_round(budget=0)
    return application(fund_round, demo.ctx.data["home_wco"], status=A.DRAFT, **fields)


# --- Submission ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_complete_draft_is_submitted_and_the_representative_gets_a_receipt(demo):
    draft = _draft(demo)
    done = services.application_submit(actor=demo["rep"], application=draft)
    assert done.status == A.SUBMITTED
    assert done.submitted_by == demo["rep"]
    email = OutboundEmail.objects.get(template="fund_rounds_submitted")
    assert "受け付けました" in email.subject or "受付" in email.subject
    assert draft.org_name in email.body_text
    assert "300,000円" in email.body_text


def _submit(demo, draft, **kwargs):
    return lambda: services.application_submit(
        actor=demo["rep"], application=draft, **kwargs
    )


@pytest.mark.django_db
def test_a_late_submission_is_refused(demo):
    draft = _draft(demo)
    late = draft.round.closes_at + datetime.timedelta(minutes=1)
    _refused(_submit(demo, draft, now=late), contains="締め切")
    draft.refresh_from_db()
    assert draft.status == A.DRAFT


@pytest.mark.django_db
def test_a_submission_before_opening_is_refused(demo):
    draft = _draft(demo)
    early = draft.round.opens_at - datetime.timedelta(minutes=1)
    _refused(_submit(demo, draft, now=early), contains="受付開始")


@pytest.mark.django_db
def test_a_submission_to_a_round_not_published_is_refused(demo):
    draft = _draft(demo, funded_round(budget=0, status=FundRound.Status.REVIEW))
    _refused(_submit(demo, draft), contains="受け付けていません")


@pytest.mark.django_db
def test_an_amount_over_the_cap_is_refused(demo):
    draft = _draft(demo, funded_round(budget=0, cap=200_000))
    _refused(_submit(demo, draft), contains="200,000円", field="amount_requested")


@pytest.mark.django_db
def test_an_amount_over_the_total_cost_is_refused(demo):
    draft = _draft(demo, amount=300_000, total=400_000)
    draft.total_cost = 250_000
    draft.save()
    _refused(_submit(demo, draft), contains="総事業費", field="amount_requested")


@pytest.mark.django_db
def test_lines_not_adding_up_to_the_total_are_refused(demo):
    draft = _draft(demo)
    draft.total_cost = 410_000
    draft.save()
    _refused(_submit(demo, draft), contains="410,000円", field="budget_lines")


@pytest.mark.django_db
def test_lines_from_the_fund_not_adding_up_to_the_request_are_refused(demo):
    draft = _draft(demo)
    line = draft.budget_lines.first()
    line.from_fund -= 1000
    line.save()
    _refused(_submit(demo, draft), contains="申請額", field="budget_lines")


@pytest.mark.django_db
def test_a_project_outside_the_rounds_period_is_refused(demo):
    draft = _draft(demo)
    draft.project_end = draft.round.project_end + datetime.timedelta(days=1)
    draft.save()
    _refused(_submit(demo, draft), contains="期間", field="project_start")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field", ["declares_no_antisocial_forces", "declares_no_political_religious_aims"]
)
def test_a_missing_declaration_is_refused(demo, field):
    draft = _draft(demo)
    setattr(draft, field, False)
    draft.save()
    _refused(_submit(demo, draft), contains="誓約", field=field)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field", ["project_title", "purpose", "contact_name", "total_cost"]
)
def test_a_missing_required_field_is_refused(demo, field):
    draft = _draft(demo)
    setattr(draft, field, None if field == "total_cost" else "")
    draft.save()
    _refused(_submit(demo, draft), contains="", field=field)


@pytest.mark.django_db
def test_a_second_live_application_of_a_group_is_refused(demo):
    fund_round = funded_round(budget=0)
    application(fund_round, demo.ctx.data["home_wco"])  # submitted
    draft = FundApplication.objects.create(
        round=fund_round,
        organization=demo.ctx.data["home_wco"],
        org_name="x",
        status=A.DRAFT,
    )
    _refused(
        lambda: services.application_submit(actor=demo["staff"], application=draft),
        contains="1団体1件",
    )


@pytest.mark.django_db
def test_a_round_allowing_two_takes_a_second_application(demo):
    fund_round = funded_round(budget=0, allow_concurrent=True)
    application(fund_round, demo.ctx.data["home_wco"])
    second = services.application_start(
        actor=demo["rep"],
        fund_round=fund_round,
        organization=demo.ctx.data["home_wco"],
    )
    assert second.status == A.DRAFT


# --- Starting a draft ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_draft_copies_the_organization_from_the_registry(demo):
    wco = demo.ctx.data["home_wco"]
    draft = services.application_start(
        actor=demo["rep"], fund_round=funded_round(budget=0), organization=wco
    )
    assert draft.status == A.DRAFT
    assert draft.org_name == wco.name
    assert draft.org_representative  # the rep's name, from the registry
    # A copy: the registry changing later leaves the application as it was.
    wco.name = "改称後の名前"
    wco.save()
    draft.refresh_from_db()
    assert draft.org_name != "改称後の名前"


@pytest.mark.django_db
def test_a_second_draft_of_a_group_is_refused_at_the_start(demo):
    fund_round = funded_round(budget=0)
    wco = demo.ctx.data["home_wco"]
    services.application_start(
        actor=demo["rep"], fund_round=fund_round, organization=wco
    )
    _refused(
        lambda: services.application_start(
            actor=demo["rep"], fund_round=fund_round, organization=wco
        ),
        contains="1団体1件",
        field="organization",
    )
    assert FundApplication.objects.filter(round=fund_round).count() == 1


@pytest.mark.django_db
def test_a_representative_applies_only_for_their_own_organization(demo):
    _refused(
        lambda: services.application_start(
            actor=demo["rep"],
            fund_round=funded_round(budget=0),
            organization=demo.ctx.data["wcos"][1],
        ),
        contains="代表",
        field="organization",
    )


@pytest.mark.django_db
def test_the_secretariat_enters_a_paper_application_for_any_wco(demo):
    draft = services.application_start(
        actor=demo["staff"],
        fund_round=funded_round(budget=0),
        organization=demo.ctx.data["wcos"][1],
        on_paper=True,
    )
    assert draft.entered_on_paper


@pytest.mark.django_db
def test_a_draft_cannot_start_after_the_deadline(demo):
    fund_round = funded_round(budget=0)
    _refused(
        lambda: services.application_start(
            actor=demo["rep"],
            fund_round=fund_round,
            organization=demo.ctx.data["home_wco"],
            now=fund_round.closes_at + datetime.timedelta(seconds=1),
        ),
        contains="締め切",
    )


# --- Saving a draft -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_draft_saves_what_is_typed_even_if_incomplete(demo):
    draft = _draft(demo)
    saved = services.application_save_draft(
        actor=demo["rep"],
        application=draft,
        data={"org_name": draft.org_name, "project_title": "", "amount_requested": 9},
        lines=[{"category": "personnel", "amount": 5, "from_fund": 0}],
    )
    assert saved.project_title == ""
    assert saved.amount_requested == 9
    assert list(saved.budget_lines.values_list("amount", flat=True)) == [5]


@pytest.mark.django_db
def test_a_line_of_a_cost_the_round_does_not_fund_is_refused(demo):
    draft = _draft(demo)
    before = list(draft.budget_lines.values_list("pk", flat=True))
    _refused(
        lambda: services.application_save_draft(
            actor=demo["rep"],
            application=draft,
            data={"org_name": draft.org_name},
            lines=[{"category": "equipment", "amount": 5, "from_fund": 0}],
        ),
        contains="対象",
        field="budget_lines",
    )
    assert list(draft.budget_lines.values_list("pk", flat=True)) == before


@pytest.mark.django_db
def test_the_representative_withdraws_before_a_decision(demo):
    submitted = application(funded_round(budget=0), demo.ctx.data["home_wco"])
    done = services.application_withdraw(actor=demo["rep"], application=submitted)
    assert done.status == A.WITHDRAWN
    awarded = application(
        funded_round(budget=0, title="別の回"),
        demo.ctx.data["home_wco"],
        status=A.AWARDED,
    )
    _refused(
        lambda: services.application_withdraw(actor=demo["rep"], application=awarded),
        contains="",
    )


# --- Budget allocation --------------------------------------------------------------------


@pytest.mark.django_db
def test_an_allocation_moves_money_from_the_source_to_the_round(demo):
    fund_round = funded_round(budget=0, status=FundRound.Status.DRAFT)
    money = source()
    book_contribution(money, 500_000)
    remaining = services.round_allocate(
        actor=demo["network"],
        fund_round=fund_round,
        source=money,
        amount="３０万".replace("万", "0000"),
    )
    assert remaining == 300_000 == ledger.round_remaining(fund_round)
    assert ledger.credit_balance(ledger.source_account(money)) == 200_000


@pytest.mark.django_db
def test_an_allocation_over_the_sources_balance_is_refused(demo):
    fund_round = funded_round(budget=0, status=FundRound.Status.DRAFT)
    money = source()
    book_contribution(money, 100_000)
    _refused(
        lambda: services.round_allocate(
            actor=demo["network"], fund_round=fund_round, source=money, amount=100_001
        ),
        contains="100,000円",
        field="amount",
    )
    assert ledger.round_remaining(fund_round) == 0


@pytest.mark.django_db
def test_a_named_fund_funds_only_its_own_programme(demo):
    own = programme("冠基金プログラム")
    named = source("山田冠基金", kind=FundSource.Kind.NAMED_FUND, programme=own)
    book_contribution(named, 1_000_000)
    other_round = funded_round(budget=0, status=FundRound.Status.DRAFT)
    _refused(
        lambda: services.round_allocate(
            actor=demo["staff"], fund_round=other_round, source=named, amount=1000
        ),
        contains="冠基金プログラム",
        field="source",
    )
    own_round = funded_round(
        budget=0, status=FundRound.Status.DRAFT, programme=own, title="冠基金の回"
    )
    assert (
        services.round_allocate(
            actor=demo["staff"], fund_round=own_round, source=named, amount=1000
        )
        == 1000
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "1円以上"),
        ("-5", "マイナス"),
        ("abc", "整数"),
        ("99999999999", "1,000,000,000"),
    ],
)
def test_a_bad_allocation_amount_is_refused(demo, amount, message):
    fund_round = funded_round(budget=0, status=FundRound.Status.DRAFT)
    _refused(
        lambda: services.round_allocate(
            actor=demo["staff"], fund_round=fund_round, source=source(), amount=amount
        ),
        contains=message,
        field="amount",
    )


# --- Round settings and status ------------------------------------------------------------


def _round_data(**changes):
    today = timezone.localdate()
    data = {
        "title": "2027年度 第2回",
        "description": "",
        "project_start": datetime.date(2027, 4, 1),
        "project_end": datetime.date(2028, 3, 31),
        "opens_at": timezone.now(),
        "closes_at": services.closing_moment(today + datetime.timedelta(days=30)),
        "cap_per_grant": "５０万".replace("万", "0000"),
        "eligible_costs": ["venue", "personnel"],
        "requires_prior_consultation": True,
        "allow_concurrent": False,
        "renewable": False,
        "rubric": standard_rubric(),
        "committee": None,
        "change_committee_share": 20,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_round_closes_at_17_by_default_and_starts_as_a_draft(demo):
    made = services.round_create(
        actor=demo["network"], programme=programme(), data=_round_data()
    )
    assert made.status == FundRound.Status.DRAFT
    assert timezone.localtime(made.closes_at).time() == datetime.time(17, 0)
    assert made.cap_per_grant == 500_000
    assert made.eligible_costs == ["personnel", "venue"]


@pytest.mark.django_db
def test_a_round_closing_before_it_opens_is_refused(demo):
    now = timezone.now()
    _refused(
        lambda: services.round_create(
            actor=demo["network"],
            programme=programme(),
            data=_round_data(closes_at=now - datetime.timedelta(days=1), opens_at=now),
        ),
        contains="",
        field="closes_on",
    )
    assert not FundRound.objects.exists()


@pytest.mark.django_db
def test_publishing_needs_a_budget_and_review_waits_for_the_deadline(demo):
    fund_round = funded_round(budget=0, status=FundRound.Status.DRAFT)
    _refused(
        lambda: services.round_set_status(
            actor=demo["network"], fund_round=fund_round, action="publish"
        ),
        contains="予算",
    )
    money = source()
    book_contribution(money, 10_000)
    services.round_allocate(
        actor=demo["network"], fund_round=fund_round, source=money, amount=10_000
    )
    services.round_set_status(
        actor=demo["network"], fund_round=fund_round, action="publish"
    )
    _refused(
        lambda: services.round_set_status(
            actor=demo["network"], fund_round=fund_round, action="review"
        ),
        contains="締切",
    )
    after = fund_round.closes_at + datetime.timedelta(minutes=1)
    services.round_set_status(
        actor=demo["network"], fund_round=fund_round, action="review", now=after
    )
    services.round_set_status(
        actor=demo["network"], fund_round=fund_round, action="close"
    )
    fund_round.refresh_from_db()
    assert fund_round.status == FundRound.Status.CLOSED


@pytest.mark.django_db
def test_a_loan_programme_is_refused(demo):
    _refused(
        lambda: services.programme_create(
            actor=demo["network"], data={"name": "融資", "kind": "loan"}
        ),
        contains="融資",
        field="kind",
    )


@pytest.mark.django_db
def test_budget_lines_are_replaced_when_the_draft_is_saved(demo):
    draft = _draft(demo)
    services.application_save_draft(
        actor=demo["rep"],
        application=draft,
        data={"org_name": draft.org_name},
        lines=[],
    )
    assert not BudgetLine.objects.filter(application=draft).exists()
