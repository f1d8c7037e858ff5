"""Steps that belong together are one service: a new person with their application
(代理申込) or with their request (相談受付); and a service is never nested in
another transaction."""

import pytest
from django.db import transaction

from members.models import Desk, Person
from support import services
from support.forms import CourseForm, ProxyApplyForm
from support.models import Application, Consultation
from tests.factories import AffiliationFactory, PersonFactory
from tests.support.factories import CourseFactory, at, staff_user
from wco_sse.core.errors import PermissionDenied, ServiceError
from wco_sse.core.models import AuditEntry

pytestmark = pytest.mark.django_db

CALLER = services.NewPerson(
    family_name="電話",
    given_name="花子",
    family_name_kana="デンワ",
    phone="045-111-2222",
)


def _intake(actor, **kwargs):
    data = {
        "channel": "phone",
        "desk": Desk.GENERAL,
        "topic": "startup",
        "description": "起業の相談",
        "consent_method": "verbal",
        "consent": True,
    }
    data.update(kwargs)
    return services.consultation_intake(actor=actor, **data)


def test_a_proxy_application_records_the_new_person_with_it():
    """代理申込 for someone new: the person and their application, in one service."""
    course = CourseFactory()
    staff = staff_user()
    application = services.application_create_by_proxy(
        actor=staff, course=course, new_person=CALLER, note="電話で受付"
    )
    person = application.person
    assert (person.family_name, person.given_name, person.phone) == (
        "電話",
        "花子",
        "045-111-2222",
    )
    assert person.account is None
    assert (application.channel, application.applied_by) == ("proxy", staff)
    assert AuditEntry.objects.filter(
        action="person.create_for_proxy", target_id=str(person.pk)
    ).exists()


def test_a_refused_proxy_application_leaves_no_new_person():
    course = CourseFactory(application_opens=at(-5), application_closes=at(-1))
    staff = staff_user()
    people = Person.objects.count()
    with pytest.raises(ServiceError, match="Applications closed on"):
        services.application_create_by_proxy(
            actor=staff, course=course, new_person=CALLER
        )
    assert Person.objects.count() == people
    assert not Application.objects.exists()


def test_a_new_person_needs_a_name_and_a_way_to_reach_them():
    course = CourseFactory()
    staff = staff_user()
    people = Person.objects.count()
    with pytest.raises(ServiceError, match="phone number or an email") as error:
        services.application_create_by_proxy(
            actor=staff,
            course=course,
            new_person=services.NewPerson(family_name="電話"),
        )
    assert error.value.field == "phone"
    with pytest.raises(ServiceError, match="family name") as error:
        services.application_create_by_proxy(
            actor=staff,
            course=course,
            new_person=services.NewPerson(family_name=" ", phone="1"),
        )
    assert error.value.field == "family_name"
    assert Person.objects.count() == people


def test_a_proxy_application_takes_a_person_or_a_new_person():
    course = CourseFactory()
    staff = staff_user()
    for choice in ({}, {"person": PersonFactory(), "new_person": CALLER}):
        with pytest.raises(ServiceError, match="Choose a person from the registry"):
            services.application_create_by_proxy(actor=staff, course=course, **choice)
    known = PersonFactory()
    application = services.application_create_by_proxy(
        actor=staff, course=course, person=known
    )
    assert application.person == known


def test_only_the_school_staff_apply_by_proxy():
    citizen = PersonFactory(with_account=True).account
    course = CourseFactory()
    people = Person.objects.count()
    with pytest.raises(PermissionDenied, match="permission"):
        services.application_create_by_proxy(
            actor=citizen, course=course, new_person=CALLER
        )
    assert Person.objects.count() == people


def test_an_intake_records_the_new_person_with_the_request():
    staff = staff_user()
    consultation = _intake(staff, new_person=CALLER)
    assert consultation.requester.family_name == "電話"
    assert consultation.consent_recorded_by == staff


def test_a_refused_intake_leaves_no_new_person():
    """A new person can't belong to a W.Co yet: the request naming one is refused,
    and the person is not kept without it."""
    wco = AffiliationFactory().organization
    staff = staff_user()
    people = Person.objects.count()
    with pytest.raises(ServiceError, match="is not affiliated with") as error:
        _intake(staff, new_person=CALLER, organization=wco)
    assert error.value.field == "organization"
    assert Person.objects.count() == people
    assert not Consultation.objects.exists()


def test_services_refuse_to_run_inside_another_transaction():
    """A view that opened its own transaction around two services fails loudly
    instead of committing half of what it meant (services are durable)."""
    course = CourseFactory()
    staff = staff_user()
    person = PersonFactory()
    calls = [
        lambda: services.person_create_for_proxy(
            actor=staff, family_name="電話", phone="1"
        ),
        lambda: services.application_create(
            actor=staff, course=course, person=person, channel="proxy"
        ),
        lambda: services.application_create_by_proxy(
            actor=staff, course=course, new_person=CALLER
        ),
        lambda: _intake(staff, person=person),
    ]
    for call in calls:
        with (
            pytest.raises(RuntimeError, match="durable"),
            transaction.atomic(),
        ):
            call()
    assert not Application.objects.exists()
    assert not Consultation.objects.exists()


def test_the_course_form_names_the_fields_course_save_takes():
    """One list of course fields: the form, the staff page and the service share it."""
    assert tuple(CourseForm.base_fields) == services.COURSE_FIELDS
    course = CourseFactory()
    with pytest.raises(TypeError, match="colour"):
        services.course_save(
            actor=staff_user(),
            course=course,
            sessions=[],
            colour="red",
            **{name: getattr(course, name) for name in services.COURSE_FIELDS},
        )


def test_the_phone_forms_name_the_new_persons_fields():
    fields = set(ProxyApplyForm.base_fields)
    assert set(services.NEW_PERSON_FIELDS) <= fields
