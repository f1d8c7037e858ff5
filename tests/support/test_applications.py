"""Applying for a course, the waitlist, cancelling and promotion (services)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Person, Role
from support import services
from support.models import Application, Course
from tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    RoleAssignmentFactory,
)
from tests.support.factories import CourseFactory, at, staff_user
from wco_sse.core.errors import PermissionDenied, ServiceError
from wco_sse.core.models import AuditEntry, OutboundEmail

pytestmark = pytest.mark.django_db


def member(**kwargs):
    person = PersonFactory(with_account=True, **kwargs)
    AffiliationFactory(person=person)
    return person


def apply(person, course, **kwargs):
    return services.application_create(
        actor=person.account, course=course, person=person, **kwargs
    )


def waitlist(course):
    return list(
        Application.objects.filter(course=course, status="waitlisted")
        .order_by("waitlist_position")
        .values_list("person_id", "waitlist_position")
    )


def test_confirmed_while_seats_remain_then_waitlisted_with_position():
    """Applications are confirmed up to the capacity; later ones join the waitlist
    with positions 1, 2, … and each person is told by email."""
    course = CourseFactory(capacity=2)
    people = [member() for _ in range(4)]
    results = [apply(p, course) for p in people]
    assert [a.status for a in results] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    assert [a.waitlist_position for a in results] == [None, None, 1, 2]
    templates = sorted(OutboundEmail.objects.values_list("template", flat=True))
    assert templates == ["course_confirmed"] * 2 + ["course_waitlisted"] * 2
    assert AuditEntry.objects.filter(action="course_application.create").count() == 4


def test_member_pays_member_fee_citizen_general_fee():
    course = CourseFactory()
    assert apply(member(), course).fee == 1000
    assert apply(PersonFactory(with_account=True), course).fee == 2000


def test_the_member_rate_follows_the_registry_from_one_application_to_the_next(
    client,
):
    """Applying for oneself reads membership from the applicant's role snapshot:
    an affiliation confirmed between two applications counts at once, and one that
    ends stops counting at once."""
    person = PersonFactory(with_account=True)
    client.force_login(person.account)
    courses = CourseFactory.create_batch(3)

    def apply_in_browser(course):
        client.get(reverse("support:course_detail", args=[course.pk]))
        answer = client.post(
            reverse("support:course_apply", args=[course.pk]),
            {"privacy_consent": "on"},
        )
        assert answer.status_code == 302
        return Application.objects.get(course=course, person=person)

    citizen = apply_in_browser(courses[0])
    assert (citizen.fee, citizen.is_member_rate) == (2000, False)
    affiliation = AffiliationFactory(person=person)
    joined = apply_in_browser(courses[1])
    assert (joined.fee, joined.is_member_rate) == (1000, True)
    affiliation.end = timezone.localdate() - datetime.timedelta(days=1)
    affiliation.save()
    left = apply_in_browser(courses[2])
    assert (left.fee, left.is_member_rate) == (2000, False)


def test_one_live_application_per_person_and_course():
    """Nobody holds two live applications for one course; after cancelling they may
    apply again."""
    course = CourseFactory()
    person = member()
    first = apply(person, course)
    with pytest.raises(ServiceError, match="already applied"):
        apply(person, course)
    services.application_cancel(actor=person.account, application=first)
    assert apply(person, course).status == "confirmed"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"application_opens": at(2)}, "Applications open on"),
        (
            {"application_opens": at(-9), "application_closes": at(-1)},
            "Applications closed on",
        ),
        ({"status": Course.Status.CANCELLED}, "cancelled"),
        ({"status": Course.Status.DRAFT}, "not open"),
        ({"status": Course.Status.FINISHED}, "not open"),
    ],
)
def test_applying_outside_the_period_or_to_a_closed_course_is_refused(changes, message):
    course = CourseFactory(**changes)
    with pytest.raises(ServiceError, match=message):
        apply(member(), course)
    assert not Application.objects.exists()


def test_members_only_course_refuses_non_members_with_the_reason():
    course = CourseFactory(members_only=True)
    citizen = PersonFactory(with_account=True)
    with pytest.raises(ServiceError, match="members only"):
        apply(citizen, course)
    unconfirmed = PersonFactory(with_account=True)
    AffiliationFactory(person=unconfirmed, unconfirmed=True)
    with pytest.raises(ServiceError, match="members only"):
        apply(unconfirmed, course)
    non_member_wco = PersonFactory(with_account=True)
    AffiliationFactory(
        person=non_member_wco, organization=OrganizationFactory(non_member=True)
    )
    with pytest.raises(ServiceError, match="members only"):
        apply(non_member_wco, course)
    supporter = PersonFactory(with_account=True, is_individual_supporter=True)
    assert apply(supporter, course).status == "confirmed"
    assert apply(member(), course).status == "confirmed"


def test_a_person_applies_only_for_themself():
    course = CourseFactory()
    with pytest.raises(PermissionDenied, match="only for yourself"):
        services.application_create(
            actor=member().account, course=course, person=member()
        )


def test_representative_applies_for_people_of_their_wco():
    """A W.Co representative applies for their own people, recorded as such, and for
    nobody else."""
    course = CourseFactory()
    wco = OrganizationFactory()
    rep = PersonFactory(with_account=True)
    AffiliationFactory(person=rep, organization=wco, representative=True)
    colleague = AffiliationFactory(organization=wco).person
    application = services.application_create(
        actor=rep.account,
        course=course,
        person=colleague,
        channel=Application.Channel.REPRESENTATIVE,
        organization=wco,
    )
    assert application.organization == wco
    assert application.applied_by == rep.account
    stranger = member()
    with pytest.raises(ServiceError, match="not a confirmed member"):
        services.application_create(
            actor=rep.account,
            course=course,
            person=stranger,
            channel=Application.Channel.REPRESENTATIVE,
            organization=wco,
        )
    with pytest.raises(PermissionDenied, match=r"W\.Co you represent"):
        services.application_create(
            actor=rep.account,
            course=course,
            person=colleague,
            channel=Application.Channel.REPRESENTATIVE,
            organization=OrganizationFactory(),
        )


def test_secretariat_applies_on_behalf_of_someone_without_account_or_email():
    """代理申込: the secretariat records an application for someone who phoned in,
    a new registry person with only a phone number."""
    course = CourseFactory()
    staff = staff_user()
    person = services.person_create_for_proxy(
        actor=staff, family_name="山田", given_name="花子", phone="045-000-0000"
    )
    application = services.application_create(
        actor=staff,
        course=course,
        person=person,
        channel=Application.Channel.PROXY,
        note="6月3日に電話",
    )
    assert application.channel == "proxy"
    assert application.applied_by == staff
    assert person.account is None and person.email == ""
    assert not OutboundEmail.objects.exists()  # nobody to write to
    with pytest.raises(ServiceError, match="phone number or an email") as error:
        services.person_create_for_proxy(actor=staff, family_name="山田")
    assert error.value.field == "phone"
    with pytest.raises(PermissionDenied, match="permission"):
        services.application_create(
            actor=member().account,
            course=course,
            person=PersonFactory(),
            channel=Application.Channel.PROXY,
        )


def test_school_committee_may_apply_by_proxy():
    course = CourseFactory()
    committee = staff_user(Role.SCHOOL_COMMITTEE)
    application = services.application_create(
        actor=committee,
        course=course,
        person=Person.objects.create(family_name="電話", phone="1"),
        channel=Application.Channel.PROXY,
    )
    assert application.status == "confirmed"


# --- Cancelling and the waitlist ---------------------------------------------------------


def test_cancel_frees_the_seat_and_promotes_the_first_on_the_waitlist():
    """A cancellation before the deadline promotes the first waitlisted person, who
    is told by email; the rest move up one place."""
    course = CourseFactory(capacity=1)
    first, second, third = member(), member(), member()
    held = apply(first, course)
    apply(second, course)
    apply(third, course)
    services.application_cancel(actor=first.account, application=held, reason="体調")
    held.refresh_from_db()
    assert held.status == "cancelled" and held.end_reason == "体調"
    promoted = Application.objects.get(course=course, person=second)
    assert promoted.status == "confirmed"
    assert promoted.promoted_at is not None
    assert waitlist(course) == [(third.pk, 1)]
    email = OutboundEmail.objects.get(template="course_promoted")
    assert email.to == second.contact_email


def test_participant_cannot_cancel_after_the_deadline_but_staff_can():
    course = CourseFactory(cancellation_deadline=at(-1), application_opens=at(-9))
    person = member()
    application = apply(person, course)
    with pytest.raises(ServiceError, match="deadline"):
        services.application_cancel(actor=person.account, application=application)
    services.application_cancel(actor=staff_user(), application=application)
    application.refresh_from_db()
    assert application.status == "cancelled"


def test_leaving_the_waitlist_keeps_positions_contiguous():
    course = CourseFactory(capacity=1)
    people = [member() for _ in range(4)]
    applications = [apply(p, course) for p in people]
    services.application_cancel(actor=people[2].account, application=applications[2])
    applications[2].refresh_from_db()
    assert applications[2].status == "withdrawn"
    assert waitlist(course) == [(people[1].pk, 1), (people[3].pk, 2)]
    assert not OutboundEmail.objects.filter(template="course_promoted").exists()


def test_cancelling_twice_is_refused():
    course = CourseFactory()
    person = member()
    application = apply(person, course)
    services.application_cancel(actor=person.account, application=application)
    with pytest.raises(ServiceError, match="no longer active"):
        services.application_cancel(actor=person.account, application=application)


def test_others_may_not_cancel_someone_elses_application():
    course = CourseFactory()
    application = apply(member(), course)
    with pytest.raises(PermissionDenied, match="permission"):
        services.application_cancel(actor=member().account, application=application)


def test_staff_promotion_out_of_order_needs_a_reason_and_is_logged():
    """With the course full, the chosen person moves to the head of the waitlist
    and takes the next seat; with a seat free, they are confirmed at once."""
    course = CourseFactory(capacity=1)
    holder, a, b, c = member(), member(), member(), member()
    held = apply(holder, course)
    apply(a, course)
    apply(b, course)
    chosen = apply(c, course)
    staff = staff_user()
    with pytest.raises(ServiceError, match="why"):
        services.application_promote(actor=staff, application=chosen, reason=" ")
    with pytest.raises(PermissionDenied, match="permission"):
        services.application_promote(
            actor=holder.account, application=chosen, reason="x"
        )
    services.application_promote(
        actor=staff, application=chosen, reason="前回キャンセル待ちで受講できなかった"
    )
    assert waitlist(course) == [(c.pk, 1), (a.pk, 2), (b.pk, 3)]
    entry = AuditEntry.objects.get(action="course_application.promote_out_of_order")
    assert "前回キャンセル待ち" in entry.message
    services.application_cancel(actor=holder.account, application=held)
    assert Application.objects.get(course=course, person=c).status == "confirmed"
    assert waitlist(course) == [(a.pk, 1), (b.pk, 2)]


def test_staff_promotion_with_a_free_seat_confirms_at_once():
    course = CourseFactory(capacity=1)
    apply(member(), course)
    waiting = apply(member(), course)
    # A seat frees without promotion only when the capacity row says so: simulate
    # a raised capacity written outside the service.
    Course.objects.filter(pk=course.pk).update(capacity=2)
    promoted = services.application_promote(
        actor=staff_user(), application=waiting, reason="講師の紹介"
    )
    assert promoted.status == "confirmed"
    assert promoted.promotion_reason == "講師の紹介"


def test_only_waitlisted_applications_are_promoted():
    course = CourseFactory()
    application = apply(member(), course)
    with pytest.raises(ServiceError, match="waitlisted"):
        services.application_promote(
            actor=staff_user(), application=application, reason="x"
        )


# --- Capacity --------------------------------------------------------------------------------


def _save(course, actor, **changes):
    sessions = [
        services.SessionData(
            pk=s.pk, starts_at=s.starts_at, ends_at=s.ends_at, venue=s.venue
        )
        for s in course.sessions.all()
    ]
    data = {
        "title": course.title,
        "category": course.category,
        "capacity": course.capacity,
        "audience": course.audience,
        "application_opens": course.application_opens,
        "application_closes": course.application_closes,
        "cancellation_deadline": course.cancellation_deadline,
        "sessions": sessions,
    }
    data.update(changes)
    return services.course_save(actor=actor, course=course, **data)


def test_raising_the_capacity_promotes_from_the_waitlist():
    course = CourseFactory(capacity=1)
    people = [member() for _ in range(4)]
    for person in people:
        apply(person, course)
    _save(course, staff_user(), capacity=3)
    statuses = dict(
        Application.objects.filter(course=course).values_list("person_id", "status")
    )
    assert [statuses[p.pk] for p in people] == [
        "confirmed",
        "confirmed",
        "confirmed",
        "waitlisted",
    ]
    assert waitlist(course) == [(people[3].pk, 1)]
    assert OutboundEmail.objects.filter(template="course_promoted").count() == 2


def test_capacity_below_the_confirmed_applications_is_refused():
    course = CourseFactory(capacity=3)
    for _ in range(3):
        apply(member(), course)
    with pytest.raises(ServiceError, match="can't be lower") as error:
        _save(course, staff_user(), capacity=2, title="変更後")
    assert error.value.field == "capacity"
    course.refresh_from_db()
    assert (course.capacity, course.title) == (3, course.title)
    assert course.title != "変更後"


def test_course_write_refusals_leave_nothing_half_saved():
    """Sessions ending before they start, an application period closing after the
    first session, a cancellation deadline after it: refused, nothing saved."""
    course = CourseFactory(sessions=2)
    staff = staff_user()
    first = course.sessions.first()
    bad_session = services.SessionData(
        starts_at=at(20, 15), ends_at=at(20, 14), venue="会議室"
    )
    good = [
        services.SessionData(
            pk=s.pk, starts_at=s.starts_at, ends_at=s.ends_at, venue=s.venue
        )
        for s in course.sessions.all()
    ]
    with pytest.raises(ServiceError, match="ends before it starts"):
        _save(course, staff, title="X", sessions=[*good, bad_session])
    with pytest.raises(ServiceError, match="before the first session"):
        _save(
            course,
            staff,
            application_closes=first.starts_at + datetime.timedelta(minutes=1),
        )
    with pytest.raises(ServiceError, match="cancellation deadline"):
        _save(
            course,
            staff,
            cancellation_deadline=first.starts_at + datetime.timedelta(hours=1),
        )
    with pytest.raises(ServiceError, match="closes before it opens"):
        _save(course, staff, application_closes=course.application_opens)
    with pytest.raises(ServiceError, match="at least one session"):
        _save(course, staff, sessions=[])
    course.refresh_from_db()
    assert course.title != "X"
    assert course.sessions.count() == 2


def test_creating_a_course_with_sessions_sets_the_first_session():
    staff = staff_user(Role.SCHOOL_COMMITTEE)
    existing = CourseFactory()
    course = services.course_save(
        actor=staff,
        title="新講座",
        category=existing.category,
        capacity=10,
        audience="public",
        application_opens=at(-1),
        application_closes=at(5),
        cancellation_deadline=at(5),
        sessions=[
            services.SessionData(starts_at=at(20, 10), ends_at=at(20, 12), venue="A"),
            services.SessionData(starts_at=at(13, 10), ends_at=at(13, 12), venue="B"),
        ],
    )
    assert course.first_session_at == at(13, 10)
    assert course.status == "draft"
    services.course_set_status(actor=staff, course=course, status="published")
    with pytest.raises(ServiceError, match="Published can't become Draft"):
        services.course_set_status(actor=staff, course=course, status="draft")
    with pytest.raises(PermissionDenied, match="permission"):
        services.course_set_status(
            actor=member().account, course=course, status="cancelled"
        )


def test_course_writes_need_the_school_committee_or_the_secretariat():
    course = CourseFactory()
    council = PersonFactory(with_account=True)
    RoleAssignmentFactory(person=council, role=Role.COUNCIL_MEMBER)
    with pytest.raises(PermissionDenied, match="permission"):
        _save(course, council.account, capacity=5)


def test_applications_after_a_change_see_the_new_capacity():
    course = CourseFactory(capacity=1)
    apply(member(), course)
    _save(course, staff_user(), capacity=2)
    assert apply(member(), course).status == "confirmed"
    assert apply(member(), course).status == "waitlisted"


def test_cancelling_a_course_ends_its_applications_and_tells_everyone():
    course = CourseFactory(capacity=1)
    people = [member(), member()]
    for person in people:
        apply(person, course)
    services.course_set_status(actor=staff_user(), course=course, status="cancelled")
    assert set(
        Application.objects.filter(course=course).values_list("status", flat=True)
    ) == {"cancelled"}
    assert not Application.objects.filter(waitlist_position__isnull=False).exists()
    emails = OutboundEmail.objects.filter(template="course_cancelled")
    assert sorted(e.to for e in emails) == sorted(p.contact_email for p in people)
    with pytest.raises(ServiceError, match="cancelled"):
        apply(member(), course)
