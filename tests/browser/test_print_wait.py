"""The secretariat prints the member roster: while the server makes the PDF, the
page says so instead of sitting still."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import csp_reports, sign_in

pytestmark = pytest.mark.browser

# Records the status as soon as it shows: the page is left when the PDF arrives.
WATCH_STATUS = """() => {
    const status = document.querySelector("main [data-pdf-status]");
    new MutationObserver(() => {
        if (!status.hidden) { sessionStorage.setItem("pdfStatus", status.textContent); }
    }).observe(status, {attributes: true, childList: true, characterData: true});
}"""


def test_printing_a_list_says_the_pdf_is_being_made(
    transactional_db, demo, live_server, page, console
):
    base = live_server.url
    sign_in(page, base, "staff@example.org")
    page.goto(base + reverse("members:print_index"))
    expect(page.locator("main [data-pdf-status]").first).to_be_hidden()
    page.evaluate(WATCH_STATUS)
    page.route(
        "**" + reverse("members:print_member_roster") + "*",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<html><body>PDF</body></html>"
        ),
    )
    with page.expect_navigation():
        page.get_by_role("button", name="会員名簿").click()
    shown = page.evaluate("() => sessionStorage.getItem('pdfStatus')")
    assert shown and "PDFを作成しています" in shown
    assert not csp_reports(console)
