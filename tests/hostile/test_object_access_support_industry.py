"""ID guessing on the support section's industry records (issue 15). ``tests/hostile/
test_object_access.py`` takes these lists into its own (OWNED, NOT_OWNED, OWNER_SIDE);
the crossed ids (a rep's industry against another's) are checked here."""

import pytest
from django.urls import reverse

from tests.support.industry import helpers as h


def _pk(made, record_id):
    return {"pk": record_id}


def home_industry_meeting(demo):
    """The home W.Co's industry meeting (rep@'s W.Co holds a seat)."""
    return {"id": h.home_meeting(demo).pk}


def home_issue(demo):
    return {"id": h.issue(demo).pk}


STRANGERS = ("member", "network", "business", "school", "board", "council", "stranger")


def owned():
    from tests.hostile.test_object_access import Owned

    return (
        Owned(
            "industry meeting",
            home_industry_meeting,
            {
                "support:industry_detail": _pk,
                "support:industry_invite": _pk,
                "support:industry_seat": _pk,
                "support:issue_create": _pk,
            },
            STRANGERS,
        ),
        Owned(
            "shared issue",
            home_issue,
            {
                "support:issue_detail": _pk,
                "support:issue_edit": _pk,
                "support:issue_move": _pk,
                "support:issue_draft_item": _pk,
            },
            STRANGERS,
        ),
    )


OWNER_SIDE = {"industry meeting": "support", "shared issue": "support"}

NOT_OWNED = {}


@pytest.mark.django_db
def test_a_rep_finds_no_page_of_another_industrys_meeting(client, demo):
    """The home W.Co's representative reads its industry's meeting and issues; another
    industry's meeting and its issues answer 404, as missing ones do."""
    other = h.other_meeting(demo)
    issue = h.issue(demo, other)
    client.force_login(demo["rep"])
    for name, pk in (
        ("support:industry_detail", other.pk),
        ("support:issue_create", other.pk),
        ("support:issue_detail", issue.pk),
        ("support:issue_edit", issue.pk),
    ):
        for method in ("get", "post"):
            answer = getattr(client, method)(reverse(name, args=[pk])).status_code
            assert answer == 404, f"{method} {name}: {answer}"
