"""Bodies, meetings and attendance."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.models import Organization, Role
from members.roles import roles_of
from members.selectors import organization_get_for
from wco_sse.core.selectors import get_visible_or_404

from ..membership import body_seats, person_body_ids
from ..models import AgendaItem, Attendance, Body, BodyMember, Meeting
from .common import within_reach


def body_get_for(*, user, pk, perms=("secretariat.view_meetings",)):
    return within_reach(
        get_visible_or_404(Body.objects.all(), user=user, perm=perms[0], pk=pk),
        user=user,
        perms=perms[1:],
    )


def bodies_run_by(user):
    """The bodies ``user`` runs: all for the secretariat; the ad-hoc bodies of their
    sections for a section member (``secretariat.run_body``)."""
    snapshot = roles_of(user)
    queryset = Body.objects.all()
    if snapshot.is_secretariat:
        return queryset
    return queryset.filter(
        kind=Body.Kind.AD_HOC, section__in=snapshot.scopes(Role.SECTION_MEMBER)
    ).exclude(section="")


def seat_get_for(*, user, pk, perms=("secretariat.name_delegate",)):
    """An organization's open seat on a body, if ``user`` holds ``perms`` on it (404
    alike for an ended seat, a person's own seat, and one out of reach)."""
    return get_visible_or_404(
        BodyMember.objects.select_related("body", "person", "organization").filter(
            end__isnull=True, organization__isnull=False
        ),
        user=user,
        perms=perms,
        pk=pk,
    )


def organization_seats(organization):
    """The organization's open seats, with their bodies and delegates (one query)."""
    return list(
        BodyMember.objects.filter(organization=organization, end__isnull=True)
        .select_related("body", "person")
        .order_by("body__name", "pk")
    )


def section_bodies_for(*, user, section):
    """The active bodies ``section`` runs that ``user`` reads, each with ``next_meeting``
    (its next open meeting, or None): two queries, however many bodies."""
    now = timezone.now()
    upcoming = Meeting.objects.filter(
        body=OuterRef("pk"), status__in=Meeting.OPEN, starts_at__gte=now
    ).order_by("starts_at", "pk")
    bodies = [
        body
        for body in Body.objects.filter(
            kind=Body.Kind.AD_HOC, section=section, is_active=True
        )
        .annotate(next_meeting_id=Subquery(upcoming.values("pk")[:1]))
        .order_by("category", "name", "pk")
        if user.has_perm("secretariat.view_body", body)
    ]
    wanted = [body.next_meeting_id for body in bodies if body.next_meeting_id]
    meetings = Meeting.objects.in_bulk(wanted) if wanted else {}
    for body in bodies:
        body.next_meeting = meetings.get(body.next_meeting_id)
    return bodies


def meeting_list_for(*, user, show="upcoming"):
    snapshot = roles_of(user)
    queryset = Meeting.objects.select_related("body", "chair").annotate(
        item_count=Count("items", filter=Q(items__status=AgendaItem.Status.PLACED))
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


def meeting_get_for(*, user, pk, perms=()):
    """The meeting, if ``user`` reads it and holds ``perms`` on it."""
    return within_reach(
        get_visible_or_404(
            Meeting.objects.select_related("body", "chair", "postponed_to"),
            user=user,
            perm="secretariat.view_meeting",
            pk=pk,
        ),
        user=user,
        perms=perms,
    )


def meeting_agenda_get_for(*, user, pk):
    """The meeting whose items the agenda page lists: for its readers, and for the
    section members, who follow their own items on it."""
    meeting = Meeting.objects.select_related("body").filter(pk=pk).first()
    if meeting is None or not (
        user.has_perm("secretariat.view_meeting", meeting)
        or roles_of(user).has(Role.SECTION_MEMBER)
    ):
        raise Http404
    return within_reach(meeting, user=user, perms=("secretariat.view_items",))


def held_meeting_get_for(*, user, pk, perms=()):
    """A meeting that has taken place (its tally sheet exists from then on)."""
    meeting = meeting_get_for(user=user, pk=pk, perms=perms)
    if meeting.status not in Meeting.HAS_TAKEN_PLACE:
        raise Http404
    return meeting


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


def assembly_member_get_for(*, user, pk, perms=()):
    """A 正会員 organization (a member of the general assembly) whose page ``user``
    sees and on which they hold ``perms``."""
    organization = organization_get_for(user=user, pk=pk)
    if organization.membership_class != Organization.MembershipClass.REGULAR:
        raise Http404
    return within_reach(organization, user=user, perms=perms)


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


def meeting_schedule_warnings(meeting, now=None) -> list[str]:
    """What has already passed for an open meeting: the agenda submission deadline
    and, before the convocation is sent, the last day to send it in time (the body's
    notice period)."""
    if not meeting.is_open:
        return []
    now = now or timezone.now()
    warnings = []
    if meeting.status == Meeting.Status.SCHEDULED and (
        meeting.notice_deadline < timezone.localtime(now).date()
    ):
        warnings.append(
            _(
                "The convocation should have been sent by %(day)s (%(days)s clear days "
                "before the meeting, by the body's rules): sent now, it will be "
                "recorded as late."
            )
            % {
                "day": date_format(meeting.notice_deadline, "DATE_FORMAT"),
                "days": meeting.body.effective_notice_days,
            }
        )
    if meeting.body.takes_agenda and meeting.submission_deadline < now:
        warnings.append(
            _(
                "The agenda submission deadline (%(deadline)s) has already passed: "
                "items submitted for this meeting from now on are marked as late."
            )
            % {
                "deadline": date_format(
                    timezone.localtime(meeting.submission_deadline), "DATETIME_FORMAT"
                )
            }
        )
    return warnings
