"""The reports part's demo data (issue 17): the 横浜市 就労準備支援 programme reports
monthly with the seeded set this fiscal year; the months to date have their reports
(earlier months accepted, last month submitted, this month a draft), and the city's
own spreadsheet is on the programme. Idempotent: a period with a report is left."""

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wco_sse.core.files import file_attach
from wco_sse.core.japan import fiscal_year, fiscal_year_bounds

from .models import (
    IndicatorSet,
    PeriodReport,
    ProgrammeIndicatorYear,
    ReportTemplate,
    ReportValue,
)
from .selectors.reports import add_months, contract_periods, month_end

SET_NAME = "就労準備支援 実績指標"
TEMPLATE_NAME = "横浜市 就労準備支援事業 月次実績報告書"


def _counts(rng, month_index):
    """Plausible monthly counts for a small 就労準備支援 programme."""
    users = 14 + month_index + rng.randint(-1, 2)
    return {
        "新規利用者数": rng.randint(1, 4),
        "利用者数": users,
        "支援プログラム実施回数": rng.randint(9, 14),
        "就労体験参加者数": rng.randint(3, 7),
        "就労者数": rng.randint(0, 3),
        "支援終了者数": rng.randint(0, 3),
    }


def _periods(contract, today):
    if contract is not None:
        return [(s, e) for s, e in contract_periods(contract) if s <= today]
    start, _end = fiscal_year_bounds(fiscal_year(today))
    periods = []
    while start <= today:
        periods.append((start, month_end(start)))
        start = add_months(start, 1)
    return periods


def _template_bytes():
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "実績報告"
    sheet["A1"] = "{{年度}} 就労準備支援事業 月次実績報告書"
    sheet["A1"].font = Font(bold=True, size=14)
    rows = (
        ("事業名", "{{事業名}}"),
        ("委託元", "{{委託元}} 健康福祉局 生活支援課 御中"),
        ("報告期間", "{{期間}}"),
        ("提出日", "{{提出日}}"),
        (None, None),
        ("項目", "実績"),
        ("新規利用者数（人）", "{{新規利用者数}}"),
        ("利用者数（人）", "{{利用者数}}"),
        ("支援プログラム実施回数（回）", "{{支援プログラム実施回数}}"),
        ("就労体験参加者数（人）", "{{就労体験参加者数}}"),
        ("就労者数（人）", "{{就労者数}}"),
        ("支援終了者数（人）", "{{支援終了者数}}"),
        ("就労率（%）", "{{就労率}}"),
    )
    for index, (label, value) in enumerate(rows, start=3):
        sheet.cell(row=index, column=1, value=label)
        sheet.cell(row=index, column=2, value=value)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def seed(ctx):
    programme = ctx.data["business_programmes"]["yokohama_employment"]
    lead = ctx.accounts["business@example.org"]
    actor = lead.account
    today = timezone.localdate()
    year = fiscal_year(today)
    indicator_set = IndicatorSet.objects.filter(name=SET_NAME).first()
    if indicator_set is None:
        return
    version = indicator_set.versions.order_by("-number").first()
    chosen, _created = ProgrammeIndicatorYear.objects.get_or_create(
        programme=programme, fiscal_year=year, defaults={"version": version}
    )
    version = chosen.version
    indicators = {i.name: i for i in version.indicators.filter(kind="count")}
    contract = programme.contracts.order_by("-fiscal_year", "pk").first()
    if contract is not None and contract.fiscal_year != year:
        contract = None
    periods = _periods(contract, today)
    client = contract.client.name if contract is not None else "横浜市"
    for index, (start, end) in enumerate(periods):
        if PeriodReport.objects.filter(
            programme=programme, period_start=start, period_end=end
        ).exists():
            continue
        last = index == len(periods) - 1
        previous = index == len(periods) - 2
        due = add_months(end, 1) + datetime.timedelta(days=9)
        fields = {"state": PeriodReport.State.DRAFT}
        if not last:
            submitted = min(due - datetime.timedelta(days=3), today)
            fields = {
                "state": PeriodReport.State.SUBMITTED,
                "submitted_on": submitted,
                "submitted_to": f"{client} 健康福祉局 生活支援課",
            }
            if not previous:
                fields.update(
                    state=PeriodReport.State.ACCEPTED,
                    accepted_on=min(submitted + datetime.timedelta(days=7), today),
                )
        report = PeriodReport.objects.create(
            programme=programme,
            contract=contract,
            period_start=start,
            period_end=end,
            version=version,
            created_by=actor,
            **fields,
        )
        rng = random.Random(f"{programme.pk}-{start.isoformat()}")
        counts = _counts(rng, index)
        if last:
            counts = dict(list(counts.items())[:3])  # this month: still being entered
        ReportValue.objects.bulk_create(
            ReportValue(report=report, indicator=indicators[name], value=value)
            for name, value in counts.items()
            if name in indicators
        )
    if not ReportTemplate.objects.filter(programme=programme).exists():
        template = ReportTemplate.objects.create(
            programme=programme, name=TEMPLATE_NAME, created_by=actor
        )
        file_attach(
            actor=actor,
            target=template,
            uploaded=SimpleUploadedFile(
                "yokohama_monthly.xlsx",
                _template_bytes(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            description=TEMPLATE_NAME,
        )
