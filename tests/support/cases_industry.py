# ruff: noqa: F403, F405
"""The permission matrix rows of the support section's industry part (issue 15).

Coordinators (the support section and the secretariat) run industry meetings: the
list, creating one, inviting and seating W.Cos, moving issues and drafting items,
the rosters' export. A meeting's page and its issues are read by the delegates and
representatives of its seated W.Cos (rep@'s home W.Co is seated on its industry's
meeting): another industry's meeting answers them 404. The representative of the W.Co
that raised an issue changes it. The school's 運営委員会 page: coordinators, the school
committee and the board.
"""

from tests.permission_vocabulary import *
from tests.support.industry import helpers as h

COORDINATORS = SECRETARIAT | frozenset({"support"})
SEATED = COORDINATORS | REP
COMMITTEE_READERS = COORDINATORS | BOARD | frozenset({"school"})


def home_industry_meeting(demo, who):
    return {"pk": h.home_meeting(demo).pk}


def other_industry_meeting(demo, who):
    return {"pk": h.other_meeting(demo).pk}


def home_issue(demo, who):
    """A fresh issue the home W.Co raised at its industry meeting."""
    return {"pk": h.issue(demo).pk}


def other_issue(demo, who):
    return {"pk": h.issue(demo, h.other_meeting(demo)).pk}


CASES = (
    Case(
        "support:industry_list",
        get=allow(COORDINATORS),
        post=allow(COORDINATORS, NOT_ALLOWED),
    ),
    Case(
        "support:industry_create",
        get=allow(COORDINATORS),
        post=allow(COORDINATORS, FORM_ERRORS),
    ),
    Case(
        "support:industry_rosters_export",
        get=allow(COORDINATORS),
        post=allow(COORDINATORS, NOT_ALLOWED),
    ),
    Case(
        "support:school_committee",
        get=allow(COMMITTEE_READERS),
        post=allow(COMMITTEE_READERS, NOT_ALLOWED),
    ),
    Case(
        "support:industry_detail",
        kwargs=home_industry_meeting,
        get=reach(SEATED),
        post=reach(SEATED, NOT_ALLOWED),
    ),
    # Another industry's meeting: out of the rep's reach.
    Case(
        "support:industry_detail",
        kwargs=other_industry_meeting,
        get=reach(COORDINATORS),
        post=reach(COORDINATORS, NOT_ALLOWED),
    ),
    Case(
        "support:industry_invite",
        kwargs=home_industry_meeting,
        get=reach(COORDINATORS),
        post=reach(COORDINATORS, FORM_ERRORS),
    ),
    Case(
        "support:industry_seat",
        kwargs=home_industry_meeting,
        get=reach(COORDINATORS),
        post=reach(COORDINATORS, FORM_ERRORS),
    ),
    Case(
        "support:issue_create",
        kwargs=home_industry_meeting,
        get=reach(SEATED),
        post=reach(SEATED, FORM_ERRORS),
    ),
    Case(
        "support:issue_create",
        kwargs=other_industry_meeting,
        get=reach(COORDINATORS),
        post=reach(COORDINATORS, FORM_ERRORS),
    ),
    Case(
        "support:issue_detail",
        kwargs=home_issue,
        get=reach(SEATED),
        post=reach(SEATED, NOT_ALLOWED),
    ),
    Case(
        "support:issue_detail",
        kwargs=other_issue,
        get=reach(COORDINATORS),
        post=reach(COORDINATORS, NOT_ALLOWED),
    ),
    # The raiser's representative changes the issue; coordinators too.
    Case(
        "support:issue_edit",
        kwargs=home_issue,
        get=reach(SEATED),
        post=reach(SEATED, FORM_ERRORS),
    ),
    Case(
        "support:issue_move",
        kwargs=home_issue,
        get=reach(COORDINATORS),
        post=reach(COORDINATORS, FORM_ERRORS),
    ),
    # An empty POST drafts the item (nothing to fill in): done, to the item's page.
    Case(
        "support:issue_draft_item",
        kwargs=home_issue,
        get=reach(COORDINATORS, NOT_ALLOWED),
        post=reach(COORDINATORS, DONE),
    ),
)
