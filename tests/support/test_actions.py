"""An action's refusal (a button that posts): the page again with the message, or,
for htmx, the button's fragment with the message out of band. Never a bare 403 or a
500."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from support import services
from support.models import Application, Appointment, AppointmentSlot, Attendance
from tests.factories import PersonFactory
from tests.support.factories import (
    ConsultationFactory,
    CourseFactory,
    SlotFactory,
    advisor,
    staff_user,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _cancelled_participant():
    course = CourseFactory()
    person = PersonFactory(with_account=True)
    application = services.application_create(
        actor=person.account, course=course, person=person
    )
    services.application_cancel(actor=person.account, application=application)
    return course.sessions.first(), application


def test_attendance_of_a_cancelled_participant_is_refused_with_the_reason(client):
    session, application = _cancelled_participant()
    client.force_login(staff_user())
    url = reverse(
        "support:session_attendance_toggle", args=[session.pk, application.pk]
    )
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "support:session_attendance", args=[session.pk]
    )
    assert messages_of(response) == ["出欠を記録できるのは申込が確定した方だけです。"]
    assert not Attendance.objects.exists()


def test_an_htmx_attendance_refusal_answers_the_row_and_the_message(client):
    session, application = _cancelled_participant()
    client.force_login(staff_user())
    url = reverse(
        "support:session_attendance_toggle", args=[session.pk, application.pk]
    )
    response = client.post(url, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'aria-pressed="false"' in html
    assert 'id="messages" hx-swap-oob="true"' in html
    assert "出欠を記録できるのは申込が確定した方だけです。" in html
    assert not Attendance.objects.exists()


def test_a_course_state_that_cannot_follow_is_refused_on_the_page(client):
    course = CourseFactory()
    client.force_login(staff_user())
    response = client.post(
        reverse("support:course_status", args=[course.pk]), {"status": "draft"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("support:course_manage", args=[course.pk])
    assert messages_of(response) == [
        "「公開済」の講座を「下書き」にすることはできません。"
    ]
    course.refresh_from_db()
    assert course.status == "published"


def test_a_booked_slot_is_not_withdrawn_and_the_advisor_is_told_why(client):
    counsellor = advisor()
    case = ConsultationFactory(advisor=counsellor, status="assigned")
    slot = SlotFactory(advisor=counsellor)
    services.appointment_book(
        actor=case.requester.account, consultation=case, slot=slot
    )
    client.force_login(counsellor.account)
    response = client.post(reverse("support:slot_withdraw", args=[slot.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("support:slot_list")
    assert messages_of(response) == [
        "この面談枠は予約済みです。先に相談者との面談予約をキャンセルしてください。"
    ]
    assert AppointmentSlot.objects.filter(pk=slot.pk).exists()


def test_a_late_cancellation_by_the_requester_is_refused_on_the_case_page(client):
    counsellor = advisor()
    case = ConsultationFactory(advisor=counsellor, status="assigned")
    soon = timezone.now() + datetime.timedelta(hours=5)
    slot = SlotFactory(
        advisor=counsellor, starts_at=soon, ends_at=soon + datetime.timedelta(hours=1)
    )
    appointment = services.appointment_book(
        actor=case.requester.account, consultation=case, slot=slot
    )
    client.force_login(case.requester.account)
    response = client.post(
        reverse("support:appointment_cancel", args=[case.pk, appointment.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "support:consultation_detail", args=[case.pk]
    )
    assert messages_of(response) == [
        "この面談予約はオンラインでは変更できなくなりました。事務局までご連絡ください。"
    ]
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_the_fee_toggle_answers_the_button_without_messages(client):
    """A toggle that worked answers its button alone: no message to swap."""
    course = CourseFactory()
    person = PersonFactory(with_account=True)
    application = services.application_create(
        actor=person.account, course=course, person=person
    )
    client.force_login(staff_user())
    url = reverse("support:application_fee", args=[application.pk])
    html = client.post(url, **HTMX).content.decode()
    assert 'aria-pressed="true"' in html
    assert 'id="messages"' not in html
    assert Application.objects.get(pk=application.pk).fee_paid
