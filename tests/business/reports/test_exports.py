"""What leaves the portal: the standard XLSX, the 実績報告書 PDF (和暦 on request),
the client's own spreadsheet (refused unless it is an XLSX that opens, unknown
placeholders listed, numbers in the right cells, text neutralized), every download
logged; and the reminder before a report is due."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from business.models import ReportTemplate
from business.services import reports as services
from tests.business import factories
from tests.permission_vocabulary import PDF_BYTES
from wco_sse.core.models import ExportLog, OutboundEmail

from .helpers import FULL, programme, report, submitted, template, xlsx_upload

pytestmark = pytest.mark.django_db

APRIL = (datetime.date(2026, 4, 1), datetime.date(2026, 4, 30))


def april_report(demo, **fields):
    made = programme(demo, **fields)
    return report(demo, programme_=made, start=APRIL[0], end=APRIL[1], values=FULL)


def test_the_standard_xlsx_has_the_values_ratios_and_rates(client, demo):
    made = april_report(demo)
    client.force_login(demo["board"])
    logged = ExportLog.objects.count()
    answer = client.get(reverse("business:report_export", args=[made.pk]))
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    values = {row[0]: row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["新規相談受付件数"] == 42
    assert float(values["就労・増収率"]) == pytest.approx(41.7)
    assert ExportLog.objects.count() == logged + 1


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_the_printed_report_writes_the_counts_and_the_era_on_request(
    client, demo, tmp_path
):
    made = april_report(demo)
    client.force_login(demo["business"])
    texts = []
    for query in ("", "?era=wareki"):
        answer = client.get(reverse("business:report_pdf", args=[made.pk]) + query)
        assert answer["Content-Type"] == "application/pdf"
        path = tmp_path / "report.pdf"
        path.write_bytes(answer.content)
        texts.append(
            subprocess.run(
                ["pdftotext", str(path), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
    western, wareki = texts
    assert "42" in western and "2026年度" in western and "2026年4月" in western
    assert "令和8年度" in wareki and "令和8年4月" in wareki


def test_a_template_that_is_not_an_xlsx_is_refused_at_the_field(client, demo):
    made = programme(demo)
    client.force_login(demo["business"])
    url = reverse("business:report_template_upload", args=[made.pk])
    for upload in (
        SimpleUploadedFile("様式.xlsx", PDF_BYTES, "application/pdf"),
        SimpleUploadedFile("様式.pdf", PDF_BYTES, "application/pdf"),
        SimpleUploadedFile("様式.xlsx", b"PK\x03\x04 not really", "application/zip"),
    ):
        answer = client.post(url, {"name": "市の様式", "file": upload})
        assert answer.status_code == 200
        assert "file" in answer.context["form"].errors
    assert not ReportTemplate.objects.filter(programme=made).exists()


def test_unknown_placeholders_are_listed_on_upload_and_on_fill(client, demo):
    made = april_report(demo)
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:report_template_upload", args=[made.programme_id]),
        {
            "name": "市の様式",
            "file": xlsx_upload({"A1": "{{新規相談受付件数}}", "A2": "{{担当者印}}"}),
        },
        follow=True,
    )
    kept = ReportTemplate.objects.get(programme=made.programme)
    assert kept.unknown_placeholders == ["担当者印"]
    assert "{{担当者印}}" in answer.content.decode()
    page = client.get(reverse("business:report_template_fill", args=[made.pk, kept.pk]))
    assert page.context["unknown"] == ["担当者印"]
    assert "{{担当者印}}" in page.content.decode()


def test_the_filled_template_has_the_numbers_in_the_right_cells(client, demo):
    made = april_report(demo, title='=HYPERLINK("http://x")事業')
    factories.partner(made.programme, factories.client("横浜市"))
    kept = template(
        demo,
        made.programme,
        {
            "A1": "{{年度}} 実績報告",
            "B3": "{{新規相談受付件数}}",
            "B4": "{{ プラン作成件数 }}",
            "B5": "{{就労・増収率}}",
            "B6": "{{事業名}}",
            "B7": "{{委託元}}",
            "B8": "計 {{就労者数}} 人",
            "B9": "=SUM(B3:B4)",
            "B10": "{{期間}}",
            "B11": "{{未知の項目}}",
        },
    )
    client.force_login(demo["business"])
    logged = ExportLog.objects.count()
    answer = client.get(
        reverse("business:report_template_fill", args=[made.pk, kept.pk]),
        {"download": "1", "era": "wareki"},
    )
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet["A1"].value == "令和8年度 実績報告"
    assert sheet["B3"].value == 42 and sheet["B3"].data_type == "n"
    assert sheet["B4"].value == 18
    assert float(sheet["B5"].value) == pytest.approx(41.7)
    assert sheet["B6"].value.startswith("'=HYPERLINK")
    assert sheet["B7"].value == "横浜市"
    assert sheet["B8"].value == "計 4 人"
    assert sheet["B9"].value == "=SUM(B3:B4)"  # the client's own formula stays
    assert sheet["B10"].value == "令和8年4月"
    assert sheet["B11"].value == "{{未知の項目}}"
    assert ExportLog.objects.count() == logged + 1
    answer = client.get(
        reverse("business:report_template_fill", args=[made.pk, kept.pk]),
        {"download": "1", "era": "western"},
    )
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet["A1"].value == "2026年度 実績報告"


def test_a_template_of_another_programme_is_not_found(client, demo):
    made = april_report(demo)
    foreign = template(demo, programme(demo, title="別の事業"))
    client.force_login(demo["business"])
    answer = client.get(
        reverse("business:report_template_fill", args=[made.pk, foreign.pk])
    )
    assert answer.status_code == 404


def _due_setup(demo):
    made = programme(demo)
    contract = factories.contract(made, year=2026, report_due_day=10)
    return made, contract


def test_the_report_due_reminder_goes_seven_days_before_once(demo):
    made, contract = _due_setup(demo)
    lead = made.lead.contact_email
    day = datetime.date(2026, 6, 3)  # May's report is due on 10 June
    assert services.report_due_remind(day=day - datetime.timedelta(days=1)) == 0
    sent = services.report_due_remind(day=day)
    assert sent >= 1
    emails = OutboundEmail.objects.filter(
        key__startswith=f"business-report-due:{contract.pk}:"
    )
    assert lead in set(emails.values_list("to", flat=True))
    assert "2026年5月" in emails.first().subject
    assert services.report_due_remind(day=day) == 0
    assert services.report_due_remind(day=day + datetime.timedelta(days=1)) == 0


def test_the_report_due_reminder_is_written_in_each_readers_language(demo):
    from members.models import Role, Section
    from tests.factories import PersonFactory, RoleAssignmentFactory

    made, contract = _due_setup(demo)
    lead = made.lead
    lead.language = "en"
    lead.save(update_fields=["language"])
    colleague = PersonFactory(email="sakura@example.jp", language="ja")
    RoleAssignmentFactory(
        person=colleague, role=Role.SECTION_MEMBER, scope=Section.BUSINESS
    )
    assert services.report_due_remind(day=datetime.date(2026, 6, 3)) >= 2
    emails = OutboundEmail.objects.filter(
        key__startswith=f"business-report-due:{contract.pk}:"
    )
    to_lead = emails.get(to=lead.contact_email)
    assert to_lead.language == "en"
    assert to_lead.subject.startswith("Report due")
    to_colleague = emails.get(to="sakura@example.jp")
    assert to_colleague.language == "ja"
    assert "Report due" not in to_colleague.subject
    assert "2026年5月" in to_colleague.subject


def test_no_reminder_for_a_period_already_submitted(demo):
    made, contract = _due_setup(demo)
    submitted(
        demo,
        programme_=made,
        contract=contract,
        start=datetime.date(2026, 5, 1),
        end=datetime.date(2026, 5, 31),
    )
    assert services.report_due_remind(day=datetime.date(2026, 6, 3)) == 0
