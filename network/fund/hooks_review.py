"""What the fund's review part plugs into registries (called from ``NetworkConfig.ready()``):
page parts (``network.fund.parts``), panels, file owners, audit words, handlers."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "fund.screen": _("screened a fund application"),
    "fund.conflict": _("declared a conflict of interest on a fund application"),
    "fund.no_conflict": _("declared no conflict of interest on a fund application"),
    "fund.review": _("scored a fund application"),
    "fund.review_change": _("changed their scores of a fund application"),
    "fund.recommend": _("recommended a grant"),
    "fund.not_recommend": _("recommended no grant"),
    "fund.send_to_board": _("sent a fund application to the board"),
    "fund.awarded": _("recorded the board's grant"),
    "fund.awarded_pending": _("recorded the board's grant, amount to follow"),
    "fund.board_rejected": _("recorded the board's refusal of a grant"),
}


def application_part(application, user):
    """The review on the application's page: the screening (the applicant reads an
    ineligibility reason), the viewer's declaration and scores, the aggregate for
    those who may see it, the recommendation and the next step's link."""
    from members.roles import roles_of

    from . import ledger
    from . import selectors_review as selectors
    from .services_review import RECOMMENDABLE

    if not user.has_perm("network.view_fund_application", application):
        return None
    S = application.Status
    reviewer = selectors.is_reviewer(user)
    mine = selectors.my_state(
        application, roles_of(user).person_id if reviewer else None
    )
    shown = selectors.may_see_scores(user, mine)
    staff_side = shown or user.has_perm("network.view_fund_paper", application)
    return {
        "application": application,
        "mine": mine,
        "is_reviewer": reviewer,
        "aggregate": selectors.application_aggregate(application) if shown else None,
        "staff_side": staff_side,
        "can_screen": application.status == S.SUBMITTED
        and user.has_perm("network.screen_fund_application", application),
        "can_declare": reviewer
        and not mine.declared
        and user.has_perm("network.declare_fund_conflict", application),
        "can_review": user.has_perm("network.review_fund_application", application),
        "can_recommend": application.status in RECOMMENDABLE
        and user.has_perm("network.recommend_fund_application", application),
        "can_send": application.status == S.RECOMMENDED
        and application.agenda_item_id is None
        and user.has_perm("network.send_fund_to_board", application),
        "can_paper": user.has_perm("network.view_fund_paper", application),
        # The board's item, for those the secretariat lets open it (a committee
        # member reads the application, not the board's item).
        "item_link": bool(
            application.agenda_item_id
            and staff_side
            and user.has_perm("secretariat.view_item", application.agenda_item)
        ),
        "earmarking": application.status in ledger.EARMARKING,
    }


def round_part(fund_round, user):
    from .models import FundApplication
    from .selectors_review import TO_SCREEN, UNDER_REVIEW

    if not user.has_perm("network.view_fund_reviews", fund_round):
        return None
    counts = dict.fromkeys(("review", "screen"), 0)
    rows = FundApplication.objects.filter(
        round=fund_round, status__in=(*UNDER_REVIEW, *TO_SCREEN)
    ).values_list("status", flat=True)
    for status in rows:
        counts["screen" if status in TO_SCREEN else "review"] += 1
    return {"fund_round": fund_round, "counts": counts}


def dashboard_part(_obj, user):
    from .selectors_review import is_reviewer, waiting_for_reviewer

    if not is_reviewer(user):
        return None
    return {"waiting": waiting_for_reviewer(user=user)}


def subject_panel_context(*, item, subject, user):
    """The application on its agenda item's page, and the directors affiliated with
    the applicant on the meeting's day, for the secretariat to record as 特別利害関係
    (the record itself is the secretariat's special-interest declaration)."""
    from members.models import Affiliation
    from secretariat.membership import board_directors
    from secretariat.models import AgendaItem

    day = item.meeting.day if item.meeting_id else timezone.localdate()
    directors = board_directors(day)
    affiliated = list(
        Affiliation.objects.current(day)
        .filter(
            organization_id=subject.organization_id,
            person_id__in=directors,
            confirmed=True,
        )
        .select_related("person")
        .order_by("person__sort_key", "person_id")
    )
    recorded = set(item.special_interests.values_list("person_id", flat=True))
    return {
        "item": item,
        "application": subject,
        "affiliated": [(a, a.person_id in recorded) for a in affiliated],
        "day": day,
        "can_record": item.status in AgendaItem.INTEREST_OPEN
        and user.has_perm("secretariat.declare_others_interest", item),
        "can_paper": user.has_perm("network.view_fund_paper", subject),
    }


def _decided(*, item, decision, subject, actor):
    from .services_review import application_decided

    application_decided(item=item, decision=decision, subject=subject, actor=actor)


def register():
    from secretariat.subjects import SubjectHandler, register_subject_handler
    from wco_sse.core.audit import register_audit_actions

    from .models import FundApplication
    from .parts import register_part

    register_audit_actions(AUDIT_ACTIONS)
    register_part(
        "application",
        order=20,
        template="network/fund/review/_application_part.html",
        context=application_part,
    )
    register_part(
        "round",
        order=20,
        template="network/fund/review/_round_part.html",
        context=round_part,
    )
    register_part(
        "dashboard",
        order=20,
        template="network/fund/review/_dashboard_part.html",
        context=dashboard_part,
    )
    register_subject_handler(
        FundApplication,
        SubjectHandler(
            decided=_decided,
            panel="network/fund/review/_subject_panel.html",
            panel_context=subject_panel_context,
        ),
    )
