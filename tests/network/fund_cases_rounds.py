# ruff: noqa: F403, F405
"""The fund's permission matrix rows: rounds, public calls and applications up to
submission (issue 14).

Those who run the fund (the secretariat and the network section) keep programmes and
rounds; the board, the 監事 and the fund committee read the dashboard and the rounds.
Anyone reads a published call; a draft round answers 404 there. A representative
applies for their W.Co (the secretariat enters paper ones) and sees only their own
organization's applications: another W.Co's answers them 404.
"""

from network.models import FundApplication, FundRound
from tests.network.fund_helpers import application, funded_round, programme
from tests.permission_vocabulary import *

RUNNERS = SECRETARIAT | frozenset({"network"})
FUND_READERS = RUNNERS | BOARD | frozenset({"fund"})
APPLICANTS = SECRETARIAT | REP
# board@ represents a partner organization: a representative (their own list of
# applications opens, empty) with nothing to apply for.
# Who sees any application: the secretariat, the 監事, the network section.
APP_READERS = SECRETARIAT | frozenset({"auditor", "network"})


def a_programme(demo, who):
    return {"pk": programme().pk}


def a_round(demo, who):
    return {"pk": funded_round(budget=100_000).pk}


def a_draft_round(demo, who):
    return {"pk": funded_round(budget=0, status=FundRound.Status.DRAFT).pk}


def home_application(demo, who):
    """A submitted application of the demo's home W.Co (the rep's)."""
    made = application(funded_round(budget=0), demo.ctx.data["home_wco"])
    return {"pk": made.pk}


def other_wco_application(demo, who):
    made = application(funded_round(budget=0), demo.ctx.data["wcos"][1])
    return {"pk": made.pk}


def home_draft(demo, who):
    made = application(
        funded_round(budget=0),
        demo.ctx.data["home_wco"],
        status=FundApplication.Status.DRAFT,
    )
    return {"pk": made.pk}


def home_draft_over_cap(demo, who):
    """A draft whose submission is refused (over the round's cap)."""
    made = application(
        funded_round(budget=0, cap=100_000),
        demo.ctx.data["home_wco"],
        status=FundApplication.Status.DRAFT,
    )
    return {"pk": made.pk}


CASES = (
    Case(
        "network:fund",
        get=allow(FUND_READERS),
        post=allow(FUND_READERS, NOT_ALLOWED),
    ),
    Case(
        "network:fund_programmes",
        get=allow(RUNNERS),
        post=allow(RUNNERS, NOT_ALLOWED),
    ),
    Case(
        "network:fund_programme_create",
        get=allow(RUNNERS),
        post=allow(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "network:fund_programme_edit",
        kwargs=a_programme,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "network:fund_round_create",
        get=allow(RUNNERS),
        post=allow(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "network:fund_round",
        kwargs=a_round,
        get=reach(FUND_READERS),
        post=reach(FUND_READERS, NOT_ALLOWED),
    ),
    Case(
        "network:fund_round_edit",
        kwargs=a_round,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "network:fund_round_allocate",
        kwargs=a_round,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    # An empty POST changes nothing: the page again with the message.
    Case(
        "network:fund_round_status",
        kwargs=a_round,
        get=reach(RUNNERS, NOT_ALLOWED),
        post=reach(RUNNERS, DONE),
    ),
    # The public calls: anyone, a visitor too.
    Case(
        "network:fund_public_rounds",
        get=everyone(PAGE),
        post=everyone(NOT_ALLOWED),
    ),
    Case(
        "network:fund_public_round",
        kwargs=a_round,
        get=everyone(PAGE),
        post=everyone(NOT_ALLOWED),
    ),
    Case(
        "network:fund_public_round",
        kwargs=a_draft_round,
        get=everyone(NOT_FOUND),
        post=everyone(NOT_FOUND),
    ),
    # Applying: a representative for their W.Co, the secretariat for a paper one.
    Case(
        "network:fund_apply",
        kwargs=a_round,
        get=reach(APPLICANTS),
        post=reach(APPLICANTS, FORM_ERRORS),
    ),
    Case(
        "network:fund_apply",
        kwargs=a_draft_round,
        get=allow(hidden=SIGNED_IN),
        post=allow(hidden=SIGNED_IN),
    ),
    Case(
        "network:fund_my_applications",
        get=allow(APPLICANTS | {"board"}),
        post=allow(APPLICANTS | {"board"}, NOT_ALLOWED),
    ),
    Case(
        "network:fund_application",
        kwargs=home_application,
        get=reach(APP_READERS | REP),
        post=reach(APP_READERS | REP, NOT_ALLOWED),
    ),
    # Another W.Co's application: out of the rep's reach.
    Case(
        "network:fund_application",
        kwargs=other_wco_application,
        get=reach(APP_READERS),
        post=reach(APP_READERS, NOT_ALLOWED),
    ),
    Case(
        "network:fund_application_edit",
        kwargs=home_draft,
        get=reach(APPLICANTS),
        post=reach(APPLICANTS, FORM_ERRORS),
    ),
    # A submitted application is no longer edited by anyone.
    Case(
        "network:fund_application_edit",
        kwargs=home_application,
        get=reach(frozenset()),
        post=reach(frozenset()),
    ),
    Case(
        "network:fund_application_files",
        kwargs=home_draft,
        get=reach(APPLICANTS),
        post=reach(APPLICANTS, FORM_ERRORS),
    ),
    Case(
        "network:fund_application_submit",
        kwargs=home_draft_over_cap,
        get=reach(APPLICANTS, NOT_ALLOWED),
        post=reach(APPLICANTS, FORM_ERRORS),
    ),
    Case(
        "network:fund_application_withdraw",
        kwargs=home_application,
        get=reach(REP, NOT_ALLOWED),
        post=reach(REP, DONE),
    ),
)
