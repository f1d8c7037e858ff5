"""Hostile input to the reports part's forms (see ``forms_helpers``): counts that are
negative, fractional or text, dates out of range, unknown choices, long text,
direction controls; a ratio whose term is another version's; a template that is not
an XLSX; unknown placeholders. Saved or refused with a message, never a server
error; a refusal changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from business.models import (
    Indicator,
    IndicatorSet,
    IndicatorSetVersion,
    PeriodReport,
    ProgrammeIndicatorYear,
    ReportTemplate,
    ReportValue,
)
from business.services import reports as services
from tests.hostile.forms_helpers import FormCase, row_of, run_case
from tests.permission_vocabulary import PDF_BYTES


def _helpers():
    from tests.business.reports import helpers

    return helpers


def a_set_in_use(demo):
    h = _helpers()
    made = h.indicator_set(demo, name="使用中の指標")
    first = made.versions.get()
    services.indicator_add(
        actor=demo["business"],
        version=first,
        data={"name": "利用者数", "kind": "count"},
    )
    services.programme_version_set(
        actor=demo["business"], programme=h.programme(demo), year=2026, version=first
    )
    return {"kwargs": {"pk": made.pk}}


def a_draft_version(demo):
    h = _helpers()
    first = h.indicator_set(demo, name="下書きの指標").versions.get()
    for name in ("利用者数", "就労者数"):
        services.indicator_add(
            actor=demo["business"], version=first, data={"name": name, "kind": "count"}
        )
    return {"kwargs": {"pk": first.pk}, "version": first}


def a_draft_indicator(demo):
    made = a_draft_version(demo)
    indicator = made["version"].indicators.get(name="利用者数")
    return {"kwargs": {"pk": indicator.pk}, "indicator": indicator.pk}


def a_programme(demo):
    return {"kwargs": {"pk": _helpers().programme(demo).pk}}


def a_draft_report(demo):
    h = _helpers()
    made = h.report(demo, values={"新規相談受付件数": 5})
    return {"kwargs": {"pk": made.pk}, "report": made.pk}


def a_full_draft(demo):
    h = _helpers()
    made = h.report(demo, values=h.FULL)
    return {"kwargs": {"pk": made.pk}, "report": made.pk}


def a_submitted_report(demo):
    made = _helpers().submitted(demo)
    return {"kwargs": {"pk": made.pk}, "report": made.pk}


def report_row(made):
    return (
        row_of(PeriodReport, made["report"]),
        sorted(
            ReportValue.objects.filter(report_id=made["report"]).values_list(
                "indicator_id", "value"
            )
        ),
    )


def count_values(demo, made):
    report = PeriodReport.objects.get(pk=made["report"])
    counts = report.version.indicators.filter(kind="count").order_by("position")
    return {f"i{indicator.pk}": str(n) for n, indicator in enumerate(counts)}


def create_values(demo, made):
    return {
        "programme": made["kwargs"].get("programme", ""),
        "period_start": "2026-04-01",
        "period_end": "2026-04-30",
        "version": _helpers().version().pk,
    }


def a_programme_for_a_report(demo):
    return {"kwargs": {}, "programme": _helpers().programme(demo).pk}


CASES = (
    FormCase(
        "indicator_set_create",
        "business:indicator_set_create",
        "business",
        values={"name": "家計改善支援 実績指標", "note": "仕様書第3条"},
        tables=(IndicatorSet, IndicatorSetVersion),
    ),
    FormCase(
        "indicator_version_create",
        "business:indicator_version_create",
        "business",
        setup=a_set_in_use,
        values={"note": "定義の見直し"},
        tables=(IndicatorSetVersion, Indicator),
    ),
    FormCase(
        "indicator_create",
        "business:indicator_create",
        "business",
        setup=a_draft_version,
        values={
            "name": "支援終了者数",
            "kind": "count",
            "unit": "人",
            "position": "50",
        },
        tables=(Indicator,),
    ),
    FormCase(
        "indicator_edit",
        "business:indicator_edit",
        "secgen",
        setup=a_draft_indicator,
        values={
            "name": "利用者実人数",
            "kind": "count",
            "unit": "人",
            "position": "10",
        },
        tables=(Indicator,),
        snapshot=lambda made: row_of(Indicator, made["indicator"]),
    ),
    FormCase(
        "programme_indicators",
        "business:programme_indicators",
        "business",
        setup=a_programme,
        values=lambda demo, made: {
            "fiscal_year": str(timezone.localdate().year),
            "version": _helpers().version().pk,
        },
        tables=(ProgrammeIndicatorYear,),
    ),
    FormCase(
        "report_create",
        "business:report_create",
        "business",
        setup=lambda demo: {"kwargs": {}, **a_programme_for_a_report(demo)},
        values=lambda demo, made: {
            **create_values(demo, made),
            "programme": made["programme"],
        },
        query={},
        shown=False,
        fields={
            "period_start": "date",
            "period_end": "date",
            "version": "choice",
            "note": "text",
        },
        tables=(PeriodReport, ProgrammeIndicatorYear),
    ),
    FormCase(
        "report_edit",
        "business:report_edit",
        "business",
        setup=a_draft_report,
        values=count_values,
        tables=(ReportValue,),
        snapshot=report_row,
    ),
    FormCase(
        "report_submit",
        "business:report_submit",
        "business",
        setup=a_full_draft,
        values=lambda demo, made: {
            "submitted_on": timezone.localdate().isoformat(),
            "submitted_to": "横浜市 生活支援課",
        },
        tables=(PeriodReport,),
        snapshot=report_row,
    ),
    FormCase(
        "report_accept",
        "business:report_accept",
        "business",
        setup=a_submitted_report,
        values=lambda demo, made: {"accepted_on": timezone.localdate().isoformat()},
        tables=(PeriodReport,),
        snapshot=report_row,
    ),
    FormCase(
        "report_correct",
        "business:report_correct",
        "business",
        setup=a_submitted_report,
        values={"reason": "集計漏れの訂正"},
        tables=(PeriodReport, ReportValue),
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_report_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; hostile dates, counts, choices and text are saved
    or refused with a message shown, never a server error, and a refusal changes
    nothing."""
    run_case(client, demo, case)


# --- The part's own hostile inputs ---------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["-1", "２.５", "abc", "1e3", " ", "99999999999"])
def test_a_count_that_is_negative_or_text_is_refused_at_the_field(client, demo, bad):
    made = _helpers().report(demo, values={"新規相談受付件数": 5})
    target = _helpers().indicator(made.version, "新規相談受付件数")
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:report_edit", args=[made.pk]), {f"i{target.pk}": bad}
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors[f"i{target.pk}"]
    assert ReportValue.objects.get(report=made).value == 5


@pytest.mark.django_db
def test_a_ratio_whose_term_is_of_another_version_is_refused(client, demo):
    made = a_draft_version(demo)
    foreign = _helpers().indicator(_helpers().version(), "就労者数")
    own = made["version"].indicators.get(name="利用者数")
    client.force_login(demo["business"])
    for numerator, denominator, field in (
        (foreign.pk, own.pk, "numerator"),
        (own.pk, foreign.pk, "denominator"),
        (own.pk, 999_999_999, "denominator"),
        (own.pk, "x' OR 1=1", "denominator"),
    ):
        answer = client.post(
            reverse("business:indicator_create", kwargs=made["kwargs"]),
            {
                "name": "就労率",
                "kind": "ratio",
                "numerator": numerator,
                "denominator": denominator,
                "position": "10",
            },
        )
        assert answer.status_code == 200
        assert answer.context["form"].errors[field]
    assert not Indicator.objects.filter(name="就労率", version=made["version"]).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "upload",
    [
        ("様式.xlsx", PDF_BYTES),
        ("様式.csv", b"a,b\r\n1,2\r\n"),
        ("様式.xlsx", b"PK\x03\x04garbage"),
        ("様式.xlsx", b""),
    ],
    ids=["pdf-named-xlsx", "csv", "broken-zip", "empty"],
)
def test_a_template_that_is_not_an_xlsx_is_refused(client, demo, upload):
    programme = _helpers().programme(demo)
    client.force_login(demo["business"])
    name, content = upload
    answer = client.post(
        reverse("business:report_template_upload", args=[programme.pk]),
        {"name": "市の様式", "file": SimpleUploadedFile(name, content)},
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors["file"]
    assert not ReportTemplate.objects.filter(programme=programme).exists()


@pytest.mark.django_db
def test_an_unknown_placeholder_is_listed(client, demo):
    h = _helpers()
    made = h.report(demo)
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:report_template_upload", args=[made.programme_id]),
        {
            "name": "市の様式",
            "file": h.xlsx_upload(
                {"A1": "{{新規相談受付件数}}", "A2": "{{<script>}}", "A3": "{{印}}"}
            ),
        },
        follow=True,
    )
    text = answer.content.decode()
    assert "{{印}}" in text
    assert "{{&lt;script&gt;}}" in text  # shown, escaped
    kept = ReportTemplate.objects.get(programme=made.programme)
    assert kept.unknown_placeholders == ["<script>", "印"]


@pytest.mark.django_db
def test_a_zip_bomb_named_xlsx_is_refused_before_it_is_unpacked(client, demo):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * 10_000_000)
    programme = _helpers().programme(demo)
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:report_template_upload", args=[programme.pk]),
        {
            "name": "市の様式",
            "file": SimpleUploadedFile("様式.xlsx", buffer.getvalue()),
        },
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors["file"]
    assert not ReportTemplate.objects.filter(programme=programme).exists()
