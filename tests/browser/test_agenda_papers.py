"""Papers (別紙) on an agenda item in the browser, from the section member's draft to
the board packet: the section attaches and orders them, the secretariat places the
item first on the agenda, replaces a paper with a note and reorders the agenda with
the keyboard; the packet carries the items and their papers in that order."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from secretariat import services
from secretariat.models import AgendaItem, Body
from tests.browser.conftest import csp_reports, sign_in, sign_out
from tests.secretariat.test_item_papers import pdf_with

pytestmark = pytest.mark.browser


def pdf_file(name, text):
    return {"name": name, "mimeType": "application/pdf", "buffer": pdf_with(text)}


def paper_names(page):
    return page.locator(".item-papers li a[href*='/files/']").all_inner_texts()


def test_papers_from_the_section_draft_to_the_packet(
    transactional_db, demo, live_server, page, console
):
    base = live_server.url
    meeting = services.meeting_create(
        actor=demo["staff"],
        body=Body.objects.statutory(Body.Kind.BOARD),
        title="第9回理事会",
        starts_at=timezone.now() + datetime.timedelta(days=20),
        place="W.Co SSE 会議室",
    )
    # An item already on the agenda, first.
    earlier = services.agenda_item_create(
        actor=demo["staff"], source="secretariat", kind="report", title="事務局報告"
    )
    services.agenda_item_transition(actor=demo["staff"], item=earlier, action="submit")
    services.agenda_item_transition(
        actor=demo["council"], item=earlier, action="accept"
    )
    services.agenda_item_place(actor=demo["staff"], item=earlier, meeting=meeting)

    # 1. The support section drafts the item; the page offers to attach its papers.
    sign_in(page, base, "support@example.org")
    page.goto(f"{base}/secretariat/items/new/")
    page.select_option("#id_kind", "deliberation")
    page.fill("#id_title", "W.Coスクール講座の新設")
    page.fill("#id_body", "別紙のとおり講座を新設する。")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "添付" in page.locator(".alert-success").inner_text()
    for name, text in (("予算書.pdf", "PAPER-BUDGET"), ("計画書.pdf", "PAPER-PLAN")):
        page.set_input_files("#attach-file", files=[pdf_file(name, text)])
        with page.expect_navigation():
            page.get_by_role("button", name="添付", exact=True).click()
    assert paper_names(page) == ["予算書.pdf", "計画書.pdf"]
    # The plan goes first: 別紙1.
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("上へ.*計画書.pdf")).click()
    assert paper_names(page) == ["計画書.pdf", "予算書.pdf"]
    assert page.locator(".item-papers li").first.inner_text().startswith("別紙1")
    page.locator("#item-state button[value=submit]").click()  # htmx
    page.wait_for_selector("#item-state .badge:has-text('提出済')")
    item = AgendaItem.objects.get(title="W.Coスクール講座の新設")
    # Submitted: the section no longer changes the papers.
    page.reload()
    assert page.locator("#attach-file").count() == 0
    sign_out(page)

    # 2. The council accepts it (its own flow is tested elsewhere).
    services.agenda_item_transition(actor=demo["council"], item=item, action="accept")

    # 3. The secretariat places it first, replaces a paper with a note, and reorders.
    sign_in(page, base, "staff@example.org")
    page.goto(f"{base}/secretariat/items/{item.pk}/place/")
    page.select_option("#id_meeting", str(meeting.pk))
    page.fill("#id_order", "1")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.goto(f"{base}/secretariat/meetings/{meeting.pk}/")
    agenda = page.locator("main ol.list-group > li a.fw-semibold").all_inner_texts()
    assert agenda == ["W.Coスクール講座の新設", "事務局報告"]

    page.goto(f"{base}/secretariat/items/{item.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("差し替え.*予算書.pdf")).click()
    page.set_input_files("#id_file", files=[pdf_file("予算書_訂正.pdf", "PAPER-FIXED")])
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    # Without a note nothing changes, and the note field says why.
    assert page.locator("#id_note").is_visible()
    assert "履歴" in page.locator("main form").inner_text()
    page.set_input_files("#id_file", files=[pdf_file("予算書_訂正.pdf", "PAPER-FIXED")])
    page.fill("#id_note", "収支予算書の金額を訂正しました。")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert paper_names(page) == ["計画書.pdf", "予算書_訂正.pdf"]
    history = page.locator("#item-history + ol").inner_text()
    assert "別紙を差し替え" in history and "収支予算書の金額を訂正しました。" in history

    # The agenda's order, with the keyboard: 事務局報告 goes up.
    page.goto(f"{base}/secretariat/meetings/{meeting.pk}/")
    up = page.get_by_role("button", name=re.compile("上へ.*事務局報告"))
    up.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    agenda = page.locator("main ol.list-group > li a.fw-semibold").all_inner_texts()
    assert agenda == ["事務局報告", "W.Coスクール講座の新設"]
    # The focus stays in the moved item's row (at the top now: on its Down button).
    focused = page.evaluate("document.activeElement.textContent")
    assert "下へ" in focused and "事務局報告" in focused

    # 4. The packet: the items in the agenda's order, then the papers in theirs.
    response = page.request.get(f"{base}/secretariat/meetings/{meeting.pk}/packet.pdf")
    assert response.ok
    reader = PdfReader(io.BytesIO(response.body()))
    text = "".join(p.extract_text() for p in reader.pages)
    assert text.index("事務局報告") < text.index("W.Coスクール講座の新設")
    assert text.index("PAPER-PLAN") < text.index("PAPER-FIXED")
    assert "PAPER-BUDGET" not in text
    assert "別紙1" in text and "別紙2" in text

    assert csp_reports(console) == []
    assert [m for m in console if m.startswith("pageerror")] == []
