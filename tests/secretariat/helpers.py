"""Building governance state for tests, through the services where it matters."""

import datetime

from django.utils import timezone

from members.models import Organization, Person, Role, RoleAssignment
from members.models.roles import DIRECTOR_ROLES
from secretariat import services
from secretariat.models import AgendaItem, Attendance, Body, Meeting, Minutes


def board():
    return Body.objects.statutory(Body.Kind.BOARD)


def assembly():
    return Body.objects.statutory(Body.Kind.ASSEMBLY)


def at(days=0, hour=14):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def directors():
    return list(
        Person.objects.filter(
            pk__in=RoleAssignment.objects.current()
            .filter(role__in=DIRECTOR_ROLES)
            .values("person_id")
        ).order_by("pk")
    )


def auditors():
    return list(
        Person.objects.filter(
            pk__in=RoleAssignment.objects.current()
            .filter(role=Role.AUDITOR)
            .values("person_id")
        ).order_by("pk")
    )


def meeting(demo, *, body=None, days=20, title="第5回理事会", **extra):
    return services.meeting_create(
        actor=demo["staff"],
        body=body or board(),
        title=title,
        starts_at=at(days),
        place="W.Co SSE 会議室",
        **extra,
    )


def held_meeting(demo, *, body=None, title="第5回理事会"):
    """A meeting held today, convened in time (created in the past by hand)."""
    m = meeting(demo, body=body, days=20, title=title)
    services.meeting_convene(actor=demo["staff"], meeting=m)
    Meeting.objects.filter(pk=m.pk).update(starts_at=at(0, hour=0))
    m.refresh_from_db()
    services.meeting_hold(actor=demo["staff"], meeting=m)
    m.refresh_from_db()
    return m


def item(
    demo,
    *,
    section="support",
    kind=AgendaItem.Kind.DELIBERATION,
    status="draft",
    meeting=None,
    title="W.Coスクール講座の新設について",
):
    """An item of ``section`` moved through the pipeline up to ``status``."""
    author = (
        demo[section]
        if section in ("support", "network", "business")
        else demo["staff"]
    )
    it = services.agenda_item_create(
        actor=author,
        source=section,
        kind=kind,
        title=title,
        body="提案の内容",
    )
    steps = {
        "draft": [],
        "submitted": ["submit"],
        "returned": ["submit", "return"],
        "accepted": ["submit", "accept"],
        "withdrawn": ["withdraw"],
        "placed": ["submit", "accept", "place"],
    }[status]
    for step in steps:
        if step == "submit":
            it = services.agenda_item_transition(actor=author, item=it, action="submit")
        elif step == "accept":
            it = services.agenda_item_transition(
                actor=demo["council"], item=it, action="accept"
            )
        elif step == "return":
            it = services.agenda_item_transition(
                actor=demo["council"], item=it, action="return", reason="資料不足"
            )
        elif step == "withdraw":
            it = services.agenda_item_transition(
                actor=author, item=it, action="withdraw"
            )
        elif step == "place":
            it = services.agenda_item_place(
                actor=demo["staff"], item=it, meeting=meeting
            )
    return it


def attend(demo, meeting, people, kind=Attendance.Kind.PRESENT):
    for person in people:
        services.attendance_set(
            actor=demo["staff"], meeting=meeting, person=person, kind=kind
        )


def held_meeting_from(demo, m):
    """Convene and hold an existing (open) meeting today."""
    services.meeting_convene(actor=demo["staff"], meeting=m)
    Meeting.objects.filter(pk=m.pk).update(starts_at=at(0, hour=0))
    m.refresh_from_db()
    services.meeting_hold(actor=demo["staff"], meeting=m)
    m.refresh_from_db()
    return m


def minutes_awaiting_signature(demo):
    """Minutes of a held board meeting (the chair signs them), awaiting that one
    signature."""
    body = board()
    body.minutes_signers = Body.MinutesSigners.CHAIR
    body.save()
    m = meeting(demo, chair=directors()[0])
    it = item(demo, status="placed", meeting=m)
    held_meeting_from(demo, m)
    attend(demo, m, directors()[:3])
    services.decision_record(actor=demo["staff"], item=it, result="defer")
    minutes = services.minutes_start(actor=demo["staff"], meeting=m)
    services.minutes_finalize(actor=demo["staff"], minutes=minutes)
    return Minutes.objects.get(pk=minutes.pk)


# --- The general assembly ---------------------------------------------------------------


ASSEMBLY_SIZE = 5


def five_regular_members():
    """The assembly cases are written for five 社員: the first five 正会員 of the demo
    stay regular members, the rest become supporting members for the test."""
    regular = Organization.objects.filter(
        membership_class=Organization.MembershipClass.REGULAR
    ).order_by("name_kana", "name", "pk")
    keep = list(regular.values_list("pk", flat=True)[:ASSEMBLY_SIZE])
    regular.exclude(pk__in=keep).update(
        membership_class=Organization.MembershipClass.SUPPORTING
    )


def assembly_item(demo, resolution_type, *, written_votes=False):
    """An item the board adopted, referred to a general assembly held today (of five
    社員), as ``resolution_type``."""
    five_regular_members()
    body = Body.objects.statutory(Body.Kind.ASSEMBLY)
    body.allows_written_votes = written_votes
    body.save()
    board_meeting = meeting(demo)
    adopted = item(demo, status="placed", meeting=board_meeting, section="secretariat")
    held_meeting_from(demo, board_meeting)
    attend(demo, board_meeting, directors())
    services.decision_record(
        actor=demo["staff"],
        item=adopted,
        result="vote",
        votes_for=5,
        votes_against=0,
        abstentions=0,
    )
    referral = services.agenda_item_refer_to_assembly(
        actor=demo["staff"], item=adopted, resolution_type=resolution_type
    )
    agm = meeting(demo, body=body, title="定時社員総会", days=30)
    referral = services.agenda_item_place(
        actor=demo["staff"], item=referral, meeting=agm
    )
    held_meeting_from(demo, agm)
    return referral, agm


def regular_members():
    """The 社員 (正会員 organizations), in the order of the attendance sheet."""
    return list(
        Organization.objects.filter(
            membership_class=Organization.MembershipClass.REGULAR
        ).order_by("name_kana", "name", "pk")
    )


def network_body(demo, *, name="正会員単体W.Coによる連携会議", category="liaison"):
    """An ad-hoc body the network section runs."""
    return services.body_create(
        actor=demo["staff"], name=name, section="network", category=category
    )


def confirmed_person_of(organization):
    from members.models import Affiliation

    return (
        Affiliation.objects.current()
        .filter(organization=organization, confirmed=True)
        .select_related("person")
        .order_by("pk")
        .first()
        .person
    )


def seat(demo, *, body=None, organization=None, person=None):
    """A seat held by a W.Co (the demo's home W.Co, through its representative)."""
    body = body or network_body(demo)
    organization = organization or demo.ctx.data["home_wco"]
    if person is None:
        person = (
            demo["rep"].person
            if organization == demo.ctx.data["home_wco"]
            else confirmed_person_of(organization)
        )
    return services.body_member_add(
        actor=demo["staff"], body=body, person=person, organization=organization
    )
