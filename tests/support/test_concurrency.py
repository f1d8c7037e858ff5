"""Scarce things under real concurrency, on PostgreSQL: seats and slots.

Each thread has its own database connection and its own transaction; they start
together behind a barrier, so the row locks in the services are what keeps the
invariants.
"""

import threading

import pytest
from django.db import connection
from django.utils import translation

from members.models import Desk
from support import services
from support.models import Application, Appointment, Consultation
from tests.factories import AffiliationFactory, PersonFactory
from tests.support.factories import (
    ConsultationFactory,
    CourseFactory,
    SlotFactory,
    advisor,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(calls):
    """Run the callables at the same moment, each in its own thread and connection;
    return their results and errors in call order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = [None] * len(calls)

    def worker(index, call):
        translation.activate("en")  # messages are matched in English
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:  # collected and asserted on below
            errors[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def test_many_applications_at_once_never_exceed_the_capacity():
    """Twenty people apply at the same moment for three seats: exactly three are
    confirmed, the other seventeen wait at positions 1..17 in the order their
    applications were recorded under the course lock, and nothing fails."""
    capacity, applicants = 3, 20
    course = CourseFactory(capacity=capacity)
    people = []
    for _ in range(applicants):
        person = PersonFactory(with_account=True)
        AffiliationFactory(person=person)
        people.append(person)

    def apply_as(person):
        return lambda: services.application_create(
            actor=person.account, course=course, person=person
        )

    _results, errors = run_together([apply_as(p) for p in people])
    assert errors == [None] * applicants

    rows = list(Application.objects.filter(course=course).order_by("pk"))
    assert len(rows) == applicants
    confirmed = [a for a in rows if a.status == "confirmed"]
    waiting = [a for a in rows if a.status == "waitlisted"]
    assert len(confirmed) == capacity
    assert sorted(a.waitlist_position for a in waiting) == list(
        range(1, applicants - capacity + 1)
    )
    # Inserted under the lock one after another: the first `capacity` rows got the
    # seats and the waitlist follows the order of insertion.
    assert [a.status for a in rows[:capacity]] == ["confirmed"] * capacity
    assert [a.waitlist_position for a in rows[capacity:]] == list(
        range(1, applicants - capacity + 1)
    )


def test_the_same_person_applying_twice_at_once_gets_one_application():
    course = CourseFactory(capacity=5)
    person = PersonFactory(with_account=True)
    AffiliationFactory(person=person)

    def apply():
        return services.application_create(
            actor=person.account, course=course, person=person
        )

    results, errors = run_together([apply] * 4)
    assert Application.objects.filter(course=course).count() == 1
    assert sum(1 for r in results if r is not None) == 1
    assert all(e is None or "already applied" in str(e) for e in errors)


def test_cancellations_and_applications_at_once_keep_the_invariant():
    course = CourseFactory(capacity=2)
    holders = []
    for _ in range(2):
        person = PersonFactory(with_account=True)
        AffiliationFactory(person=person)
        holders.append(
            services.application_create(
                actor=person.account, course=course, person=person
            )
        )
    newcomers = []
    for _ in range(6):
        person = PersonFactory(with_account=True)
        AffiliationFactory(person=person)
        newcomers.append(person)
    calls = [
        (lambda a=a: services.application_cancel(actor=a.person.account, application=a))
        for a in holders
    ] + [
        (
            lambda p=p: services.application_create(
                actor=p.account, course=course, person=p
            )
        )
        for p in newcomers
    ]
    _results, errors = run_together(calls)
    assert errors == [None] * len(calls)
    confirmed = Application.objects.filter(course=course, status="confirmed").count()
    positions = sorted(
        Application.objects.filter(course=course, status="waitlisted").values_list(
            "waitlist_position", flat=True
        )
    )
    assert confirmed == 2
    assert positions == list(range(1, len(positions) + 1))
    assert confirmed + len(positions) == 6


def test_no_slot_is_ever_booked_twice():
    """Eight requesters of one advisor try to book the same slot at once: one gets
    it, the seven others are told it has just been booked; no error escapes."""
    counsellor = advisor(Desk.GENERAL)
    slot = SlotFactory(advisor=counsellor)
    consultations = [
        ConsultationFactory(advisor=counsellor, status=Consultation.Status.ASSIGNED)
        for _ in range(8)
    ]

    def book(consultation):
        return lambda: services.appointment_book(
            actor=consultation.requester.account,
            consultation=consultation,
            slot=slot,
        )

    results, errors = run_together([book(c) for c in consultations])
    assert Appointment.objects.filter(slot=slot, status="booked").count() == 1
    assert sum(1 for r in results if r is not None) == 1
    refused = [e for e in errors if e is not None]
    assert len(refused) == 7
    assert all("just been booked" in str(e) for e in refused)


def test_one_consultation_booking_two_slots_at_once_keeps_one_appointment():
    counsellor = advisor(Desk.GENERAL)
    slots = [SlotFactory(advisor=counsellor) for _ in range(3)]
    consultation = ConsultationFactory(
        advisor=counsellor, status=Consultation.Status.ASSIGNED
    )

    def book(slot):
        return lambda: services.appointment_book(
            actor=consultation.requester.account,
            consultation=consultation,
            slot=slot,
        )

    _results, errors = run_together([book(s) for s in slots])
    assert errors == [None] * 3  # each later one rebooks: the case moves slots
    assert (
        Appointment.objects.filter(consultation=consultation, status="booked").count()
        == 1
    )


def test_overlapping_slots_published_at_once_are_refused_but_one():
    from support.models import AppointmentSlot
    from tests.support.factories import at

    counsellor = advisor(Desk.FINANCE)

    def publish(minute):
        return lambda: services.slot_publish(
            actor=counsellor.account,
            starts_at=at(5, 10, minute),
            ends_at=at(5, 11, minute),
            place="相談室",
        )

    _results, errors = run_together([publish(m) for m in (0, 10, 20, 30)])
    assert AppointmentSlot.objects.filter(advisor=counsellor).count() == 1
    assert sum(1 for e in errors if e is not None) == 3
