"""A 連携会議 in the browser, run by the network section itself: a member of the
section schedules a meeting from the council's page, sends the convocation, records
who came and adds an action item; its owner (a W.Co's delegate) marks it done on
their own page, and the council's page no longer lists it as open."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from secretariat.models import ActionItem, Attendance, Meeting
from tests.browser.conftest import csp_reports, sign_in, sign_out
from tests.secretariat import helpers as h

pytestmark = pytest.mark.browser


def test_a_network_member_runs_a_liaison_council_meeting(
    transactional_db, demo, live_server, page, console
):
    base = live_server.url
    body = h.network_body(demo)
    home = demo.ctx.data["home_wco"]
    delegate = demo["rep"].person
    h.seat(demo, body=body, organization=home, person=delegate)
    day = timezone.localdate() + datetime.timedelta(days=20)
    due = day + datetime.timedelta(days=14)

    # The section's landing page leads to the council it runs.
    sign_in(page, base, "network@example.org")
    page.goto(f"{base}/network/")
    with page.expect_navigation():
        page.get_by_role("link", name=body.name).click()

    # Schedule a meeting from the council's page.
    with page.expect_navigation():
        page.get_by_role("link", name="会議を予定する").click()
    assert page.locator("#id_body").input_value() == str(body.pk)
    page.locator("#id_title").fill("第3回連携会議")
    page.locator("#id_starts_at").fill(f"{day.isoformat()}T18:30")
    page.locator("#id_ends_at").fill(f"{day.isoformat()}T20:30")
    page.locator("#id_place").fill("W.Co SSE 会議室")
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()
    meeting = Meeting.objects.get(body=body, title="第3回連携会議")

    # It is on the council's page.
    page.goto(f"{base}/secretariat/bodies/{body.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="第3回連携会議").click()

    # Convene it: the preview, the box, the button; the delegate gets the email.
    with page.expect_navigation():
        page.get_by_role("link", name="招集通知を確認して送付").click()
    assert delegate.full_name in page.locator("main").inner_text()
    page.locator("#id_confirm").check()
    with page.expect_navigation():
        page.get_by_role("button", name="招集通知を送信").click()
    assert "招集通知を送付しました" in page.locator("#messages").inner_text()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CONVENED
    sent = [m for m in mail.outbox if m.to == [demo["rep"].email]]
    assert sent and "第3回連携会議" in sent[0].body

    # Attendance: the delegate's row, "present" (the row is swapped in place).
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="出欠", exact=True).click()
    row = page.locator(f"#seat-p-{delegate.pk}")
    expect(row).to_contain_text("未記録")
    row.get_by_role("button", name="出席", exact=True).click()
    expect(row.locator("[data-autofocus]")).to_have_text("出席")
    attendance = Attendance.objects.get(meeting=meeting, person=delegate)
    assert attendance.kind == Attendance.Kind.PRESENT
    page.goto(f"{base}/secretariat/meetings/{meeting.pk}/")
    attended = page.locator("main table tr").filter(has_text=delegate.full_name)
    expect(attended).to_contain_text("出席")

    # An action item for the delegate, chosen with the person picker.
    with page.expect_navigation():
        page.get_by_role("link", name="申し送り事項を追加").click()
    page.locator("#id_text").fill("地域づくりの事例を次回までに集める")
    owner = page.get_by_role("combobox", name="担当者")
    owner.fill(delegate.family_name)
    option = page.get_by_role("option").filter(has_text=delegate.full_name).first
    option.click()
    assert delegate.full_name in owner.input_value()
    page.locator("#id_due_on").fill(due.isoformat())
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()
    assert "申し送り事項を追加しました" in page.locator("#messages").inner_text()
    item = ActionItem.objects.get(meeting=meeting)
    assert item.owner == delegate

    # The council's page lists it as open.
    page.goto(f"{base}/secretariat/bodies/{body.pk}/")
    open_items = page.locator("#open-action-items")
    expect(open_items).to_contain_text("地域づくりの事例を次回までに集める")
    sign_out(page)

    # The owner signs in and marks it done from "my page".
    sign_in(page, base, "rep@example.org")
    page.goto(f"{base}/members/me/")
    panel = page.locator("section, .card").filter(has_text="わたしの申し送り・宿題")
    mine = panel.locator("li").filter(has_text="地域づくりの事例を次回までに集める")
    expect(mine).to_have_count(1)
    mine.get_by_role("textbox").fill("三件集めました")
    with page.expect_navigation():
        mine.get_by_role("button", name="完了にする").click()
    assert "申し送り事項を完了にしました" in page.locator("#messages").inner_text()
    assert "地域づくりの事例を次回までに集める" not in page.locator("main").inner_text()
    item.refresh_from_db()
    assert item.state == ActionItem.State.DONE

    # The meeting page shows it done, with the owner's note.
    page.goto(f"{base}/secretariat/meetings/{meeting.pk}/")
    done = page.locator("#action-items li").filter(
        has_text="地域づくりの事例を次回までに集める"
    )
    expect(done.locator(".badge")).to_have_text("完了")
    expect(done).to_contain_text("三件集めました")
    sign_out(page)

    # The section's member finds the council's page without it among the open items.
    sign_in(page, base, "network@example.org")
    page.goto(f"{base}/secretariat/bodies/{body.pk}/")
    expect(page.locator("#open-action-items")).to_contain_text("未完了の申し送り事項")
    expect(page.locator("#open-action-items")).not_to_contain_text(
        "地域づくりの事例を次回までに集める"
    )
    assert csp_reports(console) == []
    assert [m for m in console if m.startswith("pageerror")] == []
