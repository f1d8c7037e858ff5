"""The talent bank's requests in the browser: a W.Co's representative asks for a
調理師, the support section proposes member@ (who has a profile with 調理師), the
member agrees from the email's link without signing in, and the representative then
sees the profile and downloads the 紹介シート."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from support.models import TalentProposal, TalentRequest
from tests.browser.conftest import path_of, sign_in, sign_out
from tests.support import talent_factories as tf
from wco_sse.core.models import ExportLog

pytestmark = pytest.mark.browser


def test_from_request_to_shared_profile(
    transactional_db, demo, live_server, page, console
):
    base = live_server.url
    member = demo.ctx.accounts["member@example.org"]
    tf.talent_profile(
        member, qualifications=("調理師",), introduction="調理歴10年です。"
    )
    start = timezone.localdate() + datetime.timedelta(days=14)

    # 1. The representative asks for a 調理師 for their W.Co.
    sign_in(page, base, "rep@example.org")
    page.goto(f"{base}/support/talent/requests/new/")
    page.select_option("#id_organization", str(demo.ctx.data["home_wco"].pk))
    page.fill("#id_title", "配食の調理スタッフ")
    page.get_by_label("調理師", exact=True).check()
    page.select_option("#id_areas", str(tf.municipality("港北区").pk))
    page.locator("#slot-0-0").check()
    page.fill("#id_headcount", "1")
    page.fill("#id_start", start.isoformat())
    with page.expect_navigation():
        page.locator("#talent-request-form [type=submit]").click()
    request = TalentRequest.objects.get()
    assert path_of(page) == f"/support/talent/requests/{request.pk}/"
    sign_out(page)

    # 2. The support section finds member@ among the candidates and proposes them.
    sign_in(page, base, "support@example.org")
    page.goto(f"{base}/support/talent/requests/{request.pk}/")
    row = page.locator("#candidates tbody tr", has_text=member.full_name)
    with page.expect_navigation():
        row.get_by_role("button", name="紹介する").click()
    proposal = TalentProposal.objects.get()
    assert proposal.state == TalentProposal.State.PROPOSED
    sign_out(page)

    # 3. The member agrees from the email's link, without signing in.
    (email,) = [m for m in mail.outbox if m.to == [member.contact_email]]
    link = re.search(r"/support/talent/proposals/\d+/answer/\?t=\S+", email.body)
    assert link, email.body
    page.goto(base + link.group(0))
    with page.expect_navigation():
        page.get_by_role("button", name="紹介に同意する").click()
    proposal.refresh_from_db()
    assert proposal.state == TalentProposal.State.AGREED
    assert page.locator("#proposal-state").inner_text() == "本人同意・紹介済み"

    # 4. The representative now sees the profile and the 紹介シート.
    sign_in(page, base, "rep@example.org")
    page.goto(f"{base}/support/talent/proposals/{proposal.pk}/")
    assert "調理歴10年です。" in page.locator("#candidate-profile").inner_text()
    sheet = page.request.get(f"{base}/support/talent/proposals/{proposal.pk}/sheet.pdf")
    assert sheet.status == 200
    assert sheet.headers["content-type"] == "application/pdf"
    assert ExportLog.objects.filter(actor=demo["rep"]).count() == 1
