"""議事録: written by the secretariat from the record, signed per the body's rule."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Person
from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError
from wco_sse.core.files import file_attach
from wco_sse.core.transactions import service_transaction
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
from .common import require_runs
from .locks import lock_meeting, lock_minutes, lock_signatory

M = Minutes.Status
MANAGE = "secretariat.manage_minutes"


def _body_of(minutes):
    """The body whose minutes these are (none for a resolution without a meeting)."""
    return minutes.meeting.body if minutes.meeting_id else None


def minutes_start(*, actor, meeting: Meeting) -> Minutes:
    require_runs(actor, meeting.body, statutory=MANAGE)
    with service_transaction():
        meeting = lock_meeting(meeting.pk)
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


def _lock_with_meeting(pk):
    """The minutes and their meeting (None for a resolution without a meeting),
    locked in the order the services follow: the meeting first."""
    meeting_id = (
        Minutes.objects.filter(pk=pk).values_list("meeting_id", flat=True).first()
    )
    meeting = lock_meeting(meeting_id) if meeting_id else None
    return meeting, lock_minutes(pk)


def _decisions_of(minutes):
    if minutes.meeting_id:
        return Decision.objects.filter(meeting_id=minutes.meeting_id)
    return Decision.objects.filter(written_resolution_id=minutes.written_resolution_id)


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
    """Edit the text of draft minutes (``Minutes.TEXT_FIELDS``); ``discussions`` maps
    decision ids to the discussion of each item."""
    require_runs(actor, _body_of(minutes), statutory=MANAGE)
    with service_transaction():
        minutes = lock_minutes(minutes.pk)
        if not minutes.is_draft:
            raise ServiceError(
                _("Minutes that are %(status)s can't be edited.")
                % {"status": minutes.get_status_display()}
            )
        minutes.opening = opening
        minutes.auditors_statements = auditors_statements
        minutes.other_matters = other_matters
        minutes.writer = writer
        minutes.save(update_fields=[*Minutes.TEXT_FIELDS, "updated_at"])
        discussions = discussions or {}
        for decision in _decisions_of(minutes).filter(pk__in=list(discussions)):
            text = discussions[decision.pk].strip()
            if decision.discussion != text:
                decision.discussion = text
                decision.save(update_fields=["discussion"])
        audit_record(actor=actor, action="minutes.update", target=minutes)
    return minutes


def _officers_signing(meeting, rule, attended):
    """The attending directors (or representative directors) and auditors."""
    seats = [
        s
        for s in body_seats(meeting.body, meeting.day)
        if s.person and s.person.pk in attended
    ]
    directors = [s for s in seats if s.capacity == Attendance.Capacity.DIRECTOR]
    auditors = [s for s in seats if s.capacity == Attendance.Capacity.AUDITOR]
    if rule == Body.MinutesSigners.REPRESENTATIVE:
        representatives = [s for s in directors if s.is_representative_director]
        # Where no representative director attended, the attending directors sign.
        directors = representatives or directors
    result = []
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


def signatories_for(meeting: Meeting, *, extra: list[Person] = ()) -> list[tuple]:
    """(person, capacity label) as the body's rule names the minutes' signatories."""
    rule = meeting.body.minutes_signers
    if rule in (Body.MinutesSigners.OFFICERS, Body.MinutesSigners.REPRESENTATIVE):
        attended = {
            a.person_id
            for a in meeting.attendances.filter(person__isnull=False)
            if a.kind in Attendance.IN_PERSON_KINDS
        }
        return _officers_signing(meeting, rule, attended)
    if meeting.chair is None:
        raise ServiceError(_("Record the chair of the meeting first."))
    result = [(meeting.chair, str(_("Chair")))]
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


def _confirm_written(minutes, *, actor, now):
    """The minutes of a resolution without a meeting need no signature."""
    minutes.status = M.CONFIRMED
    minutes.finalized_at = minutes.confirmed_at = now
    minutes.save(update_fields=["status", "finalized_at", "confirmed_at", "updated_at"])
    audit_record(actor=actor, action="minutes.confirm", target=minutes)


def _send_for_signature(minutes, meeting, *, actor, now, extra):
    undecided = AgendaItem.objects.filter(
        meeting=meeting, status=AgendaItem.Status.PLACED
    ).count()
    if undecided:
        raise ServiceError(
            _("Record the outcome of every item first (%(count)s left).")
            % {"count": undecided}
        )
    signatories = signatories_for(meeting, extra=extra)
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


def minutes_finalize(
    *, actor, minutes: Minutes, extra_signatories: list[Person] = ()
) -> Minutes:
    """Fix the text and name the signatories; minutes of a resolution without a meeting
    need no signature and are confirmed at once. The meeting is locked first, so the
    attendance the signatories come from can't change meanwhile."""
    require_runs(actor, _body_of(minutes), statutory=MANAGE)
    with service_transaction():
        meeting, minutes = _lock_with_meeting(minutes.pk)
        if not minutes.can_move_to(M.SIGNING if meeting else M.CONFIRMED):
            raise ServiceError(_("These minutes have already been sent for signature."))
        now = timezone.now()
        if meeting is None:
            _confirm_written(minutes, actor=actor, now=now)
        else:
            _send_for_signature(
                minutes, meeting, actor=actor, now=now, extra=extra_signatories
            )
    return minutes


def _check_signature(method, signed_on):
    if method not in (MinutesSignatory.Method.SIGNATURE, MinutesSignatory.Method.SEAL):
        raise ServiceError(_("Choose how the minutes were signed."), field="method")
    if signed_on is None:
        raise ServiceError(_("Enter the date of the signature."), field="signed_on")
    if signed_on > timezone.localdate():
        raise ServiceError(
            _("The date of the signature is in the future."), field="signed_on"
        )


def minutes_sign(
    *, actor, signatory: MinutesSignatory, method: str, signed_on: datetime.date
) -> MinutesSignatory:
    """Record a signatory's 署名 or 記名押印; the last one confirms the minutes and closes
    the meeting (議事録確定). Locks the meeting, the minutes, then the signatory."""
    require_runs(actor, _body_of(signatory.minutes), statutory=MANAGE)
    _check_signature(method, signed_on)
    with service_transaction():
        meeting, minutes = _lock_with_meeting(signatory.minutes_id)
        signatory = lock_signatory(signatory.pk)
        if minutes.status != M.SIGNING or meeting is None:
            raise ServiceError(_("These minutes are not awaiting signatures."))
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
            _confirm(minutes, meeting, actor=actor)
    return signatory


def _confirm(minutes, meeting, *, actor):
    """The last signature: 議事録確定, and the meeting is closed."""
    minutes.status = M.CONFIRMED
    minutes.confirmed_at = timezone.now()
    minutes.save(update_fields=["status", "confirmed_at", "updated_at"])
    meeting.status = Meeting.Status.CLOSED
    meeting.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="meeting.close", target=meeting)


def minutes_scan_attach(*, actor, minutes: Minutes, uploaded):
    """The signed scan (PDF or image) of the minutes."""
    require_runs(actor, _body_of(minutes), statutory=MANAGE)
    if minutes.is_draft:
        raise ServiceError(_("Send the minutes for signature first."), field="file")
    with service_transaction():
        return file_attach(
            actor=actor,
            target=minutes,
            uploaded=uploaded,
            description=str(_("Signed minutes")),
            kinds=(PDF, PNG, JPEG),
        )
