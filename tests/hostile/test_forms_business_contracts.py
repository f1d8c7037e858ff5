"""Hostile input to the contracts' forms (see ``forms_helpers``): negative and
non-integer yen, an end before the start, an expense without category, a correction
without reason, dates at the ends of the calendar, long text, direction controls.
Saved or refused with a message, never a server error; a refusal changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from business.models import (
    BudgetLine,
    Contract,
    ContractPersonnel,
    DataDisposal,
    Expense,
    Incident,
)
from tests.hostile.forms_helpers import FormCase, day, local, row_of, run_case
from wco_sse.core.models import AuditEntry, OutboundEmail


def _person(demo, role):
    return demo.ctx.accounts[f"{role}@example.org"]


def a_contract(demo):
    from tests.business.contracts.helpers import contract

    made = contract(demo)
    return {"kwargs": {"pk": made.pk}, "contract": made}


def a_person_named(demo):
    from tests.business.contracts.helpers import contract, responsible

    made = contract(demo)
    row = responsible(demo, made)
    return {"kwargs": {"pk": made.pk, "personnel_pk": row.pk}, "contract": made}


def an_expense(demo):
    from tests.business.contracts.helpers import contract, expense

    made = contract(demo)
    spent = expense(demo, made, amount=22_000)
    return {"kwargs": {"pk": made.pk, "expense_pk": spent.pk}, "contract": made}


def an_incident(demo):
    from tests.business.contracts.helpers import contract

    made = contract(demo)
    incident = Incident.objects.create(
        contract=made,
        occurred_at=timezone.now() - datetime.timedelta(days=1),
        description="書類の置き忘れ",
    )
    return {"kwargs": {"pk": made.pk, "incident_pk": incident.pk}, "contract": made}


def contract_row(made):
    return row_of(Contract, made["kwargs"]["pk"])


def contract_values(demo, made):
    from tests.business import factories
    from tests.business.contracts.helpers import this_year

    programme = made["contract"].programme if made else factories.programme()
    client = made["contract"].client if made else factories.client()
    return {
        "programme": str(programme.pk),
        "client": str(client.pk),
        "title": "横浜市 就労準備支援事業 業務委託",
        "fiscal_year": str(this_year()),
        "start": "",
        "end": "",
        "amount": "12,000,000",
        "payment_mode": "advance",
        "advance_received": "6000000",
        "report_frequency": "monthly",
        "report_due_day": "10",
        "population": "3770000",
    }


def in_contract(made):
    return min(
        made["contract"].start + datetime.timedelta(days=3), timezone.localdate()
    )


CASES = (
    FormCase(
        "contract_create",
        "business:contract_create",
        "business",
        setup=lambda demo: {},
        values=lambda demo, made: contract_values(demo, None),
        tables=(Contract,),
    ),
    FormCase(
        "contract_edit",
        "business:contract_edit",
        "business",
        setup=a_contract,
        values=contract_values,
        tables=(Contract,),
        snapshot=contract_row,
    ),
    FormCase(
        "personnel_create",
        "business:contract_personnel_create",
        "business",
        setup=a_contract,
        values=lambda demo, made: {
            "role": "responsible",
            "person": str(_person(demo, "business").pk),
            "start": in_contract(made).isoformat(),
            "client_notified_on": day(0),
        },
        tables=(ContractPersonnel,),
    ),
    FormCase(
        "personnel_edit",
        "business:contract_personnel_edit",
        "business",
        setup=a_person_named,
        values={"client_notified_on": day(0)},
        tables=(ContractPersonnel,),
        snapshot=lambda made: row_of(ContractPersonnel, made["kwargs"]["personnel_pk"]),
    ),
    FormCase(
        "budget",
        "business:contract_budget",
        "business",
        setup=a_contract,
        values={"budget_personnel": "9,360,000", "budget_travel": "240000"},
        tables=(BudgetLine,),
    ),
    FormCase(
        "expense_create",
        "business:contract_expense_create",
        "business",
        setup=a_contract,
        values=lambda demo, made: {
            "date": in_contract(made).isoformat(),
            "category": "travel",
            "payee": "横浜市交通局",
            "amount": "18,460",
        },
        tables=(Expense,),
    ),
    FormCase(
        "expense_correct",
        "business:contract_expense_correct",
        "business",
        setup=an_expense,
        values={"amount": "-2,000", "reason": "請求書の再発行", "date": day(0)},
        tables=(Expense,),
    ),
    FormCase(
        "incident_create",
        "business:contract_incident_create",
        "business",
        setup=a_contract,
        values=lambda demo, made: {
            "occurred_at": local(timezone.now() - datetime.timedelta(hours=3)),
            "description": "相談受付票の写しを面談室に置き忘れた。",
            "personal_information": "on",
            "client_notified_at": local(timezone.now() - datetime.timedelta(hours=1)),
        },
        tables=(Incident, OutboundEmail),
    ),
    FormCase(
        "incident_edit",
        "business:contract_incident_edit",
        "business",
        setup=an_incident,
        values={"client_notified_at": local(timezone.now()), "actions": "再発防止"},
        tables=(Incident,),
        snapshot=lambda made: row_of(Incident, made["kwargs"]["incident_pk"]),
    ),
    FormCase(
        "disposal_create",
        "business:contract_disposal_create",
        "business",
        setup=a_contract,
        values={"date": day(0), "method": "destroyed", "what": "相談記録票（紙）一式"},
        tables=(DataDisposal,),
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_contract_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; hostile dates, amounts, choices and text are
    saved or refused with a message shown, never a server error, and a refusal
    changes nothing."""
    run_case(client, demo, case)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "setup", "data", "field", "message"),
    [
        (
            "business:contract_edit",
            a_contract,
            {"amount": "-1"},
            "amount",
            "マイナス",
        ),
        (
            "business:contract_edit",
            a_contract,
            {"amount": "12000.5"},
            "amount",
            "円単位",
        ),
        (
            "business:contract_edit",
            a_contract,
            {"start": "2026-06-01", "end": "2026-05-31"},
            "end",
            "開始",
        ),
        (
            "business:contract_expense_create",
            a_contract,
            {"category": ""},
            "category",
            "費目",
        ),
        (
            "business:contract_expense_correct",
            an_expense,
            {"reason": ""},
            "reason",
            "",
        ),
    ],
)
def test_each_refusal_is_shown_at_its_field(
    client, demo, url, setup, data, field, message
):
    """Negative or non-integer yen, an end before the start, an expense without
    category, a correction without reason: the form again, the message at the
    field, nothing saved."""
    made = setup(demo)
    client.force_login(demo["business"])
    base = {
        "business:contract_edit": contract_values(demo, made),
        "business:contract_expense_create": {
            "date": in_contract(made).isoformat(),
            "category": "travel",
            "payee": "横浜市交通局",
            "amount": "1000",
        },
        "business:contract_expense_correct": {
            "date": day(0),
            "amount": "-100",
            "reason": "訂正",
        },
    }[url]
    if "start" in data:
        year = made["contract"].fiscal_year
        data = {"start": f"{year}-06-01", "end": f"{year}-05-31"}
    before = (Expense.objects.count(), AuditEntry.objects.count(), contract_row(made))
    response = client.post(reverse(url, kwargs=made["kwargs"]), {**base, **data})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert (
        Expense.objects.count(),
        AuditEntry.objects.count(),
        contract_row(made),
    ) == before
