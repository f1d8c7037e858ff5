"""Reads of the consultation desk: cases, slots, and the confidential records, whose
every read is logged."""

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from members.models import Desk, Person, Role, RoleAssignment
from wco_sse.core.selectors import get_visible_or_404

from ..models import (
    Appointment,
    AppointmentSlot,
    Consultation,
    ConsultationRecord,
    ConsultationRecordRead,
)


def consultation_get_for(*, user, pk, perm="support.view_consultation"):
    """The case, if ``user`` holds ``perm`` on it (the page's reach: seeing it,
    assigning it, booking for it, …); else 404."""
    return get_visible_or_404(
        Consultation.objects.select_related(
            "requester__account", "organization", "advisor", "created_by"
        ),
        user=user,
        perms=(perm,),
        pk=pk,
    )


def consultation_queue(*, status="", desk=""):
    queryset = Consultation.objects.select_related("requester", "advisor").only(
        # The queue's columns (support/consultation_queue.html) and nothing else.
        "created_at",
        "desk",
        "topic",
        "channel",
        "status",
        "requester__family_name",
        "requester__given_name",
        "advisor__family_name",
        "advisor__given_name",
    )
    if status in Consultation.Status.values:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.exclude(status=Consultation.Status.CLOSED)
    if desk in Desk.values:
        queryset = queryset.filter(desk=desk)
    return queryset.order_by("status", "created_at", "pk")


def consultations_assigned_to(*, person, include_closed=False):
    queryset = Consultation.objects.filter(advisor=person).select_related("requester")
    if not include_closed:
        queryset = queryset.exclude(status=Consultation.Status.CLOSED)
    return queryset.order_by("created_at", "pk")


def person_consultations(*, person):
    return list(
        Consultation.objects.filter(requester=person)
        .select_related("advisor")
        .prefetch_related(
            Prefetch(
                "appointments",
                queryset=Appointment.objects.filter(
                    status=Appointment.Status.BOOKED
                ).select_related("slot"),
                to_attr="live_appointments",
            )
        )
        .order_by("-created_at", "-pk")
    )


def advisors_for_desk(desk, day=None):
    """People who hold the advisor role for ``desk`` today."""
    return Person.objects.filter(
        pk__in=RoleAssignment.objects.current(day)
        .filter(role=Role.ADVISOR, scope=desk)
        .values("person_id")
    ).order_by("family_name_kana", "given_name_kana", "pk")


# --- Slots and appointments ---------------------------------------------------------------


def live_appointment_of(consultation):
    return (
        Appointment.objects.filter(
            consultation=consultation, status=Appointment.Status.BOOKED
        )
        .select_related("slot__advisor")
        .first()
    )


def appointment_of(*, consultation, pk):
    """An appointment of ``consultation`` (404 for another case's)."""
    return get_object_or_404(
        Appointment.objects.select_related("slot", "consultation"),
        pk=pk,
        consultation=consultation,
    )


def open_slots_for(consultation):
    """The assigned advisor's future slots that nobody has booked."""
    if consultation.advisor_id is None:
        return []
    return list(
        AppointmentSlot.objects.filter(
            advisor_id=consultation.advisor_id, starts_at__gt=timezone.now()
        )
        .exclude(appointments__status=Appointment.Status.BOOKED)
        .order_by("starts_at", "pk")
    )


def advisor_slots(*, person, include_past=False):
    queryset = AppointmentSlot.objects.filter(advisor=person).prefetch_related(
        Prefetch(
            "appointments",
            queryset=Appointment.objects.filter(
                status=Appointment.Status.BOOKED
            ).select_related("consultation"),
            to_attr="live_appointments",
        )
    )
    if not include_past:
        queryset = queryset.filter(ends_at__gte=timezone.now())
    return queryset.order_by("starts_at", "pk")


def slot_get_for(*, user, pk):
    """One of the advisor's own slots; another advisor's, like a missing one, 404."""
    return get_visible_or_404(
        AppointmentSlot.objects.all(),
        user=user,
        perms=("support.withdraw_slot",),
        pk=pk,
    )


# --- Confidential records -----------------------------------------------------------------


def _reader_label(user):
    person = Person.objects.filter(account=user).first()
    return f"{person} <{user.email}>" if person else user.email


def _records_read(*, user, consultation, purpose, label):
    records = list(
        ConsultationRecord.objects.filter(consultation=consultation)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    ConsultationRecordRead.objects.create(
        consultation=consultation,
        reader=user,
        reader_label=label,
        purpose=purpose,
        record_count=len(records),
    )
    return records


def consultation_records_read(*, user, consultation, purpose="view"):
    """The case's confidential records, for a user the rules allow, with the read
    logged in the same transaction: no read without its log line."""
    if not user.has_perm("support.read_consultation_records", consultation):
        raise Http404
    with transaction.atomic():
        return _records_read(
            user=user,
            consultation=consultation,
            purpose=purpose,
            label=_reader_label(user),
        )


def consultation_disclosure(*, user, person):
    """A person's consultations, each with its confidential records, for a
    disclosure request (APPI): every case's read is logged, all in one
    transaction. Returns (consultation, records) pairs."""
    if not user.has_perm("support.export_disclosure"):
        raise Http404
    label = _reader_label(user)
    cases = []
    with transaction.atomic():
        for consultation in Consultation.objects.filter(
            requester=person
        ).select_related("advisor", "organization"):
            if not user.has_perm("support.read_consultation_records", consultation):
                raise Http404
            records = _records_read(
                user=user, consultation=consultation, purpose="disclosure", label=label
            )
            cases.append((consultation, records))
    return cases


def consultation_record_reads(*, consultation, limit=50):
    return list(
        ConsultationRecordRead.objects.filter(consultation=consultation)
        .select_related("reader")
        .order_by("-at", "-pk")[:limit]
    )
