"""Bulk data of the network section for load tests (``seed_demo --scale N``): per unit
of scale, two bodies the section runs (業種別会議, 委員会, プロジェクトチーム) with
W.Cos' people in their seats, six meetings (on those bodies and the 連携会議), fifty
contacts with partners and W.Cos, and five initiatives with their stage changes and
support logs.

Each kind is topped up to its count × scale and no further, so a rerun (or a larger
scale) adds only what is missing. Bulk inserts: at scale 40 it takes seconds. Needs
the registry's scale people and the councils' demo (network.demo_councils).
"""

import datetime

from django.utils import timezone

from members.demo import SCALE_EMAIL_DOMAIN
from members.models import Affiliation, Municipality, Organization
from secretariat.demo.builder import at
from secretariat.models import Body, BodyMember, Meeting

from .demo_councils import LIAISON, PLACE
from .models import (
    Contact,
    Initiative,
    InitiativeStageChange,
    SupportEntry,
    category_for_legal_form,
)
from .selectors import contact_people

SCALE_BODIES, SCALE_SEATS, SCALE_MEETINGS = 2, 8, 6
SCALE_CONTACTS, SCALE_INITIATIVES = 50, 5
# Not 負荷試験 alone: the secretariat's scale meetings are counted by that prefix.
SCALE_PREFIX = "ネットワーク負荷試験"

_CATEGORIES = (
    (Body.Category.INDUSTRY, "業種別会議"),
    (Body.Category.COMMITTEE, "委員会"),
    (Body.Category.PROJECT_TEAM, "プロジェクトチーム"),
)
_CHANNELS = [value for value, _label in Contact.Channel.choices]
_FORMS = [value for value, _label in Initiative.Form.choices]
_STAGES = [value for value, _label in Initiative.Stage.choices]
_SUPPORT = [value for value, _label in SupportEntry.Kind.choices]


def seed_scale(ctx):
    seats = _scale_seats()
    if len(seats) < SCALE_SEATS:
        return
    today = timezone.localdate()
    _seed_bodies(ctx, seats, today=today)
    _seed_meetings(ctx, today=today)
    _seed_contacts(ctx, today=today)
    _seed_initiatives(ctx, today=today)


def _scale_seats():
    """(person, organization) of the scale people, one a W.Co."""
    seen, seats = set(), []
    for person, organization in (
        Affiliation.objects.filter(
            person__email__endswith="@" + SCALE_EMAIL_DOMAIN, confirmed=True
        )
        .order_by("organization_id", "person_id")
        .values_list("person_id", "organization_id")
    ):
        if organization not in seen:
            seen.add(organization)
            seats.append((person, organization))
    return seats


def _scale_bodies():
    return Body.objects.filter(name__startswith=SCALE_PREFIX, section="network")


def _seed_bodies(ctx, seats, *, today):
    want = SCALE_BODIES * ctx.scale
    have = _scale_bodies().count()
    if have >= want:
        return
    bodies = []
    for number in range(have, want):
        category, label = _CATEGORIES[number % len(_CATEGORIES)]
        bodies.append(
            Body(
                name=f"{SCALE_PREFIX} {label} {number + 1:04d}",
                kind=Body.Kind.AD_HOC,
                section="network",
                category=category,
                description="負荷試験のための会議体です。",
            )
        )
    Body.objects.bulk_create(bodies, batch_size=500)
    since = today - datetime.timedelta(days=365)
    members = []
    for index, body in enumerate(bodies, start=have):
        for seat in range(SCALE_SEATS):
            person, organization = seats[(index * SCALE_SEATS + seat) % len(seats)]
            members.append(
                BodyMember(
                    body=body,
                    person_id=person,
                    organization_id=organization,
                    start=since,
                )
            )
    BodyMember.objects.bulk_create(members, batch_size=2000)
    ctx.log(
        f"Scale {ctx.scale}: {len(bodies)} network bodies with {len(members)} seats added."
    )


def _seed_meetings(ctx, *, today):
    """Every tenth day from a year back to four months ahead, on the 連携会議 and the
    scale bodies in turn: closed before today, convened after."""
    want = SCALE_MEETINGS * ctx.scale
    existing = Meeting.objects.filter(title__startswith=SCALE_PREFIX)
    have = existing.count()
    if have >= want:
        return
    bodies = [
        *Body.objects.filter(name=LIAISON, section="network")[:1],
        *_scale_bodies().order_by("pk"),
    ]
    staff = ctx.accounts["network@example.org"].account
    chair = ctx.accounts["network@example.org"]
    now = timezone.now()
    meetings = []
    for number in range(have, want):
        body = bodies[number % len(bodies)]
        day = today + datetime.timedelta(days=10 * (number % 50) - 365)
        starts_at = at(day, 18)
        meetings.append(
            Meeting(
                body=body,
                title=f"{SCALE_PREFIX} {body.name} 第{number + 1}回",
                starts_at=starts_at,
                ends_at=at(day, 20),
                place=PLACE,
                chair=chair,
                status=Meeting.Status.CLOSED
                if starts_at < now
                else Meeting.Status.CONVENED,
                submission_deadline=starts_at - datetime.timedelta(days=14),
                convened_at=starts_at - datetime.timedelta(days=10),
                created_by=staff,
            )
        )
    Meeting.objects.bulk_create(meetings, batch_size=500)
    ctx.log(f"Scale {ctx.scale}: {len(meetings)} network meetings added.")


def _seed_contacts(ctx, *, today):
    """Contacts with the partners and the scale W.Cos over two years; one in three
    with a follow-up, the older ones done."""
    want = SCALE_CONTACTS * ctx.scale
    have = Contact.objects.filter(topic__startswith=SCALE_PREFIX).count()
    if have >= want:
        return
    organizations = list(
        Organization.objects.filter(kind=Organization.Kind.PARTNER).order_by("pk")
    ) + list(Organization.objects.filter(name__startswith="W.Co ").order_by("pk")[:50])
    owners = list(contact_people().values_list("pk", flat=True))
    actor = ctx.accounts["network@example.org"].account
    contacts = []
    for number in range(have, want):
        organization = organizations[number % len(organizations)]
        date = today - datetime.timedelta(days=(number * 7) % 730)
        follow_up = number % 3 == 0
        contacts.append(
            Contact(
                organization=organization,
                date=date,
                channel=_CHANNELS[number % len(_CHANNELS)],
                category=category_for_legal_form(organization.legal_form),
                topic=f"{SCALE_PREFIX} 連絡 {number + 1:05d}",
                summary="負荷試験のための渉外記録です。",
                their_people="担当者",
                follow_up="資料を送る" if follow_up else "",
                follow_up_owner_id=owners[number % len(owners)] if follow_up else None,
                follow_up_due=date + datetime.timedelta(days=14) if follow_up else None,
                follow_up_done=follow_up and date < today - datetime.timedelta(days=60),
                created_by=actor,
            )
        )
    Contact.objects.bulk_create(contacts, batch_size=2000)
    Through = Contact.our_people.through
    Through.objects.bulk_create(
        [
            Through(contact_id=contact.pk, person_id=owners[index % len(owners)])
            for index, contact in enumerate(contacts)
        ],
        batch_size=5000,
    )
    ctx.log(f"Scale {ctx.scale}: {len(contacts)} network contacts added.")


def _seed_initiatives(ctx, *, today):
    want = SCALE_INITIATIVES * ctx.scale
    have = Initiative.objects.filter(name__startswith=SCALE_PREFIX).count()
    if have >= want:
        return
    municipalities = list(
        Municipality.objects.order_by("code").values_list("pk", flat=True)
    )
    network = ctx.accounts["network@example.org"]
    initiatives = [
        Initiative(
            name=f"{SCALE_PREFIX} 設立準備グループ {number + 1:04d}",
            form=_FORMS[number % len(_FORMS)],
            municipality_id=municipalities[number % len(municipalities)],
            lead=network,
            stage=_STAGES[number % len(_STAGES)],
            next_step="次回の面談で事業計画を確認する",
            next_step_due=today + datetime.timedelta(days=number % 60),
            created_by=network.account,
        )
        for number in range(have, want)
    ]
    Initiative.objects.bulk_create(initiatives, batch_size=1000)
    changes, support = [], []
    for index, initiative in enumerate(initiatives):
        if initiative.stage != Initiative.Stage.IDEA:
            changes.append(
                InitiativeStageChange(
                    initiative=initiative,
                    date=today - datetime.timedelta(days=30 + index % 300),
                    from_stage=Initiative.Stage.IDEA,
                    to_stage=initiative.stage,
                    reason="負荷試験のための段階の変更です。",
                    changed_by=network.account,
                )
            )
        for step in range(2):
            support.append(
                SupportEntry(
                    initiative=initiative,
                    date=today - datetime.timedelta(days=10 + 40 * step + index % 200),
                    kind=_SUPPORT[(index + step) % len(_SUPPORT)],
                    note="負荷試験のための支援の記録です。",
                    by=network,
                )
            )
    InitiativeStageChange.objects.bulk_create(changes, batch_size=2000)
    SupportEntry.objects.bulk_create(support, batch_size=2000)
    ctx.log(f"Scale {ctx.scale}: {len(initiatives)} initiatives added.")
