"""Factories and helpers of the support section's tests."""

import datetime

import factory
from django.utils import timezone

from members.models import Desk, Role
from support.models import (
    AppointmentSlot,
    Consultation,
    Course,
    CourseCategory,
    CourseSession,
)
from tests.factories import PersonFactory, RoleAssignmentFactory


def at(days=0, hour=10, minute=0):
    """An aware datetime ``days`` from today at ``hour``:``minute`` Tokyo time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


class CourseCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"起業支援{n}")


class CourseFactory(factory.django.DjangoModelFactory):
    """A published public course open for applications now, with ``sessions``
    sessions starting in ten days (one a week)."""

    class Meta:
        model = Course
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"W.Co入門講座 第{n}期")
    category = factory.SubFactory(CourseCategoryFactory)
    capacity = 3
    audience = Course.Audience.PUBLIC
    fee_member = 1000
    fee_general = 2000
    application_opens = factory.LazyFunction(lambda: at(-5))
    application_closes = factory.LazyFunction(lambda: at(8))
    cancellation_deadline = factory.LazyFunction(lambda: at(7))
    status = Course.Status.PUBLISHED

    class Params:
        members_only = factory.Trait(audience=Course.Audience.MEMBERS)
        draft = factory.Trait(status=Course.Status.DRAFT)

    @factory.post_generation
    def sessions(obj, create, extracted, **kwargs):
        if not create:
            return
        count = 1 if extracted is None else extracted
        first = None
        for number in range(count):
            session = CourseSession.objects.create(
                course=obj,
                starts_at=at(10 + 7 * number, 13),
                ends_at=at(10 + 7 * number, 16),
                venue="かながわ県民センター",
            )
            first = first or session.starts_at
        obj.first_session_at = first
        obj.save(update_fields=["first_session_at"])


def advisor(desk=Desk.GENERAL, **kwargs):
    person = PersonFactory(with_account=True, **kwargs)
    RoleAssignmentFactory(person=person, role=Role.ADVISOR, scope=desk)
    return person


def staff_user(role=Role.SECRETARIAT_STAFF):
    person = PersonFactory(with_account=True)
    RoleAssignmentFactory(person=person, role=role)
    return person.account


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    requester = factory.SubFactory(PersonFactory, with_account=True)
    desk = Desk.GENERAL
    topic = Consultation.Topic.STARTUP
    channel = Consultation.Channel.FORM
    description = "起業について相談したいです。"
    consent_method = Consultation.ConsentMethod.CHECKBOX
    consent_at = factory.LazyFunction(timezone.now)


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppointmentSlot

    advisor = factory.SubFactory(PersonFactory, with_account=True)
    starts_at = factory.Sequence(lambda n: at(3 + n, 14))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(hours=1))
    place = "相談室"
