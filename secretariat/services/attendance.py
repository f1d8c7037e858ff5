"""Attendance at a meeting: who sat, in person, online, by proxy or by written vote."""

from django.utils.translation import gettext as _

from members.models import Organization, Person
from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError
from wco_sse.core.transactions import service_transaction

from ..membership import body_seats
from ..models import Attendance, Meeting, Minutes
from .common import require_runs
from .locks import lock_meeting


def _check_open(meeting):
    if meeting.status not in Meeting.ATTENDANCE_OPEN:
        raise ServiceError(
            _("Attendance can't be changed for a meeting that is %(status)s.")
            % {"status": meeting.get_status_display()}
        )
    # Minutes.meeting is a one-to-one: read the row rather than the cached relation.
    minutes = Minutes.objects.filter(meeting=meeting).only("status").first()
    if minutes is not None and not minutes.is_draft:
        raise ServiceError(
            _("The minutes have been sent for signature: attendance is fixed.")
        )


def _check_kind(body, kind):
    """The board takes no proxy and no written vote; the assembly takes written votes
    only where the articles allow them."""
    if kind not in (Attendance.Kind.PROXY, Attendance.Kind.WRITTEN):
        return
    if not body.is_assembly:
        raise ServiceError(
            _(
                "There is no proxy and no written vote at this body: directors attend in person or online."
            ),
            field="kind",
        )
    if kind == Attendance.Kind.WRITTEN and not body.allows_written_votes:
        raise ServiceError(
            _("The articles do not allow written votes at this assembly."),
            field="kind",
        )


def _seat_of(meeting, *, person, organization):
    """The seat of ``person`` (or, at the assembly, ``organization``) on the day."""
    body = meeting.body
    for seat in body_seats(body, meeting.day):
        if body.is_assembly:
            if organization and seat.organization.pk == organization.pk:
                return seat
        elif person and seat.person.pk == person.pk:
            return seat
    raise ServiceError(
        _("Only members of %(body)s can be recorded at this meeting.") % {"body": body}
    )


def attendance_set(
    *,
    actor,
    meeting: Meeting,
    kind: str,
    person: Person | None = None,
    organization: Organization | None = None,
    acting_name: str = "",
    note: str = "",
) -> Attendance:
    """Record one member's attendance. Only members of the body (and the auditors at the
    board) can be listed; the board takes no proxy and no written vote."""
    require_runs(actor, meeting.body)
    if kind not in Attendance.Kind.values:
        raise ServiceError(_("Choose how they attended."), field="kind")
    with service_transaction():
        meeting = lock_meeting(meeting.pk)
        _check_open(meeting)
        _check_kind(meeting.body, kind)
        seat = _seat_of(meeting, person=person, organization=organization)
        attendee = (
            {"organization": organization}
            if meeting.body.is_assembly
            else {"person": person}
        )
        attendance, _created = Attendance.objects.update_or_create(
            meeting=meeting,
            **attendee,
            defaults={
                "capacity": seat.capacity,
                "kind": kind,
                "acting_name": acting_name.strip()[:120],
                "note": note.strip()[:200],
                "recorded_by": actor,
            },
        )
        audit_record(
            actor=actor,
            action="meeting.attendance",
            target=meeting,
            message=f"{seat.name}: {attendance.get_kind_display()}",
        )
    return attendance
