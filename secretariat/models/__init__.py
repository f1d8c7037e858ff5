from .actions import ActionItem, BodyDocument, BodyDocumentVersion
from .agenda import (
    SECTION_SOURCES,
    Action,
    AgendaComment,
    AgendaItem,
    AgendaPaper,
    AgendaTransition,
    Source,
)
from .bodies import (
    Body,
    BodyMember,
    EmailNoticeConsent,
    Threshold,
    threshold_met,
    threshold_needed,
)
from .convocations import ConvocationDispatch
from .decisions import Decision, SpecialInterest
from .meetings import Attendance, Meeting
from .minutes import Minutes, MinutesSignatory
from .notices import Notice
from .written import WrittenResolution, WrittenResponse

__all__ = [
    "SECTION_SOURCES",
    "Action",
    "ActionItem",
    "AgendaComment",
    "AgendaItem",
    "AgendaPaper",
    "AgendaTransition",
    "Attendance",
    "Body",
    "BodyDocument",
    "BodyDocumentVersion",
    "BodyMember",
    "ConvocationDispatch",
    "Decision",
    "EmailNoticeConsent",
    "Meeting",
    "Minutes",
    "MinutesSignatory",
    "Notice",
    "Source",
    "SpecialInterest",
    "Threshold",
    "WrittenResolution",
    "WrittenResponse",
    "threshold_met",
    "threshold_needed",
]
