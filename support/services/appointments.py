"""面談枠 and bookings: advisors publish slots; a case books one of its advisor's.

Locking rule for slots: booking locks the consultation row, then the slot row
(SELECT … FOR UPDATE) and checks that the slot has no live booking inside the same
transaction; a partial unique index on live bookings is the last guard. Publishing
a slot locks the advisor's person row so two overlapping slots can't race in.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.models import Person
from members.roles import roles_of
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..calendar import appointment_calendar
from ..models import Appointment, AppointmentSlot, Consultation

__all__ = [
    "APPOINTMENT_ICS_DAYS_AFTER",
    "APPOINTMENT_ICS_SALT",
    "CalendarLinkGone",
    "appointment_book",
    "appointment_calendar_link_renew",
    "appointment_cancel",
    "appointment_for_ics_token",
    "appointment_ics_token",
    "appointment_summary",
    "slot_publish",
    "slot_withdraw",
]

APPOINTMENT_ICS_SALT = "support.appointment-ics"
# A calendar link opens until this many days after its appointment ends.
APPOINTMENT_ICS_DAYS_AFTER = 3


# --- Slots ------------------------------------------------------------------------------


def _check_slot_times(*, starts_at, ends_at, place, online):
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
    _check_slot_times(starts_at=starts_at, ends_at=ends_at, place=place, online=online)
    with service_transaction():
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
    require(
        actor,
        "support.withdraw_slot",
        slot,
        message=_("You can withdraw only your own slots."),
    )
    with service_transaction():
        slot = AppointmentSlot.objects.select_for_update().get(pk=slot.pk)
        if slot.appointments.filter(status=Appointment.Status.BOOKED).exists():
            raise ServiceError(
                _("This slot is booked. Cancel the appointment with the person first.")
            )
        audit_record(actor=actor, action="slot.withdraw", message=str(slot))
        slot.appointments.all().delete()
        slot.delete()


# --- Appointments -------------------------------------------------------------------------


def _check_bookable(consultation, slot, *, now):
    """The case is open and assigned, and the slot is its advisor's, ahead and free
    (both rows locked by the caller)."""
    if consultation.is_closed:
        raise ServiceError(_("This consultation is closed."))
    if consultation.advisor_id is None:
        raise ServiceError(
            _("An advisor has not been assigned to this consultation yet.")
        )
    if slot.advisor_id != consultation.advisor_id:
        raise ServiceError(_("Choose one of your advisor's slots."), field="slot")
    if slot.starts_at <= now:
        raise ServiceError(_("This slot has already begun."), field="slot")
    if slot.appointments.filter(status=Appointment.Status.BOOKED).exists():
        raise ServiceError(
            _("Sorry, this slot has just been booked. Please choose another."),
            field="slot",
        )


def _release_current_booking(consultation, *, actor, staff, now):
    """A live booking of the case is cancelled to move it (rebooking), while the
    requester may still change it (staff at any time)."""
    current = (
        Appointment.objects.select_for_update()
        .select_related("slot")
        .filter(consultation=consultation, status=Appointment.Status.BOOKED)
        .first()
    )
    if current is None:
        return
    if not staff and not current.changeable_at(now):
        raise ServiceError(
            _(
                "Your appointment can no longer be changed online. Please contact the secretariat."
            ),
            field="slot",
        )
    appointment_cancel_within(current, actor=actor, reason="rebooked")


def appointment_book(
    *, actor, consultation: Consultation, slot: AppointmentSlot
) -> Appointment:
    """Book one of the assigned advisor's open slots; a live booking of the case is
    moved to the new slot (rebooking) while it may still be changed."""
    require(actor, "support.book_appointment", consultation)
    staff = actor.has_perm("support.intake_consultation")
    now = timezone.now()
    try:
        with service_transaction():
            consultation = Consultation.objects.select_for_update().get(
                pk=consultation.pk
            )
            slot = AppointmentSlot.objects.select_for_update().get(pk=slot.pk)
            _check_bookable(consultation, slot, now=now)
            _release_current_booking(consultation, actor=actor, staff=staff, now=now)
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
    with service_transaction():
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
        appointment_cancel_within(appointment, actor=actor, reason="cancelled")
    return appointment


def appointment_cancel_within(appointment, *, actor, reason):
    """Cancel a booking and tell both sides, inside the caller's transaction (which
    holds the consultation's lock, then the appointment's)."""
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
    """The signed name of an appointment's iCal file: the same in every email and
    page until the link is renewed (``calendar_link_version``)."""
    return signing.Signer(salt=APPOINTMENT_ICS_SALT).sign_object(
        {"a": appointment.pk, "v": appointment.calendar_link_version}
    )


class CalendarLinkGone(ServiceError):
    """A genuine calendar link that no longer opens: renewed, or its appointment over."""


def appointment_for_ics_token(token, *, now=None):
    """The appointment a calendar link opens; None for a forged link. A link that
    was renewed, or whose appointment ended more than ``APPOINTMENT_ICS_DAYS_AFTER``
    days ago, raises ``CalendarLinkGone`` with what to tell its holder."""
    try:
        data = signing.Signer(salt=APPOINTMENT_ICS_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        return None
    appointment = (
        Appointment.objects.select_related("slot").filter(pk=data["a"]).first()
    )
    if appointment is None:
        return None
    # Links sent before versions existed carry none: they are version 0.
    if data.get("v", 0) != appointment.calendar_link_version:
        raise CalendarLinkGone(
            _(
                "This calendar link has been renewed and no longer works. The "
                "current link is on the consultation's page in the portal."
            )
        )
    over = appointment.slot.ends_at + datetime.timedelta(
        days=APPOINTMENT_ICS_DAYS_AFTER
    )
    if (now or timezone.now()) > over:
        raise CalendarLinkGone(
            _("This calendar link has expired: the appointment is over.")
        )
    return appointment


def appointment_calendar_link_renew(*, actor, appointment: Appointment) -> Appointment:
    """Withdraw the appointment's calendar link, every copy of it (both sides'
    emails, anywhere it was passed on); the portal's pages show the new one."""
    consultation = appointment.consultation
    require(actor, "support.renew_appointment_link", consultation)
    with service_transaction():
        appointment = (
            Appointment.objects.select_for_update()
            .select_related("slot")
            .get(pk=appointment.pk)
        )
        appointment.calendar_link_version += 1
        appointment.save(update_fields=["calendar_link_version"])
        audit_record(
            actor=actor,
            action="appointment.calendar_link_renew",
            target=consultation,
            message=str(appointment.slot),
            data={"appointment": appointment.pk},
        )
    return appointment


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
            secrets=["ics_path"],
        )


def appointment_summary():
    """The calendar entry's title: it names the organization, not the person."""
    return _("Consultation appointment (%(organization)s)") % {
        "organization": settings.WCO_ORGANIZATION_NAME
    }
