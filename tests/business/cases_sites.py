# ruff: noqa: F403, F405
"""The permission matrix rows of the business section's sites part (issue 17).

The section and the secretariat run sites and keep the session types; the board and the 監事 read them; a site's
recorders (here the demo's member, of a pantry run by the home W.Co) enter its
sessions and read its page; the home W.Co's representative reads the site their W.Co
runs. Anyone, signed in or not, reads the public directory. Everyone else finds no
site page (404), and the list is closed to them (403).
"""

from tests.permission_vocabulary import *

RUNNERS = SECRETARIAT | frozenset({"business"})
READERS = RUNNERS | BOARD
RECORDER = MEMBER
VIEWERS = READERS | RECORDER | REP
RECORDING = RUNNERS | RECORDER


def _pantry(demo):
    from tests.business.sites.helpers import recorded_pantry

    return recorded_pantry(demo)


def member_records_a_site(demo, who):
    """The list takes no id: the member is made a recorder first."""
    _pantry(demo)
    return {}


def recorded_site(demo, who):
    """A pantry run by the home W.Co that the demo's member records."""
    return {"pk": _pantry(demo).pk}


def a_condition(demo, who):
    from tests.business.sites.helpers import condition

    site = _pantry(demo)
    return {"pk": site.pk, "condition_pk": condition(site).pk}


def a_recorder(demo, who):
    from tests.business.sites.helpers import recorder_of

    site = _pantry(demo)
    return {"pk": site.pk, "recorder_pk": recorder_of(site).pk}


def a_session_type(demo, who):
    from business.models import SessionType

    return {"pk": SessionType.objects.order_by("pk").first().pk}


def a_session(demo, who):
    from tests.business.sites.helpers import session

    site = _pantry(demo)
    return {"pk": site.pk, "session_pk": session(site).pk}


CASES = (
    Case(
        "business:session_type_list",
        get=allow(RUNNERS),
        post=allow(RUNNERS, NOT_ALLOWED),
    ),
    Case(
        "business:session_type_create",
        get=allow(RUNNERS),
        post=allow(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:session_type_edit",
        kwargs=a_session_type,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:site_list",
        kwargs=member_records_a_site,
        get=allow(READERS | RECORDER),
        post=allow(READERS | RECORDER, NOT_ALLOWED),
    ),
    Case(
        "business:site_create",
        get=allow(RUNNERS),
        post=allow(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:site_directory",
        get=everyone(PAGE),
        post=everyone(NOT_ALLOWED),
    ),
    Case(
        "business:site_detail",
        kwargs=recorded_site,
        get=reach(VIEWERS),
        post=reach(VIEWERS, NOT_ALLOWED),
    ),
    Case(
        "business:site_export",
        kwargs=recorded_site,
        get=reach(VIEWERS),
        post=reach(VIEWERS, NOT_ALLOWED),
    ),
    Case(
        "business:site_edit",
        kwargs=recorded_site,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:condition_create",
        kwargs=recorded_site,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:condition_edit",
        kwargs=a_condition,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:condition_delete",
        kwargs=a_condition,
        get=reach(RUNNERS, NOT_ALLOWED),
        post=reach(RUNNERS, DONE),
    ),
    Case(
        "business:recorder_add",
        kwargs=recorded_site,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:recorder_end",
        kwargs=a_recorder,
        get=reach(RUNNERS, NOT_ALLOWED),
        post=reach(RUNNERS, DONE),
    ),
    Case(
        "business:session_create",
        kwargs=recorded_site,
        get=reach(RECORDING),
        post=reach(RECORDING, FORM_ERRORS),
    ),
    Case(
        "business:session_edit",
        kwargs=a_session,
        get=reach(RECORDING),
        post=reach(RECORDING, FORM_ERRORS),
    ),
)
