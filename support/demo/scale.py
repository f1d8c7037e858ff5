"""Bulk courses with applications, and consultations, for load tests
(``seed_demo --scale N``).

Each kind is topped up to its count × scale and no further, so a rerun (or a
larger scale) adds only what is missing. Needs the registry's scale people.
"""

import datetime

from django.utils import timezone

from members.demo import SCALE_EMAIL_DOMAIN
from members.models import Desk, Person

from ..models import Application, Consultation, Course, CourseSession
from ..services import CourseData
from .school import VENUES, categories_get_or_create, local

SCALE_COURSES, SCALE_CAPACITY, SCALE_APPLICANTS = 50, 20, 25
SCALE_CONSULTATIONS = 125
SCALE_PREFIX = "負荷試験講座"
SCALE_CONSULTATION_PREFIX = "【負荷試験】"
_SCALE_TOPICS = [value for value, _label in Consultation.Topic.choices]
_SCALE_STATES = ("new", "assigned", "in_progress", "closed", "closed")


def _scale_people():
    return list(
        Person.objects.filter(email__endswith="@" + SCALE_EMAIL_DOMAIN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def seed_scale(ctx):
    people = _scale_people()
    if len(people) < SCALE_APPLICANTS:
        return
    categories = categories_get_or_create()
    today, now = timezone.localdate(), timezone.now()
    _seed_scale_courses(ctx, people, categories=categories, today=today, now=now)
    _seed_scale_consultations(ctx, people, now=now)


# --- Courses ------------------------------------------------------------------------------


def _scale_course(number, *, categories, today):
    """Course ``number``: a year back to five months ahead, one in three in the
    future, one in four for members only; one evening session."""
    day = today + datetime.timedelta(days=(number % 500) - 350)
    start = local(day, 18, 30)
    data = CourseData(
        title=f"{SCALE_PREFIX} {number + 1:04d}",
        category=categories[number % len(categories)],
        description="負荷試験のための講座です。",
        capacity=SCALE_CAPACITY,
        audience="members" if number % 4 == 0 else "public",
        fee_member=1000,
        fee_general=2000,
        application_opens=start - datetime.timedelta(days=400),
        application_closes=start - datetime.timedelta(days=1),
        cancellation_deadline=start - datetime.timedelta(days=2),
    )
    return Course(
        **data.values(),
        status=Course.Status.FINISHED if day < today else Course.Status.PUBLISHED,
        first_session_at=start,
    )


def _scale_applications(course, index, people, *, now):
    """Twenty-five people, rotating through the scale people: twenty confirmed,
    five on the waitlist."""
    offset = (index * SCALE_APPLICANTS) % len(people)
    chosen = (people[offset:] + people[:offset])[:SCALE_APPLICANTS]
    for rank, pk in enumerate(chosen):
        confirmed = rank < SCALE_CAPACITY
        yield Application(
            course=course,
            person_id=pk,
            status="confirmed" if confirmed else "waitlisted",
            waitlist_position=None if confirmed else rank - SCALE_CAPACITY + 1,
            fee=1000,
            is_member_rate=True,
            confirmed_at=now if confirmed else None,
        )


def _seed_scale_courses(ctx, people, *, categories, today, now):
    want = SCALE_COURSES * ctx.scale
    have = Course.objects.filter(title__startswith=SCALE_PREFIX).count()
    if have >= want:
        return
    courses = [
        _scale_course(number, categories=categories, today=today)
        for number in range(have, want)
    ]
    Course.objects.bulk_create(courses, batch_size=1000)
    CourseSession.objects.bulk_create(
        [
            CourseSession(
                course=course,
                starts_at=course.first_session_at,
                ends_at=course.first_session_at + datetime.timedelta(hours=2),
                venue=VENUES[index % len(VENUES)],
            )
            for index, course in enumerate(courses)
        ],
        batch_size=2000,
    )
    applications = [
        application
        for index, course in enumerate(courses, start=have)
        for application in _scale_applications(course, index, people, now=now)
    ]
    Application.objects.bulk_create(applications, batch_size=5000)
    ctx.log(
        f"Scale {ctx.scale}: {len(courses)} W.Co School courses with "
        f"{len(applications)} applications added."
    )


# --- Consultations ------------------------------------------------------------------------


def _seed_scale_consultations(ctx, people, *, now):
    want = SCALE_CONSULTATIONS * ctx.scale
    existing = Consultation.objects.filter(
        description__startswith=SCALE_CONSULTATION_PREFIX
    )
    have = existing.count()
    if have >= want:
        return
    advisors = {
        Desk.GENERAL: ctx.accounts["advisor@example.org"],
        Desk.FINANCE: ctx.accounts["finance-advisor@example.org"],
    }
    staff = ctx.accounts["staff@example.org"].account
    consultations = []
    for number in range(have, want):
        desk = Desk.FINANCE if number % 5 == 0 else Desk.GENERAL
        status = _SCALE_STATES[number % len(_SCALE_STATES)]
        consultations.append(
            Consultation(
                requester_id=people[(number * 7) % len(people)],
                desk=desk,
                topic="finance"
                if desk == Desk.FINANCE
                else _SCALE_TOPICS[number % len(_SCALE_TOPICS)],
                channel="form" if number % 3 else "phone",
                description=f"{SCALE_CONSULTATION_PREFIX} 相談 {number + 1:05d}: "
                "事業の運営について相談したいことがあります。",
                preferred_times="平日の午後",
                consent_method="checkbox" if number % 3 else "verbal",
                consent_at=now,
                consent_recorded_by=None if number % 3 else staff,
                status=status,
                advisor=None if status == "new" else advisors[desk],
                assigned_at=None if status == "new" else now,
                outcome="advice" if status == "closed" else "",
                closed_at=now if status == "closed" else None,
                created_by=staff,
            )
        )
    Consultation.objects.bulk_create(consultations, batch_size=2000)
    ctx.log(f"Scale {ctx.scale}: {len(consultations)} consultations added.")
