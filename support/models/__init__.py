from .consultations import (
    Appointment,
    AppointmentSlot,
    Consultation,
    ConsultationRecord,
    ConsultationRecordRead,
)
from .courses import (
    Application,
    Attendance,
    Course,
    CourseCategory,
    CourseSession,
)

__all__ = [
    "Application",
    "Appointment",
    "AppointmentSlot",
    "Attendance",
    "Consultation",
    "ConsultationRecord",
    "ConsultationRecordRead",
    "Course",
    "CourseCategory",
    "CourseSession",
]
