"""Period reports made for the tests, through the services."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from business.models import Indicator, IndicatorSet
from business.services import reports as services
from tests.business import factories
from wco_sse.core.japan import fiscal_year


def version(name="自立相談支援 実績指標"):
    return factories.indicator_version(name)


def indicator(version_, name):
    return Indicator.objects.get(version=version_, name=name)


def programme(demo, **fields):
    fields.setdefault("lead", demo.ctx.accounts["business@example.org"])
    fields.setdefault("kind_name", "自立相談支援")
    fields.setdefault("title", "テスト 自立相談支援事業")
    return factories.programme(**fields)


def this_month():
    today = timezone.localdate()
    start = today.replace(day=1)
    from business.selectors.reports import month_end

    return start, month_end(start)


def report(
    demo,
    *,
    programme_=None,
    contract=None,
    start=None,
    end=None,
    by="business",
    version_=None,
    values=None,
):
    """A draft report of this month for a fresh programme (the seeded 自立相談支援
    set), with ``values`` ({indicator name: count}) entered."""
    programme_ = programme_ or programme(demo)
    if start is None:
        if contract is not None:
            start, end = contract_period(contract)
        else:
            start, end = this_month()
    made = services.report_create(
        actor=demo[by],
        programme=programme_,
        contract=contract,
        start=start,
        end=end,
        version=version_ or version(),
    )
    if values:
        services.report_values_save(
            actor=demo[by],
            report=made,
            values={indicator(made.version, n).pk: v for n, v in values.items()},
        )
    return made


def contract_period(contract):
    from business.selectors.reports import contract_periods

    today = timezone.localdate()
    return next(p for p in contract_periods(contract) if p[0] <= today <= p[1])


FULL = {
    "新規相談受付件数": 42,
    "プラン作成件数": 18,
    "就労支援対象者数": 12,
    "就労者数": 4,
    "増収者数": 2,
    "就労・増収者数": 5,
    "他機関へのつなぎ": 9,
    "情報提供のみで終了": 11,
}


def submitted(demo, **kwargs):
    made = report(demo, values=FULL, **kwargs)
    return services.report_submit(
        actor=demo["business"],
        report=made,
        submitted_on=timezone.localdate(),
        submitted_to="横浜市 生活支援課",
    )


def xlsx_bytes(cells):
    """A workbook with ``cells`` ({"A1": value}) on its first sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for ref, value in cells.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(cells, name="template.xlsx"):
    return SimpleUploadedFile(
        name,
        xlsx_bytes(cells),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def template(demo, programme_, cells=None, name="市の様式"):
    cells = cells or {"A1": "{{新規相談受付件数}}", "B1": "{{年度}}"}
    return services.template_upload(
        actor=demo["business"],
        programme=programme_,
        name=name,
        uploaded=xlsx_upload(cells),
    )


def indicator_set(demo, name="テスト指標"):
    return services.indicator_set_create(actor=demo["business"], name=name)


def year():
    return fiscal_year(timezone.localdate())


def day(offset=0):
    return timezone.localdate() + datetime.timedelta(days=offset)


__all__ = ["IndicatorSet"]
