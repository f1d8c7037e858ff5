"""Hostile input to the secretariat's forms: agenda items through their pipeline
(draft, submit, return, accept, place, decide), meetings and their scheduling,
attendance, 決議の省略 and notices (see ``forms_helpers``)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from secretariat import services
from secretariat.models import (
    ActionItem,
    AgendaComment,
    AgendaItem,
    AgendaTransition,
    Attendance,
    Body,
    BodyDocument,
    BodyDocumentVersion,
    BodyMember,
    Decision,
    Meeting,
    Minutes,
    MinutesSignatory,
    Notice,
    SpecialInterest,
    WrittenResolution,
    WrittenResponse,
)
from tests.hostile.forms_helpers import FormCase, local, row_of, run_case
from tests.permission_vocabulary import PDF_BYTES
from tests.secretariat import helpers as h
from tests.secretariat import permission_cases as secretariat_cases


def _item(status, **extra):
    def setup(demo):
        item = h.item(demo, status=status, **extra)
        return {"kwargs": {"pk": item.pk}}

    return setup


def placed_item(demo):
    meeting = h.meeting(demo)
    item = h.item(demo, status="placed", meeting=meeting)
    return {"kwargs": {"pk": item.pk}}


def placed_on_held_meeting(demo):
    meeting = h.meeting(demo)
    item = h.item(demo, status="placed", meeting=meeting)
    h.held_meeting_from(demo, meeting)
    h.attend(demo, meeting, h.directors())
    return {"kwargs": {"pk": item.pk}}


def accepted_and_meeting(demo):
    item = h.item(demo, status="accepted")
    meeting = h.meeting(demo)
    return {"kwargs": {"pk": item.pk}, "meeting": meeting.pk}


def board_meeting(demo):
    return {"kwargs": {"pk": h.meeting(demo).pk}}


def held_meeting(demo):
    meeting = h.meeting(demo)
    h.held_meeting_from(demo, meeting)
    return {"kwargs": {"pk": meeting.pk}, "director": h.directors()[0].pk}


def proposed_resolution(demo):
    resolution = services.written_resolution_propose(
        actor=demo["board"], title="事務所賃貸借契約の更新", text="更新する。"
    )
    return {"kwargs": {"pk": resolution.pk}}


def circulating_resolution(demo):
    made = proposed_resolution(demo)
    services.written_resolution_circulate(
        actor=demo["staff"],
        resolution=WrittenResolution.objects.get(pk=made["kwargs"]["pk"]),
        deadline=timezone.now() + datetime.timedelta(days=7),
    )
    return made


def minutes(signing):
    def setup(demo):
        made = secretariat_cases._minutes(demo, signing=signing)
        pending = made.signatories.filter(
            method=MinutesSignatory.Method.PENDING
        ).first()
        return {"kwargs": {"pk": made.pk}, "signatory": pending and pending.pk}

    return setup


def circulating_with_response(demo):
    made = circulating_resolution(demo)
    response = WrittenResponse.objects.filter(
        resolution_id=made["kwargs"]["pk"],
        answer=WrittenResponse.Answer.PENDING,
        capacity=WrittenResponse.Capacity.DIRECTOR,
    ).first()
    return {**made, "response": response.pk}


def item_row(made):
    return row_of(AgendaItem, made["kwargs"]["pk"])


def meeting_row(made):
    return row_of(Meeting, made["kwargs"]["pk"])


def in_days(days, hour=14):
    return local(h.at(days, hour))


ITEM_TABLES = (AgendaItem, AgendaTransition, Decision)

CASES = (
    FormCase(
        "item_create",
        "secretariat:item_create",
        "support",
        values={
            "source": "support",
            "kind": "deliberation",
            "title": "W.Coスクール講座の新設について",
            "body": "提案の内容",
        },
        tables=ITEM_TABLES,
    ),
    FormCase(
        "item_create[staff]",
        "secretariat:item_create",
        "staff",
        values={
            "source": "secretariat",
            "kind": "report",
            "title": "代表理事の職務執行状況の報告",
            "body": "報告の内容",
        },
        tables=ITEM_TABLES,
    ),
    FormCase(
        "item_edit",
        "secretariat:item_edit",
        "support",
        setup=_item("draft"),
        tables=ITEM_TABLES,
        snapshot=item_row,
    ),
    *(
        FormCase(
            f"item_transition[{action}]",
            "secretariat:item_transition",
            who,
            setup=_item(status),
            values={"action": action, "reason": "資料を添えてください。"},
            tables=ITEM_TABLES,
            snapshot=item_row,
        )
        for who, status, action in (
            ("support", "draft", "submit"),
            ("council", "submitted", "return"),
            ("council", "submitted", "accept"),
        )
    ),
    FormCase(
        "item_comment",
        "secretariat:item_comment",
        "council",
        setup=_item("submitted"),
        values={"text": "予算の根拠を添えてください。"},
        tables=(*ITEM_TABLES, AgendaComment),
        snapshot=item_row,
    ),
    FormCase(
        "item_place",
        "secretariat:item_place",
        "staff",
        setup=accepted_and_meeting,
        values=lambda demo, made: {"meeting": made["meeting"], "order": "1"},
        tables=ITEM_TABLES,
        snapshot=item_row,
    ),
    FormCase(
        "item_interest",
        "secretariat:item_interest",
        "staff",
        setup=placed_item,
        values=lambda demo, made: {
            "person": h.directors()[1].pk,
            "reason": "当該W.Coの理事を兼ねる",
        },
        tables=(*ITEM_TABLES, SpecialInterest),
        snapshot=item_row,
    ),
    FormCase(
        "item_decide",
        "secretariat:item_decide",
        "staff",
        setup=placed_on_held_meeting,
        values={
            "result": "vote",
            "votes_for": "5",
            "votes_against": "0",
            "abstentions": "0",
            "amendment": "",
            "discussion": "質疑の後、採決した。",
        },
        tables=ITEM_TABLES,
        snapshot=item_row,
    ),
    FormCase(
        "meeting_create",
        "secretariat:meeting_create",
        "staff",
        values=lambda demo, made: {
            "body": Body.objects.statutory(Body.Kind.BOARD).pk,
            "title": "第9回理事会",
            "kind": "ordinary",
            "starts_at": in_days(30),
            "place": "W.Co SSE 会議室",
        },
        tables=(Meeting,),
    ),
    FormCase(
        "meeting_edit",
        "secretariat:meeting_edit",
        "staff",
        setup=board_meeting,
        tables=(Meeting,),
        snapshot=meeting_row,
    ),
    # The convocation is sent from its preview, once the box is ticked.
    FormCase(
        "meeting_convocation",
        "secretariat:meeting_convocation",
        "staff",
        setup=board_meeting,
        values={"confirm": "on"},
        tables=(Meeting,),
        snapshot=meeting_row,
    ),
    FormCase(
        "meeting_status[postpone]",
        "secretariat:meeting_status",
        "staff",
        setup=board_meeting,
        values={"action": "postpone", "starts_at": in_days(40), "reason": "台風"},
        tables=(Meeting,),
        snapshot=meeting_row,
    ),
    FormCase(
        "meeting_attendance",
        "secretariat:meeting_attendance",
        "staff",
        setup=held_meeting,
        shown=False,
        values=lambda demo, made: {
            "seat": f"p:{made['director']}",
            "kind": "online",
            "acting_name": "",
            "note": "",
        },
        fields={
            "seat": "choice",
            "kind": "choice",
            "acting_name": "text",
            "note": "text",
        },
        tables=(Attendance,),
        snapshot=meeting_row,
    ),
    FormCase(
        "written_propose",
        "secretariat:written_propose",
        "board",
        values={"title": "事務所賃貸借契約の更新", "text": "更新する。"},
        tables=(WrittenResolution,),
    ),
    FormCase(
        "written_circulate",
        "secretariat:written_circulate",
        "staff",
        setup=proposed_resolution,
        values={"deadline": in_days(7)},
        tables=(WrittenResolution,),
        snapshot=lambda made: row_of(WrittenResolution, made["kwargs"]["pk"]),
    ),
    FormCase(
        "written_answer",
        "secretariat:written_answer",
        "board",
        setup=circulating_resolution,
        values={"answer": "consent"},
        tables=(WrittenResolution,),
        snapshot=lambda made: row_of(WrittenResolution, made["kwargs"]["pk"]),
    ),
    FormCase(
        "written_record",
        "secretariat:written_record",
        "staff",
        setup=circulating_with_response,
        values=lambda demo, made: {"response": made["response"], "answer": "consent"},
        tables=(WrittenResolution, WrittenResponse),
        snapshot=lambda made: row_of(WrittenResponse, made["response"]),
    ),
    FormCase(
        "minutes_edit",
        "secretariat:minutes_edit",
        "staff",
        setup=minutes(signing=False),
        values=lambda demo, made: {
            "writer": demo.ctx.accounts["staff@example.org"].pk,
            "opening": "定刻に開会した。",
        },
        tables=(Minutes, MinutesSignatory),
        snapshot=lambda made: row_of(Minutes, made["kwargs"]["pk"]),
    ),
    FormCase(
        "minutes_sign",
        "secretariat:minutes_sign",
        "staff",
        setup=minutes(signing=True),
        values=lambda demo, made: {
            "signatory": made["signatory"],
            "method": "signature",
        },
        tables=(Minutes, MinutesSignatory),
        snapshot=lambda made: row_of(MinutesSignatory, made["signatory"]),
    ),
    FormCase(
        "body_create",
        "secretariat:body_create",
        "staff",
        values={"name": "業種別会議（配食）"},
        tables=(Body,),
    ),
    FormCase(
        "body_edit",
        "secretariat:body_edit",
        "staff",
        setup=lambda demo: {"kwargs": secretariat_cases.board_body(demo, "staff")},
        tables=(Body,),
        snapshot=lambda made: row_of(Body, made["kwargs"]["pk"]),
    ),
    FormCase(
        "body_member_add",
        "secretariat:body_member_add",
        "staff",
        setup=lambda demo: {"kwargs": secretariat_cases.ad_hoc_body(demo, "staff")},
        values=lambda demo, made: {"person": h.directors()[0].pk},
        tables=(Body, BodyMember),
    ),
    FormCase(
        "action_item_create",
        "secretariat:action_item_create",
        "staff",
        setup=lambda demo: {"kwargs": secretariat_cases.board_meeting(demo, "staff")},
        values=lambda demo, made: {
            "text": "会場候補を調べる",
            "owner": demo["member"].person.pk,
        },
        tables=(ActionItem,),
    ),
    FormCase(
        "action_item_edit",
        "secretariat:action_item_edit",
        "staff",
        setup=lambda demo: {
            "kwargs": secretariat_cases.members_action_item(demo, "staff")
        },
        tables=(ActionItem,),
        snapshot=lambda made: row_of(ActionItem, made["kwargs"]["pk"]),
    ),
    FormCase(
        "action_item_done",
        "secretariat:action_item_done",
        "member",
        setup=lambda demo: {
            "kwargs": secretariat_cases.members_action_item(demo, "member")
        },
        values={"note": "対応しました"},
        tables=(ActionItem,),
        snapshot=lambda made: row_of(ActionItem, made["kwargs"]["pk"]),
    ),
    FormCase(
        "body_document_upload",
        "secretariat:body_document_upload",
        "staff",
        setup=lambda demo: {
            "kwargs": secretariat_cases.body_with_a_document(demo, "staff")
        },
        values=lambda demo, made: {
            "title": "会議資料",
            "file": SimpleUploadedFile("資料.pdf", PDF_BYTES, "application/pdf"),
        },
        tables=(BodyDocument, BodyDocumentVersion),
    ),
    FormCase(
        "body_document_version_upload",
        "secretariat:body_document_version_upload",
        "staff",
        setup=lambda demo: {"kwargs": secretariat_cases.body_document(demo, "staff")},
        values=lambda demo, made: {
            "file": SimpleUploadedFile("資料v2.pdf", PDF_BYTES, "application/pdf"),
            "note": "誤字を修正",
        },
        tables=(BodyDocument, BodyDocumentVersion),
    ),
    FormCase(
        "notice_edit",
        "secretariat:notice_edit",
        "staff",
        setup=lambda demo: {"kwargs": secretariat_cases.draft_notice(demo, "staff")},
        tables=(Notice,),
        snapshot=lambda made: row_of(Notice, made["kwargs"]["pk"]),
    ),
    FormCase(
        "notice_create",
        "secretariat:notice_create",
        "staff",
        values={
            "title": "総会のお知らせ",
            "text": "本文",
            "audience": "all_members",
            "send_email": "",
        },
        tables=(Notice,),
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_agenda_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; with hostile text, dates or numbers in it the
    form is saved or refused with a message shown, never a server error, and a
    refusal changes nothing."""
    run_case(client, demo, case)
