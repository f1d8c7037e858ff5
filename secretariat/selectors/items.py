"""Agenda items as each viewer may see them."""

from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from members.models import Role
from members.roles import roles_of
from wco_sse.core.selectors import get_visible_or_404

from ..models import (
    SECTION_SOURCES,
    AgendaItem,
    AgendaPaper,
    Decision,
    Source,
    SpecialInterest,
)
from .common import within_reach

S = AgendaItem.Status


def visible_items_q(user) -> Q:
    """The items ``user`` may see, as a filter (mirrors rules.can_see_item)."""
    snapshot = roles_of(user)
    own_sources = [s for s in SECTION_SOURCES if snapshot.has(Role.SECTION_MEMBER, s)]
    if snapshot.is_secretariat:
        own_sources += [Source.SECRETARIAT, Source.BOARD]
    query = Q(source__in=own_sources)
    if snapshot.is_secretariat or snapshot.has(Role.COUNCIL_MEMBER):
        query |= ~Q(status=S.DRAFT)
    elif snapshot.is_director or snapshot.has(Role.AUDITOR):
        query |= Q(status__in=AgendaItem.BOARD_VISIBLE)
    return query


def decided_at(meeting):
    """Items with a decision taken at ``meeting``, as a subquery: a join on the
    decisions would need DISTINCT and keep the planner from the meeting indexes."""
    return Q(pk__in=Decision.objects.filter(meeting=meeting).values("item_id"))


def item_list_for(*, user, section="", meeting=None, status=""):
    queryset = (
        AgendaItem.objects.filter(visible_items_q(user))
        .select_related("meeting", "target_meeting")
        .order_by("-updated_at", "-pk")
    )
    if section in Source.values:
        queryset = queryset.filter(source=section)
    if meeting is not None:
        queryset = queryset.filter(
            Q(meeting=meeting) | Q(target_meeting=meeting) | decided_at(meeting)
        )
    if status in S.values:
        queryset = queryset.filter(status=status)
    return queryset


def items_by_status(items):
    """[(status, label, [items])] in the pipeline's order, empty states left out."""
    groups = {value: [] for value in S.values}
    for item in items:
        groups[item.status].append(item)
    return [
        (value, S(value).label, groups[value]) for value in S.values if groups[value]
    ]


def item_get_for(*, user, pk, perms=()):
    """The item, if ``user`` may see it and holds ``perms`` on it."""
    return within_reach(
        get_visible_or_404(
            AgendaItem.objects.select_related(
                "meeting__body", "target_meeting", "activity_report_of", "referred_from"
            ),
            user=user,
            perm="secretariat.view_item",
            pk=pk,
        ),
        user=user,
        perms=perms,
    )


def item_interest_get_for(*, item, pk):
    """A special interest declared on ``item`` (404 for another item's)."""
    interest = (
        SpecialInterest.objects.select_related("person")
        .filter(item=item, pk=pk)
        .first()
    )
    if interest is None:
        raise Http404
    interest.item = item
    return interest


def item_papers(item):
    """The item's papers (別紙) in their order, with their files."""
    return list(
        AgendaPaper.objects.filter(item=item)
        .select_related("file")
        .order_by("position", "pk")
    )


def item_paper_get_for(*, item, pk):
    """A paper of ``item`` (404 for another item's)."""
    paper = AgendaPaper.objects.select_related("file").filter(item=item, pk=pk).first()
    if paper is None:
        raise Http404
    paper.item = item
    return paper


def papers_prefetch():
    """Each item's papers in their order, for a list of items (the board packet)."""
    return Prefetch(
        "papers",
        queryset=AgendaPaper.objects.select_related("file").order_by("position", "pk"),
        to_attr="paper_list",
    )


def item_history(item):
    return list(item.transitions.select_related("meeting").order_by("at", "pk"))


def item_decisions(item):
    return list(
        item.decisions.select_related("meeting", "written_resolution")
        .prefetch_related("dissenters", "excluded")
        .order_by("decided_on", "pk")
    )


def meeting_agenda(meeting):
    """The items on ``meeting``: those placed on it and those decided there (a deferred
    item has moved on but keeps this meeting in its history, and its place here)."""
    place_here = Coalesce(
        Subquery(
            Decision.objects.filter(meeting=meeting, item=OuterRef("pk")).values(
                "agenda_order"
            )[:1]
        ),
        F("order"),
    )
    return list(
        AgendaItem.objects.filter(Q(meeting=meeting) | decided_at(meeting))
        .annotate(place_here=place_here)
        .select_related("activity_report_of")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.filter(meeting=meeting).prefetch_related(
                    "dissenters", "excluded"
                ),
                to_attr="decisions_here",
            ),
            Prefetch("special_interests", to_attr="interests"),
        )
        .order_by("place_here", "pk")
    )
