"""Applying for a course (申込), cancelling, promotion out of order and fees.

Every write here takes the course lock first (``waitlist``), then the application.
"""

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Affiliation, Person
from members.roles import roles_of
from wco_sse.core.audit import actor_label, audit_record
from wco_sse.core.dates import format_moment
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..models import Application, Course
from ..selectors import person_is_member
from .course_emails import application_notify
from .people import (
    NewPerson,
    person_create_within,
    person_or_new_person_check,
)
from .waitlist import (
    course_and_application_lock,
    course_lock,
    seat_counts,
    waitlist_move_to_head,
    waitlist_promote,
    waitlist_renumber,
)

__all__ = [
    "application_cancel",
    "application_create",
    "application_create_by_proxy",
    "application_promote",
    "application_set_fee_paid",
]


def _local(moment):
    return format_moment(moment)


def _is_member(actor, person):
    """Whether ``person`` applies at the member rate: for oneself, the answer of the
    actor's role snapshot (the same rule, kept until a person, affiliation or
    organization changes); for anyone else, the registry."""
    snapshot = roles_of(actor)
    if snapshot.person_id is not None and snapshot.person_id == person.pk:
        return snapshot.is_member
    return person_is_member(person)


# --- Applying ----------------------------------------------------------------------------


def _check_applicant(actor, *, person, channel, organization):
    """Who the application is for: oneself, a person of a W.Co one represents, or
    (代理申込) anyone, by the school's staff."""
    if channel == Application.Channel.SELF:
        require(
            actor,
            "support.apply_for_oneself",
            person,
            message=_("You can apply only for yourself here."),
        )
    elif channel == Application.Channel.REPRESENTATIVE:
        require(
            actor,
            "support.apply_for_organization",
            organization,
            message=_("You can apply only for the people of a W.Co you represent."),
        )
        belongs = (
            Affiliation.objects.current()
            .filter(person=person, organization=organization, confirmed=True)
            .exists()
        )
        if not belongs:
            raise ServiceError(
                _("%(person)s is not a confirmed member of %(organization)s.")
                % {"person": person, "organization": organization},
                field="person",
            )
    elif channel == Application.Channel.PROXY:
        require(actor, "support.apply_by_proxy")
    else:
        raise ServiceError(_("Unknown way of applying."))


def _check_course_open(course, *, now, member):
    if course.status == Course.Status.CANCELLED:
        raise ServiceError(_("This course has been cancelled."))
    if course.status != Course.Status.PUBLISHED:
        raise ServiceError(_("This course is not open for applications."))
    if now < course.application_opens:
        raise ServiceError(
            _("Applications open on %(date)s.")
            % {"date": _local(course.application_opens)}
        )
    if now > course.application_closes:
        raise ServiceError(
            _("Applications closed on %(date)s.")
            % {"date": _local(course.application_closes)}
        )
    if course.is_members_only and not member:
        raise ServiceError(
            _(
                "This course is for members only: people of a member W.Co (正会員・賛助会員) and individual supporting members."
            )
        )


def _check_not_applied(person, live_status):
    """Refuse a second live application; ``live_status`` is read with the seat count
    under the course lock, so two applications sent at once (a double click) meet
    here one after the other."""
    if live_status is not None:
        raise ServiceError(
            _("%(person)s has already applied for this course (%(state)s).")
            % {
                "person": person,
                "state": Application.Status(live_status).label,
            },
            field="person",
        )


def _seat_or_waitlist(application, course, *, now):
    """Confirmed while seats remain, else last on the waitlist (under the lock);
    refused when the person has a live application for the course already."""
    counts = seat_counts(course, person=application.person)
    _check_not_applied(application.person, counts["live"])
    if counts["confirmed"] < course.capacity:
        application.status = Application.Status.CONFIRMED
        application.confirmed_at = now
    else:
        application.status = Application.Status.WAITLISTED
        application.waitlist_position = counts["waitlisted"] + 1
    # The seats taken with this application, for the card that answers it.
    course.confirmed_count = counts["confirmed"] + (
        application.status == Application.Status.CONFIRMED
    )


def _insert(application):
    """Insert under the course lock. ``_check_not_applied`` ran under the same lock,
    so the partial unique index is only the last guard (a write that bypassed the
    lock): without a savepoint (two round trips fewer while every applicant of the
    course waits), the error spoils the transaction, and the service is refused as a
    whole."""
    try:
        application.save()
    except IntegrityError as error:
        raise ServiceError(
            _("%(person)s has already applied for this course.")
            % {"person": application.person},
            field="person",
        ) from error


def application_create_within(
    *, actor, course, person, channel, organization=None, note=""
) -> Application:
    """Apply ``person`` for ``course`` inside the caller's transaction; the caller
    has checked that ``actor`` may apply for them. The course row is the lock for
    its seats: count and insert under it."""
    now = timezone.now()
    # Everything that does not depend on the seat is read before the course lock,
    # which every applicant of the course waits for: under it, only the course's
    # state checked (no query), the count (which also finds a live application of
    # the person), the insert and two small records (the audit entry, the email's
    # promise: it is written after the transaction, see application_notify).
    member = _is_member(actor, person)
    label = actor_label(actor, person=person)
    course = course_lock(course)
    _check_course_open(course, now=now, member=member)
    application = Application(
        course=course,
        person=person,
        channel=channel,
        organization=organization
        if channel == Application.Channel.REPRESENTATIVE
        else None,
        note=note.strip(),
        is_member_rate=member,
        fee=course.fee_member if member else course.fee_general,
        applied_by=actor if actor.is_authenticated else None,
    )
    _seat_or_waitlist(application, course, now=now)
    _insert(application)
    audit_record(
        actor=actor,
        label=label,
        action="course_application.create",
        target=application,
        message=application.get_status_display(),
        data={
            "course": course.pk,
            "channel": channel,
            "waitlist_position": application.waitlist_position,
        },
    )
    application_notify(
        application,
        "confirmed" if application.status == "confirmed" else "waitlisted",
    )
    return application


def application_create(
    *,
    actor,
    course: Course,
    person: Person,
    channel: str = Application.Channel.SELF,
    organization=None,
    note: str = "",
) -> Application:
    """Apply ``person`` for ``course``: confirmed while seats remain, else waitlisted."""
    _check_applicant(actor, person=person, channel=channel, organization=organization)
    with service_transaction():
        return application_create_within(
            actor=actor,
            course=course,
            person=person,
            channel=channel,
            organization=organization,
            note=note,
        )


def application_create_by_proxy(
    *,
    actor,
    course: Course,
    person: Person | None = None,
    new_person: NewPerson | None = None,
    note: str = "",
) -> Application:
    """代理申込: the secretariat applies for someone who phoned in, a person of the
    registry or a new one recorded with the application (or, refused, not at all)."""
    require(actor, "support.apply_by_proxy")
    person_or_new_person_check(person, new_person)
    with service_transaction():
        if person is None:
            person = person_create_within(actor=actor, details=new_person)
        return application_create_within(
            actor=actor,
            course=course,
            person=person,
            channel=Application.Channel.PROXY,
            note=note,
        )


# --- Cancelling and promoting ------------------------------------------------------------


def application_cancel(
    *, actor, application: Application, reason: str = ""
) -> Application:
    """Cancel a confirmed application (its seat goes to the waitlist) or leave the
    waitlist. Participants cancel until the deadline; staff at any time."""
    require(actor, "support.cancel_application", application)
    staff = actor.has_perm("support.manage_courses")
    with service_transaction():
        course, application = course_and_application_lock(application)
        if not application.is_live:
            raise ServiceError(_("This application is no longer active."))
        was = application.status
        if (
            was == Application.Status.CONFIRMED
            and not staff
            and not course.can_cancel_at()
        ):
            raise ServiceError(
                _(
                    "The cancellation deadline (%(date)s) has passed. Please contact the secretariat."
                )
                % {"date": _local(course.cancellation_deadline)}
            )
        application.status = (
            Application.Status.CANCELLED
            if was == Application.Status.CONFIRMED
            else Application.Status.WITHDRAWN
        )
        application.waitlist_position = None
        application.ended_at = timezone.now()
        application.end_reason = reason.strip()[:300]
        application.save(
            update_fields=["status", "waitlist_position", "ended_at", "end_reason"]
        )
        audit_record(
            actor=actor,
            label=actor_label(actor, person=application.person),
            action="course_application.cancel"
            if was == Application.Status.CONFIRMED
            else "course_application.leave_waitlist",
            target=application,
            message=application.end_reason,
        )
        if was == Application.Status.CONFIRMED:
            waitlist_promote(course, actor=actor)
        else:
            waitlist_renumber(course)
    return application


def _promote_out_of_order(course, application, *, reason, now):
    """With a seat free the person is confirmed at once; with the course full they
    move to the head of the waitlist. Returns the audit message."""
    application.promotion_reason = reason[:300]
    if seat_counts(course)["confirmed"] < course.capacity:
        application.status = Application.Status.CONFIRMED
        application.waitlist_position = None
        application.confirmed_at = application.promoted_at = now
        return _("Promoted out of order: %(reason)s") % {"reason": reason}
    waitlist_move_to_head(course, application)
    return _("Moved to the head of the waitlist: %(reason)s") % {"reason": reason}


def application_promote(*, actor, application: Application, reason: str) -> Application:
    """Staff promotion out of the waitlist's order, with a reason that is logged.

    With a seat free the person is confirmed at once; with the course full they move
    to the head of the waitlist and take the next seat that frees.
    """
    require(actor, "support.promote_application", application)
    reason = reason.strip()
    if not reason:
        raise ServiceError(
            _("Please state why this person is promoted out of order."),
            field="reason",
        )
    with service_transaction():
        course, application = course_and_application_lock(application)
        if application.status != Application.Status.WAITLISTED:
            raise ServiceError(_("Only a waitlisted application can be promoted."))
        message = _promote_out_of_order(
            course, application, reason=reason, now=timezone.now()
        )
        application.save(
            update_fields=[
                "status",
                "waitlist_position",
                "confirmed_at",
                "promoted_at",
                "promotion_reason",
            ]
        )
        audit_record(
            actor=actor,
            action="course_application.promote_out_of_order",
            target=application,
            message=message,
            data={"reason": reason},
        )
        if application.status == Application.Status.CONFIRMED:
            application_notify(application, "promoted")
    return application


# --- Fees --------------------------------------------------------------------------------


def application_set_fee_paid(
    *, actor, application: Application, paid: bool
) -> Application:
    require(actor, "support.manage_courses")
    with service_transaction():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.fee_paid != paid:
            application.fee_paid = paid
            application.save(update_fields=["fee_paid"])
            audit_record(
                actor=actor,
                action="course_application.fee_paid"
                if paid
                else "course_application.fee_unpaid",
                target=application,
            )
    return application
