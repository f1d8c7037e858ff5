"""議事録: written by the secretariat from the record, signed per the body's rule."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Person
from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.files import file_attach
from wco_sse.core.uploads import JPEG, PDF, PNG

from ..membership import body_seats
from ..models import (
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Meeting,
    Minutes,
    MinutesSignatory,
)

M = Minutes.Status


def minutes_start(*, actor, meeting: Meeting) -> Minutes:
    require(actor, "secretariat.manage_minutes")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status not in Meeting.HAS_TAKEN_PLACE:
            raise ServiceError(
                _("Minutes are written for a meeting that has been held.")
            )
        minutes, created = Minutes.objects.get_or_create(
            meeting=meeting, defaults={"created_by": actor}
        )
        if created:
            audit_record(actor=actor, action="minutes.start", target=meeting)
    return minutes


def minutes_update(
    *,
    actor,
    minutes: Minutes,
    opening: str,
    auditors_statements: str,
    other_matters: str,
    writer: Person | None,
    discussions: dict | None = None,
) -> Minutes:
    """Edit the text of draft minutes; ``discussions`` maps decision ids to the
    discussion of each item."""
    require(actor, "secretariat.manage_minutes")
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if minutes.status != M.DRAFT:
            raise ServiceError(
                _("Minutes that are %(status)s can't be edited.")
                % {"status": minutes.get_status_display()}
            )
        minutes.opening = opening
        minutes.auditors_statements = auditors_statements
        minutes.other_matters = other_matters
        minutes.writer = writer
        minutes.save(
            update_fields=[
                "opening",
                "auditors_statements",
                "other_matters",
                "writer",
                "updated_at",
            ]
        )
        if minutes.meeting_id:
            decisions = Decision.objects.filter(meeting_id=minutes.meeting_id)
        else:
            decisions = Decision.objects.filter(
                written_resolution_id=minutes.written_resolution_id
            )
        for decision in decisions.filter(pk__in=list((discussions or {}).keys())):
            text = discussions[decision.pk].strip()
            if decision.discussion != text:
                decision.discussion = text
                decision.save(update_fields=["discussion"])
        audit_record(actor=actor, action="minutes.update", target=minutes)
    return minutes


def signatories_for(meeting: Meeting, *, extra: list[Person] = ()) -> list[tuple]:
    """(person, capacity label) as the body's rule names the minutes' signatories."""
    body = meeting.body
    rule = body.minutes_signers
    attendances = {
        a.person_id: a
        for a in meeting.attendances.filter(person__isnull=False)
        if a.kind in Attendance.IN_PERSON_KINDS
    }
    result = []
    if rule in (Body.MinutesSigners.OFFICERS, Body.MinutesSigners.REPRESENTATIVE):
        seats = [
            s
            for s in body_seats(body, meeting.day)
            if s.person and s.person.pk in attendances
        ]
        directors = [s for s in seats if s.capacity == Attendance.Capacity.DIRECTOR]
        auditors = [s for s in seats if s.capacity == Attendance.Capacity.AUDITOR]
        if rule == Body.MinutesSigners.REPRESENTATIVE:
            representatives = [s for s in directors if s.is_representative_director]
            # Where no representative director attended, the attending directors sign.
            directors = representatives or directors
        for seat in directors:
            label = (
                _("Representative director")
                if seat.is_representative_director
                else _("Director")
            )
            result.append((seat.person, str(label)))
        for seat in auditors:
            result.append((seat.person, str(_("Auditor"))))
        return result
    if meeting.chair is None:
        raise ServiceError(_("Record the chair of the meeting first."))
    result.append((meeting.chair, str(_("Chair"))))
    if rule == Body.MinutesSigners.CHAIR_AND_SIGNATORIES:
        if not extra:
            raise ServiceError(
                _("Choose the minutes signatories chosen at the meeting."),
                field="signatories",
            )
        for person in extra:
            if person.pk != meeting.chair_id:
                result.append((person, str(_("Minutes signatory"))))
    return result


def minutes_finalize(
    *, actor, minutes: Minutes, extra_signatories: list[Person] = ()
) -> Minutes:
    """Fix the text and name the signatories; minutes of a resolution without a meeting
    need no signature and are confirmed at once."""
    require(actor, "secretariat.manage_minutes")
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if minutes.status != M.DRAFT:
            raise ServiceError(_("These minutes have already been sent for signature."))
        now = timezone.now()
        if minutes.written_resolution_id:
            minutes.status = M.CONFIRMED
            minutes.finalized_at = minutes.confirmed_at = now
            minutes.save(
                update_fields=["status", "finalized_at", "confirmed_at", "updated_at"]
            )
            audit_record(actor=actor, action="minutes.confirm", target=minutes)
            return minutes
        meeting = Meeting.objects.select_related("body", "chair").get(
            pk=minutes.meeting_id
        )
        undecided = AgendaItem.objects.filter(
            meeting=meeting, status=AgendaItem.Status.PLACED
        ).count()
        if undecided:
            raise ServiceError(
                _("Record the outcome of every item first (%(count)s left).")
                % {"count": undecided}
            )
        signatories = signatories_for(meeting, extra=extra_signatories)
        if not signatories:
            raise ServiceError(
                _("No one attended who could sign: record the attendance first.")
            )
        for order, (person, capacity) in enumerate(signatories, start=1):
            MinutesSignatory.objects.create(
                minutes=minutes, person=person, capacity=capacity, order=order
            )
        minutes.status = M.SIGNING
        minutes.finalized_at = now
        minutes.save(update_fields=["status", "finalized_at", "updated_at"])
        audit_record(
            actor=actor,
            action="minutes.finalize",
            target=minutes,
            data={"signatories": [p.pk for p, _c in signatories]},
        )
    return minutes


def minutes_sign(
    *, actor, signatory: MinutesSignatory, method: str, signed_on: datetime.date
) -> MinutesSignatory:
    """Record a signatory's 署名 or 記名押印; the last one confirms the minutes and closes
    the meeting (議事録確定)."""
    require(actor, "secretariat.manage_minutes")
    if method not in (MinutesSignatory.Method.SIGNATURE, MinutesSignatory.Method.SEAL):
        raise ServiceError(_("Choose how the minutes were signed."), field="method")
    if signed_on is None:
        raise ServiceError(_("Enter the date of the signature."), field="signed_on")
    if signed_on > timezone.localdate():
        raise ServiceError(
            _("The date of the signature is in the future."), field="signed_on"
        )
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(pk=signatory.minutes_id)
        signatory = MinutesSignatory.objects.select_for_update().get(pk=signatory.pk)
        if minutes.status != M.SIGNING:
            raise ServiceError(_("These minutes are not awaiting signatures."))
        meeting = Meeting.objects.select_for_update().get(pk=minutes.meeting_id)
        if signed_on < meeting.day:
            raise ServiceError(
                _("The minutes can't be signed before the meeting."), field="signed_on"
            )
        signatory.method = method
        signatory.signed_on = signed_on
        signatory.recorded_by = actor
        signatory.save(update_fields=["method", "signed_on", "recorded_by"])
        audit_record(
            actor=actor,
            action="minutes.sign",
            target=minutes,
            message=f"{signatory.person}: {signatory.get_method_display()} {signed_on}",
        )
        if not minutes.signatories.filter(
            method=MinutesSignatory.Method.PENDING
        ).exists():
            minutes.status = M.CONFIRMED
            minutes.confirmed_at = timezone.now()
            minutes.save(update_fields=["status", "confirmed_at", "updated_at"])
            meeting.status = Meeting.Status.CLOSED
            meeting.save(update_fields=["status", "updated_at"])
            audit_record(actor=actor, action="meeting.close", target=meeting)
    return signatory


def minutes_scan_attach(*, actor, minutes: Minutes, uploaded):
    """The signed scan (PDF or image) of the minutes."""
    require(actor, "secretariat.manage_minutes")
    if minutes.status == M.DRAFT:
        raise ServiceError(_("Send the minutes for signature first."), field="file")
    return file_attach(
        actor=actor,
        target=minutes,
        uploaded=uploaded,
        description=str(_("Signed minutes")),
        kinds=(PDF, PNG, JPEG),
    )
