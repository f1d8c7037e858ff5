"""ID guessing on the business section's contracts (issue 17). ``tests/hostile/
test_object_access.py`` takes these lists into its own (OWNED, NOT_OWNED, OWNER_SIDE)
and runs its stranger test on them; the crossed ids are checked here."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from business.models import ContractPersonnel, Expense, Incident

# Those with no business with a contract: no section of theirs runs it, no office of
# theirs reads it (the operations council reads programmes, not money; a W.Co's
# representative never sees a contract's amounts).
STRANGERS = (
    "support",
    "network",
    "council",
    "school",
    "advisor",
    "fund",
    "rep",
    "member",
    "stranger",
)


def _pk(made, record_id):
    return {"pk": record_id}


def _row(name):
    def kwargs(made, record_id):
        return {"pk": made["contract"], name: record_id}

    return kwargs


def a_contract(demo):
    from tests.business.contracts.helpers import contract

    return {"id": contract(demo).pk}


def a_person_named(demo):
    from tests.business.contracts.helpers import contract, responsible

    made = contract(demo)
    return {"id": responsible(demo, made).pk, "contract": made.pk}


def an_expense(demo):
    from tests.business.contracts.helpers import contract, expense

    made = contract(demo)
    return {"id": expense(demo, made).pk, "contract": made.pk}


def an_incident(demo):
    from tests.business.contracts.helpers import contract

    made = contract(demo)
    incident = Incident.objects.create(
        contract=made,
        occurred_at=timezone.now() - datetime.timedelta(hours=2),
        description="書類の置き忘れ",
    )
    return {"id": incident.pk, "contract": made.pk}


def owned():
    from tests.hostile.test_object_access import Owned

    return (
        Owned(
            "contract",
            a_contract,
            {
                "business:contract_detail": _pk,
                "business:contract_edit": _pk,
                "business:contract_file_upload": _pk,
                "business:contract_personnel_create": _pk,
                "business:contract_budget": _pk,
                "business:contract_expense_create": _pk,
                "business:contract_incident_create": _pk,
                "business:contract_disposal_create": _pk,
                "business:contract_settlement_pdf": _pk,
                "business:contract_settlement_xlsx": _pk,
            },
            STRANGERS,
        ),
        Owned(
            "contract personnel",
            a_person_named,
            {"business:contract_personnel_edit": _row("personnel_pk")},
            STRANGERS,
        ),
        Owned(
            "contract expense",
            an_expense,
            {"business:contract_expense_correct": _row("expense_pk")},
            STRANGERS,
        ),
        Owned(
            "contract incident",
            an_incident,
            {"business:contract_incident_edit": _row("incident_pk")},
            STRANGERS,
        ),
    )


OWNER_SIDE = {
    "contract": "business",
    "contract personnel": "business",
    "contract expense": "business",
    "contract incident": "business",
}

NOT_OWNED = {}


@pytest.mark.django_db
def test_a_contracts_rows_are_not_reached_through_another_contract(client, demo):
    """The section's member, with one contract's id in the URL and another's row
    after it, finds nothing (404) and changes nothing."""
    from tests.business.contracts.helpers import contract, expense, responsible

    mine, theirs = contract(demo), contract(demo)
    row = responsible(demo, theirs)
    spent = expense(demo, theirs)
    client.force_login(demo["business"])
    answer = client.post(
        reverse(
            "business:contract_personnel_edit",
            kwargs={"pk": mine.pk, "personnel_pk": row.pk},
        ),
        {"client_notified_on": timezone.localdate().isoformat()},
    )
    assert answer.status_code == 404
    answer = client.post(
        reverse(
            "business:contract_expense_correct",
            kwargs={"pk": mine.pk, "expense_pk": spent.pk},
        ),
        {
            "date": timezone.localdate().isoformat(),
            "amount": "-100",
            "reason": "訂正",
        },
    )
    assert answer.status_code == 404
    assert ContractPersonnel.objects.get(pk=row.pk).client_notified_on is None
    assert Expense.objects.filter(contract__in=(mine, theirs)).count() == 1
