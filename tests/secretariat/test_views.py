"""The governance pages as their users open them: htmx fragments, clear messages for
bad input, and list pages at a constant number of queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secretariat import services
from secretariat.models import AgendaItem, Attendance, Meeting, Notice
from tests.secretariat import helpers as h
from wco_sse.core.files import files_attached_to

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_a_section_member_drafts_and_submits_with_htmx(demo, client):
    client.force_login(demo["support"])
    meeting = h.meeting(demo, days=30)
    response = client.post(
        reverse("secretariat:item_create"),
        {
            "source": "support",
            "kind": "deliberation",
            "title": "W.Coスクール講座の新設",
            "body": "提案理由",
            "target_meeting": meeting.pk,
        },
    )
    item = AgendaItem.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/items/{item.pk}/"
    )
    page = client.get(response["Location"]).content.decode()
    assert "W.Coスクール講座の新設" in page and "下書き" in page
    fragment = client.post(
        reverse("secretariat:item_transition", args=[item.pk]),
        {"action": "submit", "reason": ""},
        HTTP_HX_REQUEST="true",
    )
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert 'id="item-state"' in html and "提出済" in html
    assert "<html" not in html  # a fragment, not the page
    assert 'hx-swap-oob="true"' in html  # the messages, out of band
    item.refresh_from_db()
    assert item.status == "submitted"


def test_a_refused_htmx_transition_says_why_and_changes_nothing(demo, client):
    item = h.item(demo, status="submitted")
    services.agenda_item_transition(actor=demo["council"], item=item, action="accept")
    client.force_login(demo["council"])
    # The second council member's page was stale: the item is accepted already.
    response = client.post(
        reverse("secretariat:item_transition", args=[item.pk]),
        {"action": "return", "reason": "資料不足"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'hx-swap-oob="true"' in html
    assert "この議案は「受理済」のため、「差し戻す」はできません。" in html
    item.refresh_from_db()
    assert item.status == "accepted"


def test_bad_input_gets_a_message_at_the_field(demo, client):
    client.force_login(demo["support"])
    response = client.post(
        reverse("secretariat:item_create"),
        {"source": "support", "kind": "deliberation", "title": "   "},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["このフィールドは必須です。"]
    client.force_login(demo["staff"])
    response = client.post(
        reverse("secretariat:meeting_create"),
        {
            "body": h.board().pk,
            "title": "第5回理事会",
            "kind": "ordinary",
            "starts_at": "2026-13-45T25:00",
            "place": "会議室",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"] == [
        "日時を正しく入力してください。"
    ]
    response = client.post(
        reverse("secretariat:meeting_create"),
        {
            "body": h.board().pk,
            "title": "第5回理事会",
            "kind": "ordinary",
            "starts_at": "2026-12-20T14:00",
            "ends_at": "2026-12-20T12:00",
            "place": "会議室",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == [
        "終了時刻が開始時刻より前になっています。"
    ]
    assert not Meeting.objects.exists()


WRONG_CONTENT = (
    "ファイルの内容が拡張子（%(ext)s）と一致しません。"
    "元のファイルをアップロードしてください。"
)


def test_a_wrong_type_attachment_is_refused(demo, client):
    item = h.item(demo, status="draft")
    client.force_login(demo["support"])
    response = client.post(
        reverse("secretariat:item_attach", args=[item.pk]),
        {
            "file": SimpleUploadedFile(
                "資料.pdf", b"MZ\x90\x00 an executable", "application/pdf"
            )
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [WRONG_CONTENT % {"ext": ".pdf"}]
    assert not files_attached_to(item)


def test_attendance_toggles_with_htmx(demo, client):
    meeting = h.meeting(demo)
    director = h.directors()[0]
    client.force_login(demo["staff"])
    url = reverse("secretariat:meeting_attendance", args=[meeting.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"seat": f"p:{director.pk}", "kind": "online"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="seat-p-{director.pk}"' in html and "<html" not in html
    assert Attendance.objects.get(meeting=meeting, person=director).kind == "online"
    # A proxy at the board is refused, with the reason, and nothing changes.
    response = client.post(
        url, {"seat": f"p:{director.pk}", "kind": "proxy"}, HTTP_HX_REQUEST="true"
    )
    assert "委任状" in response.content.decode()
    assert Attendance.objects.get(meeting=meeting, person=director).kind == "online"


def test_the_section_member_sees_the_outcome(demo, client):
    meeting = h.meeting(demo)
    item = h.item(demo, status="placed", meeting=meeting)
    h.held_meeting_from(demo, meeting)
    h.attend(demo, meeting, h.directors()[:4])
    client.force_login(demo["staff"])
    response = client.post(
        reverse("secretariat:item_decide", args=[item.pk]),
        {
            "result": "vote",
            "votes_for": 3,
            "votes_against": 1,
            "abstentions": 0,
            "dissenters": [h.directors()[1].pk],
        },
    )
    assert response.status_code == 302
    client.force_login(demo["support"])
    page = client.get(
        reverse("secretariat:item_detail", args=[item.pk])
    ).content.decode()
    assert "可決" in page and h.directors()[1].full_name in page
    mypage = client.get(reverse("members:mypage")).content.decode()
    assert "セクションの議案" in mypage and "可決" in mypage


def test_board_members_see_items_from_placement_on(demo, client):
    submitted = h.item(demo, status="submitted", title="提出済の議案")
    placed = h.item(
        demo, status="placed", meeting=h.meeting(demo), title="上程済の議案"
    )
    client.force_login(demo["board"])
    page = client.get(reverse("secretariat:item_list")).content.decode()
    assert "上程済の議案" in page and "提出済の議案" not in page
    assert (
        client.get(reverse("secretariat:item_detail", args=[submitted.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("secretariat:item_detail", args=[placed.pk])).status_code
        == 200
    )


def test_notices_reach_the_pages_of_their_audience(demo, client):
    notice = services.notice_save(
        actor=demo["staff"],
        title="総会のご案内",
        text="本文",
        audience="all_members",
        send_email=False,
    )
    services.notice_publish(actor=demo["staff"], notice=notice)
    staff_only = services.notice_save(
        actor=demo["staff"],
        title="事務局内連絡",
        text="本文",
        audience="staff",
        send_email=False,
    )
    services.notice_publish(actor=demo["staff"], notice=staff_only)
    client.force_login(demo["member"])
    page = client.get(reverse("members:mypage")).content.decode()
    assert "総会のご案内" in page and "事務局内連絡" not in page
    home = demo.ctx.data["home_wco"]
    page = client.get(
        reverse("members:organization_detail", args=[home.pk])
    ).content.decode()
    assert "総会のご案内" in page and "社員総会" in page
    client.force_login(demo["citizen"])
    assert "総会のご案内" not in client.get(reverse("members:mypage")).content.decode()
    assert Notice.objects.count() == 2


def grow(demo, n):
    meeting = h.meeting(demo, title=f"理事会 {n}", days=30 + n)
    for index in range(n):
        item = h.item(demo, status="placed", meeting=meeting, title=f"議案 {n}-{index}")
        services.special_interest_declare(
            actor=demo["staff"], item=item, person=h.directors()[index % 5]
        )
        services.agenda_comment_add(
            actor=demo["council"], item=item, text="確認しました"
        )
    for index in range(n):
        h.item(demo, status=("draft", "submitted", "returned", "accepted")[index % 4])
    h.attend(demo, meeting, h.directors())
    notice = services.notice_save(
        actor=demo["staff"],
        title=f"お知らせ {n}",
        text="本文",
        audience="all_members",
        send_email=False,
    )
    services.notice_publish(actor=demo["staff"], notice=notice)
    resolution = services.written_resolution_propose(
        actor=demo["staff"],
        proposer=h.directors()[0],
        title=f"書面決議 {n}",
        text="内容",
    )
    return meeting, resolution


@pytest.mark.parametrize("role", ["staff", "council", "board", "support"])
def test_list_pages_have_constant_query_counts(demo, client, role):
    """Item list, meeting list, a meeting's page and agenda, resolutions and notices
    cost the same number of queries with 2 items each or 8."""
    first, _ = grow(demo, 2)
    client.force_login(demo[role])
    urls = [
        reverse("secretariat:item_list"),
        reverse("secretariat:meeting_agenda", args=[first.pk]),
        reverse("secretariat:notice_list"),
        reverse("members:mypage"),
    ]
    if role in ("staff", "council", "board"):
        urls += [
            reverse("secretariat:meeting_list") + "?show=all",
            reverse("secretariat:meeting_detail", args=[first.pk]),
            reverse("secretariat:body_list"),
        ]
    if role in ("staff", "board"):
        urls.append(reverse("secretariat:written_list"))
    before = [count_queries(client, url) for url in urls]
    grow(demo, 8)
    first_after = [count_queries(client, url) for url in urls]
    assert first_after == before, list(zip(urls, before, first_after, strict=True))


def test_a_meeting_page_costs_the_same_with_more_items(demo, client):
    small, _ = grow(demo, 2)
    big, _ = grow(demo, 8)
    client.force_login(demo["staff"])
    assert count_queries(
        client, reverse("secretariat:meeting_detail", args=[small.pk])
    ) == count_queries(client, reverse("secretariat:meeting_detail", args=[big.pk]))
