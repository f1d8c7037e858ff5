"""Action items as XLSX / CSV (issue 13, exports): those who run a body export its
items, filtered by state, owner and overdue; the export is logged (it names people);
a body out of reach is not there."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from secretariat import services
from tests.secretariat import helpers as h
from wco_sse.core.models import ExportLog

pytestmark = pytest.mark.django_db


def _rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _network_body_with_items(demo):
    body = h.network_body(demo, name="まちづくり会議", category="community")
    meeting = services.meeting_create(
        actor=demo["network"],
        body=body,
        title="第1回まちづくり会議",
        starts_at=timezone.now() - datetime.timedelta(days=30),
        place="会議室",
    )
    today = timezone.localdate()
    late = services.action_item_create(
        actor=demo["network"],
        meeting=meeting,
        text="ビジョン案の意見を集める",
        owner=demo["member"].person,
        due_on=today - datetime.timedelta(days=3),
    )
    later = services.action_item_create(
        actor=demo["network"],
        meeting=meeting,
        text="会場を予約する",
        owner=demo["rep"].person,
        due_on=today + datetime.timedelta(days=10),
    )
    done = services.action_item_create(
        actor=demo["network"],
        meeting=meeting,
        text="議事録を回覧する",
        owner=demo["member"].person,
        due_on=today - datetime.timedelta(days=5),
    )
    services.action_item_complete(actor=demo["member"], item=done)
    return body, late, later, done


def test_those_who_run_the_body_export_its_items_filtered_and_logged(client, demo):
    body, late, later, done = _network_body_with_items(demo)
    # Another body's item stays out of this body's export.
    other = h.meeting(demo)
    services.action_item_create(
        actor=demo["staff"],
        meeting=other,
        text="理事会の宿題",
        owner=demo["member"].person,
        due_on=other.day + datetime.timedelta(days=3),
    )
    client.force_login(demo["network"])
    url = reverse("secretariat:body_action_items_export", args=[body.pk])

    everything = _rows(client.get(url, {"format": "csv"}))
    texts = sorted(row[3] for row in everything[1:])
    assert texts == sorted([late.text, later.text, done.text])

    overdue = _rows(client.get(url, {"format": "csv", "overdue": "yes"}))
    assert [row[3] for row in overdue[1:]] == [late.text]
    assert overdue[1][8] == "はい"

    owned = _rows(client.get(url, {"format": "csv", "owner": demo["rep"].person.pk}))
    assert [row[3] for row in owned[1:]] == [later.text]

    closed = _rows(client.get(url, {"format": "csv", "state": "done"}))
    assert [row[3] for row in closed[1:]] == [done.text]

    log = ExportLog.objects.filter(actor=demo["network"]).latest("pk")
    assert log.row_count == 1
    assert "完了" in log.filters

    workbook = client.get(url, {"format": "xlsx"})
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet.max_row == 4


def test_the_body_page_offers_the_export_to_those_who_run_it(client, demo):
    body, *_ = _network_body_with_items(demo)
    export = reverse("secretariat:body_action_items_export", args=[body.pk])
    page = reverse("secretariat:body_detail", args=[body.pk])
    client.force_login(demo["network"])
    assert export in client.get(page).content.decode()
    client.force_login(demo["board"])  # reads the body, does not run it
    assert export not in client.get(page).content.decode()


@pytest.mark.parametrize("who", ("support", "board", "member", "rep"))
def test_those_who_do_not_run_the_body_get_404_and_no_log(client, demo, who):
    body, *_ = _network_body_with_items(demo)
    client.force_login(demo[who])
    url = reverse("secretariat:body_action_items_export", args=[body.pk])
    assert client.get(url, {"format": "csv"}).status_code == 404
    assert not ExportLog.objects.filter(actor=demo[who]).exists()


def test_every_item_in_reach_the_network_member_sees_the_network_bodies_only(
    client, demo
):
    _network_body_with_items(demo)
    board_meeting = h.meeting(demo)
    services.action_item_create(
        actor=demo["staff"],
        meeting=board_meeting,
        text="理事会の宿題",
        owner=demo["member"].person,
        due_on=board_meeting.day + datetime.timedelta(days=3),
    )
    url = reverse("secretariat:action_items_export")
    client.force_login(demo["network"])
    texts = {row[3] for row in _rows(client.get(url, {"format": "csv"}))[1:]}
    assert texts == {"ビジョン案の意見を集める", "会場を予約する", "議事録を回覧する"}
    client.force_login(demo["staff"])
    texts = {row[3] for row in _rows(client.get(url, {"format": "csv"}))[1:]}
    assert "理事会の宿題" in texts and len(texts) == 4
    client.force_login(demo["member"])
    assert client.get(url, {"format": "csv"}).status_code == 403


def test_nonsense_filters_give_an_empty_export_not_an_error(client, demo):
    body, *_ = _network_body_with_items(demo)
    client.force_login(demo["network"])
    url = reverse("secretariat:body_action_items_export", args=[body.pk])
    for query in (
        {"owner": "abc"},
        {"owner": "999999"},
        {"state": "<script>"},
        {"overdue": "maybe"},
        {"format": "pdf"},
    ):
        response = client.get(url, query)
        assert response.status_code == 200, query


def test_the_network_landing_offers_every_item_in_reach_to_those_who_run_a_body(
    client, demo
):
    _network_body_with_items(demo)
    export = reverse("secretariat:action_items_export")
    client.force_login(demo["network"])
    page = client.get(reverse("network:index")).content.decode()
    assert f"{export}?format=xlsx" in page
    workbook = load_workbook(io.BytesIO(client.get(export, {"format": "xlsx"}).content))
    assert workbook.active.max_row == 4  # the header and the three items
    client.force_login(demo["board"])  # reads the section's page, runs no body
    page = client.get(reverse("network:index")).content.decode()
    assert export not in page
