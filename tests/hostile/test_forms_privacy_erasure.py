"""Hostile input to the erasure's confirmation form (see ``forms_helpers``): a wrong,
huge or full-width registry number, an altered version. Carried out or refused
with a message shown, never a server error; a refusal changes nothing."""

import pytest

from members.models import ErasureJournalEntry, Person, PrivacyRequest
from tests.factories import PersonFactory
from tests.hostile.forms_helpers import FormCase, row_of, run_case
from tests.members.privacy_erasure_support import erasure_request, person_declared

__all__ = ["person_declared"]


def a_request(demo):
    person = PersonFactory()
    return {
        "kwargs": {"pk": erasure_request(person).pk},
        "person": person,
    }


def confirmation(demo, made):
    return {"confirm": str(made["person"].pk)}


def person_row(made):
    return row_of(Person, made["person"].pk)


CASES = (
    FormCase(
        "privacy_erasure",
        "members:privacy_erasure",
        "secgen",
        setup=a_request,
        values=confirmation,
        tables=(ErasureJournalEntry, PrivacyRequest),
        snapshot=person_row,
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_erasure_form_answers_hostile_input(client, demo, person_declared, case):
    """A valid confirmation erases; hostile input erases or is refused with a
    message shown, never a server error, and a refusal changes nothing."""
    run_case(client, demo, case)
