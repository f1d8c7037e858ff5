"""The secretariat asks for a member roster too large to print while it waits: the
page shows the job's progress, then offers the PDF, which opens."""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import csp_reports, sign_in
from wco_sse.core import printjobs
from wco_sse.core.models import PrintJob

pytestmark = pytest.mark.browser


def test_a_large_roster_shows_its_progress_then_downloads(
    transactional_db, demo, live_server, page, console, settings, monkeypatch
):
    # Every demo roster counts as large; the job waits for the worker we play below.
    settings.WCO_PRINT_JOB_THRESHOLD = 1
    queued = []
    monkeypatch.setattr(printjobs, "_enqueue", queued.append)
    base = live_server.url
    sign_in(page, base, "staff@example.org")
    page.goto(base + reverse("members:print_index"))
    with page.expect_navigation():
        page.get_by_role("button", name="会員名簿").click()

    job = PrintJob.objects.get()
    assert page.url == base + reverse("members:print_job", args=[job.pk])
    status = page.locator("#print-job-status")
    expect(status).to_contain_text("順番をお待ちいただいています")
    expect(page.get_by_role("link", name="PDFをダウンロード")).to_have_count(0)

    # The worker takes the job; the page, polling, shows the PDF is ready.
    assert queued == [str(job.pk)]
    printjobs.print_job_build(job_id=job.pk)
    link = page.get_by_role("link", name="PDFをダウンロード")
    expect(link).to_be_visible(timeout=10_000)
    expect(status).to_contain_text("PDFができあがりました")

    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "会員名簿" in text
    assert not csp_reports(console)
