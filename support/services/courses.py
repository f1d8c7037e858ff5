"""The W.Co School's courses: categories, a course with its sessions, and its state."""

import datetime
from dataclasses import dataclass, fields

from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..models import Application, Attendance, Course, CourseCategory, CourseSession
from .course_emails import application_notify
from .waitlist import course_lock, waitlist_promote

__all__ = [
    "COURSE_FIELDS",
    "CourseData",
    "SessionData",
    "category_create",
    "course_save",
    "course_set_status",
]


@dataclass(frozen=True, kw_only=True)
class CourseData:
    """What the school's staff write about a course (its form, ``course_save`` and
    the demo data name the fields by ``COURSE_FIELDS``)."""

    title: str
    category: CourseCategory
    description: str = ""
    instructor: str = ""
    capacity: int
    audience: str
    fee_member: int = 0
    fee_general: int = 0
    application_opens: datetime.datetime
    application_closes: datetime.datetime
    cancellation_deadline: datetime.datetime

    def values(self) -> dict:
        return {name: getattr(self, name) for name in COURSE_FIELDS}


COURSE_FIELDS = tuple(field.name for field in fields(CourseData))


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
    with service_transaction():
        category = CourseCategory.objects.create(name=name, sort_order=sort_order)
        audit_record(actor=actor, action="course_category.create", target=category)
    return category


# --- Courses ---------------------------------------------------------------------------


def _validate_sessions(sessions):
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


def _validate_course(data: CourseData, sessions) -> datetime.datetime:
    """Refuse what can't be saved; the first session's start otherwise."""
    if data.capacity is None or data.capacity < 1:
        raise ServiceError(_("A course needs at least one seat."), field="capacity")
    _validate_sessions(sessions)
    first = min(session.starts_at for session in sessions)
    if data.application_closes <= data.application_opens:
        raise ServiceError(
            _("The application period closes before it opens."),
            field="application_closes",
        )
    if data.application_closes > first:
        raise ServiceError(
            _("The application period must close before the first session starts."),
            field="application_closes",
        )
    if data.cancellation_deadline > first:
        raise ServiceError(
            _("The cancellation deadline must be before the first session starts."),
            field="cancellation_deadline",
        )
    return first


def _course_for_change(course, *, capacity) -> Course:
    """The course locked for a change, refused when it is over or when the new
    capacity would leave confirmed people without a seat."""
    course = course_lock(course)
    if course.status in (Course.Status.CANCELLED, Course.Status.FINISHED):
        raise ServiceError(_("A cancelled or finished course can't be changed."))
    confirmed = course.applications.filter(status=Application.Status.CONFIRMED).count()
    if capacity < confirmed:
        raise ServiceError(
            _("The capacity can't be lower than the %(count)s confirmed applications.")
            % {"count": confirmed},
            field="capacity",
        )
    return course


def course_save(
    *, actor, course: Course | None = None, sessions: list[SessionData], **values
) -> Course:
    """Create a course, or change one with its sessions, all or nothing
    (``values``: the fields of ``CourseData``).

    Raising the capacity promotes from the waitlist; lowering it below the confirmed
    applications is refused.
    """
    require(actor, "support.manage_courses")
    data = CourseData(**values)
    first = _validate_course(data, sessions)
    with service_transaction():
        creating = course is None
        if creating:
            course, old_capacity = Course(created_by=actor), None
        else:
            course = _course_for_change(course, capacity=data.capacity)
            old_capacity = course.capacity
        for name, value in data.values().items():
            setattr(course, name, value)
        course.first_session_at = first
        course.save()
        _sync_sessions(course, sessions, creating=creating)
        audit_record(
            actor=actor,
            action="course.create" if creating else "course.update",
            target=course,
            data={"capacity": data.capacity, "sessions": len(sessions)},
        )
        if old_capacity is not None and data.capacity > old_capacity:
            waitlist_promote(course, actor=actor)
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
    with service_transaction():
        course = course_lock(course)
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
            message=f"{Course.Status(old).label} → {Course.Status(status).label}",
            data={"changes": {"status": [old, str(status)]}},
        )
        if status == Course.Status.CANCELLED:
            _end_live_applications(course)
    return course


def _end_live_applications(course):
    """A cancelled course ends its live applications, and their people are told.
    The caller holds the course lock."""
    now = timezone.now()
    for application in Application.objects.filter(
        course=course, status__in=Application.LIVE
    ).select_related("person__account"):
        application.status = Application.Status.CANCELLED
        application.waitlist_position = None
        application.ended_at = now
        application.end_reason = _("The course was cancelled.")
        application.save(
            update_fields=["status", "waitlist_position", "ended_at", "end_reason"]
        )
        application.course = course
        application_notify(application, "cancelled")
