# ruff: noqa: F403, F405
"""The permission matrix rows of the support section's projects part (issue 15).

The support section and the secretariat run projects; a project's lead (here the
demo's member) keeps their own; the board, the 監事 and the operations council read
them. Everyone else finds no project page (404), and the list is closed to them (403).
"""

from tests.permission_vocabulary import *

RUNNERS = SECRETARIAT | frozenset({"support"})
READERS = RUNNERS | BOARD | COUNCIL
LEAD = MEMBER
KEEPERS = RUNNERS | LEAD


def _project(demo):
    from tests.support.projects.helpers import project

    return project(demo, lead="member")


def led_project(demo, who):
    """A proposed project the demo's member leads."""
    return {"pk": _project(demo).pk}


def a_milestone(demo, who):
    from tests.support.projects.helpers import milestone

    made = _project(demo)
    return {"pk": made.pk, "milestone_pk": milestone(made).pk}


CASES = (
    Case(
        "support:project_list",
        get=allow(READERS),
        post=allow(READERS, NOT_ALLOWED),
    ),
    Case(
        "support:project_create",
        get=allow(RUNNERS),
        post=allow(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "support:project_export",
        get=allow(READERS),
        post=allow(READERS, NOT_ALLOWED),
    ),
    Case(
        "support:project_detail",
        kwargs=led_project,
        get=reach(READERS | LEAD),
        post=reach(READERS | LEAD, NOT_ALLOWED),
    ),
    Case(
        "support:project_report_pdf",
        kwargs=led_project,
        get=reach(READERS | LEAD),
        post=reach(READERS | LEAD, NOT_ALLOWED),
    ),
    Case(
        "support:project_edit",
        kwargs=led_project,
        get=reach(KEEPERS),
        post=reach(KEEPERS, FORM_ERRORS),
    ),
    # An empty POST changes nothing: the page again with the message.
    Case(
        "support:project_move",
        kwargs=led_project,
        get=reach(KEEPERS, NOT_ALLOWED),
        post=reach(KEEPERS, DONE),
    ),
    Case(
        "support:project_draft_item",
        kwargs=led_project,
        get=reach(KEEPERS, NOT_ALLOWED),
        post=reach(KEEPERS, DONE),
    ),
    # Made by the section (the lead is told why not, on the project's page).
    Case(
        "support:project_team_create",
        kwargs=led_project,
        get=reach(KEEPERS, NOT_ALLOWED),
        post=reach(KEEPERS, DONE),
    ),
    Case(
        "support:project_file_upload",
        kwargs=led_project,
        get=reach(KEEPERS),
        post=reach(KEEPERS, FORM_ERRORS),
    ),
    Case(
        "support:milestone_create",
        kwargs=led_project,
        get=reach(KEEPERS),
        post=reach(KEEPERS, FORM_ERRORS),
    ),
    Case(
        "support:milestone_edit",
        kwargs=a_milestone,
        get=reach(KEEPERS),
        post=reach(KEEPERS, FORM_ERRORS),
    ),
    Case(
        "support:milestone_mark",
        kwargs=a_milestone,
        get=reach(KEEPERS, NOT_ALLOWED),
        post=reach(KEEPERS, DONE),
    ),
    Case(
        "support:milestone_delete",
        kwargs=a_milestone,
        get=reach(KEEPERS, NOT_ALLOWED),
        post=reach(KEEPERS, DONE),
    ),
)
