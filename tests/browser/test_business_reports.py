"""A period report in the browser: the business member opens this month's draft of the
demo's 横浜市 就労準備支援 programme, enters the counts, submits it and downloads the
month in the city's own spreadsheet, whose cells hold the numbers entered."""

import io

import pytest
from openpyxl import load_workbook

from business import demo as business_demo
from business.models import PeriodReport
from tests.browser.conftest import axe_violations, csp_reports, path_of, sign_in

pytestmark = pytest.mark.browser

COUNTS = {
    "新規利用者数": "4",
    "利用者数": "21",
    "支援プログラム実施回数": "13",
    "就労体験参加者数": "6",
    "就労者数": "3",
    "支援終了者数": "2",
}


def test_the_month_is_entered_submitted_and_exported_in_the_citys_template(
    transactional_db, demo, live_server, page, console, axe_page
):
    business_demo.seed(demo.ctx)
    programme = demo.ctx.data["business_programmes"]["yokohama_employment"]
    draft = PeriodReport.objects.get(programme=programme, state="draft")
    base = live_server.url

    sign_in(page, base, "business@example.org")
    page.goto(f"{base}/business/reports/?programme={programme.pk}")
    with page.expect_navigation():
        page.locator(f"a[href='/business/reports/{draft.pk}/']").click()
    with page.expect_navigation():
        page.get_by_role("link", name="件数の入力").click()
    for label, value in COUNTS.items():
        page.get_by_label(label, exact=True).fill(value)
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    assert path_of(page) == f"/business/reports/{draft.pk}/"
    assert "14.3%" in page.content()  # 就労率 = 3 ÷ 21

    page.locator("#id_submitted_to").fill("横浜市 健康福祉局 生活支援課")
    with page.expect_navigation():
        page.get_by_role("button", name="提出済みにする").click()
    draft.refresh_from_db()
    assert draft.state == "submitted"
    assert path_of(page) == f"/business/reports/{draft.pk}/"

    checker = axe_page.signed_in_as(page.context)
    checker.goto(page.url)
    assert axe_violations(checker) == []

    with page.expect_navigation():
        page.get_by_role("link", name="横浜市 就労準備支援事業 月次実績報告書").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="ダウンロード（和暦）").click()
    with open(download.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    cells = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert cells["利用者数（人）"] == 21
    assert cells["就労者数（人）"] == 3
    assert cells["事業名"] == programme.title
    assert csp_reports(console) == []
