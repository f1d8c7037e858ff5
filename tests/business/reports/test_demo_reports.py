"""The demo: the 横浜市 就労準備支援 programme's monthly reports to date (earlier
months accepted, last month submitted, this month a draft), its indicators for the
year and the city's spreadsheet; every page of the part opens on it for the roles
that read reports."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from business import demo as business_demo
from business.models import IndicatorSet, PeriodReport
from wco_sse.core.japan import fiscal_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo):
    business_demo.seed(demo.ctx)
    business_demo.seed(demo.ctx)  # idempotent
    return demo.ctx.data["business_programmes"]["yokohama_employment"]


def test_the_demo_reports_monthly_to_date(seeded):
    today = timezone.localdate()
    reports = list(
        PeriodReport.objects.filter(programme=seeded).order_by("period_start")
    )
    months = (today.month - 4) % 12 + 1
    assert len(reports) == months
    assert reports[-1].state == "draft"
    assert reports[-1].period_start == today.replace(day=1)
    if months > 1:
        assert reports[-2].state == "submitted"
    assert all(r.state == "accepted" for r in reports[:-2])
    assert seeded.indicator_years.get(fiscal_year=fiscal_year(today)).version == (
        reports[0].version
    )
    assert reports[0].version.indicator_set.name == "就労準備支援 実績指標"
    assert reports[0].values.count() == 6


@pytest.mark.parametrize("who", ["business", "secgen", "auditor"])
def test_the_parts_pages_open_on_the_demo(client, demo, seeded, who):
    client.force_login(demo[who])
    report = PeriodReport.objects.filter(programme=seeded).order_by("period_start")[0]
    template = seeded.templates.get()
    pages = [
        reverse("business:indicator_set_list"),
        reverse("business:report_list"),
        reverse("business:report_list") + f"?programme={seeded.pk}",
        reverse("business:report_detail", args=[report.pk]),
        reverse("business:report_export", args=[report.pk]),
        reverse("business:report_template_fill", args=[report.pk, template.pk]),
    ] + [
        reverse("business:indicator_set_detail", args=[pk])
        for pk in IndicatorSet.objects.values_list("pk", flat=True)
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page
    text = client.get(reverse("business:report_detail", args=[report.pk])).content
    assert "利用者数" in text.decode()


def test_the_citys_spreadsheet_is_filled_for_a_demo_month(client, demo, seeded):
    report = PeriodReport.objects.filter(programme=seeded, state="accepted").first()
    if report is None:
        pytest.skip("the fiscal year's first month: nothing accepted yet")
    client.force_login(demo["business"])
    answer = client.get(
        reverse(
            "business:report_template_fill",
            args=[report.pk, seeded.templates.get().pk],
        ),
        {"download": "1"},
    )
    sheet = load_workbook(io.BytesIO(answer.content)).active
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    users = report.values.get(indicator__name="利用者数").value
    assert values["利用者数（人）"] == users
    assert values["事業名"] == seeded.title
    assert sheet["A1"].value.startswith("令和")
    page = client.get(
        reverse(
            "business:report_template_fill",
            args=[report.pk, seeded.templates.get().pk],
        )
    )
    assert page.context["unknown"] == []
