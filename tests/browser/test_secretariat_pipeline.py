"""The agenda pipeline in the browser, as the people who use it: a section member
drafts and submits, a council member accepts, the secretariat places it on a board
meeting, records attendance and the outcome, and the section member sees 可決."""

import datetime
import re

import pytest
from django.utils import timezone

from secretariat import services
from secretariat.models import AgendaItem, Body
from tests.browser.conftest import csp_reports, sign_in, sign_out

pytestmark = pytest.mark.browser


def tonight(hour, minute):
    day = timezone.localdate()
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def test_from_a_section_draft_to_approved(
    transactional_db, demo, live_server, page, console
):
    base = live_server.url
    board = Body.objects.statutory(Body.Kind.BOARD)
    meeting = services.meeting_create(
        actor=demo["staff"],
        body=board,
        title="第9回理事会",
        starts_at=tonight(23, 30),
        submission_deadline=tonight(23, 0),
        place="W.Co SSE 会議室",
    )

    # 1. The support section drafts and submits.
    sign_in(page, base, "support@example.org")
    page.goto(f"{base}/secretariat/items/new/")
    page.select_option("#id_kind", "deliberation")
    page.fill("#id_title", "相談窓口の土曜開設")
    page.fill("#id_body", "毎月第2土曜日に相談窓口を開設する。")
    page.select_option("#id_target_meeting", str(meeting.pk))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".item-title").inner_text() == "相談窓口の土曜開設"
    page.locator("#item-state button[value=submit]").click()  # htmx
    page.wait_for_selector("#item-state .badge:has-text('提出済')")
    item = AgendaItem.objects.get(title="相談窓口の土曜開設")
    assert item.status == "submitted"
    sign_out(page)

    # 2. The operations council accepts it.
    sign_in(page, base, "council@example.org")
    page.goto(f"{base}/secretariat/items/?status=submitted")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("相談窓口の土曜開設")).click()
    page.locator("#item-state button[value=accept]").click()
    page.wait_for_selector("#item-state .badge:has-text('受理済')")
    sign_out(page)

    # 3. The secretariat places it, convenes and holds the meeting, records attendance.
    sign_in(page, base, "staff@example.org")
    page.goto(f"{base}/secretariat/items/{item.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="上程する").click()
    page.select_option("#id_meeting", str(meeting.pk))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#item-state .badge:has-text('上程')")
    page.goto(f"{base}/secretariat/meetings/{meeting.pk}/")
    # Sending and 開催済 cannot be undone: each has its page and a box to tick.
    with page.expect_navigation():
        page.get_by_role("link", name="招集通知を確認して送付").click()
    page.locator("#id_confirm").check()
    with page.expect_navigation():
        page.get_by_role("button", name="招集通知を送信").click()
    with page.expect_navigation():
        page.get_by_role("link", name="開催済にする").click()
    page.locator("#id_confirm").check()
    with page.expect_navigation():
        page.get_by_role("button", name="開催済にする").click()
    assert "開催済" in page.locator("main h1 + .badge, main .badge").first.inner_text()
    page.goto(f"{base}/secretariat/meetings/{meeting.pk}/attendance/")
    rows = page.locator("#attendance-sheet .list-group-item")
    for index in range(4):  # the first four directors attend
        row = rows.nth(index)
        row.get_by_role("button", name="出席", exact=True).click()
        page.wait_for_selector(
            f"#attendance-sheet .list-group-item >> nth={index} >> button[aria-pressed=true]"
        )
    page.goto(f"{base}/secretariat/items/{item.pk}/decide/")
    assert "定足数を満たしています" in page.content()
    page.select_option("#id_result", "vote")
    page.fill("#id_votes_for", "4")
    page.fill("#id_votes_against", "0")
    page.fill("#id_abstentions", "0")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    sign_out(page)

    # 4. The section member sees the outcome.
    sign_in(page, base, "support@example.org")
    page.goto(f"{base}/secretariat/items/{item.pk}/")
    assert page.locator("#item-state .badge").first.inner_text() == "可決"
    page.goto(f"{base}/members/me/")
    assert (
        "可決"
        in page.locator("#panel-secretariat-section-items").locator("..").inner_text()
    )
    assert csp_reports(console) == []
    assert [m for m in console if m.startswith("pageerror")] == []
    item.refresh_from_db()
    assert item.status == "approved"
    assert [t.to_status for t in item.transitions.order_by("pk")] == [
        "draft",
        "submitted",
        "accepted",
        "placed",
        "approved",
    ]


def test_a_director_reads_an_item_on_a_phone(
    transactional_db, demo, live_server, browser
):
    """390×844: the item page fits the screen (no sideways scrolling)."""
    board = Body.objects.statutory(Body.Kind.BOARD)
    meeting = services.meeting_create(
        actor=demo["staff"],
        body=board,
        title="第9回理事会",
        starts_at=timezone.now() + datetime.timedelta(days=20),
        place="W.Co SSE 会議室",
    )
    item = services.agenda_item_create(
        actor=demo["support"],
        source="support",
        kind="deliberation",
        title="W.Coスクール 2026年度講座計画（起業支援・経営講座 全12回）の承認について",
        body="2026年度のW.Coスクール講座の計画と予算を承認する。" * 12,
    )
    services.agenda_item_transition(actor=demo["support"], item=item, action="submit")
    services.agenda_item_transition(actor=demo["council"], item=item, action="accept")
    services.agenda_item_place(actor=demo["staff"], item=item, meeting=meeting)
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="ja-JP",
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    sign_in(page, live_server.url, "board@example.org")
    for path in (
        f"/secretariat/items/{item.pk}/",
        f"/secretariat/meetings/{meeting.pk}/",
    ):
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
    page.goto(f"{live_server.url}/secretariat/items/{item.pk}/")
    assert page.locator(".item-title").is_visible()
    page.screenshot(path="/tmp/board-item-390x844.png", full_page=False)
    context.close()
