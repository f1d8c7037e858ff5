"""The fund's permission matrix rows: review (issue 14).

Screening is the secretariat's; a fund committee member (``fund``) declares on an
application under review, then scores it and may recommend; the list of a round's
reviews is read by the secretariat, the 監事, the network section and the committee;
the network section sends a recommendation to the board; the paper for the board is
read by those who see the aggregates and by the directors once it is before them.
"""

from tests.permission_vocabulary import *  # noqa: F403
from tests.permission_vocabulary import (
    FORM_ERRORS,
    NOT_ALLOWED,
    SECRETARIAT,
    Case,
    reach,
)


def _home(demo):
    return demo.ctx.data["home_wco"]


def _submitted(demo):
    from tests.network.fund_helpers import application, funded_round

    return application(funded_round(), _home(demo))


def _in_review(demo, *, declared=False):
    from network.models import ConflictDeclaration
    from tests.network.fund.review_helpers import in_review

    app = in_review(demo)
    if declared:
        ConflictDeclaration.objects.create(
            application=app, reviewer=demo["fund"].person, conflicted=False
        )
    return app


def a_submitted_application(demo, who):
    return {"pk": _submitted(demo).pk}


def an_application_in_review(demo, who):
    return {"pk": _in_review(demo).pk}


def an_application_declared_on(demo, who):
    """Under review, the committee's demo member having declared no conflict."""
    return {"pk": _in_review(demo, declared=True).pk}


def a_recommended_application(demo, who):
    from tests.network.fund.review_helpers import recommended

    return {"pk": recommended(demo).pk}


def an_application_at_the_board(demo, who):
    from tests.network.fund.review_helpers import at_board

    app, _item = at_board(demo)
    return {"pk": app.pk}


def a_round_under_review(demo, who):
    return {"pk": _in_review(demo).round_id}


REVIEW_READERS = SECRETARIAT | {"auditor", "network", "fund"}

CASES = (
    Case(
        "network:fund_round_reviews",
        kwargs=a_round_under_review,
        get=reach(REVIEW_READERS),
        post=reach(REVIEW_READERS, NOT_ALLOWED),
    ),
    Case(
        "network:fund_application_screen",
        kwargs=a_submitted_application,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "network:fund_application_conflict",
        kwargs=an_application_in_review,
        get=reach({"fund"}),
        post=reach({"fund"}, FORM_ERRORS),
    ),
    Case(
        "network:fund_application_review",
        kwargs=an_application_declared_on,
        get=reach({"fund"}),
        post=reach({"fund"}, FORM_ERRORS),
    ),
    Case(
        "network:fund_application_recommend",
        kwargs=an_application_declared_on,
        get=reach(SECRETARIAT | {"fund"}),
        post=reach(SECRETARIAT | {"fund"}, FORM_ERRORS),
    ),
    Case(
        "network:fund_application_send",
        kwargs=a_recommended_application,
        get=reach({"network"}),
        post=reach({"network"}, FORM_ERRORS),
    ),
    Case(
        "network:fund_application_paper",
        kwargs=an_application_at_the_board,
        get=reach(SECRETARIAT | {"auditor", "network", "board"}),
        post=reach(SECRETARIAT | {"auditor", "network", "board"}, NOT_ALLOWED),
    ),
)
