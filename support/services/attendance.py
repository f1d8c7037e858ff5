"""出欠: a participant's presence at one session."""

from django.utils.translation import gettext as _

from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..models import Application, Attendance, CourseSession

__all__ = ["attendance_toggle"]


def attendance_toggle(
    *, actor, session: CourseSession, application: Application
) -> bool:
    """Flip one participant's presence at one session; returns the new state.

    The application is locked before its attendance (parent before child), so a
    cancellation running at the same moment is seen before the tick is made.
    """
    require(actor, "support.manage_courses")
    if application.course_id != session.course_id:
        raise ServiceError(_("This person did not apply for this course."))
    with service_transaction():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != Application.Status.CONFIRMED:
            raise ServiceError(_("Only confirmed participants take part in sessions."))
        attendance, _created = Attendance.objects.select_for_update().get_or_create(
            session=session, application=application, defaults={"recorded_by": actor}
        )
        attendance.present = not attendance.present
        attendance.recorded_by = actor
        attendance.save(update_fields=["present", "recorded_by", "recorded_at"])
    return attendance.present
