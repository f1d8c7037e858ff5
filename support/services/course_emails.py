"""What the W.Co School tells its participants: an application's news, the staff's
messages to a course, and the reminders the day before a session."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue, email_queue_later
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..models import Application, Course, CourseSession

__all__ = ["course_email_participants", "course_reminders_send"]


def application_notify(application, occasion):
    """Tell the applicant (confirmed, waitlisted, promoted, cancelled), once per
    application and occasion; sent after the caller's transaction commits.

    Every caller holds the course row, the lock every applicant of the course waits
    for: only the promise of the email is written here (one insert), and the worker
    writes its words when it sends it (``application_email_context``)."""
    person = application.person
    email_queue_later(
        key=f"course-application:{application.pk}:{occasion}",
        template=f"course_{occasion}",
        to=person.contact_email,
        language=person.language,
        context=APPLICATION_EMAIL_CONTEXT,
        params={
            "application": application.pk,
            # Read as it was when the email was queued, not when it is written.
            "position": application.waitlist_position,
        },
    )


APPLICATION_EMAIL_CONTEXT = "support.course_application"


def application_email_context(*, application, position=None):
    """What an application's email shows, read when the email is written; None
    when the application is gone (an erasure deleted it)."""
    found = (
        Application.objects.select_related("person", "course")
        .filter(pk=application)
        .first()
    )
    if found is None:
        return None
    found.waitlist_position = position
    return {
        "person": found.person,
        "course": found.course,
        "application": found,
        "sessions": list(found.course.sessions.all()),
    }


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
    with service_transaction():
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
            # One transaction per email: a failure leaves the others queued.
            with service_transaction():
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
