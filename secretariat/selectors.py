"""Governance reads that depend on who asks. Each owns its select_related/prefetch.

The ``*_get_for`` selectors serve the pages that take an id: each returns the object
only within the viewer's reach for that page (``perms``: what the page is for, read
or act) and raises Http404 alike for a missing object and for one out of reach.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from members.models import Organization, Person, Role, RoleAssignment
from members.models.roles import DIRECTOR_ROLES
from members.roles import roles_of
from members.selectors import organization_get_for
from wco_sse.core.selectors import get_visible_or_404

from .membership import body_seats, person_body_ids
from .models import (
    SECTION_SOURCES,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Meeting,
    Minutes,
    Notice,
    Source,
    SpecialInterest,
    WrittenResolution,
    WrittenResponse,
)

S = AgendaItem.Status


def _within_reach(obj, *, user, perms):
    """``obj``, or 404 unless ``user`` holds every permission in ``perms`` on it."""
    if not all(user.has_perm(perm, obj) for perm in perms):
        raise Http404
    return obj


def body_get_for(*, user, pk, perms=("secretariat.view_meetings",)):
    return _within_reach(
        get_visible_or_404(Body.objects.all(), user=user, perm=perms[0], pk=pk),
        user=user,
        perms=perms[1:],
    )


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


def item_get_for(*, user, pk, perms=()):
    """The item, if ``user`` may see it and holds ``perms`` on it."""
    return _within_reach(
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


def meeting_get_for(*, user, pk, perms=()):
    """The meeting, if ``user`` reads it and holds ``perms`` on it."""
    return _within_reach(
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
    return _within_reach(meeting, user=user, perms=("secretariat.view_items",))


def held_meeting_get_for(*, user, pk, perms=()):
    """A meeting that has taken place (its tally sheet exists from then on)."""
    meeting = meeting_get_for(user=user, pk=pk, perms=perms)
    if meeting.status not in Meeting.HAS_TAKEN_PLACE:
        raise Http404
    return meeting


def minutes_get_for(*, user, pk, perms=()):
    """The minutes, if ``user`` may read them and holds ``perms`` on them."""
    return _within_reach(
        get_visible_or_404(
            Minutes.objects.select_related(
                "meeting__body", "meeting__chair", "written_resolution__item", "writer"
            ),
            user=user,
            perm="secretariat.view_minutes_record",
            pk=pk,
        ),
        user=user,
        perms=perms,
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


def written_get_for(*, user, pk, perms=()):
    """The resolution, if ``user`` reads the board's and holds ``perms`` on it."""
    return _within_reach(
        get_visible_or_404(
            WrittenResolution.objects.select_related("item", "proposer", "body"),
            user=user,
            perm="secretariat.view_written",
            pk=pk,
        ),
        user=user,
        perms=perms,
    )


def written_response_get_for(*, user, pk):
    """The resolution and the consent form of ``user`` in it: only the directors and
    auditors it was sent to answer it."""
    resolution = written_get_for(
        user=user, pk=pk, perms=("secretariat.answer_written",)
    )
    response = resolution.responses.filter(person_id=roles_of(user).person_id).first()
    if response is None:
        raise Http404
    return resolution, response


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


def notice_get_for(*, user, pk, perms=()):
    """The notice, if ``user`` may read it and holds ``perms`` on it."""
    return _within_reach(
        get_visible_or_404(
            Notice.objects.select_related("target_body"),
            user=user,
            perm="secretariat.view_notice",
            pk=pk,
        ),
        user=user,
        perms=perms,
    )


def assembly_member_get_for(*, user, pk, perms=()):
    """A 正会員 organization (a member of the general assembly) whose page ``user``
    sees and on which they hold ``perms``."""
    organization = organization_get_for(user=user, pk=pk)
    if organization.membership_class != Organization.MembershipClass.REGULAR:
        raise Http404
    return _within_reach(organization, user=user, perms=perms)


def current_directors(day=None):
    """The directors in office on ``day``, in kana order."""
    return Person.objects.filter(
        pk__in=RoleAssignment.objects.current(day)
        .filter(role__in=DIRECTOR_ROLES)
        .values("person_id")
    ).order_by("family_name_kana", "given_name_kana", "pk")


def reporting_directors():
    """The directors who report on the execution of their duties (代表理事, 業務執行理事)."""
    return Person.objects.filter(
        pk__in=RoleAssignment.objects.current()
        .filter(role__in=(Role.REPRESENTATIVE_DIRECTOR, Role.EXECUTIVE_DIRECTOR))
        .values("person_id")
    ).order_by("family_name_kana", "pk")


def minutes_decisions(minutes):
    """The decisions the minutes record, in agenda order."""
    if minutes.meeting_id:
        queryset = Decision.objects.filter(meeting_id=minutes.meeting_id)
    else:
        queryset = Decision.objects.filter(
            written_resolution_id=minutes.written_resolution_id
        )
    return list(queryset.select_related("item").order_by("item__order", "pk"))


def signatory_candidates(meeting):
    """Whom the meeting may choose as minutes signatories (where the body's rule has
    them chosen): those recorded at it and its chair; at the assembly, anyone."""
    if meeting.body.is_assembly:
        return Person.objects.order_by("family_name_kana", "pk")
    return Person.objects.filter(
        pk__in=meeting.attendances.filter(person__isnull=False).values("person_id")
    ) | Person.objects.filter(pk__in=[meeting.chair_id] if meeting.chair_id else [])


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
