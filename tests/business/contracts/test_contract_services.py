"""Contracts' services: recording one within its fiscal year, the people answerable
for personal information with their history, the budget, expenses and their
corrections (never edited in place), incidents with their alert, the register of data
returned or destroyed, the settlement and the training-report reminder."""

import datetime

import pytest
from django.utils import timezone

from business.models import (
    BudgetLine,
    Contract,
    ContractPersonnel,
    CostCategory,
    DataDisposal,
    Expense,
    Incident,
)
from business.selectors import contracts as selectors
from business.services import contracts as services
from tests.business import factories
from wco_sse.core.errors import PermissionDenied, ServiceError
from wco_sse.core.files import files_attached_to
from wco_sse.core.models import AuditEntry, OutboundEmail

from .helpers import contract, expense, in_period, pdf_upload, person, this_year

pytestmark = pytest.mark.django_db


def contract_data(**changes):
    programme = changes.pop("programme", None) or factories.programme()
    return {
        "programme": programme,
        "client": changes.pop("client", None) or factories.client(),
        "title": "横浜市 就労準備支援事業 業務委託",
        "fiscal_year": this_year(),
        "start": None,
        "end": None,
        "amount": 12_000_000,
        "payment_mode": Contract.PaymentMode.ADVANCE,
        "advance_received": 6_000_000,
        "spec_version": "第1版",
        "report_frequency": Contract.ReportFrequency.MONTHLY,
        "report_due_day": 10,
        "training_report_due": None,
        "population": 3_770_000,
        "note": "",
        **changes,
    }


# --- Contracts ---------------------------------------------------------------------------


def test_a_contract_runs_the_whole_fiscal_year_by_default(demo):
    made = services.contract_create(actor=demo["business"], data=contract_data())
    year = this_year()
    assert made.start == datetime.date(year, 4, 1)
    assert made.end == datetime.date(year + 1, 3, 31)
    assert made.created_by == demo["business"]
    assert AuditEntry.objects.filter(action="contract.create").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": datetime.date(2030, 3, 31)}, "start"),
        (
            {"start": datetime.date(2030, 6, 1), "end": datetime.date(2030, 5, 31)},
            "end",
        ),
        ({"end": datetime.date(2031, 4, 1)}, "end"),
        ({"amount": -1}, "amount"),
        ({"amount": "12000"}, "amount"),
        ({"advance_received": 13_000_000}, "advance_received"),
        ({"payment_mode": "settlement"}, "advance_received"),
        ({"report_due_day": 32}, "report_due_day"),
        ({"title": "  "}, "title"),
        ({"fiscal_year": 1999}, "fiscal_year"),
    ],
)
def test_a_contract_out_of_shape_is_refused_at_its_field(demo, changes, field):
    data = contract_data(**{"fiscal_year": 2030, **changes})
    with pytest.raises(ServiceError) as refused:
        services.contract_create(actor=demo["business"], data=data)
    assert refused.value.field == field
    assert not Contract.objects.filter(title=data["title"]).exists()


def test_only_the_section_and_the_secretariat_record_contracts(demo):
    for role in ("board", "auditor", "rep", "support"):
        with pytest.raises(PermissionDenied):
            services.contract_create(actor=demo[role], data=contract_data())
    assert services.contract_create(actor=demo["staff"], data=contract_data())


def test_a_change_is_recorded_with_the_fields_changed(demo):
    made = contract(demo)
    data = contract_data(programme=made.programme, client=made.client)
    data["amount"] = 12_500_000
    services.contract_update(actor=demo["business"], contract=made, data=data)
    made.refresh_from_db()
    assert made.amount == 12_500_000
    entry = AuditEntry.objects.get(action="contract.update")
    assert "amount" in entry.message


# --- Personnel ---------------------------------------------------------------------------


def name(demo, made, role_name, who, start, **data):
    return services.personnel_name(
        actor=demo["business"],
        contract=made,
        data={
            "role": role_name,
            "person": person(demo, who),
            "start": start,
            "client_notified_on": data.pop("told", None),
            **data,
        },
    )


def test_a_new_person_responsible_ends_the_current_one_and_keeps_the_history(demo):
    made = contract(demo)
    first = name(demo, made, "responsible", "business", made.start, told=made.start)
    later = made.start + datetime.timedelta(days=60)
    second = name(demo, made, "responsible", "staff", later)
    first.refresh_from_db()
    assert first.end == later - datetime.timedelta(days=1)
    assert second.end is None and second.client_notified_on is None
    rows = ContractPersonnel.objects.filter(contract=made, role="responsible")
    assert rows.count() == 2


def test_a_successor_cannot_start_before_the_one_they_follow(demo):
    made = contract(demo)
    name(demo, made, "responsible", "business", made.start + datetime.timedelta(10))
    with pytest.raises(ServiceError) as refused:
        name(demo, made, "responsible", "staff", made.start)
    assert refused.value.field == "start"
    assert ContractPersonnel.objects.filter(contract=made).count() == 1


def test_workers_are_added_and_one_may_replace_another(demo):
    made = contract(demo)
    first = name(demo, made, "worker", "member", made.start)
    name(demo, made, "worker", "staff", made.start)
    later = made.start + datetime.timedelta(days=30)
    name(demo, made, "worker", "support", later, replaces=first)
    first.refresh_from_db()
    assert first.end == later - datetime.timedelta(days=1)
    assert (
        ContractPersonnel.objects.filter(
            contract=made, role="worker", end__isnull=True
        ).count()
        == 2
    )


def test_naming_outside_the_period_or_told_in_the_future_is_refused(demo):
    made = contract(demo)
    with pytest.raises(ServiceError) as refused:
        name(demo, made, "worker", "member", made.end + datetime.timedelta(days=1))
    assert refused.value.field == "start"
    with pytest.raises(ServiceError) as refused:
        name(
            demo,
            made,
            "worker",
            "member",
            made.start,
            told=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert refused.value.field == "client_notified_on"


def test_the_day_the_client_was_told_is_recorded_later(demo):
    made = contract(demo)
    row = name(demo, made, "responsible", "business", made.start)
    services.personnel_update(
        actor=demo["business"],
        row=row,
        client_notified_on=timezone.localdate(),
        end=None,
    )
    row.refresh_from_db()
    assert row.client_notified_on == timezone.localdate()


# --- Budget ------------------------------------------------------------------------------


def test_the_budget_is_set_per_category_and_may_not_exceed_the_amount(demo):
    made = contract(demo, amount=1_000_000)
    services.budget_set(
        actor=demo["business"],
        contract=made,
        amounts={"personnel": 800_000, "travel": 200_000},
    )
    assert dict(
        BudgetLine.objects.filter(contract=made).values_list("category", "amount")
    ) == {"personnel": 800_000, "travel": 200_000}
    services.budget_set(
        actor=demo["business"], contract=made, amounts={"personnel": 900_000}
    )
    assert dict(
        BudgetLine.objects.filter(contract=made).values_list("category", "amount")
    ) == {"personnel": 900_000}
    with pytest.raises(ServiceError) as refused:
        services.budget_set(
            actor=demo["business"],
            contract=made,
            amounts={"personnel": 900_000, "travel": 100_001},
        )
    assert "1,000,001" in refused.value.message
    assert BudgetLine.objects.filter(contract=made).count() == 1


# --- Expenses ----------------------------------------------------------------------------


def test_an_expense_with_its_evidence(demo):
    made = contract(demo)
    entry = expense(demo, made, amount=18_460)
    with_receipt = services.expense_add(
        actor=demo["business"],
        contract=made,
        data={
            "date": in_period(made),
            "category": "printing",
            "payee": "有限会社ミドリ印刷",
            "amount": 45_100,
        },
        evidence=pdf_upload(),
    )
    assert entry.amount == 18_460
    assert [f.original_name for f in files_attached_to(with_receipt)] == ["receipt.pdf"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": ""}, "category"),
        ({"category": "food"}, "category"),
        ({"amount": 0}, "amount"),
        ({"amount": -500}, "amount"),
        ({"payee": " "}, "payee"),
        ({"date": datetime.date(2001, 1, 1)}, "date"),
    ],
)
def test_an_expense_out_of_shape_is_refused_at_its_field(demo, changes, field):
    made = contract(demo)
    data = {
        "date": in_period(made),
        "category": "travel",
        "payee": "横浜市交通局",
        "amount": 1_000,
        **changes,
    }
    with pytest.raises(ServiceError) as refused:
        services.expense_add(actor=demo["business"], contract=made, data=data)
    assert refused.value.field == field
    assert not Expense.objects.filter(contract=made).exists()


def test_a_correction_is_a_new_entry_and_the_original_stays(demo):
    made = contract(demo)
    original = expense(demo, made, amount=22_000)
    correction = services.expense_correct(
        actor=demo["business"],
        expense=original,
        data={"amount": -2_000, "reason": "請求書の再発行", "date": in_period(made)},
    )
    original.refresh_from_db()
    assert original.amount == 22_000
    assert correction.corrects == original and correction.amount == -2_000
    assert correction.category == original.category
    (shown,) = selectors.contract_expenses(made)
    assert shown.corrected_total == 20_000
    assert shown.corrections_list == [correction]
    # A correction of the correction corrects the original.
    again = services.expense_correct(
        actor=demo["business"],
        expense=correction,
        data={"amount": 500, "reason": "再訂正", "date": in_period(made)},
    )
    assert again.corrects == original


def test_a_correction_without_reason_or_below_zero_is_refused(demo):
    made = contract(demo)
    original = expense(demo, made, amount=3_000)
    for data, field in (
        ({"amount": -1_000, "reason": " "}, "reason"),
        ({"amount": -3_001, "reason": "返金"}, "amount"),
        ({"amount": 0, "reason": "訂正"}, "amount"),
    ):
        with pytest.raises(ServiceError) as refused:
            services.expense_correct(
                actor=demo["business"],
                expense=original,
                data={**data, "date": in_period(made)},
            )
        assert refused.value.field == field
    assert Expense.objects.filter(contract=made).count() == 1
    # All of it may be taken back: the entry then stands at zero.
    services.expense_correct(
        actor=demo["business"],
        expense=original,
        data={"amount": -3_000, "reason": "二重計上", "date": in_period(made)},
    )


# --- Settlement --------------------------------------------------------------------------


def test_the_settlement_returns_what_was_not_spent_of_the_advance(demo):
    made = contract(demo, amount=1_000_000, advance_received=600_000)
    services.budget_set(
        actor=demo["business"],
        contract=made,
        amounts={"personnel": 800_000, "travel": 200_000},
    )
    expense(demo, made, amount=400_000, category="personnel")
    expense(demo, made, amount=50_000, category="travel")
    settlement = selectors.contract_settlement(made)
    lines = {line.category: line for line in settlement.lines}
    assert lines["personnel"].actual == 400_000
    assert lines["personnel"].remaining == 400_000
    assert settlement.actual_total == 450_000
    assert settlement.confirmed == 450_000
    assert settlement.to_return == 150_000 and settlement.to_claim == 0


def test_the_settlement_claims_the_rest_up_to_the_contract_amount(demo):
    made = contract(demo, amount=1_000_000, advance_received=500_000)
    expense(demo, made, amount=1_100_000, category="personnel")
    settlement = selectors.contract_settlement(made)
    assert settlement.confirmed == 1_000_000
    assert settlement.to_claim == 500_000
    assert settlement.over_contract == 100_000


# --- Incidents ---------------------------------------------------------------------------


def test_an_incident_alerts_the_secretary_general_and_the_section(demo):
    made = contract(demo)
    happened = timezone.now() - datetime.timedelta(hours=3)
    incident = services.incident_log(
        actor=demo["business"],
        contract=made,
        data={
            "occurred_at": happened,
            "description": "相談受付票の写しを面談室に置き忘れた。",
            "personal_information": True,
            "client_notified_at": None,
            "actions": "",
        },
    )
    emails = OutboundEmail.objects.filter(key__startswith="business-incident:")
    addresses = {email.to for email in emails}
    assert person(demo, "secgen").contact_email in addresses
    assert person(demo, "business").contact_email in addresses
    assert person(demo, "support").contact_email not in addresses
    email = emails.first()
    assert made.title in email.subject
    assert "相談受付票の写し" in email.body_text
    assert selectors.incident_told_late(incident)


def test_an_incident_told_the_same_day_is_not_flagged(demo):
    made = contract(demo)
    happened = timezone.localtime().replace(hour=0, minute=5, second=0, microsecond=0)
    incident = Incident.objects.create(
        contract=made,
        occurred_at=happened,
        description="誤送信",
        client_notified_at=happened + datetime.timedelta(minutes=30),
    )
    assert not selectors.incident_told_late(incident)
    incident.client_notified_at = happened + datetime.timedelta(days=1)
    assert selectors.incident_told_late(incident)


def test_an_incident_in_the_future_or_told_before_it_is_refused(demo):
    made = contract(demo)
    now = timezone.now()
    for data, field in (
        ({"occurred_at": now + datetime.timedelta(hours=1)}, "occurred_at"),
        (
            {
                "occurred_at": now - datetime.timedelta(hours=2),
                "client_notified_at": now - datetime.timedelta(hours=3),
            },
            "client_notified_at",
        ),
    ):
        with pytest.raises(ServiceError) as refused:
            services.incident_log(
                actor=demo["business"],
                contract=made,
                data={"description": "紛失", **data},
            )
        assert refused.value.field == field
    assert not Incident.objects.filter(contract=made).exists()
    assert not OutboundEmail.objects.filter(key__startswith="business-incident:")


# --- Data returned or destroyed --------------------------------------------------------------


def test_data_destroyed_is_recorded_with_its_certificate(demo):
    made = contract(demo)
    disposal = services.disposal_record(
        actor=demo["business"],
        contract=made,
        data={
            "date": timezone.localdate(),
            "method": DataDisposal.Method.DESTROYED,
            "what": "相談記録票（紙）一式",
        },
        certificate=pdf_upload("certificate.pdf"),
    )
    assert [f.original_name for f in files_attached_to(disposal)] == ["certificate.pdf"]
    with pytest.raises(ServiceError) as refused:
        services.disposal_record(
            actor=demo["business"],
            contract=made,
            data={
                "date": timezone.localdate() + datetime.timedelta(days=1),
                "method": "destroyed",
                "what": "USB",
            },
        )
    assert refused.value.field == "date"


# --- The training-report reminder -------------------------------------------------------------


def test_the_training_report_reminder_goes_once_to_the_lead_and_the_section(demo):
    today = timezone.localdate()
    due = today + datetime.timedelta(days=7)
    made = contract(demo, training_report_due=due)
    contract(demo, training_report_due=today + datetime.timedelta(days=20))
    sent = services.training_report_reminders_send(day=today)
    emails = OutboundEmail.objects.filter(
        key__startswith=f"business-training-report-due:{made.pk}:"
    )
    assert sent == emails.count() >= 1
    assert {e.to for e in emails} == {person(demo, "business").contact_email}
    assert (
        "研修報告" in emails.first().subject or "研修報告" in emails.first().body_text
    )
    # Run again (and the next day): nothing more.
    assert services.training_report_reminders_send(day=today) == 0
    assert (
        services.training_report_reminders_send(day=today + datetime.timedelta(days=1))
        == 0
    )


def test_the_section_and_the_programme_lead_are_both_told(demo):
    from tests.factories import PersonFactory

    lead = PersonFactory(email="lead@example.org")
    programme = factories.programme(lead=lead)
    made = factories.contract(
        programme, training_report_due=timezone.localdate() + datetime.timedelta(3)
    )
    services.training_report_reminders_send()
    to = set(
        OutboundEmail.objects.filter(
            key__startswith=f"business-training-report-due:{made.pk}:"
        ).values_list("to", flat=True)
    )
    assert to == {"lead@example.org", person(demo, "business").contact_email}


def test_a_contract_without_a_due_training_report_is_not_reminded(demo):
    contract(demo)
    assert services.training_report_reminders_send() == 0


def test_cost_categories_are_the_issue_list():
    assert len(CostCategory.values) == 8


def test_a_change_must_keep_the_expenses_and_the_budget_within_it(demo):
    made = contract(demo, amount=1_000_000)
    expense(demo, made, date=made.start + datetime.timedelta(days=40))
    services.budget_set(
        actor=demo["business"], contract=made, amounts={"personnel": 900_000}
    )
    data = contract_data(
        programme=made.programme,
        client=made.client,
        amount=1_000_000,
        advance_received=0,
    )
    data["start"] = made.start + datetime.timedelta(days=60)
    with pytest.raises(ServiceError) as refused:
        services.contract_update(actor=demo["business"], contract=made, data=data)
    assert refused.value.field == "start"
    data = contract_data(
        programme=made.programme, client=made.client, amount=800_000, advance_received=0
    )
    with pytest.raises(ServiceError) as refused:
        services.contract_update(actor=demo["business"], contract=made, data=data)
    assert refused.value.field == "amount"
    made.refresh_from_db()
    assert made.amount == 1_000_000 and made.start.month == 4


def test_the_person_responsible_blocks_their_erasure_with_a_link_here(demo):
    from business.privacy import _responsible_now

    made = contract(demo)
    row = services.personnel_name(
        actor=demo["business"],
        contract=made,
        data={
            "role": "responsible",
            "person": person(demo, "business"),
            "start": made.start,
            "client_notified_on": None,
        },
    )
    (blocker,) = _responsible_now(row.person)
    assert blocker.url == made.get_absolute_url()
