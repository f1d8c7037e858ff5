"""The fund's review state for tests, built through the review's services."""

from network.fund import services_review as services
from network.models import FundApplication, FundRound
from secretariat import services as sec
from tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory
from tests.network.fund_helpers import application, funded_round, standard_rubric
from tests.secretariat import helpers as h

S = FundApplication.Status


def reviewer():
    """Another fund committee member (基金運営委員) with an account."""
    user = UserFactory()
    person = PersonFactory(account=user)
    RoleAssignmentFactory(person=person, role="fund_committee")
    return user


def home(demo):
    return demo.ctx.data["home_wco"]


def in_review(demo, *, fund_round=None, organization=None, **fields):
    """An application screened as eligible (status set directly)."""
    fund_round = fund_round or funded_round(status=FundRound.Status.REVIEW)
    return application(
        fund_round, organization or home(demo), status=S.IN_REVIEW, **fields
    )


def scores(app, value=3):
    """The same ``value`` on every criterion of the round's rubric."""
    return {c.pk: value for c in app.round.rubric.criteria.all()}


def scored(user, app, value=3, *, stage="documents"):
    if not app.conflict_declarations.filter(reviewer__account=user).exists():
        services.conflict_declare(actor=user, application=app, conflicted=False)
    return services.review_submit(
        actor=user, application=app, stage=stage, scores=scores(app, value)
    )


def recommended(demo, *, amount=200_000, app=None, **fields):
    app = app or in_review(demo, **fields)
    scored(demo["fund"], app, 4)
    return services.application_recommend(
        actor=demo["fund"],
        application=app,
        recommend=True,
        amount=amount,
        reasons="地域のニーズが高い。",
    )


def at_board(demo, **fields):
    app = recommended(demo, **fields)
    item = services.application_send_to_board(
        actor=demo["network"],
        application=app,
        minutes_reference="第3回まちづくり会議 議事録",
    )
    app.refresh_from_db()
    return app, item


def placed_and_held(demo, item):
    """The item submitted, accepted, placed on a board meeting held today, with every
    director present."""
    meeting = h.meeting(demo)
    item = sec.agenda_item_transition(actor=demo["network"], item=item, action="submit")
    item = sec.agenda_item_transition(actor=demo["council"], item=item, action="accept")
    item = sec.agenda_item_place(actor=demo["staff"], item=item, meeting=meeting)
    h.held_meeting_from(demo, meeting)
    h.attend(demo, meeting, h.directors())
    item.refresh_from_db()
    return item


def decide(demo, item, result, *, amendment=""):
    n = len(h.directors())
    votes = {
        "approve": (n, 0, 0),
        "reject": (0, n, 0),
    }
    if result == "defer":
        return sec.decision_record(actor=demo["staff"], item=item, result="defer")
    votes_for, against, abstain = votes["reject" if result == "reject" else "approve"]
    return sec.decision_record(
        actor=demo["staff"],
        item=item,
        result="vote",
        votes_for=votes_for,
        votes_against=against,
        abstentions=abstain,
        dissenters=h.directors() if against else (),
        amendment=amendment,
    )


def rubric():
    return standard_rubric()
