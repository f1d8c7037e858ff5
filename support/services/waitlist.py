"""Seats and the waitlist: the steps the course and application services share,
inside their transaction.

Locking rule for seats (after pretix's): every write that changes who holds a seat
(apply, cancel, leave the waitlist, promote, change the capacity, cancel the course)
first locks the course row with SELECT … FOR UPDATE, then counts and writes inside
the same transaction. The course row is the one lock for its seats and its waitlist
order, so "never more confirmed than capacity" and "positions 1..k contiguous" hold
whatever the concurrency. (The whole order is in ``support.services``.)
"""

from django.db.models import Count, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record

from ..models import Application, Course
from .course_emails import application_notify


def course_lock(course) -> Course:
    """The course row, locked: the first lock of every write about its seats."""
    return Course.objects.select_for_update().get(pk=course.pk)


def course_and_application_lock(application) -> tuple[Course, Application]:
    """Lock the course first, then re-read the application under that lock."""
    course = Course.objects.select_for_update().get(pk=application.course_id)
    application = Application.objects.select_related("person").get(pk=application.pk)
    application.course = course
    return course, application


def seat_counts(course, *, person=None) -> dict:
    """The course's confirmed and waitlisted applications (under the course lock).

    With ``person``, also ``"live"``: the status of their live application for the
    course, or None, read in the same query."""
    counts = {"confirmed": 0, "waitlisted": 0, "live": None}
    rows = (
        course.applications.filter(status__in=Application.LIVE)
        .order_by()
        .values_list("status")
        .annotate(
            count=Count("pk"),
            theirs=Count("pk", filter=Q(person=person))
            if person is not None
            else Value(0),
        )
    )
    for status, count, theirs in rows:
        counts[status] = count
        if theirs:
            counts["live"] = status
    return counts


def waitlisted(course):
    return Application.objects.filter(
        course=course, status=Application.Status.WAITLISTED
    ).order_by("waitlist_position", "pk")


def waitlist_renumber(course):
    """Positions 1..k again after someone left the waitlist. The bulk update renews
    what shows the positions by itself (core.tracking)."""
    changed = []
    for position, application in enumerate(waitlisted(course), start=1):
        if application.waitlist_position != position:
            application.waitlist_position = position
            changed.append(application)
    if changed:
        Application.objects.bulk_update(changed, ["waitlist_position"])


def waitlist_promote(course, *, actor) -> list[Application]:
    """Fill free seats from the head of the waitlist, telling each person promoted.
    The caller holds the course lock."""
    counts = seat_counts(course)
    # What the seats are now, for the page that answers (no count after the commit).
    course.confirmed_count = counts["confirmed"]
    free = course.capacity - counts["confirmed"]
    if free <= 0 or not counts["waitlisted"]:
        return []
    now = timezone.now()
    promoted = list(waitlisted(course)[:free])
    course.confirmed_count += len(promoted)
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
        application_notify(application, "promoted")
    waitlist_renumber(course)
    return promoted


def waitlist_move_to_head(course, application):
    """``application`` (waitlisted) goes first; everyone ahead moves back one place."""
    ahead = list(
        waitlisted(course).filter(waitlist_position__lt=application.waitlist_position)
    )
    for other in ahead:
        other.waitlist_position += 1
    application.waitlist_position = 1
    Application.objects.bulk_update(ahead, ["waitlist_position"])
