# ruff: noqa: F403, F405
"""The permission matrix rows of the business section's contracts part (issue 17).

The business section and the secretariat run contracts; the board (監事 included)
and the 常勤役員 (the demo's secretary-general holds that office too) read them,
money included. Everyone else finds no contract page (404) and the list is closed
to them (403); a W.Co's representative never sees a contract's amounts.
"""

from tests.permission_vocabulary import *

RUNNERS = SECRETARIAT | frozenset({"business"})
READERS = RUNNERS | BOARD


def _contract(demo):
    from tests.business.contracts.helpers import contract

    return contract(demo)


def a_contract(demo, who):
    """A running contract of this fiscal year with 横浜市."""
    return {"pk": _contract(demo).pk}


def a_person_named(demo, who):
    from tests.business.contracts.helpers import responsible

    made = _contract(demo)
    return {"pk": made.pk, "personnel_pk": responsible(demo, made).pk}


def an_expense(demo, who):
    from tests.business.contracts.helpers import expense

    made = _contract(demo)
    return {"pk": made.pk, "expense_pk": expense(demo, made).pk}


def an_incident(demo, who):
    import datetime

    from django.utils import timezone

    from business.models import Incident

    made = _contract(demo)
    incident = Incident.objects.create(
        contract=made,
        occurred_at=timezone.now() - datetime.timedelta(hours=2),
        description="書類の置き忘れ",
    )
    return {"pk": made.pk, "incident_pk": incident.pk}


# An empty POST to a form: the form again with its errors; to a form whose fields
# may all be blank (the budget, the day told), it is saved.
CASES = (
    Case(
        "business:contract_list",
        get=allow(READERS),
        post=allow(READERS, NOT_ALLOWED),
    ),
    Case(
        "business:contract_create",
        get=allow(RUNNERS),
        post=allow(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:contract_detail",
        kwargs=a_contract,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    Case(
        "business:contract_settlement_pdf",
        kwargs=a_contract,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    Case(
        "business:contract_settlement_xlsx",
        kwargs=a_contract,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    Case(
        "business:contract_edit",
        kwargs=a_contract,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:contract_file_upload",
        kwargs=a_contract,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:contract_personnel_create",
        kwargs=a_contract,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:contract_personnel_edit",
        kwargs=a_person_named,
        get=reach(RUNNERS),
        post=reach(RUNNERS, DONE),
    ),
    Case(
        "business:contract_budget",
        kwargs=a_contract,
        get=reach(RUNNERS),
        post=reach(RUNNERS, DONE),
    ),
    Case(
        "business:contract_expense_create",
        kwargs=a_contract,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:contract_expense_correct",
        kwargs=an_expense,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:contract_incident_create",
        kwargs=a_contract,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:contract_incident_edit",
        kwargs=an_incident,
        get=reach(RUNNERS),
        post=reach(RUNNERS, DONE),
    ),
    Case(
        "business:contract_disposal_create",
        kwargs=a_contract,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
)
