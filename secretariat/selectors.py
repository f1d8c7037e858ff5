"""Governance reads that depend on who asks. Each owns its select_related/prefetch."""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from members.models import Role
from members.roles import roles_of
from wco_sse.core.selectors import get_visible_or_404

from .membership import body_seats, person_body_ids
from .models import (
    SECTION_SOURCES,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Meeting,
    Notice,
    Source,
    WrittenResolution,
    WrittenResponse,
)

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


def _decided_at(meeting):
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
            Q(meeting=meeting) | Q(target_meeting=meeting) | _decided_at(meeting)
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


def item_get_for(*, user, pk):
    return get_visible_or_404(
        AgendaItem.objects.select_related(
            "meeting__body", "target_meeting", "activity_report_of", "referred_from"
        ),
        user=user,
        perm="secretariat.view_item",
        pk=pk,
    )


def item_history(item):
    return list(item.transitions.select_related("meeting").order_by("at", "pk"))


def item_decisions(item):
    return list(
        item.decisions.select_related("meeting", "written_resolution")
        .prefetch_related("dissenters", "excluded")
        .order_by("decided_on", "pk")
    )


def meeting_list_for(*, user, show="upcoming"):
    snapshot = roles_of(user)
    queryset = Meeting.objects.select_related("body", "chair").annotate(
        item_count=Count("items", filter=Q(items__status=S.PLACED))
    )
    if not snapshot.is_secretariat:
        body_ids = person_body_ids(snapshot.person_id, snapshot)
        query = Q(body_id__in=body_ids)
        if snapshot.has(Role.COUNCIL_MEMBER):
            query |= Q(body__kind=Body.Kind.BOARD)
        queryset = queryset.filter(query)
    now = timezone.now()
    if show == "past":
        return queryset.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    if show == "all":
        return queryset.order_by("-starts_at", "-pk")
    return queryset.filter(
        Q(starts_at__gte=now - datetime.timedelta(days=1))
        | Q(status__in=(Meeting.Status.HELD,))
    ).order_by("starts_at", "pk")


def meeting_get_for(*, user, pk):
    return get_visible_or_404(
        Meeting.objects.select_related("body", "chair", "postponed_to"),
        user=user,
        perm="secretariat.view_meeting",
        pk=pk,
    )


def meeting_agenda(meeting):
    """The items on ``meeting``: those placed on it and those decided there (a deferred
    item has moved on but keeps this meeting in its history)."""
    return list(
        AgendaItem.objects.filter(Q(meeting=meeting) | _decided_at(meeting))
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
        .order_by("order", "pk")
    )


def attendance_rows(meeting, seats=None):
    """[(seat, attendance or None)] for every seat of the body."""
    seats = seats if seats is not None else body_seats(meeting.body, meeting.day)
    recorded = {
        ("o", a.organization_id) if a.organization_id else ("p", a.person_id): a
        for a in meeting.attendances.all()
    }
    return [(seat, recorded.get(seat.key)) for seat in seats]


def upcoming_board_meetings():
    return (
        Meeting.objects.filter(body__kind=Body.Kind.BOARD, status__in=Meeting.OPEN)
        .select_related("body")
        .order_by("starts_at", "pk")
    )


def placeable_meetings(item):
    kind = Body.Kind.ASSEMBLY if item.referred_from_id else Body.Kind.BOARD
    return (
        Meeting.objects.filter(body__kind=kind, status__in=Meeting.OPEN)
        .select_related("body")
        .order_by("starts_at", "pk")
    )


def written_list_for(*, user):
    return (
        WrittenResolution.objects.select_related("item", "proposer")
        .annotate(
            consents=Count("responses", filter=Q(responses__answer="consent")),
            asked=Count("responses", filter=Q(responses__capacity="director")),
        )
        .order_by("-proposed_at", "-pk")
    )


def written_get_for(*, user, pk):
    return get_visible_or_404(
        WrittenResolution.objects.select_related("item", "proposer", "body"),
        user=user,
        perm="secretariat.view_written",
        pk=pk,
    )


def pending_answers_for(person_id):
    if person_id is None:
        return []
    return list(
        WrittenResponse.objects.filter(
            person_id=person_id,
            answer=WrittenResponse.Answer.PENDING,
            resolution__status=WrittenResolution.Status.CIRCULATING,
        ).select_related("resolution__item")
    )


def notices_for(*, user):
    """Published notices for ``user``; the secretariat also sees drafts."""
    snapshot = roles_of(user)
    queryset = Notice.objects.select_related("target_body")
    if snapshot.is_secretariat:
        return queryset
    query = Q(pk__in=[])
    if snapshot.is_member or snapshot.holds_any_role:
        query |= Q(audience=Notice.Audience.ALL_MEMBERS)
    body_ids = person_body_ids(snapshot.person_id, snapshot)
    if body_ids:
        query |= Q(audience=Notice.Audience.BODY, target_body_id__in=body_ids)
    return queryset.filter(query, status=Notice.Status.PUBLISHED)


def notice_get_for(*, user, pk):
    return get_visible_or_404(
        Notice.objects.select_related("target_body"),
        user=user,
        perm="secretariat.view_notice",
        pk=pk,
    )


def organization_assembly_attendance(organization):
    """The general assembly's meetings and this organization's attendance at each."""
    return list(
        Meeting.objects.filter(body__kind=Body.Kind.ASSEMBLY)
        .exclude(status=Meeting.Status.POSTPONED)
        .select_related("body")
        .annotate(
            attended=Exists(
                Attendance.objects.filter(
                    meeting=OuterRef("pk"),
                    organization=organization,
                    kind__in=Attendance.PRESENT_KINDS,
                )
            )
        )
        .order_by("-starts_at")[:5]
    )
