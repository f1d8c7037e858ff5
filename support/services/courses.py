"""The W.Co School's use cases. Each checks permission, runs in one transaction,
leaves an audit entry and queues its emails after commit.

Locking rule for seats (after pretix's): every write that changes who holds a seat
(apply, cancel, leave the waitlist, promote, change the capacity) first locks the
course row with SELECT … FOR UPDATE, then counts and writes inside the same
transaction. The course row is the one lock for its seats and its waitlist order,
so "never more confirmed than capacity" and "positions 1..k contiguous" hold
whatever the concurrency.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Affiliation, Person
from members.roles import roles_of
from wco_sse.core import fragments
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import PermissionDenied, ServiceError, require

from ..models import Application, Attendance, Course, CourseCategory, CourseSession
from ..selectors import person_is_member

__all__ = [
    "SessionData",
    "application_cancel",
    "application_create",
    "application_promote",
    "application_set_fee_paid",
    "attendance_toggle",
    "category_create",
    "course_email_participants",
    "course_reminders_send",
    "course_save",
    "course_set_status",
    "person_create_for_proxy",
]


@dataclass
class SessionData:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    venue: str = ""
    online_url: str = ""
    pk: int | None = None


# --- Categories -------------------------------------------------------------------------


def category_create(*, actor, name: str, sort_order: int = 100) -> CourseCategory:
    require(actor, "support.manage_courses")
    name = name.strip()
    if not name:
        raise ServiceError(_("Please name the category."), field="name")
    if CourseCategory.objects.filter(name=name).exists():
        raise ServiceError(_("This category exists already."), field="name")
    with transaction.atomic():
        category = CourseCategory.objects.create(name=name, sort_order=sort_order)
        audit_record(actor=actor, action="course_category.create", target=category)
    return category


# --- Courses ---------------------------------------------------------------------------


def _validate_course(
    *, capacity, application_opens, application_closes, cancellation_deadline, sessions
):
    if capacity is None or capacity < 1:
        raise ServiceError(_("A course needs at least one seat."), field="capacity")
    if not sessions:
        raise ServiceError(
            _("A course needs at least one session."), field="__sessions__"
        )
    for number, session in enumerate(sessions, start=1):
        if session.ends_at <= session.starts_at:
            raise ServiceError(
                _("Session %(number)s ends before it starts.") % {"number": number},
                field="__sessions__",
            )
        if not session.venue.strip() and not session.online_url.strip():
            raise ServiceError(
                _("Session %(number)s needs a venue or an online link.")
                % {"number": number},
                field="__sessions__",
            )
    first = min(session.starts_at for session in sessions)
    if application_closes <= application_opens:
        raise ServiceError(
            _("The application period closes before it opens."),
            field="application_closes",
        )
    if application_closes > first:
        raise ServiceError(
            _("The application period must close before the first session starts."),
            field="application_closes",
        )
    if cancellation_deadline > first:
        raise ServiceError(
            _("The cancellation deadline must be before the first session starts."),
            field="cancellation_deadline",
        )
    return first


def course_save(
    *,
    actor,
    course: Course | None = None,
    title: str,
    category: CourseCategory,
    description: str = "",
    instructor: str = "",
    capacity: int,
    audience: str,
    fee_member: int = 0,
    fee_general: int = 0,
    application_opens: datetime.datetime,
    application_closes: datetime.datetime,
    cancellation_deadline: datetime.datetime,
    sessions: list[SessionData],
) -> Course:
    """Create a course, or change one with its sessions, all or nothing.

    Raising the capacity promotes from the waitlist; lowering it below the confirmed
    applications is refused.
    """
    require(actor, "support.manage_courses")
    first = _validate_course(
        capacity=capacity,
        application_opens=application_opens,
        application_closes=application_closes,
        cancellation_deadline=cancellation_deadline,
        sessions=sessions,
    )
    with transaction.atomic():
        creating = course is None
        if creating:
            course = Course(created_by=actor)
            old_capacity = None
        else:
            course = Course.objects.select_for_update().get(pk=course.pk)
            if course.status in (Course.Status.CANCELLED, Course.Status.FINISHED):
                raise ServiceError(
                    _("A cancelled or finished course can't be changed.")
                )
            old_capacity = course.capacity
            confirmed = course.applications.filter(
                status=Application.Status.CONFIRMED
            ).count()
            if capacity < confirmed:
                raise ServiceError(
                    _(
                        "The capacity can't be lower than the %(count)s confirmed applications."
                    )
                    % {"count": confirmed},
                    field="capacity",
                )
        course.title = title
        course.category = category
        course.description = description
        course.instructor = instructor
        course.capacity = capacity
        course.audience = audience
        course.fee_member = fee_member
        course.fee_general = fee_general
        course.application_opens = application_opens
        course.application_closes = application_closes
        course.cancellation_deadline = cancellation_deadline
        course.first_session_at = first
        course.save()
        _sync_sessions(course, sessions, creating=creating)
        audit_record(
            actor=actor,
            action="course.create" if creating else "course.update",
            target=course,
            data={"capacity": capacity, "sessions": len(sessions)},
        )
        if old_capacity is not None and capacity > old_capacity:
            _promote_waitlist(course, actor=actor)
    return course


def _sync_sessions(course, sessions, *, creating):
    existing = {} if creating else {s.pk: s for s in course.sessions.all()}
    keep = set()
    for data in sessions:
        session = existing.get(data.pk) if data.pk else None
        if session is None:
            session = CourseSession(course=course)
        session.starts_at = data.starts_at
        session.ends_at = data.ends_at
        session.venue = data.venue.strip()
        session.online_url = data.online_url.strip()
        session.save()
        keep.add(session.pk)
    removed = [pk for pk in existing if pk not in keep]
    if removed:
        if Attendance.objects.filter(session_id__in=removed).exists():
            raise ServiceError(
                _("A session with recorded attendance can't be removed."),
                field="__sessions__",
            )
        CourseSession.objects.filter(pk__in=removed).delete()


def course_set_status(*, actor, course: Course, status: str) -> Course:
    require(actor, "support.manage_courses")
    with transaction.atomic():
        course = Course.objects.select_for_update().get(pk=course.pk)
        if status not in Course.TRANSITIONS[course.status]:
            raise ServiceError(
                _("A course that is %(state)s can't become %(new)s.")
                % {
                    "state": course.get_status_display(),
                    "new": Course.Status(status).label,
                }
            )
        if status == Course.Status.PUBLISHED and not course.sessions.exists():
            raise ServiceError(_("Add the sessions before publishing the course."))
        old = course.status
        course.status = status
        course.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="course.status",
            target=course,
            message=f"{old} → {status}",
        )
        if status == Course.Status.CANCELLED:
            # Live applications end with the course, and their people are told.
            now = timezone.now()
            for application in Application.objects.filter(
                course=course, status__in=Application.LIVE
            ).select_related("person__account"):
                application.status = Application.Status.CANCELLED
                application.waitlist_position = None
                application.ended_at = now
                application.end_reason = _("The course was cancelled.")
                application.save(
                    update_fields=[
                        "status",
                        "waitlist_position",
                        "ended_at",
                        "end_reason",
                    ]
                )
                application.course = course
                _notify(application, "cancelled")
    return course


# --- Applications ----------------------------------------------------------------------


def person_create_for_proxy(
    *,
    actor,
    family_name: str,
    given_name: str = "",
    family_name_kana: str = "",
    given_name_kana: str = "",
    phone: str = "",
    email: str = "",
) -> Person:
    """A registry record for someone who phoned in and is not yet known."""
    require(actor, "support.apply_by_proxy")
    if not family_name.strip():
        raise ServiceError(_("Please enter the family name."), field="family_name")
    if not phone.strip() and not email.strip():
        raise ServiceError(
            _("Please enter a phone number or an email address to reach them."),
            field="phone",
        )
    with transaction.atomic():
        person = Person.objects.create(
            family_name=family_name.strip(),
            given_name=given_name.strip(),
            family_name_kana=family_name_kana.strip(),
            given_name_kana=given_name_kana.strip(),
            phone=phone.strip(),
            email=email.strip(),
        )
        audit_record(actor=actor, action="person.create_for_proxy", target=person)
    return person


def _check_applicant(actor, *, person, channel, organization):
    snapshot = roles_of(actor)
    if channel == Application.Channel.SELF:
        if snapshot.person_id is None or person.pk != snapshot.person_id:
            raise PermissionDenied(_("You can apply only for yourself here."))
    elif channel == Application.Channel.REPRESENTATIVE:
        if organization is None or organization.pk not in snapshot.represented_org_ids:
            raise PermissionDenied(
                _("You can apply only for the people of a W.Co you represent.")
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
    now = timezone.now()
    member = person_is_member(person)
    try:
        with transaction.atomic():
            # The course row is the lock for its seats: count and insert under it.
            course = Course.objects.select_for_update().get(pk=course.pk)
            _check_course_open(course, now=now, member=member)
            live = (
                Application.objects.filter(
                    course=course, person=person, status__in=Application.LIVE
                )
                .only("status")
                .first()
            )
            if live is not None:
                raise ServiceError(
                    _("%(person)s has already applied for this course (%(state)s).")
                    % {"person": person, "state": live.get_status_display()},
                    field="person",
                )
            counts = _seat_counts(course)
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
            if counts["confirmed"] < course.capacity:
                application.status = Application.Status.CONFIRMED
                application.confirmed_at = now
            else:
                application.status = Application.Status.WAITLISTED
                application.waitlist_position = counts["waitlisted"] + 1
            application.save()
            audit_record(
                actor=actor,
                action="course_application.create",
                target=application,
                message=application.get_status_display(),
                data={
                    "course": course.pk,
                    "channel": channel,
                    "waitlist_position": application.waitlist_position,
                },
            )
            _notify(
                application,
                "confirmed" if application.status == "confirmed" else "waitlisted",
            )
    except IntegrityError as error:
        # The partial unique index: a second live application raced this one.
        raise ServiceError(
            _("%(person)s has already applied for this course.") % {"person": person},
            field="person",
        ) from error
    return application


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


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _seat_counts(course):
    counts = {"confirmed": 0, "waitlisted": 0}
    for status in course.applications.filter(status__in=Application.LIVE).values_list(
        "status", flat=True
    ):
        counts[status] += 1
    return counts


def _waitlist_moved(course):
    """A bulk update sends no signals: renew what shows waitlist positions (the
    applicants' panels, the course's card; core.fragments)."""
    fragments.bump(
        Application._meta.label_lower, "support", f"support.course:{course.pk}"
    )


def _renumber_waitlist(course):
    waiting = list(
        Application.objects.filter(
            course=course, status=Application.Status.WAITLISTED
        ).order_by("waitlist_position", "pk")
    )
    changed = []
    for position, application in enumerate(waiting, start=1):
        if application.waitlist_position != position:
            application.waitlist_position = position
            changed.append(application)
    if changed:
        Application.objects.bulk_update(changed, ["waitlist_position"])
        _waitlist_moved(course)


def _promote_waitlist(course, *, actor):
    """Fill free seats from the head of the waitlist. The caller holds the course lock."""
    counts = _seat_counts(course)
    free = course.capacity - counts["confirmed"]
    if free <= 0 or not counts["waitlisted"]:
        return []
    now = timezone.now()
    promoted = list(
        Application.objects.filter(
            course=course, status=Application.Status.WAITLISTED
        ).order_by("waitlist_position", "pk")[:free]
    )
    for application in promoted:
        application.status = Application.Status.CONFIRMED
        application.waitlist_position = None
        application.confirmed_at = application.promoted_at = now
        application.save(
            update_fields=["status", "waitlist_position", "confirmed_at", "promoted_at"]
        )
        audit_record(
            actor=actor,
            action="course_application.promote",
            target=application,
            message=_("Promoted from the waitlist"),
        )
        _notify(application, "promoted")
    _renumber_waitlist(course)
    return promoted


def _lock(application):
    """Lock the course first, then re-read the application under that lock."""
    course = Course.objects.select_for_update().get(pk=application.course_id)
    application = Application.objects.select_related("person").get(pk=application.pk)
    application.course = course
    return course, application


def application_cancel(
    *, actor, application: Application, reason: str = ""
) -> Application:
    """Cancel a confirmed application (its seat goes to the waitlist) or leave the
    waitlist. Participants cancel until the deadline; staff at any time."""
    require(actor, "support.cancel_application", application)
    staff = actor.has_perm("support.manage_courses")
    with transaction.atomic():
        course, application = _lock(application)
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
            action="course_application.cancel"
            if was == Application.Status.CONFIRMED
            else "course_application.leave_waitlist",
            target=application,
            message=application.end_reason,
        )
        if was == Application.Status.CONFIRMED:
            _promote_waitlist(course, actor=actor)
        else:
            _renumber_waitlist(course)
    return application


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
    with transaction.atomic():
        course, application = _lock(application)
        if application.status != Application.Status.WAITLISTED:
            raise ServiceError(_("Only a waitlisted application can be promoted."))
        now = timezone.now()
        counts = _seat_counts(course)
        application.promotion_reason = reason[:300]
        if counts["confirmed"] < course.capacity:
            application.status = Application.Status.CONFIRMED
            application.waitlist_position = None
            application.confirmed_at = application.promoted_at = now
            message = _("Promoted out of order: %(reason)s") % {"reason": reason}
        else:
            # Everyone ahead moves back one place.
            ahead = list(
                Application.objects.filter(
                    course=course,
                    status=Application.Status.WAITLISTED,
                    waitlist_position__lt=application.waitlist_position,
                )
            )
            for other in ahead:
                other.waitlist_position += 1
            application.waitlist_position = 1
            Application.objects.bulk_update(ahead, ["waitlist_position"])
            _waitlist_moved(course)
            message = _("Moved to the head of the waitlist: %(reason)s") % {
                "reason": reason
            }
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
            _notify(application, "promoted")
    return application


def application_set_fee_paid(
    *, actor, application: Application, paid: bool
) -> Application:
    require(actor, "support.manage_courses")
    with transaction.atomic():
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


def attendance_toggle(
    *, actor, session: CourseSession, application: Application
) -> bool:
    """Flip one participant's presence at one session; returns the new state."""
    require(actor, "support.manage_courses")
    if application.course_id != session.course_id:
        raise ServiceError(_("This person did not apply for this course."))
    if application.status != Application.Status.CONFIRMED:
        raise ServiceError(_("Only confirmed participants take part in sessions."))
    with transaction.atomic():
        attendance, _created = Attendance.objects.select_for_update().get_or_create(
            session=session, application=application, defaults={"recorded_by": actor}
        )
        attendance.present = not attendance.present
        attendance.recorded_by = actor
        attendance.save(update_fields=["present", "recorded_by", "recorded_at"])
    return attendance.present


def course_email_participants(
    *, actor, course: Course, subject: str, body: str, include_waitlist: bool = False
) -> int:
    require(actor, "support.manage_courses")
    if not subject.strip():
        raise ServiceError(_("Please write a subject."), field="subject")
    if not body.strip():
        raise ServiceError(_("Please write the message."), field="body")
    statuses = Application.LIVE if include_waitlist else (Application.Status.CONFIRMED,)
    applications = Application.objects.filter(
        course=course, status__in=statuses
    ).select_related("person__account")
    sent = 0
    with transaction.atomic():
        for application in applications:
            person = application.person
            if email_queue(
                key=None,
                template="course_message",
                to=person.contact_email,
                language=person.language,
                context={
                    "person": person,
                    "course": course,
                    "subject": subject.strip(),
                    "body": body.strip(),
                },
            ):
                sent += 1
        audit_record(
            actor=actor,
            action="course.email",
            target=course,
            message=subject.strip(),
            data={"recipients": sent},
        )
    return sent


def _notify(application, occasion):
    person = application.person
    email_queue(
        key=f"course-application:{application.pk}:{occasion}",
        template=f"course_{occasion}",
        to=person.contact_email,
        language=person.language,
        context={
            "person": person,
            "course": application.course,
            "application": application,
            "sessions": list(application.course.sessions.all()),
        },
    )


def course_reminders_send(*, day: datetime.date | None = None) -> int:
    """Email every confirmed participant of the sessions held on ``day`` (tomorrow by
    default). Safe to run twice: the email key names the person and the session."""
    day = day or timezone.localdate() + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    sessions = CourseSession.objects.filter(
        starts_at__gte=start,
        starts_at__lt=end,
        course__status=Course.Status.PUBLISHED,
    ).select_related("course")
    queued = 0
    for session in sessions:
        applications = Application.objects.filter(
            course=session.course, status=Application.Status.CONFIRMED
        ).select_related("person__account")
        for application in applications:
            person = application.person
            with transaction.atomic():
                if email_queue(
                    key=f"course-reminder:{session.pk}:{person.pk}",
                    template="course_reminder",
                    to=person.contact_email,
                    language=person.language,
                    context={
                        "person": person,
                        "course": session.course,
                        "session": session,
                    },
                ):
                    queued += 1
    return queued
