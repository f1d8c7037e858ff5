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
from .industry import IndustryMeeting, SchoolCommittee, SharedIssue
from .projects import Milestone, Project
from .talent import (
    HeldQualification,
    Qualification,
    TalentProfile,
    TalentProposal,
    TalentRequest,
    TalentSkill,
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
    "HeldQualification",
    "IndustryMeeting",
    "Milestone",
    "Project",
    "Qualification",
    "SchoolCommittee",
    "SharedIssue",
    "TalentProfile",
    "TalentProposal",
    "TalentRequest",
    "TalentSkill",
]
