"""The appointment's signed calendar link (issue 12, item 13): it opens without
signing in only until a few days after the appointment, and whoever is shown it (the
requester, the advisor, the desk) can renew it, which withdraws every old copy."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from support import services
from support.models import Appointment
from tests.factories import PersonFactory
from tests.support.factories import (
    ConsultationFactory,
    SlotFactory,
    advisor,
    staff_user,
)
from wco_sse.core.errors import PermissionDenied
from wco_sse.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def booked():
    counsellor = advisor()
    case = ConsultationFactory()
    services.consultation_assign(
        actor=staff_user(), consultation=case, advisor=counsellor
    )
    case.refresh_from_db()
    appointment = services.appointment_book(
        actor=case.requester.account,
        consultation=case,
        slot=SlotFactory(advisor=counsellor),
    )
    return case, appointment


def ics_url(appointment):
    return reverse(
        "support:appointment_ics",
        kwargs={"token": services.appointment_ics_token(appointment)},
    )


def test_the_link_of_a_past_appointment_is_gone_and_says_so(client):
    _case, appointment = booked()
    url = ics_url(appointment)
    assert client.get(url).status_code == 200
    # The appointment took place weeks ago (counted from now: the factory's slots
    # lie further ahead the more slots the run has made before this one).
    ago = timezone.now() - datetime.timedelta(days=60)
    type(appointment.slot).objects.filter(pk=appointment.slot_id).update(
        starts_at=ago - datetime.timedelta(hours=1), ends_at=ago
    )
    response = client.get(url)
    assert response.status_code == 410
    assert "BEGIN:VCALENDAR" not in response.content.decode()
    assert "このカレンダー用リンクは有効期限が切れています" in response.content.decode()


def test_the_link_still_opens_a_day_after_the_appointment(client):
    _case, appointment = booked()
    slot = appointment.slot
    when = datetime.timedelta(days=1)
    assert (
        services.appointment_for_ics_token(
            services.appointment_ics_token(appointment), now=slot.ends_at + when
        )
        == appointment
    )
    with pytest.raises(services.CalendarLinkGone):
        services.appointment_for_ics_token(
            services.appointment_ics_token(appointment),
            now=slot.ends_at
            + datetime.timedelta(days=services.APPOINTMENT_ICS_DAYS_AFTER, hours=1),
        )


def test_the_requester_renews_the_link_and_the_old_one_fails(client):
    case, appointment = booked()
    old = ics_url(appointment)
    client.force_login(case.requester.account)
    detail = reverse("support:consultation_detail", args=[case.pk])
    assert old in client.get(detail).content.decode()

    renew = reverse(
        "support:appointment_ics_renew",
        kwargs={"pk": case.pk, "appointment_pk": appointment.pk},
    )
    assert client.post(renew).status_code == 302
    appointment.refresh_from_db()
    new = ics_url(appointment)
    assert new != old
    page = client.get(detail).content.decode()
    assert new in page and old not in page
    client.logout()

    gone = client.get(old)
    assert gone.status_code == 410
    assert "リンクは更新されたため" in gone.content.decode()
    assert client.get(new).status_code == 200
    assert (
        AuditEntry.objects.filter(action="appointment.calendar_link_renew").count() == 1
    )


def test_the_advisor_and_the_desk_may_renew_a_stranger_may_not():
    case, appointment = booked()
    services.appointment_calendar_link_renew(
        actor=case.advisor.account, appointment=appointment
    )
    services.appointment_calendar_link_renew(
        actor=staff_user(), appointment=appointment
    )
    appointment.refresh_from_db()
    assert appointment.calendar_link_version == 2
    with pytest.raises(PermissionDenied):
        services.appointment_calendar_link_renew(
            actor=PersonFactory(with_account=True).account, appointment=appointment
        )
    assert Appointment.objects.get(pk=appointment.pk).calendar_link_version == 2


def test_a_link_from_before_versions_opens_as_version_zero(client):
    """Links emailed before renewal existed carry no version: they open until the
    appointment is over, or until the link is first renewed."""
    from django.core import signing

    _case, appointment = booked()
    legacy = signing.Signer(salt=services.APPOINTMENT_ICS_SALT).sign_object(
        {"a": appointment.pk}
    )
    url = reverse("support:appointment_ics", kwargs={"token": legacy})
    assert client.get(url).status_code == 200
    services.appointment_calendar_link_renew(
        actor=staff_user(), appointment=appointment
    )
    assert client.get(url).status_code == 410
