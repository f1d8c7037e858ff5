"""The consultation desk's use cases: intake, assignment, slots and bookings,
confidential records, referral and closing.

Locking rule for slots: booking locks the consultation row, then the slot row
(SELECT … FOR UPDATE) and checks that the slot has no live booking inside the same
transaction; a partial unique index on live bookings is the last guard. Publishing
a slot locks the advisor's person row so two overlapping slots can't race in.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.models import Affiliation, Desk, Person, Role, RoleAssignment
from members.roles import roles_of
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import PermissionDenied, ServiceError, require

from ..calendar import appointment_calendar
from ..models import (
    Appointment,
    AppointmentSlot,
    Consultation,
    ConsultationRecord,
)

__all__ = [
    "APPOINTMENT_ICS_SALT",
    "appointment_book",
    "appointment_cancel",
    "appointment_ics_token",
    "appointment_summary",
    "consultation_assign",
    "consultation_close",
    "consultation_intake",
    "consultation_record_add",
    "consultation_refer",
    "consultation_request",
    "slot_publish",
    "slot_withdraw",
]

APPOINTMENT_ICS_SALT = "support.appointment-ics"


def _check_fields(*, desk, topic, description):
    if desk not in Desk.values:
        raise ServiceError(_("Choose the desk."), field="desk")
    if topic not in Consultation.Topic.values:
        raise ServiceError(_("Choose the topic."), field="topic")
    if not description.strip():
        raise ServiceError(
            _("Please tell us briefly what the consultation is about."),
            field="description",
        )


def consultation_request(
    *,
    actor,
    desk: str,
    topic: str,
    description: str,
    preferred_times: str = "",
    organization=None,
    consent: bool,
) -> Consultation:
    """A member or citizen asks for a consultation themselves (web form)."""
    require(actor, "support.request_consultation")
    if not consent:
        raise ServiceError(
            _(
                "We can take your consultation only with your consent to the handling of what you tell us."
            ),
            field="consent",
        )
    _check_fields(desk=desk, topic=topic, description=description)
    snapshot = roles_of(actor)
    if organization is not None and organization.pk not in snapshot.affiliated_org_ids:
        raise ServiceError(
            _("Choose one of your own organizations."), field="organization"
        )
    with transaction.atomic():
        consultation = Consultation.objects.create(
            requester_id=snapshot.person_id,
            organization=organization,
            desk=desk,
            topic=topic,
            channel=Consultation.Channel.FORM,
            description=description.strip(),
            preferred_times=preferred_times.strip(),
            consent_method=Consultation.ConsentMethod.CHECKBOX,
            consent_at=timezone.now(),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="consultation.request",
            target=consultation,
            data={"desk": desk, "topic": topic, "channel": "form"},
        )
    return consultation


def consultation_intake(
    *,
    actor,
    person: Person,
    channel: str,
    desk: str,
    topic: str,
    description: str,
    preferred_times: str = "",
    organization=None,
    consent_method: str,
    consent: bool,
) -> Consultation:
    """The secretariat records a request made by phone, at a visit or by email.

    Sensitive information is taken only with consent: a phone request needs the
    verbal consent the staff member heard, recorded with their name and the time.
    """
    require(actor, "support.intake_consultation")
    if channel not in Consultation.Channel.values or channel == "form":
        raise ServiceError(_("Choose how the request came in."), field="channel")
    if consent_method not in Consultation.ConsentMethod.values:
        raise ServiceError(_("Choose how consent was given."), field="consent_method")
    if channel == Consultation.Channel.PHONE and consent_method != "verbal":
        raise ServiceError(
            _("A request by phone needs the person's verbal consent, recorded here."),
            field="consent_method",
        )
    if not consent:
        raise ServiceError(
            _(
                "Record the request only after the person has agreed to the handling of what they tell us."
            ),
            field="consent",
        )
    _check_fields(desk=desk, topic=topic, description=description)
    if organization is not None and not (
        Affiliation.objects.current()
        .filter(person=person, organization=organization)
        .exists()
    ):
        raise ServiceError(
            _("%(person)s is not affiliated with %(organization)s.")
            % {"person": person, "organization": organization},
            field="organization",
        )
    now = timezone.now()
    with transaction.atomic():
        consultation = Consultation.objects.create(
            requester=person,
            organization=organization,
            desk=desk,
            topic=topic,
            channel=channel,
            description=description.strip(),
            preferred_times=preferred_times.strip(),
            consent_method=consent_method,
            consent_at=now,
            consent_recorded_by=actor,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="consultation.intake",
            target=consultation,
            message=_("Consent (%(method)s) recorded by %(actor)s")
            % {
                "method": consultation.get_consent_method_display(),
                "actor": actor.email,
            },
            data={"desk": desk, "topic": topic, "channel": channel},
        )
    return consultation


def _holds_advisor_role(person, desk):
    return (
        RoleAssignment.objects.current()
        .filter(person=person, role=Role.ADVISOR, scope=desk)
        .exists()
    )


def consultation_assign(
    *, actor, consultation: Consultation, advisor: Person
) -> Consultation:
    """Assign (or reassign) the case to an advisor of its desk.

    A reassigned case leaves the former advisor's reach at once (the rules look at
    the current advisor only); a booking in the former advisor's slot is cancelled.
    """
    require(actor, "support.assign_consultation", consultation)
    if advisor is None:
        raise ServiceError(_("Choose an advisor."), field="advisor")
    if not _holds_advisor_role(advisor, consultation.desk):
        raise ServiceError(
            _("%(person)s is not an advisor of the %(desk)s.")
            % {"person": advisor, "desk": consultation.get_desk_display()},
            field="advisor",
        )
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.is_closed:
            raise ServiceError(_("This consultation is closed."))
        former = consultation.advisor_id
        if former == advisor.pk:
            raise ServiceError(
                _("The case is already assigned to %(person)s.") % {"person": advisor},
                field="advisor",
            )
        if former is not None:
            for appointment in Appointment.objects.select_for_update().filter(
                consultation=consultation, status=Appointment.Status.BOOKED
            ):
                _cancel(appointment, actor=actor, reason="reassigned")
        consultation.advisor = advisor
        consultation.assigned_at = timezone.now()
        if consultation.status == Consultation.Status.NEW:
            consultation.status = Consultation.Status.ASSIGNED
        consultation.save(update_fields=["advisor", "assigned_at", "status"])
        audit_record(
            actor=actor,
            action="consultation.reassign" if former else "consultation.assign",
            target=consultation,
            message=str(advisor),
            data={"advisor": advisor.pk, "former_advisor": former},
        )
        stamp = f"{consultation.assigned_at:%Y%m%d%H%M%S%f}"
        email_queue(
            key=f"consultation:{consultation.pk}:assigned:{advisor.pk}:{stamp}",
            template="consultation_assigned",
            to=advisor.contact_email,
            language=advisor.language,
            context={"person": advisor, "consultation": consultation},
        )
        # The requester learns who will help and that they can book a slot.
        requester = Person.objects.select_related("account").get(
            pk=consultation.requester_id
        )
        email_queue(
            key=f"consultation:{consultation.pk}:advisor-for-requester:{stamp}",
            template="consultation_advisor_assigned",
            to=requester.contact_email,
            language=requester.language,
            context={
                "person": requester,
                "consultation": consultation,
                "advisor": advisor,
            },
        )
    return consultation


# --- Slots ------------------------------------------------------------------------------


def slot_publish(
    *,
    actor,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    online: bool = False,
    online_url: str = "",
) -> AppointmentSlot:
    require(actor, "support.publish_slots")
    person_id = roles_of(actor).person_id
    if ends_at <= starts_at:
        raise ServiceError(_("The slot ends before it starts."), field="ends_at")
    if starts_at <= timezone.now():
        raise ServiceError(_("A slot can't be in the past."), field="starts_at")
    if ends_at - starts_at > datetime.timedelta(hours=8):
        raise ServiceError(_("A slot lasts at most eight hours."), field="ends_at")
    if not place.strip() and not online:
        raise ServiceError(
            _("Say where the consultation takes place, or that it is online."),
            field="place",
        )
    with transaction.atomic():
        # One advisor's slots never overlap: publish under the advisor's row lock.
        Person.objects.select_for_update().get(pk=person_id)
        clash = (
            AppointmentSlot.objects.filter(
                advisor_id=person_id, starts_at__lt=ends_at, ends_at__gt=starts_at
            )
            .order_by("starts_at")
            .first()
        )
        if clash is not None:
            raise ServiceError(
                _("This overlaps your slot of %(slot)s.") % {"slot": clash},
                field="starts_at",
            )
        slot = AppointmentSlot.objects.create(
            advisor_id=person_id,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            online=online,
            online_url=online_url.strip(),
        )
        audit_record(actor=actor, action="slot.publish", target=slot)
    return slot


def slot_withdraw(*, actor, slot: AppointmentSlot):
    require(actor, "support.publish_slots")
    if slot.advisor_id != roles_of(actor).person_id:
        raise PermissionDenied(_("You can withdraw only your own slots."))
    with transaction.atomic():
        slot = AppointmentSlot.objects.select_for_update().get(pk=slot.pk)
        if slot.appointments.filter(status=Appointment.Status.BOOKED).exists():
            raise ServiceError(
                _("This slot is booked. Cancel the appointment with the person first.")
            )
        audit_record(actor=actor, action="slot.withdraw", message=str(slot))
        slot.appointments.all().delete()
        slot.delete()


# --- Appointments -------------------------------------------------------------------------


def appointment_book(
    *, actor, consultation: Consultation, slot: AppointmentSlot
) -> Appointment:
    """Book one of the assigned advisor's open slots; a live booking of the case is
    moved to the new slot (rebooking) while it may still be changed."""
    require(actor, "support.book_appointment", consultation)
    staff = actor.has_perm("support.intake_consultation")
    now = timezone.now()
    try:
        with transaction.atomic():
            consultation = Consultation.objects.select_for_update().get(
                pk=consultation.pk
            )
            slot = AppointmentSlot.objects.select_for_update().get(pk=slot.pk)
            if consultation.is_closed:
                raise ServiceError(_("This consultation is closed."))
            if consultation.advisor_id is None:
                raise ServiceError(
                    _("An advisor has not been assigned to this consultation yet.")
                )
            if slot.advisor_id != consultation.advisor_id:
                raise ServiceError(
                    _("Choose one of your advisor's slots."), field="slot"
                )
            if slot.starts_at <= now:
                raise ServiceError(_("This slot has already begun."), field="slot")
            if slot.appointments.filter(status=Appointment.Status.BOOKED).exists():
                raise ServiceError(
                    _("Sorry, this slot has just been booked. Please choose another."),
                    field="slot",
                )
            current = (
                Appointment.objects.select_for_update()
                .select_related("slot")
                .filter(consultation=consultation, status=Appointment.Status.BOOKED)
                .first()
            )
            if current is not None:
                if not staff and not current.changeable_at(now):
                    raise ServiceError(
                        _(
                            "Your appointment can no longer be changed online. Please contact the secretariat."
                        ),
                        field="slot",
                    )
                _cancel(current, actor=actor, reason="rebooked")
            appointment = Appointment.objects.create(
                slot=slot, consultation=consultation, booked_by=actor
            )
            if consultation.status in (
                Consultation.Status.NEW,
                Consultation.Status.ASSIGNED,
            ):
                consultation.status = Consultation.Status.IN_PROGRESS
                consultation.save(update_fields=["status"])
            audit_record(
                actor=actor,
                action="appointment.book",
                target=consultation,
                message=str(slot),
                data={"slot": slot.pk, "appointment": appointment.pk},
            )
            _notify_appointment(appointment, "booked")
    except IntegrityError as error:
        raise ServiceError(
            _("Sorry, this slot has just been booked. Please choose another."),
            field="slot",
        ) from error
    return appointment


def appointment_cancel(*, actor, appointment: Appointment) -> Appointment:
    consultation = appointment.consultation
    require(actor, "support.book_appointment", consultation)
    staff = actor.has_perm("support.intake_consultation")
    with transaction.atomic():
        Consultation.objects.select_for_update().get(pk=consultation.pk)
        appointment = (
            Appointment.objects.select_for_update()
            .select_related("slot", "consultation")
            .get(pk=appointment.pk)
        )
        if appointment.status != Appointment.Status.BOOKED:
            raise ServiceError(_("This appointment is already cancelled."))
        if not staff and not appointment.changeable_at():
            raise ServiceError(
                _(
                    "Your appointment can no longer be changed online. Please contact the secretariat."
                )
            )
        _cancel(appointment, actor=actor, reason="cancelled")
    return appointment


def _cancel(appointment, *, actor, reason):
    appointment.status = Appointment.Status.CANCELLED
    appointment.cancelled_at = timezone.now()
    appointment.save(update_fields=["status", "cancelled_at"])
    audit_record(
        actor=actor,
        action="appointment.cancel",
        target=appointment.consultation,
        message=str(appointment.slot),
        data={"appointment": appointment.pk, "reason": reason},
    )
    _notify_appointment(appointment, "cancelled")


def appointment_ics_token(appointment):
    """The signed name of an appointment's iCal file: the same for every email."""
    return signing.Signer(salt=APPOINTMENT_ICS_SALT).sign_object({"a": appointment.pk})


def _notify_appointment(appointment, occasion):
    """Both the requester and the advisor get the appointment with its iCal file
    attached, and a link to it (a signed link: it opens without signing in and
    names nobody)."""
    consultation = appointment.consultation
    slot = appointment.slot
    ics_path = reverse(
        "support:appointment_ics", kwargs={"token": appointment_ics_token(appointment)}
    )
    requester = Person.objects.select_related("account").get(
        pk=consultation.requester_id
    )
    advisor = Person.objects.select_related("account").get(pk=slot.advisor_id)
    for role, person in (("requester", requester), ("advisor", advisor)):
        with translation.override(person.language):
            ics = appointment_calendar(
                appointment, summary=appointment_summary()
            ).decode()
        email_queue(
            key=f"appointment:{appointment.pk}:{occasion}:{role}",
            template=f"appointment_{occasion}",
            to=person.contact_email,
            language=person.language,
            context={
                "person": person,
                "consultation": consultation,
                "slot": slot,
                "for_advisor": role == "advisor",
                "ics_path": ics_path,
            },
            attachments=[(f"appointment-{appointment.pk}.ics", ics, "text/calendar")],
        )


def appointment_summary():
    """The calendar entry's title: it names the organization, not the person."""
    return _("Consultation appointment (%(organization)s)") % {
        "organization": settings.WCO_ORGANIZATION_NAME
    }


# --- Records, referral, closing ---------------------------------------------------------


def consultation_record_add(
    *, actor, consultation: Consultation, body: str
) -> ConsultationRecord:
    require(actor, "support.write_consultation_record", consultation)
    if not body.strip():
        raise ServiceError(_("The record is empty."), field="body")
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        record = ConsultationRecord.objects.create(
            consultation=consultation,
            author_id=roles_of(actor).person_id,
            body=body.strip(),
        )
        if consultation.status == Consultation.Status.ASSIGNED:
            consultation.status = Consultation.Status.IN_PROGRESS
            consultation.save(update_fields=["status"])
        # The audit trail says that a record was written, never what it says.
        audit_record(
            actor=actor,
            action="consultation.record",
            target=consultation,
            data={"record": record.pk},
        )
    return record


def consultation_refer(
    *, actor, consultation: Consultation, referred_to: str, consent: bool
) -> Consultation:
    """Pass the case to another body, only with the person's consent."""
    require(actor, "support.refer_consultation", consultation)
    if not referred_to.strip():
        raise ServiceError(
            _("Name the body the case is referred to."), field="referred_to"
        )
    if not consent:
        raise ServiceError(
            _("A case is passed to another body only with the person's consent."),
            field="consent",
        )
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.is_closed:
            raise ServiceError(_("This consultation is closed."))
        consultation.referred_to = referred_to.strip()[:200]
        consultation.referral_consent_at = timezone.now()
        consultation.referral_consent_recorded_by = actor
        if consultation.status in (
            Consultation.Status.NEW,
            Consultation.Status.ASSIGNED,
        ):
            consultation.status = Consultation.Status.IN_PROGRESS
        consultation.save(
            update_fields=[
                "referred_to",
                "referral_consent_at",
                "referral_consent_recorded_by",
                "status",
            ]
        )
        audit_record(
            actor=actor,
            action="consultation.refer",
            target=consultation,
            message=consultation.referred_to,
        )
    return consultation


def consultation_close(
    *, actor, consultation: Consultation, outcome: str
) -> Consultation:
    require(actor, "support.close_consultation", consultation)
    if outcome not in Consultation.Outcome.values:
        raise ServiceError(_("Choose the outcome."), field="outcome")
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.is_closed:
            raise ServiceError(_("This consultation is closed already."))
        if outcome == Consultation.Outcome.REFERRED and not consultation.referred_to:
            raise ServiceError(
                _(
                    "Record the referral, with the person's consent, before closing the case as referred."
                ),
                field="outcome",
            )
        consultation.status = Consultation.Status.CLOSED
        consultation.outcome = outcome
        consultation.closed_at = timezone.now()
        consultation.save(update_fields=["status", "outcome", "closed_at"])
        audit_record(
            actor=actor,
            action="consultation.close",
            target=consultation,
            message=consultation.get_outcome_display(),
        )
    return consultation
