"""ID guessing on the business section's sites (issue 17). ``tests/hostile/
test_object_access.py`` takes these lists into its own (OWNED, NOT_OWNED, OWNER_SIDE)
and runs its stranger test on them; the crossed ids are checked here."""

import pytest
from django.urls import reverse

from business.models import Session

# Neither the section, nor the board, nor a recorder of the site, nor the
# representative of the W.Co that runs it.
STRANGERS = (
    "network",
    "support",
    "school",
    "advisor",
    "fund",
    "council",
    "citizen",
    "stranger",
)
# Those who read the site but do not keep it.
READERS_ONLY = ("board", "member", "rep")


def _pk(made, record_id):
    return {"pk": record_id}


def _child(name):
    def kwargs(made, record_id):
        return {"pk": made["site"], name: record_id}

    return kwargs


def recorded_site(demo):
    from tests.business.sites.helpers import recorded_pantry

    return {"id": recorded_pantry(demo).pk}


def a_condition(demo):
    from tests.business.sites.helpers import condition, recorded_pantry

    site = recorded_pantry(demo)
    return {"id": condition(site).pk, "site": site.pk}


def a_recorder(demo):
    from tests.business.sites.helpers import recorded_pantry, recorder_of

    site = recorded_pantry(demo)
    return {"id": recorder_of(site).pk, "site": site.pk}


def a_session(demo):
    from tests.business.sites.helpers import recorded_pantry, session

    site = recorded_pantry(demo)
    return {"id": session(site).pk, "site": site.pk}


def owned():
    from tests.hostile.test_object_access import Owned

    return (
        Owned(
            "site",
            recorded_site,
            {
                "business:site_detail": _pk,
                "business:site_export": _pk,
                "business:session_create": _pk,
            },
            STRANGERS,
        ),
        Owned(
            "site (kept by the section)",
            recorded_site,
            {
                "business:site_edit": _pk,
                "business:condition_create": _pk,
                "business:recorder_add": _pk,
            },
            (*STRANGERS, *READERS_ONLY),
        ),
        Owned(
            "site's funding condition",
            a_condition,
            {
                "business:condition_edit": _child("condition_pk"),
                "business:condition_delete": _child("condition_pk"),
            },
            (*STRANGERS, *READERS_ONLY),
        ),
        Owned(
            "site's recorder",
            a_recorder,
            {"business:recorder_end": _child("recorder_pk")},
            (*STRANGERS, *READERS_ONLY),
        ),
        Owned(
            "site's session",
            a_session,
            {"business:session_edit": _child("session_pk")},
            (*STRANGERS, "board", "rep"),
        ),
    )


OWNER_SIDE = {
    "site": "member",
    "site (kept by the section)": "business",
    "site's funding condition": "business",
    "site's recorder": "business",
    "site's session": "member",
}

NOT_OWNED = {
    "business:session_type_edit": "a session type: the section's list, kept by its runners",
}


@pytest.mark.django_db
def test_a_recorder_finds_no_other_site(client, demo):
    """The recorder of site A gets 404 on site B's pages, and on B's session through
    A's id; B's session stays as it was."""
    from tests.business.sites.helpers import (
        other_site,
        recorded_pantry,
        session,
        session_values,
    )

    mine = recorded_pantry(demo)
    theirs = other_site(demo)
    their_session = session(theirs, adults=5)
    client.force_login(demo["member"])
    assert (
        client.get(reverse("business:site_detail", args=[mine.pk])).status_code == 200
    )
    for name in ("site_detail", "site_export", "session_create"):
        answer = client.get(reverse(f"business:{name}", args=[theirs.pk]))
        assert answer.status_code == 404, name
    answer = client.post(
        reverse("business:session_create", args=[theirs.pk]), session_values()
    )
    assert answer.status_code == 404
    assert not Session.objects.filter(site=theirs).exclude(pk=their_session.pk).exists()
    for site_pk in (mine.pk, theirs.pk):
        kwargs = {"pk": site_pk, "session_pk": their_session.pk}
        path = reverse("business:session_edit", kwargs=kwargs)
        assert client.get(path).status_code == 404
        answer = client.post(path, session_values(adults="99", version="1"))
        assert answer.status_code == 404
    their_session.refresh_from_db()
    assert their_session.adults == 5
