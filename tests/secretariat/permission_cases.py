"""The secretariat's rows of the permission matrix, written from DESIGN's roles table
and issue 4 (who runs meetings, who reads the board's papers, who moves items).

A page with an id looks its object up through the viewer's reach for that page
first (issue 10): whoever may not use the page for that object gets 404, exactly as
for an id that does not exist (``within_reach``); 403 is left to the pages without
an id that are closed to a role."""

import datetime
import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from secretariat import services
from secretariat.models import Body, BodyDocument, WrittenResponse
from tests.permission_vocabulary import *
from tests.secretariat import helpers as h

# Who reads the board's meetings: the secretariat runs them, directors and auditors sit
# on the board, the council coordinates its agenda (DESIGN: 理事会の議案調整).
BOARD_READERS = SECRETARIAT | BOARD | COUNCIL
GOVERNANCE = SECRETARIAT | BOARD | COUNCIL | SECTION_MEMBERS
SUPPORT = frozenset({"support"})
NETWORK = frozenset({"network"})
DIRECTOR = frozenset({"board"})  # the demo's 代表理事; "auditor" is 監事
ITEM_PREPARERS = SUPPORT | COUNCIL | SECRETARIAT  # see a support item once submitted
PLACED_READERS = ITEM_PREPARERS | BOARD  # directors and auditors see it from 上程 on


# --- Object makers ---------------------------------------------------------------------------


def board_body(demo, who):
    return {"pk": Body.objects.statutory(Body.Kind.BOARD).pk}


def ad_hoc_body(demo, who):
    body = services.body_create(actor=demo["staff"], name="業種別会議（介護・福祉）")
    return {"pk": body.pk}


def body_with_a_document(demo, who):
    """An ad-hoc body the demo member sits on, with one document."""
    body = services.body_create(actor=demo["staff"], name="まちづくり会議")
    services.body_member_add(
        actor=demo["staff"], body=body, person=demo["member"].person
    )
    services.body_document_add(
        actor=demo["staff"],
        body=body,
        title="まちづくりビジョン（案）",
        uploaded=SimpleUploadedFile("vision.pdf", PDF_BYTES, "application/pdf"),
    )
    return {"pk": body.pk}


def body_document(demo, who):
    """The document of ``body_with_a_document`` (its new versions)."""
    body = body_with_a_document(demo, who)
    return {"pk": BodyDocument.objects.get(body_id=body["pk"]).pk}


def network_body_with_a_document(demo, who):
    """A network body the demo member sits on, with one document."""
    body = h.network_body(demo, name="まちづくり会議", category="community")
    services.body_member_add(
        actor=demo["staff"], body=body, person=demo["member"].person
    )
    document = services.body_document_add(
        actor=demo["staff"],
        body=body,
        title="まちづくり構想",
        uploaded=SimpleUploadedFile("plan.pdf", PDF_BYTES, "application/pdf"),
    )
    return {"pk": body.pk, "document": document.pk}


def network_body_document(demo, who):
    return {"pk": network_body_with_a_document(demo, who)["document"]}


def network_body_page(demo, who):
    return {"pk": network_body_with_a_document(demo, who)["pk"]}


def members_action_item(demo, who):
    """An open action item of the demo member, from a board meeting."""
    meeting = h.meeting(demo)
    item = services.action_item_create(
        actor=demo["staff"],
        meeting=meeting,
        text="会場候補を調べる",
        owner=demo["member"].person,
        due_on=meeting.day + datetime.timedelta(days=14),
    )
    return {"pk": item.pk}


def network_body(demo, who):
    return {"pk": h.network_body(demo).pk}


def network_meeting(demo, who):
    body = h.network_body(demo)
    return {"pk": h.meeting(demo, body=body, title="第1回連携会議").pk}


def home_wco_seat(demo, who):
    """The demo's home W.Co's seat on a network body, its representative sitting."""
    return {"pk": h.seat(demo).pk}


def board_meeting(demo, who):
    return {"pk": h.meeting(demo).pk}


def council_meeting(demo, who):
    return {
        "pk": h.meeting(
            demo, body=Body.objects.statutory(Body.Kind.COUNCIL), title="業務運営会議"
        ).pk
    }


def held_board_meeting(demo, who):
    meeting = h.meeting(demo)
    h.held_meeting_from(demo, meeting)
    return {"pk": meeting.pk}


def _minutes(demo, *, signing=False):
    meeting = h.meeting(demo)
    h.held_meeting_from(demo, meeting)
    h.attend(demo, meeting, h.directors()[:3])
    minutes = services.minutes_start(actor=demo["staff"], meeting=meeting)
    if signing:
        services.minutes_finalize(actor=demo["staff"], minutes=minutes)
    return minutes


def draft_minutes(demo, who):
    return {"pk": _minutes(demo).pk}


def signing_minutes(demo, who):
    return {"pk": _minutes(demo, signing=True).pk}


def support_draft(demo, who):
    return {"pk": h.item(demo, status="draft").pk}


def _with_paper(demo, item, author):
    paper = services.agenda_item_attach(
        actor=author,
        item=item,
        uploaded=SimpleUploadedFile("別紙.pdf", PDF_BYTES, "application/pdf"),
        note="資料の追加",
    )
    return {"pk": item.pk, "paper": paper.pk}


def support_draft_paper(demo, who):
    """A paper of a support draft: its section changes it."""
    return _with_paper(demo, h.item(demo, status="draft"), demo["support"])


def support_placed_paper(demo, who):
    """A paper of a placed support item: the secretariat changes it, with a note."""
    item = h.item(demo, status="placed", meeting=h.meeting(demo))
    return _with_paper(demo, item, demo["staff"])


def support_submitted(demo, who):
    return {"pk": h.item(demo, status="submitted").pk}


def support_accepted(demo, who):
    return {"pk": h.item(demo, status="accepted").pk}


def support_placed(demo, who):
    return {"pk": h.item(demo, status="placed", meeting=h.meeting(demo)).pk}


def support_placed_held(demo, who):
    meeting = h.meeting(demo)
    item = h.item(demo, status="placed", meeting=meeting)
    h.held_meeting_from(demo, meeting)
    return {"pk": item.pk}


def support_adopted(demo, who):
    meeting = h.meeting(demo)
    item = h.item(demo, status="placed", meeting=meeting)
    h.held_meeting_from(demo, meeting)
    h.attend(demo, meeting, h.directors())
    services.decision_record(
        actor=demo["staff"],
        item=item,
        result="vote",
        votes_for=5,
        votes_against=0,
        abstentions=0,
    )
    return {"pk": item.pk}


def interest_on_placed(demo, who):
    item = h.item(demo, status="placed", meeting=h.meeting(demo))
    interest = services.special_interest_declare(
        actor=demo["staff"], item=item, person=h.directors()[1], reason="兼職"
    )
    return {"pk": item.pk, "interest": interest.pk}


def _proposed(demo):
    return services.written_resolution_propose(
        actor=demo["board"], title="事務所賃貸借契約の更新", text="更新する。"
    )


def written_proposed(demo, who):
    return {"pk": _proposed(demo).pk}


def written_circulating(demo, who):
    resolution = _proposed(demo)
    services.written_resolution_circulate(
        actor=demo["staff"],
        resolution=resolution,
        deadline=timezone.now() + datetime.timedelta(days=7),
    )
    return {"pk": resolution.pk}


def consent_link(demo, who):
    """The personal link a director without an account opens from the email."""
    resolution = _proposed(demo)
    services.written_resolution_circulate(
        actor=demo["staff"],
        resolution=resolution,
        deadline=timezone.now() + datetime.timedelta(days=7),
    )
    token = f"matrix-{who}-{resolution.pk}"
    response = resolution.responses.filter(
        capacity=WrittenResponse.Capacity.DIRECTOR
    ).last()
    response.token_hash = hashlib.sha256(token.encode()).hexdigest()
    response.save(update_fields=["token_hash"])
    return {"token": token}


def unknown_link(demo, who):
    return {"token": "no-such-token"}


def _notice(demo, publish=True, **extra):
    notice = services.notice_save(
        actor=demo["staff"], title="お知らせ", text="本文", send_email=False, **extra
    )
    if publish:
        services.notice_publish(actor=demo["staff"], notice=notice)
    return notice


def notice_to_all_members(demo, who):
    return {"pk": _notice(demo, audience="all_members").pk}


def notice_to_the_board(demo, who):
    return {
        "pk": _notice(
            demo, audience="body", target_body=Body.objects.statutory("board")
        ).pk
    }


def draft_notice(demo, who):
    return {"pk": _notice(demo, publish=False, audience="staff").pk}


CASES = (
    # --- Bodies: the secretariat keeps their rules; the board and the council read them --------
    Case(
        "secretariat:body_list",
        get=allow(BOARD_READERS),
        post=allow(BOARD_READERS, NOT_ALLOWED),
    ),
    Case(
        "secretariat:body_create",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "secretariat:body_detail",
        kwargs=board_body,
        get=reach(BOARD_READERS),
        post=reach(BOARD_READERS, NOT_ALLOWED),
    ),
    Case(
        "secretariat:body_edit",
        kwargs=board_body,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "secretariat:body_member_add",
        kwargs=ad_hoc_body,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    # A body's documents: its current members read them, those who run it (today the
    # secretariat) add them; to anyone else the body is not there.
    Case(
        "secretariat:body_documents",
        kwargs=body_with_a_document,
        get=reach(SECRETARIAT | MEMBER),
        post=reach(SECRETARIAT | MEMBER, NOT_ALLOWED),
    ),
    Case(
        "secretariat:body_document_upload",
        kwargs=body_with_a_document,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "secretariat:body_document_version_upload",
        kwargs=body_document,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    # A network body's documents (the まちづくり会議's vision and plans): the network
    # section keeps them with the secretariat, its members read them.
    Case(
        "secretariat:body_documents",
        kwargs=network_body_page,
        get=reach(SECRETARIAT | NETWORK | MEMBER),
        post=reach(SECRETARIAT | NETWORK | MEMBER, NOT_ALLOWED),
    ),
    Case(
        "secretariat:body_document_upload",
        kwargs=network_body_page,
        get=reach(SECRETARIAT | NETWORK),
        post=reach(SECRETARIAT | NETWORK, FORM_ERRORS),
    ),
    Case(
        "secretariat:body_document_version_upload",
        kwargs=network_body_document,
        get=reach(SECRETARIAT | NETWORK),
        post=reach(SECRETARIAT | NETWORK, FORM_ERRORS),
    ),
    # Its action items as XLSX / CSV: those who run the body (a logged export).
    Case(
        "secretariat:body_action_items_export",
        kwargs=network_body_page,
        get=reach(SECRETARIAT | NETWORK),
        post=reach(SECRETARIAT | NETWORK, NOT_ALLOWED),
    ),
    # Every action item in reach: for those who run some body.
    Case(
        "secretariat:action_items_export",
        get=allow(SECRETARIAT | SECTION_MEMBERS),
        post=allow(SECRETARIAT | SECTION_MEMBERS, NOT_ALLOWED),
    ),
    # Its page: those who run it and its readers, and the members who sit on it.
    Case(
        "secretariat:body_detail",
        kwargs=network_body_page,
        get=reach(BOARD_READERS | NETWORK | MEMBER),
        post=reach(BOARD_READERS | NETWORK | MEMBER, NOT_ALLOWED),
    ),
    # --- Action items (申し送り・宿題): those who run the body add and change them; the
    # owner marks their own done (an empty POST: done, without a note).
    Case(
        "secretariat:action_item_create",
        kwargs=board_meeting,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "secretariat:action_item_edit",
        kwargs=members_action_item,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "secretariat:action_item_done",
        kwargs=members_action_item,
        get=reach(SECRETARIAT | MEMBER),
        post=reach(SECRETARIAT | MEMBER, DONE),
    ),
    # A body the network section runs (issue 13): its members run it with the
    # secretariat; the board, the auditors and the council read it; a support member
    # does not find it.
    Case(
        "secretariat:body_detail",
        kwargs=network_body,
        get=reach(BOARD_READERS | NETWORK),
        post=reach(BOARD_READERS | NETWORK, NOT_ALLOWED),
    ),
    Case(
        "secretariat:body_member_add",
        kwargs=network_body,
        get=reach(SECRETARIAT | NETWORK),
        post=reach(SECRETARIAT | NETWORK, FORM_ERRORS),
    ),
    # The action item form's owner picker on the body: those who run it search those an
    # item may be given to (the registry-wide picker stays the secretariat's).
    Case(
        "secretariat:body_people_pick",
        kwargs=network_body,
        get=reach(SECRETARIAT | NETWORK),
        post=reach(SECRETARIAT | NETWORK, NOT_ALLOWED),
    ),
    Case(
        "secretariat:body_people_pick",
        kwargs=board_body,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, NOT_ALLOWED),
    ),
    # The liaison council (連携会議): those who run it seat the 正会員 W.Cos.
    Case(
        "secretariat:body_seat_regular_members",
        kwargs=network_body,
        get=reach(SECRETARIAT | NETWORK),
        post=reach(SECRETARIAT | NETWORK, FORM_ERRORS),
    ),
    Case(
        "secretariat:meeting_detail",
        kwargs=network_meeting,
        get=reach(BOARD_READERS | NETWORK),
        post=reach(BOARD_READERS | NETWORK, NOT_ALLOWED),
    ),
    Case(
        "secretariat:meeting_edit",
        kwargs=network_meeting,
        get=reach(SECRETARIAT | NETWORK),
        post=reach(SECRETARIAT | NETWORK, FORM_ERRORS),
    ),
    Case(
        "secretariat:meeting_attendance",
        kwargs=network_meeting,
        get=reach(SECRETARIAT | NETWORK),
        post=reach(SECRETARIAT | NETWORK, FORM_ERRORS),
    ),
    # A W.Co's seat: its representative names the delegate, as do those who run the
    # body.
    Case(
        "secretariat:seat_delegate",
        kwargs=home_wco_seat,
        get=reach(SECRETARIAT | NETWORK | REP),
        post=reach(SECRETARIAT | NETWORK | REP, FORM_ERRORS),
    ),
    # --- Meetings ------------------------------------------------------------------------------
    Case(
        "secretariat:meeting_list",
        get=allow(BOARD_READERS),
        post=allow(BOARD_READERS, NOT_ALLOWED),
    ),
    # Section members schedule meetings of the bodies their section runs (the form
    # offers only those).
    Case(
        "secretariat:meeting_create",
        get=allow(SECRETARIAT | SECTION_MEMBERS),
        post=allow(SECRETARIAT | SECTION_MEMBERS, FORM_ERRORS),
    ),
    # A board meeting: whoever does not read the board's meetings does not see it exists.
    Case(
        "secretariat:meeting_detail",
        kwargs=board_meeting,
        get=reach(BOARD_READERS),
        post=reach(BOARD_READERS, NOT_ALLOWED),
    ),
    # The council's own meeting is the council's and the secretariat's.
    Case(
        "secretariat:meeting_detail",
        kwargs=council_meeting,
        get=reach(SECRETARIAT | COUNCIL),
        post=reach(SECRETARIAT | COUNCIL, NOT_ALLOWED),
    ),
    Case(
        "secretariat:meeting_edit",
        kwargs=board_meeting,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "secretariat:meeting_status",
        kwargs=board_meeting,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    # The convocation's preview and confirmation, its paper list and labels, and the
    # follow-up notice: the secretariat runs meetings (DESIGN).
    Case(
        "secretariat:meeting_convocation",
        kwargs=board_meeting,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "secretariat:meeting_convocation_print",
        kwargs=board_meeting,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "secretariat:meeting_convocation_labels",
        kwargs=board_meeting,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "secretariat:meeting_follow_up",
        kwargs=board_meeting,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "secretariat:meeting_attendance",
        kwargs=board_meeting,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    # The meeting's items at a glance: sections see their own items in it too.
    Case(
        "secretariat:meeting_agenda",
        kwargs=board_meeting,
        get=reach(GOVERNANCE),
        post=reach(GOVERNANCE, NOT_ALLOWED),
    ),
    Case(
        "secretariat:meeting_packet",
        kwargs=board_meeting,
        get=reach(BOARD_READERS),
        post=reach(BOARD_READERS, NOT_ALLOWED),
    ),
    Case(
        "secretariat:meeting_tally",
        kwargs=held_board_meeting,
        get=reach(BOARD_READERS),
        post=reach(BOARD_READERS, NOT_ALLOWED),
    ),
    # --- Minutes: the secretariat writes them; the meeting's readers read them -----------------
    Case(
        "secretariat:minutes_start",
        kwargs=held_board_meeting,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "secretariat:minutes_detail",
        kwargs=draft_minutes,
        get=reach(BOARD_READERS),
        post=reach(BOARD_READERS, NOT_ALLOWED),
    ),
    Case(
        "secretariat:minutes_pdf",
        kwargs=draft_minutes,
        get=reach(BOARD_READERS),
        post=reach(BOARD_READERS, NOT_ALLOWED),
    ),
    *(
        Case(
            f"secretariat:{name}",
            kwargs=maker,
            get=reach(SECRETARIAT),
            post=reach(SECRETARIAT, FORM_ERRORS),
        )
        for name, maker in (
            ("minutes_edit", draft_minutes),
            ("minutes_finalize", draft_minutes),
            ("minutes_sign", signing_minutes),
            ("minutes_scan", signing_minutes),
        )
    ),
    # --- Agenda items ----------------------------------------------------------------------------
    Case(
        "secretariat:item_list",
        get=allow(GOVERNANCE),
        post=allow(GOVERNANCE, NOT_ALLOWED),
    ),
    # Sections draft for themselves; the secretariat for 事務局 and the board.
    Case(
        "secretariat:item_create",
        get=allow(SECRETARIAT | SECTION_MEMBERS),
        post=allow(SECRETARIAT | SECTION_MEMBERS, FORM_ERRORS),
    ),
    # A draft is the section's own.
    Case(
        "secretariat:item_detail",
        kwargs=support_draft,
        get=reach(SUPPORT),
        post=reach(SUPPORT, NOT_ALLOWED),
    ),
    # Submitted: the council and the secretariat see it; the board not before 上程.
    Case(
        "secretariat:item_detail",
        kwargs=support_submitted,
        get=reach(ITEM_PREPARERS),
        post=reach(ITEM_PREPARERS, NOT_ALLOWED),
    ),
    Case(
        "secretariat:item_detail",
        kwargs=support_placed,
        get=reach(PLACED_READERS),
        post=reach(PLACED_READERS, NOT_ALLOWED),
    ),
    Case(
        "secretariat:item_edit",
        kwargs=support_draft,
        get=reach(SUPPORT),
        post=reach(SUPPORT, FORM_ERRORS),
    ),
    # Once on the agenda nobody edits it.
    Case(
        "secretariat:item_edit",
        kwargs=support_placed,
        get=reach(),
        post=reach(),
    ),
    # Submitted: the section may withdraw it, the council accept or return it; the
    # secretariat has nothing to do with it yet.
    Case(
        "secretariat:item_transition",
        kwargs=support_submitted,
        get=reach(SUPPORT | COUNCIL),
        post=reach(SUPPORT | COUNCIL, FORM_ERRORS),
    ),
    Case(
        "secretariat:item_place",
        kwargs=support_accepted,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    # The secretariat orders the agenda of a meeting to be held.
    Case(
        "secretariat:item_reorder",
        kwargs=support_placed,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "secretariat:item_decide",
        kwargs=support_placed_held,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "secretariat:item_comment",
        kwargs=support_submitted,
        get=reach(ITEM_PREPARERS),
        post=reach(ITEM_PREPARERS, FORM_ERRORS),
    ),
    # An item's papers: its section's while it can be edited; once submitted, the
    # secretariat's alone (with a note in the item's history).
    Case(
        "secretariat:item_attach",
        kwargs=support_draft,
        get=reach(SUPPORT),
        post=reach(SUPPORT, FORM_ERRORS),
    ),
    Case(
        "secretariat:item_attach",
        kwargs=support_placed,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "secretariat:item_paper",
        kwargs=support_draft_paper,
        get=reach(SUPPORT),
        post=reach(SUPPORT, FORM_ERRORS),
    ),
    Case(
        "secretariat:item_paper",
        kwargs=support_placed_paper,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    # A director declares their own special interest; the secretariat records anyone's.
    Case(
        "secretariat:item_interest",
        kwargs=support_placed,
        get=reach(SECRETARIAT | DIRECTOR),
        post=reach(SECRETARIAT | DIRECTOR, FORM_ERRORS),
    ),
    Case(
        "secretariat:item_interest_remove",
        kwargs=interest_on_placed,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "secretariat:item_refer",
        kwargs=support_adopted,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    # --- 決議の省略: directors propose and consent, auditors object, the secretariat circulates --
    Case(
        "secretariat:written_list",
        get=allow(SECRETARIAT | BOARD),
        post=allow(SECRETARIAT | BOARD, NOT_ALLOWED),
    ),
    Case(
        "secretariat:written_propose",
        get=allow(SECRETARIAT | DIRECTOR),
        post=allow(SECRETARIAT | DIRECTOR, FORM_ERRORS),
    ),
    Case(
        "secretariat:written_detail",
        kwargs=written_proposed,
        get=reach(SECRETARIAT | BOARD),
        post=reach(SECRETARIAT | BOARD, NOT_ALLOWED),
    ),
    Case(
        "secretariat:written_circulate",
        kwargs=written_proposed,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    # The director and the auditor who were asked answer for themselves.
    Case(
        "secretariat:written_answer",
        kwargs=written_circulating,
        get=reach(BOARD),
        post=reach(BOARD, FORM_ERRORS),
    ),
    Case(
        "secretariat:written_record",
        kwargs=written_circulating,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    # The personal link in the email is the key (directors without an account use it).
    Case(
        "secretariat:written_answer_link",
        kwargs=consent_link,
        get=everyone(PAGE),
        post=everyone(FORM_ERRORS),
    ),
    Case(
        "secretariat:written_answer_link",
        kwargs=unknown_link,
        get=everyone(NOT_FOUND),
        post=everyone(NOT_FOUND),
    ),
    # --- A 社員's consent to notices by email: its representative and the secretariat -----------
    Case(
        "secretariat:email_notice_consent",
        kwargs=home_wco,
        get=reach(SECRETARIAT | REP),
        post=reach(SECRETARIAT | REP, DONE),
    ),
    Case(
        "secretariat:email_notice_consent",
        kwargs=other_wco,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, DONE),
    ),
    # --- Notices -----------------------------------------------------------------------------------
    Case("secretariat:notice_list", get=signed_in(PAGE), post=signed_in(NOT_ALLOWED)),
    Case(
        "secretariat:notice_create",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, FORM_ERRORS),
    ),
    # All members: everyone who holds a role, and the members of member W.Cos.
    Case(
        "secretariat:notice_detail",
        kwargs=notice_to_all_members,
        get=reach(ROLE_HOLDERS | REP | MEMBER),
        post=reach(ROLE_HOLDERS | REP | MEMBER, NOT_ALLOWED),
    ),
    Case(
        "secretariat:notice_detail",
        kwargs=notice_to_the_board,
        get=reach(SECRETARIAT | BOARD),
        post=reach(SECRETARIAT | BOARD, NOT_ALLOWED),
    ),
    Case(
        "secretariat:notice_detail",
        kwargs=draft_notice,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "secretariat:notice_edit",
        kwargs=draft_notice,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "secretariat:notice_publish",
        kwargs=draft_notice,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
)
