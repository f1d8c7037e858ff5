"""Governance writes: each checks permission, runs in a transaction (a durable one for
the services views and tasks call), locks what two people could change at once in
the order ``locks`` sets, and records who did it."""

from .actions import (
    action_item_complete,
    action_item_create,
    action_item_reminders_send,
    action_item_update,
    body_document_add,
    body_document_version_add,
)
from .agenda_order import agenda_item_reorder
from .attendance import attendance_set
from .bodies import (
    body_create,
    body_delegate_change,
    body_member_add,
    body_member_remove,
    body_seat_regular_members,
    body_update,
    regular_wcos_without_seat,
    section_body_create_within,
)
from .consents import (
    response_for_token,
    written_resolutions_expire,
    written_response_answer,
)
from .convocation import (
    convocation_addressees,
    convocation_recipients,
    email_notice_consent_set,
    meeting_follow_up,
)
from .decisions import decision_record
from .interests import special_interest_declare, special_interest_remove
from .items import (
    agenda_comment_add,
    agenda_item_create,
    agenda_item_create_within,
    agenda_item_update,
    draftable_sources,
)
from .meetings import (
    default_submission_deadline,
    meeting_cancel,
    meeting_convene,
    meeting_create,
    meeting_hold,
    meeting_postpone,
    meeting_update,
)
from .minutes import (
    minutes_finalize,
    minutes_scan_attach,
    minutes_sign,
    minutes_start,
    minutes_update,
    signatories_for,
)
from .notices import (
    activity_report_due,
    activity_report_reminders_send,
    notice_publish,
    notice_recipients,
    notice_save,
)
from .papers import (
    agenda_item_attach,
    agenda_item_attach_within,
    agenda_paper_move,
    agenda_paper_remove,
    agenda_paper_replace,
)
from .pipeline import (
    agenda_item_place,
    agenda_item_refer_to_assembly,
    agenda_item_transition,
    available_actions,
)
from .written import written_resolution_circulate, written_resolution_propose

__all__ = [
    "action_item_complete",
    "action_item_create",
    "action_item_reminders_send",
    "action_item_update",
    "activity_report_due",
    "activity_report_reminders_send",
    "agenda_comment_add",
    "agenda_item_attach",
    "agenda_item_attach_within",
    "agenda_item_create",
    "agenda_item_create_within",
    "agenda_item_place",
    "agenda_item_refer_to_assembly",
    "agenda_item_reorder",
    "agenda_item_transition",
    "agenda_item_update",
    "agenda_paper_move",
    "agenda_paper_remove",
    "agenda_paper_replace",
    "attendance_set",
    "available_actions",
    "body_create",
    "body_delegate_change",
    "body_document_add",
    "body_document_version_add",
    "body_member_add",
    "body_member_remove",
    "body_seat_regular_members",
    "body_update",
    "convocation_addressees",
    "convocation_recipients",
    "decision_record",
    "default_submission_deadline",
    "draftable_sources",
    "email_notice_consent_set",
    "meeting_cancel",
    "meeting_convene",
    "meeting_create",
    "meeting_follow_up",
    "meeting_hold",
    "meeting_postpone",
    "meeting_update",
    "minutes_finalize",
    "minutes_scan_attach",
    "minutes_sign",
    "minutes_start",
    "minutes_update",
    "notice_publish",
    "notice_recipients",
    "notice_save",
    "regular_wcos_without_seat",
    "response_for_token",
    "section_body_create_within",
    "signatories_for",
    "special_interest_declare",
    "special_interest_remove",
    "written_resolution_circulate",
    "written_resolution_propose",
    "written_resolutions_expire",
    "written_response_answer",
]
