"""The secretariat imports a member list saved by Japanese Excel (CP932), sees an error,
fixes it, imports, and finds the new W.Co by typing its name in half-width kana."""

import csv
import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from members.models import ImportBatch, Organization
from tests.browser.conftest import axe_violations, csp_reports, path_of, sign_in

pytestmark = pytest.mark.browser

HEADERS = ["団体名", "フリガナ", "法人格", "法人番号", "業種", "郵便番号", "市区町村",
           "住所", "電話番号", "FAX", "連絡方法", "設立日", "従事者数", "会員種別",
           "入会日", "状態"]  # fmt: skip
MOEGI = ["ワーカーズ・コレクティブ 配食もえぎ", "ﾜｰｶｰｽﾞ･ｺﾚｸﾃｨﾌﾞ ﾊｲｼｮｸﾓｴｷﾞ", "任意団体",
         "", "配食", "２２５－０００２", "横浜市青葉区", "美しが丘1-2-3", "045-000-0000",
         "045-000-0001", "FAX", "平成15年4月1日", "12", "正会員", "2008/10/01", "活動中"]  # fmt: skip
KONAN = ["NPO法人 たすけあい港南", "たすけあいこうなん", "NPO法人", "3020005003812",
         "介護・福祉", "233-0001", "港南区", "上大岡東1-1", "045-111-1111", "", "電話",
         "2023年2月1日", "8", "賛助会員", "2023/4/1", "活動中"]  # fmt: skip


@pytest.fixture
def kanagawa(transactional_db):
    """Kanagawa's municipalities and the industries, as the data migration loads them:
    a transactional test before this one flushed them away."""
    from members.data.reference import ensure_loaded

    ensure_loaded()


def cp932_csv(*rows):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode("cp932")


def upload(page, name, content):
    page.set_input_files(
        "main input[type=file][name=file]",
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}],
    )
    with page.expect_navigation():
        page.locator("main form[enctype] [type=submit]").click()


def test_secretariat_imports_a_cp932_list_fixes_an_error_and_finds_the_wco(
    transactional_db, kanagawa, demo, live_server, page, console, axe_page
):
    base = live_server.url
    sign_in(page, base, "staff@example.org")
    page.goto(base + reverse("members:index"))
    with page.expect_navigation():
        page.locator(f"main a[href='{reverse('members:import_upload')}']").click()
    assert path_of(page) == reverse("members:import_upload")

    # The first file, saved by Excel as "CSV (comma delimited)": a 法人番号 with a wrong
    # check digit on row 3.
    upload(page, "会員名簿.csv", cp932_csv(MOEGI, KONAN))
    first = ImportBatch.objects.get()
    assert path_of(page) == reverse("members:import_detail", args=[first.pk])
    assert "Shift_JIS (CP932)" in page.locator("main").inner_text()
    assert page.locator("#row-2 .import-outcome-new").count() == 1
    error_row = page.locator("#row-3")
    assert error_row.locator(".import-outcome-error").count() == 1
    assert "法人番号" in error_row.inner_text()
    assert page.locator("form[action$='/commit/']").count() == 0
    assert not Organization.objects.filter(name__contains="もえぎ").exists()

    axe_page.signed_in_as(page.context)
    for path in (reverse("members:import_upload"), path_of(page)):
        assert axe_page.goto(base + path).status == 200
        assert axe_violations(axe_page) == [], path

    # Fix the number in the file and upload it again.
    with page.expect_navigation():
        page.locator(
            f"main .alert a[href='{reverse('members:import_upload')}']"
        ).click()
    fixed = [*KONAN[:3], "3020005003811", *KONAN[4:]]
    upload(page, "会員名簿_修正.csv", cp932_csv(MOEGI, fixed))
    second = ImportBatch.objects.exclude(pk=first.pk).get()
    assert path_of(page) == reverse("members:import_detail", args=[second.pk])
    assert page.locator("tbody .import-outcome-new").count() == 2
    assert page.locator("tbody .import-outcome-error").count() == 0

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator("form[action$='/commit/'] [type=submit]").click()
    second.refresh_from_db()
    assert second.status == ImportBatch.Status.COMMITTED
    assert page.locator("main .alert-success").count() == 1
    moegi = Organization.objects.get(name="ワーカーズ・コレクティブ 配食もえぎ")
    assert moegi.name_kana == "ワーカーズ・コレクティブ ハイショクモエギ"
    assert moegi.postal_code == "225-0002"

    # Find it in the list by typing part of its name in half-width kana.
    page.goto(base + reverse("members:organization_list"))
    page.locator("input[name=q]").fill("ﾓｴｷﾞ")
    link = page.locator(
        f"#results a[href='{reverse('members:organization_detail', args=[moegi.pk])}']"
    )
    expect(page.locator("#results tbody tr")).to_have_count(1)  # htmx, as you type
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()
    assert path_of(page) == reverse("members:organization_detail", args=[moegi.pk])
    assert "ワーカーズ・コレクティブ 配食もえぎ" in page.locator("h1").inner_text()
    # Where it came from, in its history.
    assert "会員名簿_修正.csv" in page.locator("main").inner_text()

    assert csp_reports(console) == []
    assert [m for m in console if m.startswith("pageerror")] == []


FEDERATION_HEADERS = ["会員番号", "団体名", "団体名フリガナ", "法人格", "代表者",
                      "代表者フリガナ", "〒", "住所", "TEL", "働き手の人数", "設立年月日"]  # fmt: skip
FEDERATION_ROWS = [
    ["A-001", "ワーカーズ・コレクティブ 配食わかば", "ハイショクワカバ", "任意団体",
     "山田 花子", "やまだ はなこ", "２２５－０００２", "横浜市青葉区美しが丘1-2-3",
     "045-000-0000", "十八", "平成15年4月1日"],
    ["A-002", "NPO法人 まちだ虹の家", "マチダニジノイエ", "NPO法人", "鈴木 一郎",
     "スズキ イチロウ", "〒194-0013", "東京都町田市原町田1-1-1", "042-000-0000",
     "９", "令和2年4月1日"],
]  # fmt: skip


def test_secretariat_maps_the_unknown_columns_of_a_federation_list_and_imports_it(
    transactional_db, kanagawa, demo, live_server, page, console, axe_page
):
    """A federation's own export: 会員番号 and 働き手の人数 are not the template's
    names. The secretariat says what they hold in the warning box, sees every row as
    it will be saved, imports, and finds the representative recorded."""
    base = live_server.url
    sign_in(page, base, "staff@example.org")
    page.goto(base + reverse("members:import_upload"))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FEDERATION_HEADERS)
    writer.writerows(FEDERATION_ROWS)
    upload(page, "連合会名簿.csv", buffer.getvalue().encode("cp932"))
    first = ImportBatch.objects.get()

    box = page.locator("#unread-columns")
    expect(box).to_be_visible()
    assert "alert-warning" in box.get_attribute("class")
    assert "会員番号" in box.inner_text() and "働き手の人数" in box.inner_text()
    assert "A-001" in box.inner_text()  # what the column holds
    assert page.locator("form[action$='/commit/']").count() == 0

    axe_page.signed_in_as(page.context)
    assert axe_page.goto(base + path_of(page)).status == 200
    assert axe_violations(axe_page) == []

    # Only one column chosen: the other is pointed out, nothing changes.
    page.get_by_label("働き手の人数").select_option(label="従事者数")
    with page.expect_navigation():
        box.locator("[type=submit]").click()
    expect(page.locator("#unread-columns .invalid-feedback")).to_have_count(1)
    assert ImportBatch.objects.count() == 1

    page.get_by_label("会員番号").select_option(value="-")
    page.get_by_label("働き手の人数").select_option(label="従事者数")
    with page.expect_navigation():
        box.locator("[type=submit]").click()
    second = ImportBatch.objects.exclude(pk=first.pk).get()
    assert path_of(page) == reverse("members:import_detail", args=[second.pk])
    expect(page.locator("#unread-columns")).to_have_count(0)
    assert "働き手の人数" in page.locator("#mapped-columns").inner_text()

    # The preview: every row as it will be saved.
    row = page.locator("#row-3").inner_text()
    for shown in ("NPO法人 まちだ虹の家", "〒194-0013", "東京都町田市原町田1-1-1",
                  "2020年4月1日", "9名", "鈴木 一郎", "スズキ イチロウ"):  # fmt: skip
        assert shown in row, shown
    assert "18名" in page.locator("#row-2").inner_text()
    assert "まちだ虹の家" in page.locator("#to-complete").inner_text()

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator("form[action$='/commit/'] [type=submit]").click()
    second.refresh_from_db()
    assert second.status == ImportBatch.Status.COMMITTED
    machida = Organization.objects.get(name="NPO法人 まちだ虹の家")
    assert (machida.prefecture, machida.city_outside, machida.workers_count) == (
        "東京都",
        "町田市",
        9,
    )
    page.goto(base + reverse("members:organization_detail", args=[machida.pk]))
    assert "鈴木 一郎" in page.locator("main").inner_text()

    assert csp_reports(console) == []
    assert [m for m in console if m.startswith("pageerror")] == []
