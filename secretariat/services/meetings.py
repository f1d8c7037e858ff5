"""Bodies, meetings and attendance: the secretariat runs them."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organization, Person
from wco_sse.core.audit import actor_label, audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require

from ..membership import body_seats
from ..models import (
    AgendaItem,
    AgendaTransition,
    Attendance,
    Body,
    BodyMember,
    EmailNoticeConsent,
    Meeting,
)
from .common import site_url

BODY_RULE_FIELDS = (
    "name",
    "description",
    "notice_days",
    "written_vote_notice_days",
    "submission_days",
    "quorum",
    "adoption",
    "special_members",
    "special_votes",
    "allows_written_resolution",
    "allows_written_votes",
    "minutes_signers",
    "report_interval",
    "documents_wareki",
    "is_active",
)


def body_create(*, actor, name: str, description: str = "", **rules) -> Body:
    """An ad-hoc body (industry meeting, council, committee) with its own members."""
    require(actor, "secretariat.manage_meetings")
    if not name.strip():
        raise ServiceError(_("Give the body a name."), field="name")
    with transaction.atomic():
        body = Body(name=name.strip(), description=description, kind=Body.Kind.AD_HOC)
        for key, value in rules.items():
            if key in BODY_RULE_FIELDS:
                setattr(body, key, value)
        body.save()
        audit_record(actor=actor, action="body.create", target=body)
    return body


def body_update(*, actor, body: Body, **changes) -> Body:
    require(actor, "secretariat.manage_meetings")
    if "name" in changes and not str(changes["name"]).strip():
        raise ServiceError(_("Give the body a name."), field="name")
    with transaction.atomic():
        body = Body.objects.select_for_update().get(pk=body.pk)
        changed = {}
        for key, value in changes.items():
            if key in BODY_RULE_FIELDS and getattr(body, key) != value:
                changed[key] = str(value)
                setattr(body, key, value)
        if changed:
            body.save(update_fields=list(changed))
            audit_record(
                actor=actor,
                action="body.update",
                target=body,
                message=", ".join(sorted(changed)),
                data=changed,
            )
    return body


def body_member_add(*, actor, body: Body, person: Person, start=None, note=""):
    require(actor, "secretariat.manage_meetings")
    if not body.is_ad_hoc:
        raise ServiceError(
            _(
                "The members of the board, the council and the assembly follow from roles and membership; they are not listed by hand."
            )
        )
    with transaction.atomic():
        member, created = BodyMember.objects.get_or_create(
            body=body, person=person, defaults={"start": start, "note": note}
        )
        if not created:
            raise ServiceError(
                _("%(person)s is already a member.") % {"person": person},
                field="person",
            )
        audit_record(
            actor=actor, action="body.member_add", target=body, message=str(person)
        )
    return member


def body_member_remove(*, actor, member: BodyMember, end: datetime.date):
    require(actor, "secretariat.manage_meetings")
    with transaction.atomic():
        member.end = end
        member.save(update_fields=["end"])
        audit_record(
            actor=actor,
            action="body.member_end",
            target=member.body,
            message=str(member.person),
        )
    return member


def default_submission_deadline(body, starts_at):
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
    require(actor, "secretariat.manage_meetings")
    if not title.strip():
        raise ServiceError(_("Give the meeting a title."), field="title")
    if not body.is_active:
        raise ServiceError(_("This body is no longer active."), field="body")
    if not place.strip() and not online_url.strip():
        raise ServiceError(_("Give a place, an online link, or both."), field="place")
    submission_deadline = submission_deadline or default_submission_deadline(
        body, starts_at
    )
    _check_times(starts_at, ends_at, submission_deadline)
    with transaction.atomic():
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
            packet_wareki=body.documents_wareki,
            minutes_wareki=body.documents_wareki,
            tally_wareki=body.documents_wareki,
            created_by=actor,
        )
        audit_record(actor=actor, action="meeting.create", target=meeting)
    return meeting


MEETING_FIELDS = (
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "online_method",
    "chair",
    "submission_deadline",
    "packet_wareki",
    "minutes_wareki",
    "tally_wareki",
)


def meeting_update(*, actor, meeting: Meeting, **changes) -> Meeting:
    require(actor, "secretariat.manage_meetings")
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        timing = {"title", "starts_at", "ends_at", "place", "online_url", "kind"}
        if meeting.status not in Meeting.OPEN and timing & {
            k for k, v in changes.items() if getattr(meeting, k) != v
        }:
            raise ServiceError(
                _("The date and place of a meeting that is %(status)s can't change.")
                % {"status": meeting.get_status_display()}
            )
        if "title" in changes and not str(changes["title"]).strip():
            raise ServiceError(_("Give the meeting a title."), field="title")
        changed = []
        for key, value in changes.items():
            if key in MEETING_FIELDS and getattr(meeting, key) != value:
                setattr(meeting, key, value)
                changed.append(key)
        if not meeting.place.strip() and not meeting.online_url.strip():
            raise ServiceError(
                _("Give a place, an online link, or both."), field="place"
            )
        _check_times(meeting.starts_at, meeting.ends_at, meeting.submission_deadline)
        if changed:
            meeting.save(update_fields=[*changed, "updated_at"])
            audit_record(
                actor=actor,
                action="meeting.update",
                target=meeting,
                message=", ".join(changed),
            )
    return meeting


def _lock_meeting(meeting):
    return (
        Meeting.objects.select_related("body")
        .select_for_update(of=("self",))
        .get(pk=meeting.pk)
    )


def _move(meeting, status, *, label):
    if not meeting.can_move_to(status):
        raise ServiceError(
            _("A meeting that is %(status)s can't be %(action)s.")
            % {"status": meeting.get_status_display(), "action": label}
        )


def convocation_recipients(meeting):
    """(person or organization, email, by_post) for every seat of the body; for the board
    that is every director and auditor (DESIGN)."""
    seats = body_seats(meeting.body, meeting.day)
    if meeting.body.is_assembly:
        consents = set(
            EmailNoticeConsent.objects.filter(
                organization__in=[s.organization for s in seats]
            ).values_list("organization_id", flat=True)
        )
        return [
            (
                seat.organization,
                seat.organization.email if seat.organization.pk in consents else "",
                not (seat.organization.pk in consents and seat.organization.email),
            )
            for seat in seats
        ]
    people = Person.objects.filter(pk__in=[s.person.pk for s in seats]).select_related(
        "account"
    )
    by_pk = {p.pk: p for p in people}
    result = []
    for seat in seats:
        person = by_pk[seat.person.pk]
        email = person.contact_email
        result.append((person, email, not email))
    return result


def meeting_convene(*, actor, meeting: Meeting) -> Meeting:
    """Send the convocation (招集通知) with the agenda to every member of the body.

    Sending later than the body's notice period is allowed but flagged.
    """
    require(actor, "secretariat.manage_meetings")
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        _move(meeting, Meeting.Status.CONVENED, label=_("convened"))
        now = timezone.now()
        meeting.status = Meeting.Status.CONVENED
        meeting.convened_at = now
        meeting.convened_late = timezone.localtime(now).date() > meeting.notice_deadline
        meeting.save(
            update_fields=["status", "convened_at", "convened_late", "updated_at"]
        )
        items = list(
            AgendaItem.objects.filter(
                meeting=meeting, status=AgendaItem.Status.PLACED
            ).order_by("order", "pk")
        )
        url = site_url(reverse("secretariat:meeting_detail", args=[meeting.pk]))
        by_post = []
        for recipient, email, post in convocation_recipients(meeting):
            if post:
                by_post.append(str(recipient))
                continue
            language = getattr(recipient, "language", "ja")
            email_queue(
                key=f"convocation:{meeting.pk}:{recipient._meta.model_name}:{recipient.pk}",
                template="secretariat/convocation",
                to=email,
                language=language,
                context={
                    "recipient": str(recipient),
                    "meeting": meeting,
                    "items": items,
                    "url": url,
                },
            )
        audit_record(
            actor=actor,
            action="meeting.convene",
            target=meeting,
            message=_("Convocation sent late") if meeting.convened_late else "",
            data={"late": meeting.convened_late, "by_post": by_post},
        )
    return meeting


def meeting_hold(*, actor, meeting: Meeting) -> Meeting:
    """Record that the meeting took place."""
    require(actor, "secretariat.manage_meetings")
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
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
    items = (
        AgendaItem.objects.select_for_update()
        .filter(meeting=meeting, status=AgendaItem.Status.PLACED)
        .order_by("pk")
    )
    for item in items:
        if to_meeting is None:
            item.status = AgendaItem.Status.ACCEPTED
            item.meeting = None
            item.save(update_fields=["status", "meeting", "updated_at"])
            to_status = AgendaItem.Status.ACCEPTED
        else:
            item.meeting = to_meeting
            item.save(update_fields=["meeting", "updated_at"])
            to_status = AgendaItem.Status.PLACED
        AgendaTransition.objects.create(
            item=item,
            from_status=AgendaItem.Status.PLACED,
            to_status=to_status,
            meeting=to_meeting or meeting,
            actor=actor,
            actor_label=actor_label(actor),
            reason=reason,
        )


def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    require(actor, "secretariat.manage_meetings")
    if not reason.strip():
        raise ServiceError(
            _("Please state why the meeting is cancelled."), field="reason"
        )
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
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


def meeting_postpone(
    *, actor, meeting: Meeting, starts_at: datetime.datetime, reason: str
) -> Meeting:
    """Postpone to a new date: a new meeting takes the agenda; the old one stays 延期."""
    require(actor, "secretariat.manage_meetings")
    if not reason.strip():
        raise ServiceError(
            _("Please state why the meeting is postponed."), field="reason"
        )
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        _move(meeting, Meeting.Status.POSTPONED, label=_("postponed"))
        if starts_at <= meeting.starts_at:
            raise ServiceError(
                _("The new date must be after the original one."), field="starts_at"
            )
        new = Meeting.objects.create(
            body=meeting.body,
            title=meeting.title,
            kind=meeting.kind,
            starts_at=starts_at,
            place=meeting.place,
            online_url=meeting.online_url,
            online_method=meeting.online_method,
            chair=meeting.chair,
            submission_deadline=default_submission_deadline(meeting.body, starts_at),
            packet_wareki=meeting.packet_wareki,
            minutes_wareki=meeting.minutes_wareki,
            tally_wareki=meeting.tally_wareki,
            created_by=actor,
        )
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


ATTENDANCE_OPEN = (
    Meeting.Status.SCHEDULED,
    Meeting.Status.CONVENED,
    Meeting.Status.HELD,
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
    require(actor, "secretariat.manage_meetings")
    if kind not in Attendance.Kind.values:
        raise ServiceError(_("Choose how they attended."), field="kind")
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        if meeting.status not in ATTENDANCE_OPEN:
            raise ServiceError(
                _("Attendance can't be changed for a meeting that is %(status)s.")
                % {"status": meeting.get_status_display()}
            )
        if hasattr(meeting, "minutes") and meeting.minutes.status != "draft":
            raise ServiceError(
                _("The minutes have been sent for signature: attendance is fixed.")
            )
        body = meeting.body
        if kind in (Attendance.Kind.PROXY, Attendance.Kind.WRITTEN):
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
        seats = body_seats(body, meeting.day)
        if body.is_assembly:
            seat = next(
                (
                    s
                    for s in seats
                    if organization and s.organization.pk == organization.pk
                ),
                None,
            )
        else:
            seat = next((s for s in seats if person and s.person.pk == person.pk), None)
        if seat is None:
            raise ServiceError(
                _("Only members of %(body)s can be recorded at this meeting.")
                % {"body": body}
            )
        attendance, _created = Attendance.objects.update_or_create(
            meeting=meeting,
            **(
                {"organization": organization}
                if body.is_assembly
                else {"person": person}
            ),
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


def email_notice_consent_set(
    *, actor, organization, agreed: bool, agreed_on: datetime.date | None = None
) -> EmailNoticeConsent | None:
    """Record or withdraw a 社員's consent to the assembly's notices by email. The
    secretariat records a consent given on paper; the W.Co's representative gives or
    withdraws it themselves. Without it, convocations go by post."""
    require(actor, "secretariat.record_email_consent", organization)
    if organization.membership_class != Organization.MembershipClass.REGULAR:
        raise ServiceError(
            _("Only 正会員 organizations are members of the general assembly.")
        )
    today = timezone.localdate()
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        consent = EmailNoticeConsent.objects.filter(organization=organization).first()
        if not agreed:
            if consent is not None:
                consent.delete()
                audit_record(
                    actor=actor,
                    action="assembly.email_consent.withdraw",
                    target=organization,
                )
            return None
        agreed_on = agreed_on or today
        if agreed_on > today:
            raise ServiceError(
                _("The date of consent can't be in the future."), field="agreed_on"
            )
        if not organization.email:
            raise ServiceError(
                _(
                    "The organization has no email address: enter it on its profile "
                    "first, since the notices go there."
                ),
                field="agreed",
            )
        if consent is None:
            consent = EmailNoticeConsent(organization=organization)
        consent.agreed_on = agreed_on
        consent.recorded_by = actor
        consent.save()
        audit_record(
            actor=actor,
            action="assembly.email_consent.give",
            target=organization,
            data={"agreed_on": agreed_on.isoformat()},
        )
    return consent
