"""Reads that depend on who asks. Each owns its select_related/prefetch_related.

An object a page is about is found through the viewer's reach (``*_get_for``):
missing and out of reach answer the same 404.
"""

from .consultations import (
    advisor_slots,
    advisors_for_desk,
    appointment_of,
    consultation_disclosure,
    consultation_get_for,
    consultation_queue,
    consultation_record_reads,
    consultation_records_read,
    consultations_assigned_to,
    live_appointment_of,
    open_slots_for,
    person_consultations,
    slot_get_for,
)
from .courses import (
    application_get_for,
    attended_every_session,
    course_announced_to_anyone,
    course_applications,
    course_confirmed_count,
    course_get_for,
    course_list_for_staff,
    course_list_visible_to,
    is_present,
    live_application_of,
    organization_course_history,
    person_applications,
    session_attendance_sheet,
    session_get_for,
    session_participant_get,
)
from .people import (
    MEMBER_CLASSES,
    disclosure_person_get_for,
    people_matching,
    person_is_member,
    search_text,
)
from .statistics import consultation_statistics, school_statistics

__all__ = [
    "MEMBER_CLASSES",
    "advisor_slots",
    "advisors_for_desk",
    "application_get_for",
    "appointment_of",
    "attended_every_session",
    "consultation_disclosure",
    "consultation_get_for",
    "consultation_queue",
    "consultation_record_reads",
    "consultation_records_read",
    "consultation_statistics",
    "consultations_assigned_to",
    "course_announced_to_anyone",
    "course_applications",
    "course_confirmed_count",
    "course_get_for",
    "course_list_for_staff",
    "course_list_visible_to",
    "disclosure_person_get_for",
    "is_present",
    "live_application_of",
    "live_appointment_of",
    "open_slots_for",
    "organization_course_history",
    "people_matching",
    "person_applications",
    "person_consultations",
    "person_is_member",
    "school_statistics",
    "search_text",
    "session_attendance_sheet",
    "session_get_for",
    "session_participant_get",
    "slot_get_for",
]
