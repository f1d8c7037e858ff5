"""Row locks follow one order, parent before child (``services.locks.LOCK_ORDER``):
every service that locks rows takes them in that order, so two secretaries acting at
once wait for each other and never deadlock (PostgreSQL: SQLite takes no row locks)."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import Organization
from secretariat import services
from secretariat.models import BodyDocument, Meeting, Notice
from secretariat.services.locks import LOCK_ORDER
from tests.permission_vocabulary import PDF_BYTES
from tests.secretariat import helpers as h

pytestmark = pytest.mark.postgres

RANK = {model._meta.db_table: index for index, model in enumerate(LOCK_ORDER)}
# Rows locked alone, never with the governance records above.
ALONE = {
    Notice._meta.db_table,
    Organization._meta.db_table,
    BodyDocument._meta.db_table,
}


def locked_tables(queries):
    """The table each ``SELECT … FOR UPDATE`` locks, in the order they ran."""
    tables = []
    for query in queries:
        sql = query["sql"]
        if "FOR UPDATE" not in sql:
            continue
        of = re.search(r"FOR UPDATE OF (.+)$", sql)
        names = re.findall(r'"(\w+)"', of.group(1)) if of else []
        tables += names or [re.search(r'FROM "(\w+)"', sql).group(1)]
    return tables


STAFF = "staff"


def circulating(demo):
    resolution = services.written_resolution_propose(
        actor=demo["board"], title="賃貸借契約の更新", text="更新する。"
    )
    return services.written_resolution_circulate(
        actor=demo["staff"],
        resolution=resolution,
        deadline=timezone.now() + datetime.timedelta(days=3),
    )


def _item_with_paper(demo):
    return services.agenda_item_attach(
        actor=demo["support"],
        item=h.item(demo, status="draft"),
        uploaded=SimpleUploadedFile("別紙.pdf", PDF_BYTES, "application/pdf"),
    )


def _meeting_with_item(demo):
    meeting = h.meeting(demo)
    h.item(demo, status="placed", meeting=meeting)
    return meeting


def _convened_then_changed(demo):
    meeting = _meeting_with_item(demo)
    services.meeting_convene(actor=demo[STAFF], meeting=meeting)
    h.item(demo, status="placed", meeting=meeting, title="事務所移転について")
    return meeting


def _held_with_item(demo):
    meeting = h.meeting(demo)
    item = h.item(demo, status="placed", meeting=meeting)
    h.held_meeting_from(demo, meeting)
    h.attend(demo, meeting, h.directors()[:4])
    return item


def _convened_today(demo):
    meeting = h.meeting(demo)
    services.meeting_convene(actor=demo[STAFF], meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=h.at(0, hour=0))
    meeting.refresh_from_db()
    return meeting


def _adopted(demo):
    item = _held_with_item(demo)
    services.decision_record(
        actor=demo[STAFF],
        item=item,
        result="vote",
        votes_for=4,
        votes_against=0,
        abstentions=0,
    )
    return item


def _interest(demo):
    item = h.item(demo, status="placed", meeting=h.meeting(demo))
    return services.special_interest_declare(
        actor=demo[STAFF], item=item, person=h.directors()[1]
    )


def _draft_minutes(demo):
    meeting = h.held_meeting_from(demo, h.meeting(demo))
    h.attend(demo, meeting, h.directors()[:3])
    return services.minutes_start(actor=demo[STAFF], meeting=meeting)


def _home_wco_with_email(demo):
    home = demo.ctx.data["home_wco"]
    Organization.objects.filter(pk=home.pk).update(email="office@wco.example.jp")
    home.refresh_from_db()
    return home


def _last_consent(demo):
    resolution = circulating(demo)
    *others, last = resolution.responses.filter(capacity="director")
    for response in others:
        services.written_response_answer(
            actor=demo["staff"], response=response, answer="consent", via="paper"
        )
    return last


# Each: (name, setup(demo) -> state, call(demo, state)), every service that locks.
SCENARIOS = [
    (
        "body_update",
        lambda demo: h.board(),
        lambda demo, body: services.body_update(
            actor=demo[STAFF], body=body, notice_days=8
        ),
    ),
    (
        "meeting_update",
        lambda demo: h.meeting(demo),
        lambda demo, meeting: services.meeting_update(
            actor=demo[STAFF], meeting=meeting, title="第6回理事会"
        ),
    ),
    (
        "meeting_convene",
        _meeting_with_item,
        lambda demo, meeting: services.meeting_convene(
            actor=demo[STAFF], meeting=meeting
        ),
    ),
    (
        "meeting_follow_up",
        _convened_then_changed,
        lambda demo, meeting: services.meeting_follow_up(
            actor=demo[STAFF], meeting=meeting
        ),
    ),
    (
        "meeting_hold",
        _convened_today,
        lambda demo, meeting: services.meeting_hold(actor=demo[STAFF], meeting=meeting),
    ),
    (
        "meeting_cancel",
        _meeting_with_item,
        lambda demo, meeting: services.meeting_cancel(
            actor=demo[STAFF], meeting=meeting, reason="台風"
        ),
    ),
    (
        "meeting_postpone",
        _meeting_with_item,
        lambda demo, meeting: services.meeting_postpone(
            actor=demo[STAFF], meeting=meeting, starts_at=h.at(30), reason="台風"
        ),
    ),
    (
        "attendance_set",
        lambda demo: h.meeting(demo),
        lambda demo, meeting: services.attendance_set(
            actor=demo[STAFF], meeting=meeting, person=h.directors()[0], kind="present"
        ),
    ),
    (
        "agenda_item_update",
        lambda demo: h.item(demo, status="draft"),
        lambda demo, item: services.agenda_item_update(
            actor=demo["support"],
            item=item,
            kind="report",
            title="講座の報告",
            body="",
            target_meeting=None,
        ),
    ),
    (
        "agenda_item_transition[submit]",
        lambda demo: h.item(demo, status="draft"),
        lambda demo, item: services.agenda_item_transition(
            actor=demo["support"], item=item, action="submit"
        ),
    ),
    (
        "agenda_item_transition[unplace]",
        lambda demo: h.item(demo, status="placed", meeting=h.meeting(demo)),
        lambda demo, item: services.agenda_item_transition(
            actor=demo[STAFF], item=item, action="unplace"
        ),
    ),
    (
        "agenda_item_place",
        lambda demo: (h.item(demo, status="accepted"), h.meeting(demo)),
        lambda demo, state: services.agenda_item_place(
            actor=demo[STAFF], item=state[0], meeting=state[1]
        ),
    ),
    (
        "agenda_item_place[first]",
        lambda demo: (h.item(demo, status="accepted"), _meeting_with_item(demo)),
        lambda demo, state: services.agenda_item_place(
            actor=demo[STAFF], item=state[0], meeting=state[1], order=1
        ),
    ),
    (
        "agenda_item_reorder",
        lambda demo: h.item(demo, status="placed", meeting=_meeting_with_item(demo)),
        lambda demo, item: services.agenda_item_reorder(
            actor=demo[STAFF], item=item, direction="up"
        ),
    ),
    (
        "agenda_item_attach[after submission]",
        lambda demo: h.item(demo, status="placed", meeting=h.meeting(demo)),
        lambda demo, item: services.agenda_item_attach(
            actor=demo[STAFF],
            item=item,
            uploaded=SimpleUploadedFile("別紙.pdf", PDF_BYTES, "application/pdf"),
            note="追加",
        ),
    ),
    (
        "agenda_paper_remove",
        lambda demo: _item_with_paper(demo),
        lambda demo, paper: services.agenda_paper_remove(
            actor=demo["support"], item=paper.item, paper_id=paper.pk
        ),
    ),
    (
        "agenda_item_refer_to_assembly",
        _adopted,
        lambda demo, item: services.agenda_item_refer_to_assembly(
            actor=demo[STAFF], item=item, resolution_type="ordinary"
        ),
    ),
    (
        "special_interest_remove",
        _interest,
        lambda demo, interest: services.special_interest_remove(
            actor=demo[STAFF], interest=interest
        ),
    ),
    (
        "special_interest_declare",
        lambda demo: h.item(demo, status="placed", meeting=h.meeting(demo)),
        lambda demo, item: services.special_interest_declare(
            actor=demo[STAFF], item=item, person=h.directors()[1]
        ),
    ),
    (
        "decision_record",
        _held_with_item,
        lambda demo, item: services.decision_record(
            actor=demo[STAFF],
            item=item,
            result="vote",
            votes_for=4,
            votes_against=0,
            abstentions=0,
        ),
    ),
    (
        "minutes_start",
        lambda demo: h.held_meeting_from(demo, h.meeting(demo)),
        lambda demo, meeting: services.minutes_start(
            actor=demo[STAFF], meeting=meeting
        ),
    ),
    (
        "minutes_update",
        _draft_minutes,
        lambda demo, minutes: services.minutes_update(
            actor=demo[STAFF],
            minutes=minutes,
            opening="定刻に開会した。",
            auditors_statements="",
            other_matters="",
            writer=None,
        ),
    ),
    (
        "minutes_finalize",
        _draft_minutes,
        lambda demo, minutes: services.minutes_finalize(
            actor=demo[STAFF], minutes=minutes
        ),
    ),
    (
        "minutes_sign",
        h.minutes_awaiting_signature,
        lambda demo, minutes: services.minutes_sign(
            actor=demo[STAFF],
            signatory=minutes.signatories.get(),
            method="seal",
            signed_on=timezone.localdate(),
        ),
    ),
    (
        "written_resolution_propose[item]",
        lambda demo: h.item(demo, status="accepted", section="secretariat"),
        lambda demo, item: services.written_resolution_propose(
            actor=demo[STAFF], proposer=h.directors()[0], item=item
        ),
    ),
    (
        "written_resolution_circulate",
        lambda demo: services.written_resolution_propose(
            actor=demo["board"], title="賃貸借契約の更新", text="更新する。"
        ),
        lambda demo, resolution: services.written_resolution_circulate(
            actor=demo[STAFF],
            resolution=resolution,
            deadline=timezone.now() + datetime.timedelta(days=3),
        ),
    ),
    (
        "written_response_answer[adopts]",
        _last_consent,
        lambda demo, response: services.written_response_answer(
            actor=demo[STAFF], response=response, answer="consent", via="paper"
        ),
    ),
    (
        "written_resolutions_expire",
        circulating,
        lambda demo, resolution: services.written_resolutions_expire(
            now=timezone.now() + datetime.timedelta(days=4)
        ),
    ),
    (
        "notice_publish",
        lambda demo: services.notice_save(
            actor=demo[STAFF], title="お知らせ", text="本文", audience="staff"
        ),
        lambda demo, notice: services.notice_publish(actor=demo[STAFF], notice=notice),
    ),
    (
        "body_document_version_add",
        lambda demo: services.body_document_add(
            actor=demo[STAFF],
            body=h.network_body(demo),
            title="まちづくり構想",
            uploaded=SimpleUploadedFile("plan.pdf", PDF_BYTES, "application/pdf"),
        ),
        lambda demo, document: services.body_document_version_add(
            actor=demo[STAFF],
            document=document,
            uploaded=SimpleUploadedFile("plan2.pdf", PDF_BYTES, "application/pdf"),
        ),
    ),
    (
        "email_notice_consent_set",
        _home_wco_with_email,
        lambda demo, home: services.email_notice_consent_set(
            actor=demo[STAFF], organization=home, agreed=True
        ),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setup", "call"),
    [(setup, call) for _name, setup, call in SCENARIOS],
    ids=[name for name, _setup, _call in SCENARIOS],
)
def test_each_service_locks_parent_before_child(demo, setup, call):
    state = setup(demo)
    with CaptureQueriesContext(connection) as queries:
        call(demo, state)
    tables = locked_tables(queries.captured_queries)
    assert tables, "the service locks nothing"
    ranks = [RANK[table] for table in tables if table not in ALONE]
    assert ranks == sorted(ranks), tables


@pytest.mark.django_db
def test_the_check_sees_a_child_locked_before_its_parent(demo):
    """The order minutes_sign used to take: the minutes, the signatory, the meeting."""
    from secretariat.services import locks

    minutes = h.minutes_awaiting_signature(demo)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        locks.lock_minutes(minutes.pk)
        locks.lock_signatory(minutes.signatories.get().pk)
        locks.lock_meeting(minutes.meeting_id)
    tables = locked_tables(queries.captured_queries)
    assert tables == [
        "secretariat_minutes",
        "secretariat_minutessignatory",
        "secretariat_meeting",
    ]
    ranks = [RANK[table] for table in tables]
    assert ranks != sorted(ranks)
