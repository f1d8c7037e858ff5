"""Meetings: scheduled, convened, held, or cancelled / postponed (Meeting.TRANSITIONS)."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Person
from wco_sse.core.audit import actor_label, audit_record
from wco_sse.core.errors import ServiceError
from wco_sse.core.transactions import service_transaction

from ..membership import chair_candidates
from ..models import AgendaItem, AgendaTransition, Body, Meeting
from .common import require_runs
from .convocation import convocation_send
from .locks import lock_meeting, lock_placed_items


def default_submission_deadline(body, starts_at):
    """17:00 on the day the body's rule sets before the meeting."""
    day = timezone.localtime(starts_at).date() - datetime.timedelta(
        days=body.submission_days
    )
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))


def _check_times(starts_at, ends_at, submission_deadline):
    if ends_at is not None and ends_at < starts_at:
        raise ServiceError(_("The meeting ends before it starts."), field="ends_at")
    if submission_deadline is not None and submission_deadline > starts_at:
        raise ServiceError(
            _("The submission deadline must be before the meeting."),
            field="submission_deadline",
        )


def _check_title(title):
    if not str(title).strip():
        raise ServiceError(_("Give the meeting a title."), field="title")


def _check_where(place, online_url):
    if not place.strip() and not online_url.strip():
        raise ServiceError(_("Give a place, an online link, or both."), field="place")


def _check_chair(body, chair):
    """The chair (議長) is one of the body's members."""
    if chair is not None and chair.pk not in {p.pk for p in chair_candidates(body)}:
        raise ServiceError(
            _("%(name)s is not a member of %(body)s and can't chair its meeting.")
            % {"name": chair.full_name, "body": body.name},
            field="chair",
        )


def meeting_create(
    *,
    actor,
    body: Body,
    title: str,
    starts_at: datetime.datetime,
    kind: str = Meeting.Kind.ORDINARY,
    ends_at=None,
    place: str = "",
    online_url: str = "",
    online_method: str = "",
    chair: Person | None = None,
    submission_deadline=None,
) -> Meeting:
    """Schedule a meeting; its papers' era settings start from the body's rule."""
    require_runs(actor, body)
    _check_title(title)
    if not body.is_active:
        raise ServiceError(_("This body is no longer active."), field="body")
    _check_where(place, online_url)
    _check_chair(body, chair)
    submission_deadline = submission_deadline or default_submission_deadline(
        body, starts_at
    )
    _check_times(starts_at, ends_at, submission_deadline)
    with service_transaction():
        meeting = Meeting.objects.create(
            body=body,
            title=title.strip(),
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            online_url=online_url.strip(),
            online_method=online_method.strip(),
            chair=chair,
            submission_deadline=submission_deadline,
            **dict.fromkeys(Meeting.WAREKI_FIELDS, body.documents_wareki),
            created_by=actor,
        )
        audit_record(actor=actor, action="meeting.create", target=meeting)
    return meeting


def meeting_update(*, actor, meeting: Meeting, **changes) -> Meeting:
    """Change any of ``Meeting.EDITABLE_FIELDS``; the date and place only while the
    meeting is open. An empty submission deadline follows the body's rule again."""
    require_runs(actor, meeting.body)
    if "title" in changes:
        _check_title(changes["title"])
    changes = {k: v for k, v in changes.items() if k in Meeting.EDITABLE_FIELDS}
    with service_transaction():
        meeting = lock_meeting(meeting.pk)
        if changes.get("submission_deadline", "") is None:
            changes["submission_deadline"] = default_submission_deadline(
                meeting.body, changes.get("starts_at", meeting.starts_at)
            )
        changed = [k for k, v in changes.items() if getattr(meeting, k) != v]
        before = {key: _plain(getattr(meeting, key)) for key in changed}
        if meeting.status not in Meeting.OPEN and set(changed) & set(
            Meeting.SCHEDULE_FIELDS
        ):
            raise ServiceError(
                _("The date and place of a meeting that is %(status)s can't change.")
                % {"status": meeting.get_status_display()}
            )
        for key in changed:
            setattr(meeting, key, changes[key])
        _check_where(meeting.place, meeting.online_url)
        if "chair" in changed:
            _check_chair(meeting.body, meeting.chair)
        _check_times(meeting.starts_at, meeting.ends_at, meeting.submission_deadline)
        if changed:
            meeting.save(update_fields=[*changed, "updated_at"])
            audit_record(
                actor=actor,
                action="meeting.update",
                target=meeting,
                message=", ".join(changed),
                data={
                    "changes": {
                        key: [before[key], _plain(getattr(meeting, key))]
                        for key in changed
                    }
                },
            )
    return meeting


def _plain(value):
    """A field's value as the audit entry keeps it (JSON): moments as ISO text."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def _move(meeting, status, *, label):
    """Refuse a change the table (Meeting.TRANSITIONS) does not allow."""
    if not meeting.can_move_to(status):
        raise ServiceError(
            _("A meeting that is %(status)s can't be %(action)s.")
            % {"status": meeting.get_status_display(), "action": label}
        )


def meeting_convene(*, actor, meeting: Meeting) -> Meeting:
    """Send the convocation (招集通知) with the agenda to every member of the body:
    by email, or recorded for the secretariat to post or fax (its printable list and
    labels). The page before it shows the text, the recipients by channel and the
    lateness. Sending later than the body's notice period is allowed but flagged."""
    require_runs(actor, meeting.body)
    with service_transaction():
        meeting = lock_meeting(meeting.pk)
        _move(meeting, Meeting.Status.CONVENED, label=_("convened"))
        now = timezone.now()
        meeting.status = Meeting.Status.CONVENED
        meeting.convened_at = now
        meeting.convened_late = timezone.localtime(now).date() > meeting.notice_deadline
        meeting.save(
            update_fields=["status", "convened_at", "convened_late", "updated_at"]
        )
        dispatch = convocation_send(meeting, actor=actor, late=meeting.convened_late)
        audit_record(
            actor=actor,
            action="meeting.convene",
            target=meeting,
            message=_("Convocation sent late") if meeting.convened_late else "",
            data={
                "late": meeting.convened_late,
                "by_post": [r["name"] for r in dispatch.paper_recipients],
            },
        )
    return meeting


def meeting_hold(*, actor, meeting: Meeting) -> Meeting:
    """Record that the meeting took place."""
    require_runs(actor, meeting.body)
    with service_transaction():
        meeting = lock_meeting(meeting.pk)
        _move(meeting, Meeting.Status.HELD, label=_("marked as held"))
        if meeting.day > timezone.localdate():
            raise ServiceError(
                _("A meeting can be marked as held only on or after its day.")
            )
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="meeting.hold", target=meeting)
    return meeting


def _release_items(meeting, *, actor, to_meeting=None, reason=""):
    """The items on a cancelled meeting go back to accepted; those on a postponed one
    move to its successor. ``meeting`` is locked: its items are locked after it."""
    for item in lock_placed_items(meeting):
        if to_meeting is None:
            item.status = AgendaItem.Status.ACCEPTED
            item.meeting = None
            item.save(update_fields=["status", "meeting", "updated_at"])
        else:
            item.meeting = to_meeting
            item.save(update_fields=["meeting", "updated_at"])
        AgendaTransition.objects.create(
            item=item,
            from_status=AgendaItem.Status.PLACED,
            to_status=item.status,
            meeting=to_meeting or meeting,
            actor=actor,
            actor_label=actor_label(actor),
            reason=reason,
        )


def _check_reason(reason, message):
    if not reason.strip():
        raise ServiceError(message, field="reason")


def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    require_runs(actor, meeting.body)
    _check_reason(reason, _("Please state why the meeting is cancelled."))
    with service_transaction():
        meeting = lock_meeting(meeting.pk)
        _move(meeting, Meeting.Status.CANCELLED, label=_("cancelled"))
        meeting.status = Meeting.Status.CANCELLED
        meeting.status_reason = reason.strip()
        meeting.save(update_fields=["status", "status_reason", "updated_at"])
        _release_items(
            meeting,
            actor=actor,
            reason=_("The meeting was cancelled: %(reason)s")
            % {"reason": reason.strip()},
        )
        audit_record(
            actor=actor, action="meeting.cancel", target=meeting, message=reason
        )
    return meeting


def _successor(meeting, *, starts_at, actor):
    """The meeting a postponed one moves to: the same but for its times."""
    return Meeting.objects.create(
        body=meeting.body,
        starts_at=starts_at,
        submission_deadline=default_submission_deadline(meeting.body, starts_at),
        created_by=actor,
        **{name: getattr(meeting, name) for name in Meeting.POSTPONE_KEEPS},
    )


def meeting_postpone(
    *, actor, meeting: Meeting, starts_at: datetime.datetime | None, reason: str
) -> Meeting:
    """Postpone to a new date: a new meeting takes the agenda; the old one stays 延期."""
    require_runs(actor, meeting.body)
    if starts_at is None:
        raise ServiceError(_("Give the new date and time."), field="starts_at")
    _check_reason(reason, _("Please state why the meeting is postponed."))
    with service_transaction():
        meeting = lock_meeting(meeting.pk)
        _move(meeting, Meeting.Status.POSTPONED, label=_("postponed"))
        if starts_at <= meeting.starts_at:
            raise ServiceError(
                _("The new date must be after the original one."), field="starts_at"
            )
        new = _successor(meeting, starts_at=starts_at, actor=actor)
        meeting.status = Meeting.Status.POSTPONED
        meeting.status_reason = reason.strip()
        meeting.postponed_to = new
        meeting.save(
            update_fields=["status", "status_reason", "postponed_to", "updated_at"]
        )
        _release_items(
            meeting,
            actor=actor,
            to_meeting=new,
            reason=_("The meeting was postponed: %(reason)s")
            % {"reason": reason.strip()},
        )
        audit_record(
            actor=actor,
            action="meeting.postpone",
            target=meeting,
            message=reason,
            data={"new_meeting": new.pk},
        )
    return new
