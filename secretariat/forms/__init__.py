"""The governance forms, by feature. They validate what the user typed; the services
decide and save."""

from .actions import (
    ActionItemDoneForm,
    ActionItemForm,
    BodyDocumentForm,
    BodyDocumentVersionForm,
)
from .common import ConfirmForm
from .items import (
    CommentForm,
    DecisionForm,
    InterestForm,
    ItemForm,
    PaperAttachForm,
    PaperChangeForm,
    PlaceForm,
    ReferForm,
    ReorderForm,
    TransitionForm,
)
from .meetings import (
    AttendanceForm,
    BodyForm,
    BodyMemberForm,
    DelegateForm,
    EmailNoticeConsentForm,
    MeetingForm,
    MeetingStatusForm,
    SeatRegularMembersForm,
)
from .minutes import MinutesFinalizeForm, MinutesForm, SignForm
from .notices import NoticeForm
from .written import (
    WrittenAnswerForm,
    WrittenCirculateForm,
    WrittenProposeForm,
    WrittenRecordForm,
)

__all__ = [
    "ActionItemDoneForm",
    "ActionItemForm",
    "AttendanceForm",
    "BodyDocumentForm",
    "BodyDocumentVersionForm",
    "BodyForm",
    "BodyMemberForm",
    "CommentForm",
    "ConfirmForm",
    "DecisionForm",
    "DelegateForm",
    "EmailNoticeConsentForm",
    "InterestForm",
    "ItemForm",
    "MeetingForm",
    "MeetingStatusForm",
    "MinutesFinalizeForm",
    "MinutesForm",
    "NoticeForm",
    "PaperAttachForm",
    "PaperChangeForm",
    "PlaceForm",
    "ReferForm",
    "ReorderForm",
    "SeatRegularMembersForm",
    "SignForm",
    "TransitionForm",
    "WrittenAnswerForm",
    "WrittenCirculateForm",
    "WrittenProposeForm",
    "WrittenRecordForm",
]
