"""What the erasure tests share: an erasure request, and the registry entry's own
declaration where the members app's has not landed yet."""

import pytest

from members.models import Person, PrivacyRequest
from members.personal_data import registry
from members.personal_data.registry import (
    EMPTY,
    PSEUDONYM,
    Declaration,
    Fate,
    Link,
)


def erasure_request(person, *, state=PrivacyRequest.State.RECEIVED):
    return PrivacyRequest.objects.create(
        person=person,
        kind=PrivacyRequest.Kind.ERASURE,
        channel=PrivacyRequest.Channel.LETTER,
        state=state,
    )


FALLBACK = Declaration(
    model=Person,
    label="people (test stand-in)",
    links=(
        Link(
            query=lambda person: Person.objects.filter(pk=person.pk),
            fate=Fate.ANONYMIZE,
            reason="test stand-in for the members app's declaration",
            scrub={
                "family_name": PSEUDONYM,
                "given_name": EMPTY,
                "family_name_kana": EMPTY,
                "given_name_kana": EMPTY,
                "email": EMPTY,
                "phone": EMPTY,
                "search_text": EMPTY,
            },
        ),
    ),
    order=10_000,
)


@pytest.fixture
def person_declared(monkeypatch):
    """The registry entry is declared (by the members app once its declarations are
    merged; until then by a stand-in that scrubs the names and contact fields)."""
    if registry.declaration_for(Person) is None:
        monkeypatch.setitem(registry._DECLARATIONS, "members.Person", FALLBACK)
