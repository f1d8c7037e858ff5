"""Who may do what in governance. Role predicates come from members.rules; the object
predicates here read the item, meeting or notice they are asked about, and the role
snapshot (no queries) unless noted."""

import rules

from members.models import Role, Section
from members.roles import roles_of
from members.rules import (
    is_auditor,
    is_board,
    is_council_member,
    is_director,
    is_full_time_officer,
    is_representative_of,
    is_secretariat,
    is_section_member,
)

from .models import AgendaItem, Body, BodyMember, Meeting, Notice


@rules.predicate
def is_item_author_side(user, item):
    """The section the item comes from; the secretariat for 事務局 / board items."""
    if item is None:
        return False
    snapshot = roles_of(user)
    if item.is_from_section:
        return snapshot.has(Role.SECTION_MEMBER, item.source)
    return snapshot.is_secretariat


@rules.predicate
def can_see_item(user, item):
    if item is None:
        return False
    if is_item_author_side(user, item):
        return True
    if item.status == AgendaItem.Status.DRAFT:
        return False
    snapshot = roles_of(user)
    if snapshot.is_secretariat or snapshot.has(Role.COUNCIL_MEMBER):
        return True
    return (snapshot.is_director or snapshot.has(Role.AUDITOR)) and (
        item.status in AgendaItem.BOARD_VISIBLE
    )


@rules.predicate
def item_is_editable(user, item):
    return item is not None and item.status in AgendaItem.EDITABLE


@rules.predicate
def item_papers_amendable(user, item):
    return item is not None and item.status in AgendaItem.PAPERS_AMENDABLE


@rules.predicate
def can_draft_for_some_source(user):
    return roles_of(user).is_secretariat or roles_of(user).has(Role.SECTION_MEMBER)


@rules.predicate
def is_item_director(user, item):
    """A director who may declare their own special interest in an item they can see."""
    return is_director(user) and can_see_item(user, item)


@rules.predicate
def is_body_member(user, meeting):
    """Sits on an ad-hoc body (one query); the statutory bodies go by roles."""
    if meeting is None:
        return False
    snapshot = roles_of(user)
    body = meeting.body
    if body.kind in (Body.Kind.BOARD, Body.Kind.ASSEMBLY):
        return snapshot.is_director or snapshot.has(Role.AUDITOR)
    if body.kind == Body.Kind.COUNCIL:
        return snapshot.has(Role.COUNCIL_MEMBER)
    return (
        snapshot.person_id is not None
        and BodyMember.objects.current(meeting.day)
        .filter(body=body, person_id=snapshot.person_id)
        .exists()
    )


@rules.predicate
def runs_body(user, body):
    """The secretariat runs every body; a section's members run the ad-hoc bodies of
    their section. No query: the body's section and the role snapshot."""
    if body is None:
        return False
    snapshot = roles_of(user)
    if snapshot.is_secretariat:
        return True
    return bool(
        body.is_ad_hoc
        and body.section
        and snapshot.has(Role.SECTION_MEMBER, body.section)
    )


# Those who read the network section's work without running it (DESIGN, issue 13:
# the board, the auditors, the operations council and the full-time officers).
NETWORK_READERS = (
    Role.AUDITOR,
    Role.COUNCIL_MEMBER,
    Role.FULL_TIME_OFFICER,
)


@rules.predicate
def reads_section_body(user, body):
    """Reads a network body's page and meetings without running it; the support
    section's project teams are read likewise (projects are read by the board, the
    auditors and the operations council: issue 15)."""
    if body is None:
        return False
    if body.section != Section.NETWORK and not (
        body.section == Section.SUPPORT and body.category == Body.Category.PROJECT_TEAM
    ):
        return False
    snapshot = roles_of(user)
    return snapshot.is_director or any(snapshot.has(r) for r in NETWORK_READERS)


@rules.predicate
def represents_industry_seat(user, body):
    """The representative of a W.Co holding a current seat on an industry meeting
    (業種別会議) reads it and its meetings, as its delegate does (one query)."""
    if body is None or body.category != Body.Category.INDUSTRY:
        return False
    org_ids = roles_of(user).represented_org_ids
    return bool(org_ids) and (
        BodyMember.objects.current()
        .filter(body=body, organization_id__in=org_ids, body__is_active=True)
        .exists()
    )


@rules.predicate
def represents_meeting_industry_seat(user, meeting):
    return meeting is not None and represents_industry_seat(user, meeting.body)


@rules.predicate
def runs_meeting_body(user, meeting):
    return meeting is not None and runs_body(user, meeting.body)


@rules.predicate
def sits_on_ad_hoc_body(user, body):
    """Holds a current seat on an ad-hoc body (one query; a seat that ended is gone
    on the next request)."""
    if body is None or not body.is_ad_hoc:
        return False
    person_id = roles_of(user).person_id
    return (
        person_id is not None
        and BodyMember.objects.current()
        .filter(body=body, person_id=person_id, body__is_active=True)
        .exists()
    )


@rules.predicate
def reads_meeting_body(user, meeting):
    return meeting is not None and reads_section_body(user, meeting.body)


@rules.predicate
def is_council_at_board(user, meeting):
    """The council coordinates the board's agenda, so it reads board meetings."""
    return (
        meeting is not None
        and meeting.body.kind == Body.Kind.BOARD
        and is_council_member(user)
    )


@rules.predicate
def meeting_has_taken_place(user, meeting):
    return meeting is not None and meeting.status in Meeting.HAS_TAKEN_PLACE


@rules.predicate
def meeting_takes_agenda(user, meeting):
    return meeting is not None and meeting.body.takes_agenda


@rules.predicate
def can_see_notice(user, notice):
    if notice is None:
        return False
    snapshot = roles_of(user)
    if snapshot.is_secretariat:
        return True
    if notice.status != Notice.Status.PUBLISHED:
        return False
    if notice.audience == Notice.Audience.ALL_MEMBERS:
        return snapshot.is_member or snapshot.holds_any_role
    if notice.audience == Notice.Audience.BODY:
        from .membership import person_body_ids

        return notice.target_body_id in person_body_ids(snapshot.person_id, snapshot)
    return False


@rules.predicate
def has_a_move_on_item(user, item):
    """Holds a move of the item page's own form that concerns the item now: one it
    waits for, or one just made (a page loaded a moment before may still offer it)."""
    if item is None:
        return False
    return any(
        action.concerns(item.status) and user.has_perm(action.perm, item)
        for action in map(AgendaItem.ACTIONS.get, AgendaItem.SIMPLE_ACTIONS)
    )


@rules.predicate
def is_person_asked(user, response):
    """The director or auditor a consent form (WrittenResponse) was sent to."""
    return response is not None and response.person_id == roles_of(user).person_id


governance = is_secretariat | is_board | is_council_member | is_section_member
rules.add_perm("secretariat.view_index", governance | is_full_time_officer)

# Bodies and meetings: the secretariat runs them; the board, the auditors and the
# council read them; members of an ad-hoc body read its meetings.
rules.add_perm(
    "secretariat.view_meetings", is_secretariat | is_board | is_council_member
)
meeting_readers = (
    is_secretariat
    | is_body_member
    | is_council_at_board
    | runs_meeting_body
    | reads_meeting_body
    | represents_meeting_industry_seat
)
rules.add_perm("secretariat.view_meeting", meeting_readers)
rules.add_perm("secretariat.manage_meetings", is_secretariat)
rules.add_perm(
    "secretariat.view_meeting_papers", meeting_readers & meeting_takes_agenda
)
rules.add_perm("secretariat.view_minutes", meeting_readers & meeting_has_taken_place)
# A body's page: those who read every body, those who run it, the readers of the
# network section's work, and its current members (an ad-hoc body's seats; one
# query). (Support members do not see network bodies.)
rules.add_perm(
    "secretariat.view_body",
    is_secretariat
    | is_board
    | is_council_member
    | runs_body
    | reads_section_body
    | sits_on_ad_hoc_body
    | represents_industry_seat,
)
# Running an ad-hoc body (its members, meetings, attendance and minutes): the
# secretariat, or a member of the body's section. A statutory body is run by the
# secretariat alone (``manage_meetings``; services.common.require_runs).
rules.add_perm("secretariat.run_body", runs_body)
rules.add_perm("secretariat.run_meeting", runs_meeting_body)


@rules.predicate
def represents_seat_holder(user, seat):
    return seat is not None and is_representative_of(user, seat.organization)


@rules.predicate
def runs_seat_body(user, seat):
    return seat is not None and runs_body(user, seat.body)


# A seat held by an organization: its representative names its delegate, as do those
# who run the body. The W.Co's page lists its seats to its representative and the
# secretariat.
rules.add_perm("secretariat.name_delegate", represents_seat_holder | runs_seat_body)
rules.add_perm(
    "secretariat.view_organization_seats", is_secretariat | is_representative_of
)
# Scheduling a meeting of some body one runs (the form offers those bodies).
rules.add_perm("secretariat.run_some_body", is_secretariat | is_section_member)
rules.add_perm("secretariat.manage_minutes", is_secretariat)

# The agenda pipeline (DESIGN flow 3).
rules.add_perm("secretariat.view_items", governance)
rules.add_perm("secretariat.draft_item", can_draft_for_some_source)
rules.add_perm("secretariat.view_item", can_see_item)
rules.add_perm("secretariat.move_item", can_see_item & has_a_move_on_item)
rules.add_perm("secretariat.edit_item", is_item_author_side & item_is_editable)
rules.add_perm("secretariat.submit_item", is_item_author_side)
rules.add_perm("secretariat.withdraw_item", is_item_author_side)
rules.add_perm("secretariat.review_item", is_council_member)
rules.add_perm("secretariat.place_item", is_secretariat)
rules.add_perm("secretariat.decide_item", is_secretariat)
rules.add_perm(
    "secretariat.comment_item",
    can_see_item & (is_council_member | is_secretariat | is_item_author_side),
)
rules.add_perm("secretariat.declare_interest", is_secretariat | is_item_director)
# Directors declare their own; the secretariat records anyone's.
rules.add_perm("secretariat.declare_others_interest", is_secretariat)

# 決議の省略: directors propose and consent, auditors may object, the secretariat
# circulates. Everyone on the board reads them.
rules.add_perm("secretariat.view_written", is_secretariat | is_board)
rules.add_perm("secretariat.propose_written", is_secretariat | is_director)
# An item already in the pipeline is put to the directors by the secretariat.
rules.add_perm("secretariat.propose_written_item", is_secretariat)
rules.add_perm("secretariat.circulate_written", is_secretariat)
rules.add_perm("secretariat.answer_written", is_director | is_auditor)
rules.add_perm("secretariat.answer_response", is_person_asked)

# Notices: the secretariat publishes; each reads those for them.
rules.add_perm("secretariat.view_notices", rules.is_authenticated)
rules.add_perm("secretariat.view_notice", can_see_notice)
rules.add_perm("secretariat.manage_notices", is_secretariat)
# A 社員's consent to notices by email: the W.Co's representative gives it; the
# secretariat records one given on paper.
rules.add_perm(
    "secretariat.record_email_consent", is_secretariat | is_representative_of
)

# The minutes' signed scans and the items' papers are files under members' policy.
# An item's papers (別紙) are changed by its author's side and the secretariat while
# the item can be edited; afterwards, until its outcome, by the secretariat alone,
# with a note in the item's history (the service asks for it).
rules.add_perm("secretariat.view_item_files", can_see_item)
papers_while_editable = (
    can_see_item & (is_item_author_side | is_secretariat) & item_is_editable
)
papers_after_submission = can_see_item & is_secretariat & item_papers_amendable
rules.add_perm("secretariat.edit_item_files", papers_while_editable)
rules.add_perm("secretariat.amend_item_papers", papers_after_submission)
rules.add_perm(
    "secretariat.change_item_papers", papers_while_editable | papers_after_submission
)


@rules.predicate
def can_see_minutes_record(user, minutes):
    if minutes is None:
        return False
    if minutes.meeting_id:
        return user.has_perm("secretariat.view_minutes", minutes.meeting)
    return is_secretariat(user) or is_board(user)


@rules.predicate
def runs_minutes_body(user, minutes):
    """Runs the body whose minutes these are (a resolution without a meeting is the
    board's: the secretariat's)."""
    if minutes is None:
        return False
    if minutes.meeting_id:
        return runs_body(user, minutes.meeting.body)
    return is_secretariat(user)


rules.add_perm("secretariat.view_minutes_record", can_see_minutes_record)
rules.add_perm("secretariat.manage_minutes_record", is_secretariat)
rules.add_perm("secretariat.run_minutes_record", runs_minutes_body)


# --- Action items (申し送り・宿題) and body documents ---------------------------------------


@rules.predicate
def can_run_meetings_of(user, body):
    """Runs ``body``'s meetings: adds and edits its action items, keeps its documents.
    Whoever runs the body (``runs_body``: the secretariat, or the section's members
    for the section's own bodies); every permission below follows."""
    return runs_body(user, body)


@rules.predicate
def runs_meeting_body(user, meeting):
    return meeting is not None and can_run_meetings_of(user, meeting.body)


@rules.predicate
def runs_action_item_body(user, item):
    return item is not None and can_run_meetings_of(user, item.meeting.body)


@rules.predicate
def is_action_item_owner(user, item):
    if item is None:
        return False
    person_id = roles_of(user).person_id
    return person_id is not None and item.owner_id == person_id


@rules.predicate
def action_item_is_open(user, item):
    return item is not None and item.is_open


@rules.predicate
def sits_on_body(user, body):
    """A current member of ``body`` (today, so a seat that ended is gone on the next
    request); the statutory bodies go by roles and membership."""
    if body is None:
        return False
    from .membership import person_body_ids

    snapshot = roles_of(user)
    return body.pk in person_body_ids(snapshot.person_id, snapshot)


rules.add_perm("secretariat.add_action_item", runs_meeting_body)
rules.add_perm("secretariat.edit_action_item", runs_action_item_body)
# The owner marks their own item done; those who run the body may too.
rules.add_perm(
    "secretariat.complete_action_item",
    action_item_is_open & (is_action_item_owner | runs_action_item_body),
)
rules.add_perm(
    "secretariat.view_body_documents",
    sits_on_body | can_run_meetings_of | represents_industry_seat,
)
rules.add_perm("secretariat.manage_body_documents", can_run_meetings_of)
rules.add_perm(
    "secretariat.view_action_item", is_action_item_owner | runs_action_item_body
)
