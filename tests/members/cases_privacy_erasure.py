# ruff: noqa: F403, F405
"""The permission matrix rows of the personal-data erasure part (issue 16).

The erasure's dry run and the erasure are the secretary-general's alone (to anyone
else the request is out of reach: 404); the journal is read by the
secretary-general and the 監事."""

from tests.permission_vocabulary import *


def erasure_request_of_a_stranger(demo, who):
    """A fresh person's open erasure request, recorded by the secretariat."""
    from members.models import PrivacyRequest
    from tests.factories import PersonFactory

    request = PrivacyRequest.objects.create(
        person=PersonFactory(),
        kind=PrivacyRequest.Kind.ERASURE,
        channel=PrivacyRequest.Channel.LETTER,
    )
    return {"pk": request.pk}


JOURNAL_READERS = SECGEN | {"auditor"}

CASES = (
    Case(
        "members:privacy_erasure",
        kwargs=erasure_request_of_a_stranger,
        get=reach(SECGEN),
        # An empty form: the registry number to confirm is missing.
        post=reach(SECGEN, FORM_ERRORS),
    ),
    Case(
        "members:privacy_journal",
        get=allow(JOURNAL_READERS),
        post=allow(JOURNAL_READERS, NOT_ALLOWED),
    ),
)
