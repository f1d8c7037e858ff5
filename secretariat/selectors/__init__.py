"""Governance reads that depend on who asks. Each owns its select_related/prefetch.

The ``*_get_for`` selectors serve the pages that take an id: each returns the object
only within the viewer's reach for that page (``perms``: what the page is for, read
or act) and raises Http404 alike for a missing object and for one out of reach.
"""

from .items import (
    item_decisions,
    item_get_for,
    item_history,
    item_interest_get_for,
    item_list_for,
    item_paper_get_for,
    item_papers,
    items_by_status,
    meeting_agenda,
    papers_prefetch,
    visible_items_q,
)
from .meetings import (
    assembly_member_get_for,
    attendance_rows,
    bodies_run_by,
    body_get_for,
    held_meeting_get_for,
    meeting_agenda_get_for,
    meeting_get_for,
    meeting_list_for,
    meeting_schedule_warnings,
    organization_assembly_attendance,
    organization_seats,
    placeable_meetings,
    seat_get_for,
    section_bodies_for,
    upcoming_board_meetings,
)
from .minutes import minutes_decisions, minutes_get_for, signatory_candidates
from .notices import notice_get_for, notices_for
from .people import action_item_owners, current_directors, reporting_directors
from .written import (
    pending_answers_for,
    written_get_for,
    written_list_for,
    written_response_get_for,
)

__all__ = [
    "action_item_owners",
    "assembly_member_get_for",
    "attendance_rows",
    "bodies_run_by",
    "body_get_for",
    "current_directors",
    "held_meeting_get_for",
    "item_decisions",
    "item_get_for",
    "item_history",
    "item_interest_get_for",
    "item_list_for",
    "item_paper_get_for",
    "item_papers",
    "items_by_status",
    "meeting_agenda",
    "meeting_agenda_get_for",
    "meeting_get_for",
    "meeting_list_for",
    "meeting_schedule_warnings",
    "minutes_decisions",
    "minutes_get_for",
    "notice_get_for",
    "notices_for",
    "organization_assembly_attendance",
    "organization_seats",
    "papers_prefetch",
    "pending_answers_for",
    "placeable_meetings",
    "reporting_directors",
    "seat_get_for",
    "section_bodies_for",
    "signatory_candidates",
    "upcoming_board_meetings",
    "visible_items_q",
    "written_get_for",
    "written_list_for",
    "written_response_get_for",
]
