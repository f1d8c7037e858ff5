"""ID guessing: a record someone owns is not there for anyone else.

For each kind of record with an owner (a course application, a consultation with its
appointment and records, an agenda draft, a W.Co's profile, a person's record, a
stored file, a request to join a W.Co, a W.Co's dues and receipts, and the
secretariat's governance records: items on a meeting, bodies, meetings, minutes,
resolutions without a meeting, notices), every URL that
takes its id answers another ordinary user — a fresh account that belongs to nothing,
and the demo users who have no business with it — exactly as it answers for an id
that does not exist: 404, for GET and for POST, and nothing changes. Where a page is
closed to the asker's role as a whole, its refusal (403) comes before any record is
looked up, and is the same for every id; those URLs are listed in ``ROLE_GATED``.

The URLs are read from the URLconf: a new URL that takes an id fails
``test_every_url_with_an_id_is_classified`` until it is placed in a record's list
below or in ``NOT_OWNED`` with the reason it has no owner. The permission matrix
(``tests/test_permission_matrix.py``) decides every role's answer on one object per
URL; this test adds the strangers, the ids that don't exist, and ids crossed between
records.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from members.models import Affiliation, ImportBatch
from secretariat import services as secretariat_services
from support import services as support_services
from support.models import Application, Appointment
from tests.factories import PersonFactory
from tests.hostile import (
    test_object_access_business_contracts as business_contracts_access,
)
from tests.hostile import (
    test_object_access_business_programmes as business_programmes_access,
)
from tests.hostile import (
    test_object_access_business_reports as business_reports_access,
)
from tests.hostile import test_object_access_business_sites as business_sites_access
from tests.hostile import test_object_access_fund_rounds as fund_rounds_access
from tests.hostile import test_object_access_privacy_erasure as privacy_erasure_access
from tests.hostile import test_object_access_privacy_export as privacy_export_access
from tests.hostile import test_object_access_privacy_requests as privacy_requests_access
from tests.hostile import (
    test_object_access_privacy_retention as privacy_retention_access,
)
from tests.hostile import test_object_access_support_industry as support_industry_access
from tests.hostile import test_object_access_support_projects as support_projects_access
from tests.hostile import test_object_access_support_requests as support_requests_access
from tests.hostile import test_object_access_support_talent as support_talent_access
from tests.hostile.test_object_access_fund_review import KEEPERS as FUND_REVIEW_KEEPERS
from tests.hostile.test_object_access_fund_review import ROWS as FUND_REVIEW
from tests.members import permission_cases as members_cases
from tests.network.helpers import contact as network_contact
from tests.network.initiative_helpers import initiative as network_initiative
from tests.permission_vocabulary import PDF_BYTES
from tests.secretariat import permission_cases as secretariat_cases
from tests.support import permission_cases as support_cases
from tests.support.factories import ConsultationFactory, SlotFactory, at
from tests.test_permission_matrix import all_urls
from wco_sse.core.models import AuditEntry, StoredFile

OWN_NAMESPACES = ("members", "secretariat", "support", "network", "business")
MISSING_PK = 999_999_999
MISSING_UUID = uuid.UUID("00000000-0000-4000-8000-00000000dead")
STRANGER = "stranger"  # a fresh account with a person record, in nothing


@dataclass(frozen=True)
class Owned:
    """A kind of record with an owner, the URLs that take its id, and who must not
    find it. ``make(demo)`` returns the record's id under "id" (and any other ids the
    URLs need); ``urls`` maps a URL name to ``(made, id) -> kwargs``."""

    record: str
    make: Callable
    urls: dict
    strangers: tuple
    missing: object = MISSING_PK

    def __str__(self):
        return self.record


def pk(made, record_id):
    return {"pk": record_id}


def file_id(made, record_id):
    return {"file_id": record_id}


# --- Makers ---------------------------------------------------------------------------


def other_wco(demo):
    return {"id": members_cases.other_wco(demo, STRANGER)["pk"]}


def members_record(demo):
    return {"id": members_cases.member_record(demo, STRANGER)["pk"]}


def request_to_join_other_wco(demo):
    return {"id": members_cases.pending_request_at_other_wco(demo, STRANGER)["pk"]}


def file_of_other_wco(demo):
    return {"id": members_cases.file_on_other_wco(demo, STRANGER)["file_id"]}


def file_of_a_draft(demo):
    item = secretariat_cases.h.item(demo, status="draft")
    paper = secretariat_services.agenda_item_attach(
        actor=demo["support"],
        item=item,
        uploaded=SimpleUploadedFile("draft.pdf", PDF_BYTES, "application/pdf"),
    )
    return {"id": paper.file.pk}


def file_of_an_import(demo):
    batch = members_cases.checked_import(demo, STRANGER)["pk"]
    return {"id": ImportBatch.objects.get(pk=batch).file_id}


def staffs_print_job(demo):
    return {"id": members_cases.staff_print_job(demo, STRANGER)["job_id"]}


def file_of_a_print_job(demo):
    return {"id": members_cases.file_of_staff_print_job(demo, STRANGER)["file_id"]}


def home_dues(demo):
    return {"id": members_cases.home_dues(demo, STRANGER)["pk"]}


def home_payment(demo):
    return {"id": members_cases.home_payment(demo, STRANGER)["pk"]}


def members_application(demo):
    """The member's application to a course whose every session they attended."""
    application = support_cases.member_completed(demo, STRANGER)["pk"]
    session = Application.objects.get(pk=application).course.sessions.first()
    return {"id": application, "session": session.pk}


def citizens_case(demo):
    """The citizen's case, assigned to advisor@, with an appointment booked."""
    made = support_cases.booked_appointment(demo, STRANGER)
    return {"id": made["pk"], "appointment": made["appointment_pk"]}


def advisors_slot(demo):
    return {"id": support_cases.advisors_open_slot(demo, STRANGER)["pk"]}


def support_draft(demo):
    made = secretariat_cases.support_draft_paper(demo, STRANGER)
    return {"id": made["pk"], "paper": made["paper"]}


def item_on_a_meeting(demo):
    """A support item on a board meeting, with a director's declared interest."""
    made = secretariat_cases.interest_on_placed(demo, STRANGER)
    return {"id": made["pk"], "interest": made["interest"]}


def held_board_meeting(demo):
    return {"id": secretariat_cases.held_board_meeting(demo, STRANGER)["pk"]}


def ad_hoc_body(demo):
    return {"id": secretariat_cases.ad_hoc_body(demo, STRANGER)["pk"]}


def members_action_item(demo):
    return {"id": secretariat_cases.members_action_item(demo, STRANGER)["pk"]}


def body_with_a_document(demo):
    return {"id": secretariat_cases.body_with_a_document(demo, STRANGER)["pk"]}


def body_document(demo):
    return {"id": secretariat_cases.body_document(demo, STRANGER)["pk"]}


def network_body_page(demo):
    return {"id": secretariat_cases.network_body_page(demo, STRANGER)["pk"]}


def network_body_document(demo):
    return {"id": secretariat_cases.network_body_document(demo, STRANGER)["pk"]}


def network_body(demo):
    return {"id": secretariat_cases.network_body(demo, STRANGER)["pk"]}


def network_meeting(demo):
    return {"id": secretariat_cases.network_meeting(demo, STRANGER)["pk"]}


def seat_of_other_wco(demo):
    seat = secretariat_cases.h.seat(demo, organization=demo.ctx.data["wcos"][1])
    return {"id": seat.pk}


def minutes_awaiting_signatures(demo):
    return {"id": secretariat_cases.signing_minutes(demo, STRANGER)["pk"]}


def resolution_circulating(demo):
    return {"id": secretariat_cases.written_circulating(demo, STRANGER)["pk"]}


def an_initiative(demo):
    return {"id": network_initiative(demo, by="staff").pk}


def a_checklist(demo):
    from network.models import ChecklistTemplate

    return {"id": ChecklistTemplate.objects.get(form="workers_coop").pk}


def a_checklist_step(demo):
    from network.models import ChecklistStep

    return {
        "id": ChecklistStep.objects.filter(template__form="workers_coop").first().pk
    }


def an_initiative_step(demo):
    from network.models import ChecklistStep

    made = network_initiative(demo, by="staff", form="workers_coop")
    step = ChecklistStep.objects.filter(template__form="workers_coop").first()
    return {"id": made.pk, "step": step.pk}


def initiative_step(made, record_id):
    return {"pk": record_id, "step": made["step"]}


def network_proposal(demo):
    """A policy proposal the secretariat recorded."""
    from tests.network.proposal_helpers import proposal

    return {"id": proposal(demo, by="staff").pk}


def network_contact_with_follow_up(demo):
    """A contact with a partner, its follow-up owned by network@."""
    return {"id": network_contact(demo, by="staff", due_in=-1).pk}


def partner_organization(demo):
    return {"id": network_contact(demo, by="staff").organization.pk}


def staff_draft_notice(demo):
    return {"id": secretariat_cases.draft_notice(demo, STRANGER)["pk"]}


OWNED = (
    Owned(
        "W.Co profile",
        other_wco,
        {
            "members:organization_detail": pk,
            "members:organization_edit": pk,
            "members:organization_field": lambda made, i: {"pk": i, "field": "phone"},
            "members:legal_form_change": pk,
            "members:affiliation_add": pk,
            "members:organization_file_upload": pk,
            "secretariat:email_notice_consent": pk,
        },
        ("rep", "member", STRANGER),
    ),
    Owned(
        "person record",
        members_record,
        {
            "members:person_detail": pk,
            "members:person_edit": pk,
            "members:second_factor_reset": pk,
            "support:consultation_disclosure": pk,
        },
        ("rep", STRANGER),
    ),
    Owned(
        "request to join a W.Co",
        request_to_join_other_wco,
        {"members:affiliation_confirm": pk, "members:affiliation_end": pk},
        ("rep", "member", STRANGER),
    ),
    *(
        Owned(
            f"stored file ({label})",
            maker,
            {"members:file_download": file_id, "members:file_delete": file_id},
            strangers,
            missing=MISSING_UUID,
        )
        for label, maker, strangers in (
            ("a W.Co's", file_of_other_wco, ("rep", "member", STRANGER)),
            ("an agenda draft's", file_of_a_draft, ("network", STRANGER)),
            ("a member list's", file_of_an_import, ("rep", STRANGER)),
            ("a print job's", file_of_a_print_job, ("secgen", "rep", STRANGER)),
        )
    ),
    # A PDF printed in the background is the asker's alone: the secretary general, who
    # may print the same list, does not find staff@'s.
    Owned(
        "print job",
        staffs_print_job,
        {
            "members:print_job": lambda made, i: {"job_id": i},
            "members:print_job_download": lambda made, i: {"job_id": i},
        },
        ("secgen", "rep", STRANGER),
        missing=MISSING_UUID,
    ),
    Owned(
        "dues of a W.Co",
        home_dues,
        {"members:dues_detail": pk, "members:dues_invoice": pk},
        ("member", STRANGER),
    ),
    # The pages that change them are the secretariat's alone: not there for the
    # representative or the auditor, who read the dues, either.
    Owned(
        "dues of a W.Co (changed)",
        home_dues,
        {
            "members:dues_payment_record": pk,
            "members:dues_override": pk,
            "members:dues_remind": pk,
        },
        ("rep", "auditor", "member", STRANGER),
    ),
    Owned(
        "dues payment (receipt)",
        home_payment,
        {"members:dues_receipt": pk},
        ("member", STRANGER),
    ),
    Owned(
        "dues payment (cancelled)",
        home_payment,
        {"members:dues_payment_cancel": pk},
        ("rep", "auditor", "member", STRANGER),
    ),
    Owned(
        "course application",
        members_application,
        {
            "support:application_detail": pk,
            "support:application_cancel": pk,
            "support:application_promote": pk,
            "support:application_fee": pk,
            "support:application_certificate": pk,
            "support:session_attendance_toggle": lambda made, i: {
                "pk": made["session"],
                "application_pk": i,
            },
        },
        ("rep", STRANGER),
    ),
    Owned(
        "consultation",
        citizens_case,
        {
            "support:consultation_detail": pk,
            "support:consultation_assign": pk,
            "support:consultation_book": pk,
            "support:consultation_records": pk,
            "support:consultation_refer": pk,
            "support:consultation_close": pk,
            "support:appointment_cancel": lambda made, i: {
                "pk": i,
                "appointment_pk": made["appointment"],
            },
            "support:appointment_ics_renew": lambda made, i: {
                "pk": i,
                "appointment_pk": made["appointment"],
            },
        },
        ("member", "finance-advisor", STRANGER),
    ),
    Owned(
        "advisor's slot",
        advisors_slot,
        {"support:slot_withdraw": pk},
        ("finance-advisor", STRANGER),
    ),
    Owned(
        "agenda draft",
        support_draft,
        {
            "secretariat:item_detail": pk,
            "secretariat:item_edit": pk,
            "secretariat:item_transition": pk,
            "secretariat:item_comment": pk,
            "secretariat:item_attach": pk,
            "secretariat:item_paper": lambda made, i: {"pk": i, "paper": made["paper"]},
        },
        ("network", "council", STRANGER),
    ),
    # The secretariat's governance records: whoever has no part in them finds none.
    Owned(
        "agenda item on a meeting",
        item_on_a_meeting,
        {
            "secretariat:item_detail": pk,
            "secretariat:item_transition": pk,
            "secretariat:item_place": pk,
            "secretariat:item_reorder": pk,
            "secretariat:item_decide": pk,
            "secretariat:item_comment": pk,
            "secretariat:item_interest": pk,
            "secretariat:item_interest_remove": lambda made, i: {
                "pk": i,
                "interest": made["interest"],
            },
            "secretariat:item_refer": pk,
        },
        ("network", "rep", STRANGER),
    ),
    Owned(
        "body",
        ad_hoc_body,
        {
            "secretariat:body_detail": pk,
            "secretariat:body_edit": pk,
            "secretariat:body_member_add": pk,
        },
        ("school", "member", STRANGER),
    ),
    # A body's documents: for its members and those who run it, nobody else.
    Owned(
        "body documents",
        body_with_a_document,
        {
            "secretariat:body_documents": pk,
            "secretariat:body_document_upload": pk,
        },
        ("school", "rep", STRANGER),
    ),
    Owned(
        "body document",
        body_document,
        {"secretariat:body_document_version_upload": pk},
        ("school", "rep", "member", STRANGER),
    ),
    # A network body's documents: not there for another section's members.
    Owned(
        "network body's documents",
        network_body_page,
        {
            "secretariat:body_detail": pk,
            "secretariat:body_documents": pk,
            "secretariat:body_document_upload": pk,
        },
        ("support", "business", STRANGER),
    ),
    # Its action items' export: those who run it, not its members.
    Owned(
        "network body's action items",
        network_body_page,
        {"secretariat:body_action_items_export": pk},
        ("support", "business", "member", "board", STRANGER),
    ),
    Owned(
        "network body document",
        network_body_document,
        {"secretariat:body_document_version_upload": pk},
        ("support", "business", "member", STRANGER),
    ),
    # A member's action item: theirs and the secretariat's.
    Owned(
        "action item",
        members_action_item,
        {
            "secretariat:action_item_edit": pk,
            "secretariat:action_item_done": pk,
        },
        ("school", "rep", "board", STRANGER),
    ),
    # A body the network section runs: not there for another section's members.
    Owned(
        "network body",
        network_body,
        {
            "secretariat:body_detail": pk,
            "secretariat:body_edit": pk,
            "secretariat:body_member_add": pk,
            "secretariat:body_seat_regular_members": pk,
            "secretariat:body_people_pick": pk,
        },
        ("support", "business", "member", STRANGER),
    ),
    Owned(
        "network meeting",
        network_meeting,
        {
            "secretariat:meeting_detail": pk,
            "secretariat:meeting_edit": pk,
            "secretariat:meeting_status": pk,
            "secretariat:meeting_attendance": pk,
            "secretariat:meeting_convocation": pk,
        },
        ("support", "business", "rep", STRANGER),
    ),
    # Another W.Co's seat: its delegate is not the demo representative's to name.
    Owned(
        "seat of another W.Co",
        seat_of_other_wco,
        {"secretariat:seat_delegate": pk},
        ("rep", "member", "support", STRANGER),
    ),
    Owned(
        "board meeting",
        held_board_meeting,
        {
            "secretariat:meeting_detail": pk,
            "secretariat:meeting_edit": pk,
            "secretariat:meeting_status": pk,
            "secretariat:meeting_convocation": pk,
            "secretariat:meeting_convocation_print": pk,
            "secretariat:meeting_convocation_labels": pk,
            "secretariat:meeting_follow_up": pk,
            "secretariat:meeting_attendance": pk,
            "secretariat:meeting_agenda": pk,
            "secretariat:meeting_packet": pk,
            "secretariat:meeting_tally": pk,
            "secretariat:minutes_start": pk,
            "secretariat:action_item_create": pk,
        },
        ("school", "rep", STRANGER),
    ),
    Owned(
        "minutes",
        minutes_awaiting_signatures,
        {
            "secretariat:minutes_detail": pk,
            "secretariat:minutes_edit": pk,
            "secretariat:minutes_finalize": pk,
            "secretariat:minutes_sign": pk,
            "secretariat:minutes_scan": pk,
            "secretariat:minutes_pdf": pk,
        },
        ("school", "member", STRANGER),
    ),
    Owned(
        "resolution without a meeting",
        resolution_circulating,
        {
            "secretariat:written_detail": pk,
            "secretariat:written_circulate": pk,
            "secretariat:written_record": pk,
        },
        ("council", "rep", STRANGER),
    ),
    Owned(
        "consent form",
        resolution_circulating,
        {"secretariat:written_answer": pk},
        ("staff", "council", STRANGER),
    ),
    # The contact log is the network section's and the secretariat's; the board and
    # the council read it. Nobody else finds a contact, nor the page to record one.
    Owned(
        "contact with a partner",
        network_contact_with_follow_up,
        {
            "network:contact_detail": pk,
            "network:contact_edit": pk,
            "network:contact_follow_up": pk,
        },
        ("support", "fund", "rep", STRANGER),
    ),
    Owned(
        "contact with a partner (changed)",
        network_contact_with_follow_up,
        {"network:contact_edit": pk, "network:contact_follow_up": pk},
        ("board", "council", STRANGER),
    ),
    # Initiatives toward new W.Cos: kept by the network section and the secretariat,
    # read by the board and the council; nobody else finds one.
    Owned(
        "initiative",
        an_initiative,
        {
            "network:initiative_detail": pk,
            "network:initiative_edit": pk,
            "network:initiative_stage": pk,
            "network:initiative_support": pk,
            "network:initiative_link": pk,
        },
        ("support", "fund", "rep", STRANGER),
    ),
    Owned(
        "initiative (changed)",
        an_initiative,
        {
            "network:initiative_edit": pk,
            "network:initiative_stage": pk,
            "network:initiative_support": pk,
            "network:initiative_link": pk,
        },
        ("board", "council", STRANGER),
    ),
    # Formation checklists: read with the initiatives, kept by those who keep them;
    # the secretariat alone confirms one.
    Owned(
        "formation checklist",
        a_checklist,
        {
            "network:checklist_detail": pk,
            "network:checklist_edit": pk,
            "network:checklist_confirm": pk,
            "network:checklist_step_add": pk,
        },
        ("support", "fund", "rep", STRANGER),
    ),
    Owned(
        "formation checklist (changed)",
        a_checklist,
        {
            "network:checklist_edit": pk,
            "network:checklist_confirm": pk,
            "network:checklist_step_add": pk,
        },
        ("board", "council", STRANGER),
    ),
    Owned(
        "formation checklist (confirmed)",
        a_checklist,
        {"network:checklist_confirm": pk},
        ("network", "board", STRANGER),
    ),
    Owned(
        "checklist step",
        a_checklist_step,
        {"network:checklist_step_edit": pk, "network:checklist_step_delete": pk},
        ("board", "council", "support", "rep", STRANGER),
    ),
    Owned(
        "initiative's checklist step",
        an_initiative_step,
        {"network:initiative_step_done": initiative_step},
        ("board", "council", "support", "rep", STRANGER),
    ),
    # Policy proposals: kept and read like the contact log.
    Owned(
        "policy proposal",
        network_proposal,
        {
            "network:proposal_detail": pk,
            "network:proposal_pdf": pk,
            "network:proposal_edit": pk,
            "network:proposal_transition": pk,
            "network:proposal_agenda_item": pk,
            "network:proposal_file_upload": pk,
        },
        ("support", "fund", "rep", STRANGER),
    ),
    Owned(
        "policy proposal (changed)",
        network_proposal,
        {
            "network:proposal_edit": pk,
            "network:proposal_transition": pk,
            "network:proposal_agenda_item": pk,
            "network:proposal_file_upload": pk,
        },
        ("board", "council", STRANGER),
    ),
    Owned(
        "partner's contact log (new contact)",
        partner_organization,
        {"network:contact_create": pk},
        ("support", "board", "rep", STRANGER),
    ),
    Owned(
        "notice draft",
        staff_draft_notice,
        {
            "secretariat:notice_detail": pk,
            "secretariat:notice_edit": pk,
            "secretariat:notice_publish": pk,
        },
        ("board", "member", STRANGER),
    ),
)

# The fund's review (issue 14): its rows live with its part.
OWNED += tuple(
    Owned(row.record, row.make, row.urls, row.strangers) for row in FUND_REVIEW
)

# Pages closed to whole roles: the refusal (403) comes before the record is looked up,
# the same for every id. Only a user without the role gets it; a role holder who may
# not see the record gets 404.
ROLE_GATED = {}

# URLs that take an id, but of a record nobody owns: the organization's own working
# records, each page decided by role in the permission matrix.
NOT_OWNED = {
    "members:role_end": "a role assignment: kept by the secretary-general (404 to others)",
    "members:import_detail": "an import: the secretariat's work (404 to others)",
    "members:import_commit": "an import: the secretariat's work (404 to others)",
    "members:import_discard": "an import: the secretariat's work (404 to others)",
    "members:import_check_again": "an import: the secretariat's work (404 to others)",
    "members:import_columns": "an import: the secretariat's work (404 to others)",
    "members:import_forget_columns": "an import: the secretariat's work (404 to others)",
    "members:dues_remind_all": "a fiscal year, not a record",
    "secretariat:written_answer_link": "a secret token, not an id (404 when unknown)",
    "support:course_detail": "a course: published to its audience",
    "support:course_ical": "a course: published to its audience",
    "support:course_apply": "a course: published to its audience",
    "support:course_apply_representative": "a course: published to its audience",
    "support:course_apply_proxy": "a course: the school's staff apply by proxy",
    "support:course_manage": "a course: run by the school's staff",
    "support:course_edit": "a course: run by the school's staff",
    "support:course_status": "a course: run by the school's staff",
    "support:course_export": "a course: run by the school's staff",
    "support:course_email": "a course: run by the school's staff",
    "support:session_attendance": "a course session: run by the school's staff",
    "support:session_roster": "a course session: run by the school's staff",
    "support:appointment_ics": "a signed token, not an id (404 when forged)",
}
OWNED += fund_rounds_access.owned()
NOT_OWNED |= fund_rounds_access.NOT_OWNED

# The support section's industry meetings, projects and talent bank (issue 15): each
# part lists its own records in its own module.
SUPPORT_PARTS = (
    support_industry_access,
    support_projects_access,
    support_talent_access,
    support_requests_access,
    # Personal data (issue 16).
    privacy_requests_access,
    privacy_export_access,
    privacy_erasure_access,
    privacy_retention_access,
)
for _part in SUPPORT_PARTS:
    OWNED += _part.owned()
    NOT_OWNED |= _part.NOT_OWNED

# The business section (issue 17): each part lists its own records in its own module.
BUSINESS_PARTS = (
    business_programmes_access,
    business_contracts_access,
    business_sites_access,
    business_reports_access,
)
for _part in BUSINESS_PARTS:
    OWNED += _part.owned()
    NOT_OWNED |= _part.NOT_OWNED


def urls_with_ids():
    """Every URL of ours whose route takes a parameter."""
    return sorted(
        name
        for route, name in all_urls()
        if name and name.split(":")[0] in OWN_NAMESPACES and "<" in route
    )


def owned_urls():
    return {name for owned in OWNED for name in owned.urls}


def fund_classified_urls():
    """The fund's parts that test their own records in their own modules (they import
    this one, so they are read here, when the test runs)."""
    from tests.hostile import test_object_access_fund_awards as awards
    from tests.hostile import test_object_access_fund_money as money

    return set(awards.AWARD_URLS) | set(money.NOT_OWNED)


def test_every_url_with_an_id_is_classified():
    """A new URL that takes an id is decided here: whose record it names, or why it
    names nobody's."""
    decided = owned_urls() | set(NOT_OWNED) | fund_classified_urls()
    undecided = [name for name in urls_with_ids() if name not in decided]
    assert not undecided, (
        "These URLs take an id but are in no list of tests/hostile/"
        "test_object_access.py; say whose record they name:\n  "
        + "\n  ".join(undecided)
    )


def test_the_lists_name_real_urls_once():
    real = set(urls_with_ids())
    named = owned_urls() | set(NOT_OWNED) | set(ROLE_GATED)
    assert named <= real, sorted(named - real)
    assert not owned_urls() & set(NOT_OWNED)


def test_an_unclassified_url_is_caught(monkeypatch):
    """The guard itself: a URL with an id outside the lists fails the check."""
    import tests.hostile.test_object_access as module

    real = module.urls_with_ids
    monkeypatch.setattr(
        module, "urls_with_ids", lambda: [*real(), "support:application_refund"]
    )
    with pytest.raises(AssertionError, match="application_refund"):
        test_every_url_with_an_id_is_classified()


# --- The strangers ---------------------------------------------------------------------


def _stranger():
    return PersonFactory(with_account=True).account


def _answer(client, method, name, kwargs):
    path = reverse(name, kwargs=kwargs)
    return getattr(client, method)(path, data={}).status_code


def _footprint():
    return (
        AuditEntry.objects.count(),
        StoredFile.objects.count(),
        Affiliation.objects.filter(confirmed=True).count(),
        Appointment.objects.filter(status=Appointment.Status.BOOKED).count(),
    )


def _holds_a_role(who):
    return who not in ("rep", "member", "citizen", STRANGER)


def serves(name, kwargs, method):
    """Whether the view behind the URL has a handler for ``method`` at all."""
    view = resolve(reverse(name, kwargs=kwargs)).func
    return hasattr(getattr(view, "view_class", None), method)


def expected_answers(name, kwargs, method, who):
    if name in ROLE_GATED and not _holds_a_role(who):
        return {403}
    if not serves(name, kwargs, method):
        # Refused as a method (405), before or after the record was looked up.
        return {404, 405}
    return {404}


@pytest.mark.parametrize("owned", OWNED, ids=str)
def test_a_stranger_finds_no_record_by_its_id(client, demo, owned):
    """Every URL naming the record answers a stranger as for an id that does not
    exist: 404 (403 before any lookup where the page is closed to their role; 405
    for a method the page does not take), for GET and POST, and changes nothing.
    Someone on the owner's side, meanwhile, gets no 404 on any of them."""
    made = owned.make(demo)
    for name, kwargs_of in owned.urls.items():
        owner_side = KEEPER_SIDE.get(name, OWNER_SIDE[owned.record])
        client.force_login(demo[owner_side])
        answer = _answer(client, "get", name, kwargs_of(made, made["id"]))
        assert answer != 404, f"{name} as {owner_side}: the record is not there"
    users = {**demo, STRANGER: _stranger()}
    wrong = []
    for who in owned.strangers:
        client.cookies.clear()
        client.force_login(users[who])
        for name, kwargs_of in owned.urls.items():
            real = kwargs_of(made, made["id"])
            missing = kwargs_of(made, owned.missing)
            for method in ("get", "post"):
                before = _footprint()
                answer = _answer(client, method, name, real)
                changed = _footprint() != before
                expected = expected_answers(name, real, method, who)
                guessed = _answer(client, method, name, missing)
                if answer not in expected or guessed != answer or changed:
                    wrong.append(
                        f"{method.upper()} {name} as {who}: {answer} "
                        f"(missing id: {guessed}, expected {sorted(expected)})"
                        + (", and records changed" if changed else "")
                    )
    assert not wrong, f"{owned}:\n  " + "\n  ".join(wrong)


# Someone who may see each record (its owner, or the staff who keep it).
OWNER_SIDE = {
    "W.Co profile": "staff",
    "person record": "secgen",
    "request to join a W.Co": "staff",
    "stored file (a W.Co's)": "staff",
    "stored file (an agenda draft's)": "support",
    "stored file (a member list's)": "staff",
    "stored file (a print job's)": "staff",
    "print job": "staff",
    "dues of a W.Co": "rep",
    "dues of a W.Co (changed)": "staff",
    "dues payment (receipt)": "rep",
    "dues payment (cancelled)": "staff",
    "course application": "member",
    "consultation": "citizen",
    "advisor's slot": "advisor",
    "agenda draft": "support",
    "agenda item on a meeting": "staff",
    "body": "staff",
    "body documents": "staff",
    "body document": "staff",
    "network body's documents": "network",
    "network body document": "network",
    "network body's action items": "network",
    "action item": "staff",
    "network body": "network",
    "network meeting": "network",
    "seat of another W.Co": "staff",
    "board meeting": "staff",
    "minutes": "staff",
    "resolution without a meeting": "staff",
    "consent form": "board",
    "notice draft": "staff",
    "contact with a partner": "network",
    "contact with a partner (changed)": "network",
    "policy proposal": "network",
    "policy proposal (changed)": "network",
    "initiative": "network",
    "initiative (changed)": "network",
    "formation checklist": "network",
    "formation checklist (changed)": "network",
    "formation checklist (confirmed)": "staff",
    "checklist step": "network",
    "initiative's checklist step": "network",
    "partner's contact log (new contact)": "network",
}
OWNER_SIDE |= {row.record: row.owner for row in FUND_REVIEW}
# The fund's applications (issue 14): their own module lists them.
OWNER_SIDE |= fund_rounds_access.OWNER_SIDE
for _part in SUPPORT_PARTS:
    OWNER_SIDE |= _part.OWNER_SIDE
for _part in BUSINESS_PARTS:
    OWNER_SIDE |= _part.OWNER_SIDE

# A record's pages that only those who keep it use: to anyone else, its owner
# included, the page is not there (404), so the owner's side is asked there by them.
KEEPER_SIDE = {
    # The secretariat alone confirms a formation checklist.
    "network:checklist_confirm": "staff",
    # A body's rules are the secretariat's, whichever section runs it.
    "secretariat:body_edit": "staff",
    "support:application_promote": "school",
    "support:application_fee": "school",
    "support:session_attendance_toggle": "school",
    "support:consultation_assign": "staff",
    "support:consultation_records": "advisor",
    "support:consultation_refer": "advisor",
    "support:consultation_close": "advisor",
}
KEEPER_SIDE |= FUND_REVIEW_KEEPERS


# --- Ids crossed between records ------------------------------------------------------


def test_an_appointment_is_cancelled_only_through_its_own_case(client, demo):
    """The citizen's own case in the URL, another person's appointment id after it:
    404, and the other appointment stays booked."""
    own = ConsultationFactory(
        requester=support_cases._person(demo, "citizen"),
        advisor=support_cases._person(demo, "advisor"),
        status="assigned",
    )
    other_case = ConsultationFactory(
        advisor=support_cases._person(demo, "advisor"), status="assigned"
    )
    slot = SlotFactory(advisor=other_case.advisor, starts_at=at(21, 10))
    others = support_services.appointment_book(
        actor=demo["staff"], consultation=other_case, slot=slot
    )
    client.force_login(demo["citizen"])
    url = reverse(
        "support:appointment_cancel",
        kwargs={"pk": own.pk, "appointment_pk": others.pk},
    )
    assert client.post(url).status_code == 404
    others.refresh_from_db()
    assert others.status == Appointment.Status.BOOKED
    # Nor is its calendar link renewed through another case.
    url = reverse(
        "support:appointment_ics_renew",
        kwargs={"pk": own.pk, "appointment_pk": others.pk},
    )
    assert client.post(url).status_code == 404
    others.refresh_from_db()
    assert others.calendar_link_version == 0


def test_a_session_takes_attendance_only_of_its_own_course(client, demo):
    """Staff ticking attendance with an application of another course: 404."""
    application = support_cases._member_application(demo)
    session = support_cases._member_application(demo).course.sessions.first()
    client.force_login(demo["school"])
    url = reverse(
        "support:session_attendance_toggle",
        kwargs={"pk": session.pk, "application_pk": application.pk},
    )
    assert client.post(url).status_code == 404
    assert not application.attendances.exists()


def test_a_special_interest_is_removed_only_from_its_own_item(client, demo):
    """An item in the URL, another item's declared interest after it: 404, and the
    declaration stays."""
    made = secretariat_cases.interest_on_placed(demo, STRANGER)
    other_item = secretariat_cases.support_placed(demo, STRANGER)["pk"]
    client.force_login(demo["staff"])
    url = reverse(
        "secretariat:item_interest_remove",
        kwargs={"pk": other_item, "interest": made["interest"]},
    )
    assert client.post(url, {"confirm": "on"}).status_code == 404
    from secretariat.models import SpecialInterest

    assert SpecialInterest.objects.filter(pk=made["interest"]).exists()
