"""The convocation in the browser, as the secretariat sends it: from the meeting page
to the preview (the text, the recipients by channel, the notice period), a refusal
without the box ticked, the confirmation, the paper list; then, after the agenda
changed, the follow-up notice to the same recipients."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from members.models import ContactMethod, Person
from secretariat import services
from secretariat.models import Body, ConvocationDispatch, Meeting
from tests.browser.conftest import axe_violations, csp_reports, sign_in
from tests.secretariat import helpers as h

pytestmark = pytest.mark.browser


def test_preview_confirm_send_then_follow_up(
    transactional_db, demo, live_server, page, console, axe_page
):
    base = live_server.url
    day = timezone.localdate() + datetime.timedelta(days=20)
    meeting = services.meeting_create(
        actor=demo["staff"],
        body=Body.objects.statutory(Body.Kind.BOARD),
        title="第9回理事会",
        starts_at=timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(14, 0))
        ),
        ends_at=timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(16, 0))
        ),
        place="W.Co SSE 会議室",
    )
    h.item(demo, status="placed", meeting=meeting, title="講座計画の承認")
    fax_director = next(d for d in h.directors() if not d.contact_email)
    Person.objects.filter(pk=fax_director.pk).update(
        preferred_contact=ContactMethod.FAX, fax="045-000-1111"
    )

    sign_in(page, base, "staff@example.org")
    page.goto(f"{base}/secretariat/meetings/{meeting.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="招集通知を確認して送付").click()

    # The preview: the text as sent, the recipients by channel, the notice period.
    weekday = "月火水木金土日"[day.weekday()]
    text = page.locator("main").inner_text()
    assert f"{day.year}年{day.month}月{day.day}日({weekday}) 14:00–16:00" in text
    assert "講座計画の承認" in text and "招集者" in text
    assert "期限内" in text
    assert fax_director.full_name in text and "045-000-1111" in text
    assert page.locator("main table .badge", has_text="FAX").count() == 1
    # Readable by assistive technology too (axe-core, in its own context).
    axe_page.signed_in_as(page.context)
    axe_page.goto(page.url)
    assert axe_violations(axe_page) == []

    # Without the box ticked nothing is sent: the page says so at the box.
    with page.expect_navigation():
        page.get_by_role("button", name="招集通知を送信").click()
    assert page.locator("#confirm-error").is_visible()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED
    assert not [m for m in mail.outbox if "招集通知" in m.subject]

    page.locator("#id_confirm").check()
    with page.expect_navigation():
        page.get_by_role("button", name="招集通知を送信").click()
    assert "招集通知を送付しました" in page.locator("#messages").inner_text()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CONVENED
    assert demo["board"].email in {m.to[0] for m in mail.outbox}

    # The paper list: the director who asked for FAX, with the number.
    with page.expect_navigation():
        page.get_by_role("link", name="印刷用一覧").first.click()
    paper = page.locator("main table").inner_text()
    assert fax_director.full_name in paper and "045-000-1111" in paper

    # The agenda changes: the meeting page offers the follow-up notice.
    h.item(
        demo,
        status="placed",
        meeting=meeting,
        title="事務所移転について",
        section="network",
    )
    page.goto(f"{base}/secretariat/meetings/{meeting.pk}/")
    assert "議事次第が変わりました" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="追加送付する").click()
    assert "追加: 事務所移転について" in page.locator("main").inner_text()
    page.locator("#id_confirm").check()
    mail.outbox.clear()
    with page.expect_navigation():
        page.get_by_role("button", name="追加送付する").click()
    assert "追加送付を行いました" in page.locator("#messages").inner_text()
    assert ConvocationDispatch.objects.filter(
        meeting=meeting, kind=ConvocationDispatch.Kind.FOLLOW_UP
    ).exists()
    follow_up = [m for m in mail.outbox if m.to == [demo["board"].email]]
    assert follow_up and "事務所移転について" in follow_up[0].body
    assert csp_reports(console) == []
    assert [m for m in console if m.startswith("pageerror")] == []
