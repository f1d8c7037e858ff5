# ruff: noqa: F403, F405
"""The permission matrix rows of the business section's programmes part (issue 17).

The section and the secretariat run programmes and keep the kinds; the board and the
operations council read them; the representative of a W.Co taking part (here the
demo's rep, whose home W.Co cooperates) reads that programme. Everyone else finds no
programme page (404), and the list is closed to them (403).
"""

from tests.permission_vocabulary import *

RUNNERS = SECRETARIAT | frozenset({"business"})
READERS = RUNNERS | BOARD | COUNCIL


def _programme(demo, **extra):
    from tests.business.programmes.helpers import programme

    return programme(demo, **extra)


def a_programme(demo, who):
    """A programme under study no demo W.Co takes part in."""
    return {"pk": _programme(demo).pk}


def home_wco_programme(demo, who):
    """A programme the rep's W.Co cooperates in."""
    from tests.business.programmes.helpers import with_home_wco

    return {"pk": with_home_wco(demo).pk}


def a_partner(demo, who):
    from tests.business.programmes.helpers import partner

    made = _programme(demo)
    return {"pk": made.pk, "partner_pk": partner(demo, made).pk}


def a_kind(demo, who):
    from business.models import ProgrammeKind

    return {"pk": ProgrammeKind.objects.order_by("pk").first().pk}


CASES = (
    Case("business:kind_list", get=allow(RUNNERS), post=allow(RUNNERS, NOT_ALLOWED)),
    Case(
        "business:kind_create",
        get=allow(RUNNERS),
        post=allow(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:kind_edit",
        kwargs=a_kind,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:programme_list",
        get=allow(READERS),
        post=allow(READERS, NOT_ALLOWED),
    ),
    Case(
        "business:programme_create",
        get=allow(RUNNERS),
        post=allow(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:programme_detail",
        kwargs=a_programme,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    Case(
        "business:programme_detail",
        kwargs=home_wco_programme,
        get=reach(READERS | REP),
        post=reach(READERS | REP, NOT_ALLOWED),
    ),
    Case(
        "business:programme_edit",
        kwargs=a_programme,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    # An empty POST changes nothing: the page again with the message.
    Case(
        "business:programme_move",
        kwargs=a_programme,
        get=reach(RUNNERS, NOT_ALLOWED),
        post=reach(RUNNERS, DONE),
    ),
    Case(
        "business:partner_add",
        kwargs=a_programme,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:partner_remove",
        kwargs=a_partner,
        get=reach(RUNNERS, NOT_ALLOWED),
        post=reach(RUNNERS, DONE),
    ),
    Case(
        "business:programme_file_upload",
        kwargs=a_programme,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:programme_draft_item",
        kwargs=a_programme,
        get=reach(RUNNERS, NOT_ALLOWED),
        post=reach(RUNNERS, DONE),
    ),
)
