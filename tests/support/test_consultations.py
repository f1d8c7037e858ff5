"""The consultation desk: intake, assignment, slots, bookings, confidential records,
referral and closing (services and the read log)."""

import datetime

import pytest
from django.core import mail
from django.http import Http404
from django.utils import timezone

from members.models import Desk, Role
from support import selectors, services
from support.models import (
    Appointment,
    AppointmentSlot,
    Consultation,
    ConsultationRecord,
    ConsultationRecordRead,
)
from tests.factories import (
    AffiliationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.support.factories import (
    ConsultationFactory,
    SlotFactory,
    advisor,
    at,
    staff_user,
)
from wco_sse.core.emails import email_deliver
from wco_sse.core.errors import PermissionDenied, ServiceError
from wco_sse.core.models import AuditEntry, OutboundEmail

pytestmark = pytest.mark.django_db


def request(person, **kwargs):
    data = {
        "desk": Desk.GENERAL,
        "topic": "startup",
        "description": "配食のW.Coを始めたい",
        "consent": True,
    }
    data.update(kwargs)
    return services.consultation_request(actor=person.account, **data)


def assigned_case(desk=Desk.GENERAL):
    counsellor = advisor(desk)
    case = ConsultationFactory(desk=desk)
    services.consultation_assign(
        actor=staff_user(), consultation=case, advisor=counsellor
    )
    case.refresh_from_db()
    return case, counsellor


# --- Intake ------------------------------------------------------------------------------


def test_a_citizen_requests_a_consultation_with_consent():
    citizen = PersonFactory(with_account=True)
    case = request(citizen, preferred_times="平日午後")
    assert case.requester == citizen
    assert case.channel == "form" and case.status == "new"
    assert case.consent_method == "checkbox" and case.consent_at is not None
    with pytest.raises(ServiceError, match="only with your consent") as error:
        request(citizen, consent=False)
    assert error.value.field == "consent"
    with pytest.raises(ServiceError, match="what the consultation is about") as error:
        request(citizen, description="  ")
    assert error.value.field == "description"
    with pytest.raises(ServiceError, match="Choose the topic") as error:
        request(citizen, topic="astrology")
    assert error.value.field == "topic"
    assert Consultation.objects.count() == 1


def test_a_requester_names_only_their_own_wco():
    person = PersonFactory(with_account=True)
    mine = AffiliationFactory(person=person).organization
    assert request(person, organization=mine).organization == mine
    with pytest.raises(ServiceError, match="one of your own organizations") as error:
        request(person, organization=AffiliationFactory().organization)
    assert error.value.field == "organization"


def test_phone_intake_records_verbal_consent_by_whom_and_when():
    staff = staff_user()
    caller = PersonFactory()  # no account, no email
    base = {
        "person": caller,
        "channel": "phone",
        "desk": Desk.FINANCE,
        "topic": "finance",
        "description": "融資の相談",
    }
    with pytest.raises(ServiceError, match="verbal consent"):
        services.consultation_intake(
            actor=staff, consent_method="written", consent=True, **base
        )
    with pytest.raises(ServiceError, match="after the person has agreed") as error:
        services.consultation_intake(
            actor=staff, consent_method="verbal", consent=False, **base
        )
    assert error.value.field == "consent"
    case = services.consultation_intake(
        actor=staff, consent_method="verbal", consent=True, **base
    )
    assert case.consent_recorded_by == staff
    assert case.consent_method == "verbal"
    assert abs(case.consent_at - timezone.now()) < datetime.timedelta(minutes=1)
    assert case.created_by == staff
    with pytest.raises(PermissionDenied, match="permission"):
        services.consultation_intake(
            actor=PersonFactory(with_account=True).account,
            consent_method="verbal",
            consent=True,
            **base,
        )


# --- Assignment ---------------------------------------------------------------------------


def test_secretariat_assigns_an_advisor_of_the_right_desk():
    case = ConsultationFactory(desk=Desk.FINANCE)
    staff = staff_user()
    with pytest.raises(ServiceError, match="not an advisor"):
        services.consultation_assign(
            actor=staff, consultation=case, advisor=advisor(Desk.GENERAL)
        )
    counsellor = advisor(Desk.FINANCE)
    services.consultation_assign(actor=staff, consultation=case, advisor=counsellor)
    case.refresh_from_db()
    assert case.advisor == counsellor and case.status == "assigned"
    assert OutboundEmail.objects.filter(template="consultation_assigned").count() == 1
    told = OutboundEmail.objects.get(template="consultation_advisor_assigned")
    assert told.to == case.requester.contact_email
    with pytest.raises(PermissionDenied, match="permission"):
        services.consultation_assign(
            actor=counsellor.account, consultation=case, advisor=counsellor
        )


def test_reassignment_leaves_the_former_advisors_reach_and_cancels_their_slot():
    case, former = assigned_case()
    slot = SlotFactory(advisor=former)
    services.appointment_book(
        actor=case.requester.account, consultation=case, slot=slot
    )
    case.refresh_from_db()
    assert former.account.has_perm("support.read_consultation_records", case)
    successor = advisor(Desk.GENERAL)
    services.consultation_assign(
        actor=staff_user(), consultation=case, advisor=successor
    )
    case.refresh_from_db()
    assert not former.account.has_perm("support.view_consultation", case)
    assert not former.account.has_perm("support.read_consultation_records", case)
    assert successor.account.has_perm("support.read_consultation_records", case)
    assert not Appointment.objects.filter(status="booked").exists()
    assert AuditEntry.objects.filter(action="consultation.reassign").exists()


# --- Slots and bookings ---------------------------------------------------------------------


def test_slot_refusals_past_overlapping_and_backwards():
    counsellor = advisor()
    actor = counsellor.account
    services.slot_publish(
        actor=actor, starts_at=at(3, 10), ends_at=at(3, 11), place="A"
    )
    with pytest.raises(ServiceError, match="overlaps"):
        services.slot_publish(
            actor=actor, starts_at=at(3, 10, 30), ends_at=at(3, 11, 30), place="A"
        )
    with pytest.raises(ServiceError, match="past"):
        services.slot_publish(
            actor=actor, starts_at=at(-1, 10), ends_at=at(-1, 11), place="A"
        )
    with pytest.raises(ServiceError, match="ends before"):
        services.slot_publish(
            actor=actor, starts_at=at(4, 11), ends_at=at(4, 10), place="A"
        )
    with pytest.raises(ServiceError, match="where"):
        services.slot_publish(actor=actor, starts_at=at(4, 10), ends_at=at(4, 11))
    # Adjacent is not overlapping; another advisor's slot at the same time is fine.
    services.slot_publish(
        actor=actor, starts_at=at(3, 11), ends_at=at(3, 12), online=True
    )
    services.slot_publish(
        actor=advisor().account, starts_at=at(3, 10), ends_at=at(3, 11), place="B"
    )
    assert AppointmentSlot.objects.count() == 3
    with pytest.raises(PermissionDenied, match="permission"):
        services.slot_publish(
            actor=staff_user(), starts_at=at(5, 10), ends_at=at(5, 11), place="A"
        )


def test_booking_an_open_slot_emails_both_with_an_ical_link():
    case, counsellor = assigned_case()
    slot = SlotFactory(advisor=counsellor)
    appointment = services.appointment_book(
        actor=case.requester.account, consultation=case, slot=slot
    )
    case.refresh_from_db()
    assert case.status == "in_progress"
    emails = OutboundEmail.objects.filter(template="appointment_booked")
    assert sorted(e.to for e in emails) == sorted(
        [case.requester.contact_email, counsellor.contact_email]
    )
    token = services.appointment_ics_token(appointment)
    # The signed link is a secret: the outbox keeps it only until the email is sent.
    assert not any(token in e.body_text for e in emails)
    for email in emails:
        email_deliver(email_id=email.pk)
    assert all(token in message.body for message in mail.outbox)


def test_the_appointment_emails_carry_its_ical_file(django_capture_on_commit_callbacks):
    from icalendar import Calendar

    case, counsellor = assigned_case()
    slot = SlotFactory(advisor=counsellor)
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_book(
            actor=case.requester.account, consultation=case, slot=slot
        )
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        ((filename, content, mimetype),) = message.attachments
        assert filename.endswith(".ics")
        assert mimetype == "text/calendar"
        (event,) = Calendar.from_ical(content).walk("VEVENT")
        assert event.decoded("dtstart") == slot.starts_at
        assert event.decoded("dtend") == slot.ends_at
        assert str(event["status"]) == "CONFIRMED"
        assert case.requester.family_name not in content  # names nobody


def test_booking_refusals():
    case, counsellor = assigned_case()
    other = SlotFactory(advisor=advisor())
    with pytest.raises(ServiceError, match="advisor's slots"):
        services.appointment_book(
            actor=case.requester.account, consultation=case, slot=other
        )
    taken = SlotFactory(advisor=counsellor)
    rival, _ = ConsultationFactory(advisor=counsellor, status="assigned"), None
    services.appointment_book(
        actor=rival.requester.account, consultation=rival, slot=taken
    )
    with pytest.raises(ServiceError, match="just been booked"):
        services.appointment_book(
            actor=case.requester.account, consultation=case, slot=taken
        )
    past = AppointmentSlot.objects.create(
        advisor=counsellor, starts_at=at(-1, 9), ends_at=at(-1, 10), place="A"
    )
    with pytest.raises(ServiceError, match="begun"):
        services.appointment_book(
            actor=case.requester.account, consultation=case, slot=past
        )
    stranger = PersonFactory(with_account=True)
    with pytest.raises(PermissionDenied, match="permission"):
        services.appointment_book(
            actor=stranger.account,
            consultation=case,
            slot=SlotFactory(advisor=counsellor),
        )
    unassigned = ConsultationFactory()
    with pytest.raises(ServiceError, match="not been assigned"):
        services.appointment_book(
            actor=unassigned.requester.account,
            consultation=unassigned,
            slot=SlotFactory(advisor=counsellor),
        )


def test_rebook_and_cancel_until_the_deadline_then_only_staff():
    case, counsellor = assigned_case()
    first = SlotFactory(advisor=counsellor, starts_at=at(5, 10), ends_at=at(5, 11))
    second = SlotFactory(advisor=counsellor, starts_at=at(6, 10), ends_at=at(6, 11))
    requester = case.requester.account
    services.appointment_book(actor=requester, consultation=case, slot=first)
    moved = services.appointment_book(actor=requester, consultation=case, slot=second)
    assert list(
        Appointment.objects.filter(consultation=case).values_list("slot", "status")
    ) == [(first.pk, "cancelled"), (second.pk, "booked")]
    # The first slot is open again for others.
    assert first in selectors.open_slots_for(case)
    services.appointment_cancel(actor=requester, appointment=moved)
    soon = SlotFactory(
        advisor=counsellor,
        starts_at=timezone.now() + datetime.timedelta(hours=5),
        ends_at=timezone.now() + datetime.timedelta(hours=6),
    )
    near = services.appointment_book(actor=requester, consultation=case, slot=soon)
    with pytest.raises(ServiceError, match="no longer be changed"):
        services.appointment_cancel(actor=requester, appointment=near)
    with pytest.raises(ServiceError, match="no longer be changed"):
        services.appointment_book(actor=requester, consultation=case, slot=first)
    services.appointment_cancel(actor=staff_user(), appointment=near)


def test_an_advisor_withdraws_only_open_slots_of_their_own():
    case, counsellor = assigned_case()
    slot = SlotFactory(advisor=counsellor)
    services.appointment_book(
        actor=case.requester.account, consultation=case, slot=slot
    )
    with pytest.raises(ServiceError, match="booked"):
        services.slot_withdraw(actor=counsellor.account, slot=slot)
    with pytest.raises(PermissionDenied, match="only your own slots"):
        services.slot_withdraw(actor=advisor().account, slot=slot)
    free = SlotFactory(advisor=counsellor)
    services.slot_withdraw(actor=counsellor.account, slot=free)
    assert not AppointmentSlot.objects.filter(pk=free.pk).exists()


# --- Confidential records -----------------------------------------------------------------


def _secgen():
    return staff_user(Role.SECRETARY_GENERAL)


def test_records_are_read_by_the_assigned_advisor_and_the_secretary_general_only():
    """Every read is logged (who, when, how many); anyone else gets nothing and
    leaves no read behind — a superuser account included."""
    case, counsellor = assigned_case()
    services.consultation_record_add(
        actor=counsellor.account, consultation=case, body="初回面談の記録"
    )
    records = selectors.consultation_records_read(
        user=counsellor.account, consultation=case
    )
    assert [r.body for r in records] == ["初回面談の記録"]
    secgen = _secgen()
    assert len(selectors.consultation_records_read(user=secgen, consultation=case)) == 1
    reads = list(ConsultationRecordRead.objects.order_by("pk"))
    assert [(r.reader, r.record_count) for r in reads] == [
        (counsellor.account, 1),
        (secgen, 1),
    ]
    superuser = UserFactory(is_superuser=True, is_staff=True)
    PersonFactory(account=superuser)
    for outsider in (
        staff_user(),
        advisor().account,
        case.requester.account,
        superuser,
    ):
        with pytest.raises(Http404):
            selectors.consultation_records_read(user=outsider, consultation=case)
    assert ConsultationRecordRead.objects.count() == 2


def test_a_read_and_its_log_line_share_one_transaction(monkeypatch):
    """If the log line can't be written, the read fails too: no unlogged read."""
    case, counsellor = assigned_case()

    def broken(*args, **kwargs):
        raise RuntimeError("log unavailable")

    monkeypatch.setattr(ConsultationRecordRead.objects, "create", broken)
    with pytest.raises(RuntimeError):
        selectors.consultation_records_read(user=counsellor.account, consultation=case)


def test_only_the_assigned_advisor_writes_records_and_the_audit_has_no_text():
    case, counsellor = assigned_case()
    with pytest.raises(PermissionDenied, match="permission"):
        services.consultation_record_add(actor=_secgen(), consultation=case, body="x")
    with pytest.raises(ServiceError, match="The record is empty") as error:
        services.consultation_record_add(
            actor=counsellor.account, consultation=case, body="  "
        )
    assert error.value.field == "body"
    services.consultation_record_add(
        actor=counsellor.account, consultation=case, body="借入額は三百万円"
    )
    case.refresh_from_db()
    assert case.status == "in_progress"
    assert not AuditEntry.objects.filter(message__contains="三百万円").exists()
    assert not AuditEntry.objects.filter(data__icontains="三百万円").exists()


def test_records_are_not_in_the_admin():
    from django.contrib import admin

    assert ConsultationRecord not in admin.site._registry
    assert ConsultationRecordRead not in admin.site._registry


def test_an_advisor_who_lost_the_role_loses_the_case():
    case, counsellor = assigned_case()
    counsellor.role_assignments.update(
        end=timezone.localdate() - datetime.timedelta(days=1)
    )
    from members.roles import forget_roles

    forget_roles(counsellor.account)
    assert not counsellor.account.has_perm("support.read_consultation_records", case)


# --- Referral and closing -------------------------------------------------------------------


def test_referral_needs_consent_and_closing_needs_an_outcome():
    case, counsellor = assigned_case()
    actor = counsellor.account
    with pytest.raises(ServiceError, match="only with the person's consent") as error:
        services.consultation_refer(
            actor=actor, consultation=case, referred_to="よろず支援拠点", consent=False
        )
    assert error.value.field == "consent"
    with pytest.raises(ServiceError, match="Record the referral"):
        services.consultation_close(actor=actor, consultation=case, outcome="referred")
    services.consultation_refer(
        actor=actor, consultation=case, referred_to="よろず支援拠点", consent=True
    )
    case.refresh_from_db()
    assert case.referral_consent_recorded_by == actor
    assert case.status == "in_progress"  # a referred case may continue
    with pytest.raises(ServiceError, match="Choose the outcome") as error:
        services.consultation_close(actor=actor, consultation=case, outcome="")
    assert error.value.field == "outcome"
    services.consultation_close(actor=actor, consultation=case, outcome="referred")
    case.refresh_from_db()
    assert case.status == "closed" and case.outcome == "referred"
    with pytest.raises(PermissionDenied, match="permission"):
        services.consultation_close(actor=actor, consultation=case, outcome="resolved")
    with pytest.raises(PermissionDenied, match="permission"):
        services.consultation_record_add(actor=actor, consultation=case, body="x")


def test_the_secretariat_can_close_a_withdrawn_request():
    case = ConsultationFactory()
    services.consultation_close(
        actor=staff_user(), consultation=case, outcome="withdrawn"
    )
    case.refresh_from_db()
    assert case.outcome == "withdrawn"


# --- Statistics and disclosure ------------------------------------------------------------------


def test_statistics_count_without_names():
    ConsultationFactory(desk=Desk.GENERAL, topic="startup", channel="phone")
    ConsultationFactory(desk=Desk.FINANCE, topic="finance")
    ConsultationFactory(desk=Desk.FINANCE, topic="finance")
    from wco_sse.core.japan import fiscal_year

    stats = selectors.consultation_statistics(year=fiscal_year(timezone.localdate()))
    assert stats["total"] == 3
    assert stats["desk_totals"] == [1, 2]
    assert dict(stats["by_topic"])[Consultation.Topic.FINANCE.label] == 2
    assert dict(stats["by_channel"])[Consultation.Channel.PHONE.label] == 1
    assert "requester" not in repr(stats)


def test_slot_ical_link_opens_without_sign_in_and_names_nobody(client):
    case, counsellor = assigned_case()
    slot = SlotFactory(advisor=counsellor)
    appointment = services.appointment_book(
        actor=case.requester.account, consultation=case, slot=slot
    )
    from django.urls import reverse

    url = reverse(
        "support:appointment_ics",
        kwargs={"token": services.appointment_ics_token(appointment)},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "DTSTART" in body
    assert case.requester.family_name not in body
    assert client.get(url.replace("calendar", "x")).status_code == 404
    bad = reverse("support:appointment_ics", kwargs={"token": "forged:token"})
    assert client.get(bad).status_code == 404


def test_section_member_of_support_is_not_given_the_desk():
    person = PersonFactory(with_account=True)
    RoleAssignmentFactory(person=person, role=Role.SECTION_MEMBER, scope="support")
    case = ConsultationFactory()
    assert not person.account.has_perm("support.view_consultation", case)
