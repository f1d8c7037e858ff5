"""A registry, a school, a desk and a secretariat whose every typed text is a payload.

Records are made the way the portal makes them (services, or the factories where a
service would add nothing); each text field gets its own payload, tagged with the
field's name, so a failure says which field leaked.
"""

from dataclasses import dataclass, field

from members.models import Affiliation, Person
from secretariat import services as sec
from secretariat.models import AgendaItem, Notice
from support import services as sup
from support.models import Application, Consultation, Course
from support.services.courses import SessionData
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory
from tests.hostile.output_helpers import DEAD_URL, payload
from tests.secretariat import helpers as h
from tests.support.factories import CourseCategoryFactory, at


@dataclass
class World:
    base: str
    texts: dict = field(default_factory=dict)  # tag -> payload
    objects: dict = field(default_factory=dict)

    def p(self, tag):
        value = payload(tag, self.base)
        self.texts[tag] = value
        return value

    def __getitem__(self, name):
        return self.objects[name]


def registry(world, demo):
    p = world.p
    org = OrganizationFactory(
        name=p("org_name"),
        notes=p("org_notes"),
        address=p("org_address"),
        building=p("org_building"),
        postal_code="231-0023",
        email="hostile@example.jp",
    )
    person = PersonFactory(
        family_name=p("person_family"),
        given_name=p("person_given"),
        notes=p("person_notes"),
        address=p("person_address"),
        email="hostile-person@example.jp",
    )
    AffiliationFactory(
        person=person,
        organization=org,
        position=Affiliation.Position.REPRESENTATIVE,
    )
    # The demo member's own name, as they typed it on "my page".
    member = Person.objects.get(account=demo["member"])
    member.family_name = p("member_family")
    member.save(update_fields=["family_name"])
    world.objects.update(org=org, person=person, member_person=member)


def school(world, demo):
    p = world.p
    category = CourseCategoryFactory(name=p("category")[:80])
    course = sup.course_save(
        actor=demo["school"],
        title=p("course_title"),
        category=category,
        description=p("course_description"),
        instructor=p("course_instructor"),
        capacity=1,
        audience=Course.Audience.PUBLIC,
        fee_member=1000,
        fee_general=2000,
        application_opens=at(-5),
        application_closes=at(8),
        cancellation_deadline=at(7),
        sessions=[
            SessionData(starts_at=at(10, 13), ends_at=at(10, 16), venue=p("venue"))
        ],
    )
    sup.course_set_status(
        actor=demo["school"], course=course, status=Course.Status.PUBLISHED
    )
    member = world["member_person"]
    application = sup.application_create(
        actor=demo["member"], course=course, person=member, note=p("application_note")
    )
    waiting = sup.application_create(
        actor=demo["staff"],
        course=course,
        person=world["person"],
        channel=Application.Channel.PROXY,
        note=p("proxy_note"),
    )
    world.objects.update(course=course, application=application, waiting=waiting)


def desk(world, demo):
    p = world.p
    advisor = Person.objects.get(account=demo["advisor"])
    consultation = sup.consultation_intake(
        actor=demo["staff"],
        person=world["person"],
        channel=Consultation.Channel.PHONE,
        desk="general",
        topic=Consultation.Topic.STARTUP,
        description=p("consultation_description"),
        preferred_times=p("preferred_times"),
        consent_method=Consultation.ConsentMethod.VERBAL,
        consent=True,
    )
    consultation = sup.consultation_assign(
        actor=demo["staff"], consultation=consultation, advisor=advisor
    )
    record = sup.consultation_record_add(
        actor=demo["advisor"], consultation=consultation, body=p("record_body")
    )
    consultation = sup.consultation_refer(
        actor=demo["advisor"],
        consultation=consultation,
        referred_to=p("referred_to"),
        consent=True,
    )
    slot = sup.slot_publish(
        actor=demo["advisor"],
        starts_at=at(3, 10),
        ends_at=at(3, 11),
        place=p("slot_place"),
    )
    consultation.refresh_from_db()
    world.objects.update(consultation=consultation, record=record, slot=slot)


def secretariat(world, demo):
    p = world.p
    body = sec.body_create(
        actor=demo["staff"], name=p("body_name"), description=p("body_description")
    )
    meeting = sec.meeting_create(
        actor=demo["staff"],
        body=h.board(),
        title=p("meeting_title"),
        starts_at=h.at(20),
        place=p("meeting_place"),
        chair=h.directors()[0],
    )
    item = sec.agenda_item_create(
        actor=demo["support"],
        source="support",
        kind=AgendaItem.Kind.DELIBERATION,
        title=p("item_title"),
        body=p("item_body"),
    )
    item = sec.agenda_item_transition(actor=demo["support"], item=item, action="submit")
    sec.agenda_comment_add(actor=demo["council"], item=item, text=p("item_comment"))
    item = sec.agenda_item_transition(
        actor=demo["council"], item=item, action="return", reason=p("return_reason")
    )
    item = sec.agenda_item_transition(actor=demo["support"], item=item, action="submit")
    item = sec.agenda_item_transition(actor=demo["council"], item=item, action="accept")
    item = sec.agenda_item_place(actor=demo["staff"], item=item, meeting=meeting)
    notice = sec.notice_save(
        actor=demo["staff"],
        title=p("notice_title"),
        text=p("notice_text"),
        audience=Notice.Audience.ALL_MEMBERS,
    )
    world.objects.update(body=body, meeting=meeting, item=item, notice=notice)


def minutes_of(world, demo):
    """Hold the meeting, decide its item and write minutes with payloads."""
    p = world.p
    meeting = h.held_meeting_from(demo, world["meeting"])
    h.attend(demo, meeting, h.directors()[:4])
    h.attend(demo, meeting, h.auditors()[:1])
    sec.decision_record(
        actor=demo["staff"],
        item=world["item"],
        result="vote",
        votes_for=3,
        votes_against=1,
        abstentions=0,
        dissenters=[h.directors()[3]],
    )
    minutes = sec.minutes_start(actor=demo["staff"], meeting=meeting)
    sec.minutes_update(
        actor=demo["staff"],
        minutes=minutes,
        opening=p("minutes_opening"),
        auditors_statements=p("auditors_statements"),
        other_matters=p("other_matters"),
        writer=None,
        discussions={d.pk: p("discussion") for d in meeting.decisions.all()},
    )
    minutes.refresh_from_db()
    world.objects.update(meeting=meeting, minutes=minutes)


def build(demo, base=DEAD_URL, parts=("registry", "school", "desk", "secretariat")):
    world = World(base=base)
    steps = {
        "registry": registry,
        "school": school,
        "desk": desk,
        "secretariat": secretariat,
        "minutes": minutes_of,
    }
    for part in parts:
        steps[part](world, demo)
    return world
