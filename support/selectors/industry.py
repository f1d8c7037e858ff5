"""Reads of the industry meetings (業種別会議), their seats and shared issues (課題共有),
and the school's 運営委員会. Lists run a fixed number of queries, whatever their rows."""

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import Affiliation, Industry, Organization, Person, Section
from members.roles import roles_of
from members.selectors import representatives_prefetch
from secretariat.models import Body, BodyMember, Meeting
from wco_sse.core.selectors import get_visible_or_404

from ..models import IndustryMeeting, SchoolCommittee, SharedIssue

# The classes of membership an industry meeting invites (正会員 and 賛助会員).
INVITED_CLASSES = (
    Organization.MembershipClass.REGULAR,
    Organization.MembershipClass.SUPPORTING,
)


def _current_seats(day=None):
    """Open seats held by an organization (a delegate's change ends the old one)."""
    return BodyMember.objects.current(day).filter(organization__isnull=False)


def industry_meeting_list():
    """Every industry meeting with its industry, its number of seats, its next
    meeting and its open issues (one query)."""
    now = timezone.now()
    seats = (
        _current_seats()
        .filter(body_id=OuterRef("body_id"))
        .order_by()
        .values("body_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    issues = (
        SharedIssue.objects.filter(
            industry_meeting=OuterRef("pk"), state__in=SharedIssue.OPEN_STATES
        )
        .order_by()
        .values("industry_meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    upcoming = (
        Meeting.objects.filter(
            body_id=OuterRef("body_id"),
            status__in=Meeting.OPEN,
            starts_at__gte=now,
        )
        .order_by("starts_at", "pk")
        .values("pk")[:1]
    )
    return (
        IndustryMeeting.objects.select_related("body", "industry")
        .annotate(
            seat_count=Coalesce(Subquery(seats, output_field=IntegerField()), 0),
            open_issue_count=Coalesce(Subquery(issues, output_field=IntegerField()), 0),
            next_meeting_at=Min(
                "body__meetings__starts_at",
                filter=Q(
                    body__meetings__status__in=Meeting.OPEN,
                    body__meetings__starts_at__gte=now,
                ),
            ),
            next_meeting_id=Subquery(upcoming),
        )
        .order_by("industry__order", "industry__name", "pk")
    )


def industries_without_meeting():
    return Industry.objects.filter(support_meeting__isnull=True).order_by(
        "order", "name"
    )


def industry_meeting_get_for(*, user, pk, perms=("support.view_industry_meeting",)):
    """The industry meeting, or 404 when missing or outside ``user``'s reach."""
    return get_visible_or_404(
        IndustryMeeting.objects.select_related("body", "industry"),
        user=user,
        perms=perms,
        pk=pk,
    )


def industry_meeting_seats(*, industry_meeting, day=None):
    """The current seats (W.Co, delegate, since), in the W.Cos' kana order."""
    return list(
        _current_seats(day)
        .filter(body_id=industry_meeting.body_id)
        .select_related("organization", "person")
        .order_by("organization__sort_key", "organization_id", "pk")
    )


def industry_meeting_meetings(*, industry_meeting, past_limit=20):
    return body_meetings(body=industry_meeting.body, past_limit=past_limit)


def body_meetings(*, body, past_limit=20):
    """(upcoming, past) meetings of the body: the next ones soonest first, then the
    latest past ones."""
    now = timezone.now()
    meetings = Meeting.objects.filter(body_id=body.pk)
    upcoming = list(
        meetings.filter(starts_at__gte=now).order_by("starts_at", "pk")[:past_limit]
    )
    past = list(
        meetings.filter(starts_at__lt=now).order_by("-starts_at", "-pk")[:past_limit]
    )
    return upcoming, past


def industry_meeting_issues(*, industry_meeting):
    """The shared issues, open ones first, newest first within each."""
    return list(
        SharedIssue.objects.filter(industry_meeting=industry_meeting)
        .select_related("raised_by", "meeting")
        .annotate(
            closed_rank=Case(
                When(state__in=SharedIssue.OPEN_STATES, then=Value(0)),
                default=Value(1),
            )
        )
        .order_by("closed_rank", "-created_at", "-pk")
    )


def industry_invite_candidates(*, industry_meeting, day=None):
    """The active 正会員 and 賛助会員 W.Cos of the meeting's industry holding no open
    seat on it, in kana order, each with ``current_representatives`` (two queries)."""
    seated = BodyMember.objects.filter(
        body_id=industry_meeting.body_id,
        organization__isnull=False,
        end__isnull=True,
    ).values("organization_id")
    return (
        Organization.objects.filter(
            kind=Organization.Kind.WCO,
            membership_class__in=INVITED_CLASSES,
            status=Organization.Status.ACTIVE,
            industry_id=industry_meeting.industry_id,
        )
        .exclude(pk__in=seated)
        .prefetch_related(representatives_prefetch(day=day))
        .order_by("sort_key", "pk")
    )


def seatable_organizations(*, industry_meeting):
    """Active W.Cos of any industry holding no open seat on the meeting (seated by
    hand: a W.Co with several lines of work)."""
    seated = BodyMember.objects.filter(
        body_id=industry_meeting.body_id,
        organization__isnull=False,
        end__isnull=True,
    ).values("organization_id")
    return (
        Organization.objects.filter(
            kind=Organization.Kind.WCO, status=Organization.Status.ACTIVE
        )
        .exclude(pk__in=seated)
        .order_by("sort_key", "pk")
    )


def confirmed_people_of(*, organization, day=None):
    """The organization's confirmed people today, in kana order."""
    return Person.objects.filter(
        pk__in=Affiliation.objects.current(day)
        .filter(organization=organization, confirmed=True)
        .values("person_id")
    ).order_by("sort_key", "pk")


def raisable_organizations(*, user, industry_meeting):
    """The seated W.Cos ``user`` may raise an issue for: any for a coordinator; the
    W.Cos they represent, or sit for as delegate, otherwise."""
    seats = _current_seats().filter(body_id=industry_meeting.body_id)
    if not user.has_perm("support.run_industry_meeting", industry_meeting):
        snapshot = roles_of(user)
        who = Q(organization_id__in=snapshot.represented_org_ids)
        if snapshot.person_id:
            who |= Q(person_id=snapshot.person_id)
        seats = seats.filter(who)
    return Organization.objects.filter(pk__in=seats.values("organization_id")).order_by(
        "sort_key", "pk"
    )


def issue_meetings(*, industry_meeting):
    """The body's meetings an issue may be raised at (not cancelled or postponed),
    latest first."""
    return (
        Meeting.objects.filter(body_id=industry_meeting.body_id)
        .exclude(status__in=(Meeting.Status.CANCELLED, Meeting.Status.POSTPONED))
        .order_by("-starts_at", "-pk")
    )


def issue_get_for(*, user, pk, perms=("support.view_issue",)):
    return get_visible_or_404(
        SharedIssue.objects.select_related(
            "industry_meeting__body",
            "industry_meeting__industry",
            "meeting",
            "raised_by",
            "project",
            "agenda_item",
            "created_by",
        ),
        user=user,
        perms=perms,
        pk=pk,
    )


# --- Panels -----------------------------------------------------------------------------


def organization_industry_seats(*, organization):
    """The W.Co's current seats on industry meetings, with the meeting (one query)."""
    return list(
        _current_seats()
        .filter(
            organization=organization,
            body__category=Body.Category.INDUSTRY,
            body__industry_meeting__isnull=False,
        )
        .select_related("body__industry_meeting", "person", "organization")
        .order_by("body__name", "pk")
    )


def organization_open_issues(*, organization):
    return list(
        SharedIssue.objects.filter(
            raised_by=organization, state__in=SharedIssue.OPEN_STATES
        )
        .select_related("industry_meeting__body")
        .order_by("-created_at", "-pk")
    )


def person_industry_seats(*, person):
    """The industry meetings ``person`` sits on as a W.Co's delegate (one query)."""
    return list(
        _current_seats()
        .filter(
            person=person,
            body__category=Body.Category.INDUSTRY,
            body__industry_meeting__isnull=False,
        )
        .select_related("body__industry_meeting", "organization")
        .order_by("body__name", "pk")
    )


# --- Rosters ------------------------------------------------------------------------------


def industry_roster_rows():
    """Every industry meeting's current seats, meeting by meeting (one query)."""
    return (
        _current_seats()
        .filter(body__industry_meeting__isnull=False)
        .select_related("body__industry_meeting__industry", "organization", "person")
        .annotate(industry_order=F("body__industry_meeting__industry__order"))
        .order_by(
            "industry_order",
            "body__industry_meeting__industry__name",
            "organization__sort_key",
            "pk",
        )
    )


# --- The W.Co School's 運営委員会 ---------------------------------------------------------------

COMMITTEE_NAME = "W.Coスクール運営委員会"
COMMITTEE_DESCRIPTION = "W.Coスクールの講座の企画と運営を担う委員会です。"


def school_committee_body() -> Body:
    """The committee's body, named by SchoolCommittee (the migration's row); made
    again when it is gone (a transactional test flushed the tables)."""
    committee = SchoolCommittee.objects.select_related("body").first()
    if committee is not None:
        return committee.body
    with transaction.atomic():
        body = Body.objects.create(
            name=COMMITTEE_NAME,
            kind=Body.Kind.AD_HOC,
            section=Section.SUPPORT,
            category=Body.Category.COMMITTEE,
            description=COMMITTEE_DESCRIPTION,
        )
        SchoolCommittee.objects.create(body=body)
    return body


def body_current_members(*, body):
    """The body's current members, in kana order."""
    return list(
        BodyMember.objects.current()
        .filter(body=body)
        .select_related("person", "organization")
        .order_by("person__sort_key", "pk")
    )
