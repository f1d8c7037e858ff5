"""Period reports: periods from a contract's frequency, counts entered whole and
non-negative (all or nothing), ratios (a zero denominator shows "—"), the monthly rate
per 100,000, submission and acceptance, a correction as a new revision that keeps
the old one, the sites' totals, the list's filters and its constant queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from business.models import PeriodReport, ReportValue
from business.selectors import reports as selectors
from business.services import reports as services
from tests.business import factories
from wco_sse.core.errors import ServiceError

from .helpers import FULL, indicator, programme, report, submitted, this_month, version

pytestmark = pytest.mark.django_db


def test_a_contract_reports_on_months_quarters_or_its_year(demo):
    made = programme(demo)
    monthly = factories.contract(made, year=2026)
    assert len(selectors.contract_periods(monthly)) == 12
    assert selectors.contract_periods(monthly)[0] == (
        datetime.date(2026, 4, 1),
        datetime.date(2026, 4, 30),
    )
    monthly.report_frequency = "quarterly"
    quarters = selectors.contract_periods(monthly)
    assert quarters[-1] == (datetime.date(2027, 1, 1), datetime.date(2027, 3, 31))
    assert len(quarters) == 4
    monthly.report_frequency = "yearly"
    assert selectors.contract_periods(monthly) == [
        (datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))
    ]
    monthly.report_due_day = 31
    assert selectors.report_due_date(monthly, datetime.date(2027, 1, 31)) == (
        datetime.date(2027, 2, 28)
    )


def test_a_report_for_a_contract_takes_one_of_its_periods(client, demo):
    made = programme(demo)
    contract = factories.contract(made, year=2026)
    client.force_login(demo["business"])
    url = reverse("business:report_create") + f"?programme={made.pk}"
    answer = client.post(
        url, {"period": f"{contract.pk}:2026-04-01:2026-05-15", "version": version().pk}
    )
    assert answer.status_code == 200
    assert "period" in answer.context["form"].errors
    answer = client.post(
        url, {"period": f"{contract.pk}:2026-05-01:2026-05-31", "version": version().pk}
    )
    assert answer.status_code == 302
    made_report = PeriodReport.objects.get(programme=made)
    assert made_report.contract == contract
    assert made_report.version == version()
    assert made.indicator_years.get(fiscal_year=2026).version == version()
    # The same period again is refused.
    answer = client.post(url, {"period": f"{contract.pk}:2026-05-01:2026-05-31"})
    assert answer.status_code == 200
    assert PeriodReport.objects.filter(programme=made).count() == 1


def test_a_report_without_indicators_for_its_year_asks_for_the_version(client, demo):
    made = programme(demo)
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:report_create") + f"?programme={made.pk}",
        {"period_start": "2026-04-01", "period_end": "2026-04-30"},
    )
    assert answer.status_code == 200
    assert "version" in answer.context["form"].errors
    assert not PeriodReport.objects.filter(programme=made).exists()


@pytest.mark.parametrize("bad", ["-1", "1.5", "三", "10000000000"])
def test_a_count_that_is_not_a_whole_number_is_refused_and_nothing_is_saved(
    client, demo, bad
):
    made = report(demo, values={"新規相談受付件数": 7})
    first = indicator(made.version, "新規相談受付件数")
    second = indicator(made.version, "プラン作成件数")
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:report_edit", args=[made.pk]),
        {f"i{first.pk}": "9", f"i{second.pk}": bad},
    )
    assert answer.status_code == 200
    assert f"i{second.pk}" in answer.context["form"].errors
    assert list(
        ReportValue.objects.filter(report=made).values_list("value", flat=True)
    ) == [7]


def test_the_service_refuses_a_negative_count_too(demo):
    made = report(demo)
    first = indicator(made.version, "新規相談受付件数")
    with pytest.raises(ServiceError) as refused:
        services.report_values_save(
            actor=demo["business"], report=made, values={first.pk: -3}
        )
    assert refused.value.field == f"i{first.pk}"
    assert not made.values.exists()


def test_counts_ratios_and_a_zero_denominator(client, demo):
    made = report(demo, values={**FULL, "就労支援対象者数": 0})
    client.force_login(demo["business"])
    page = client.get(reverse("business:report_detail", args=[made.pk]))
    rows = {row.indicator.name: row for row in page.context["rows"]}
    assert rows["就労・増収率"].shown == "—"
    assert rows["新規相談受付件数"].shown == "42"
    services.report_values_save(
        actor=demo["business"],
        report=made,
        values={indicator(made.version, "就労支援対象者数").pk: 12},
    )
    page = client.get(reverse("business:report_detail", args=[made.pk]))
    text = page.content.decode()
    assert "41.7%" in text  # 5 ÷ 12


def test_the_monthly_rate_per_100000_uses_the_contracts_population(client, demo):
    made = programme(demo)
    contract = factories.contract(
        made, year=2026, population=3_770_000, report_frequency="quarterly"
    )
    quarter = report(
        demo,
        programme_=made,
        contract=contract,
        start=datetime.date(2026, 4, 1),
        end=datetime.date(2026, 6, 30),
        values={"新規相談受付件数": 120, "プラン作成件数": 45},
    )
    rows = {row.indicator.name: row for row in selectors.report_rows(quarter)}
    # 120 ÷ 3,770,000 × 100,000 ÷ 3 months = 1.06…
    assert rows["新規相談受付件数"].rate == "1.1"
    assert rows["プラン作成件数"].rate == "0.4"
    assert rows["就労者数"].rate == ""  # not a per-100,000 indicator
    client.force_login(demo["board"])
    text = client.get(reverse("business:report_detail", args=[quarter.pk])).content
    assert "3770000" in text.decode() or "3,770,000" in text.decode()


def test_submission_needs_every_count_then_acceptance_follows(client, demo):
    made = report(demo, values={"新規相談受付件数": 4})
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:report_submit", args=[made.pk]),
        {
            "submitted_on": timezone.localdate().isoformat(),
            "submitted_to": "生活支援課",
        },
    )
    assert answer.status_code == 200
    made.refresh_from_db()
    assert made.state == "draft"
    services.report_values_save(
        actor=demo["business"],
        report=made,
        values={indicator(made.version, n).pk: v for n, v in FULL.items()},
    )
    answer = client.post(
        reverse("business:report_submit", args=[made.pk]),
        {
            "submitted_on": timezone.localdate().isoformat(),
            "submitted_to": "生活支援課",
        },
    )
    assert answer.status_code == 302
    made.refresh_from_db()
    assert made.state == "submitted" and made.submitted_to == "生活支援課"
    # A submitted report's counts are not changed in place.
    assert (
        client.get(reverse("business:report_edit", args=[made.pk])).status_code == 302
    )
    early = (made.submitted_on - datetime.timedelta(days=1)).isoformat()
    answer = client.post(
        reverse("business:report_accept", args=[made.pk]), {"accepted_on": early}
    )
    assert answer.status_code == 200
    assert "accepted_on" in answer.context["form"].errors
    answer = client.post(
        reverse("business:report_accept", args=[made.pk]),
        {"accepted_on": timezone.localdate().isoformat()},
    )
    assert answer.status_code == 302
    made.refresh_from_db()
    assert made.state == "accepted"


def test_a_correction_is_a_new_revision_that_keeps_the_old_one(client, demo):
    old = submitted(demo)
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:report_correct", args=[old.pk]), {"reason": ""}
    )
    assert answer.status_code == 200
    assert "reason" in answer.context["form"].errors
    answer = client.post(
        reverse("business:report_correct", args=[old.pk]),
        {"reason": "新規相談受付件数の集計漏れ"},
    )
    new = PeriodReport.objects.get(supersedes=old)
    assert answer.status_code == 302
    assert new.revision == 2 and new.state == "draft"
    assert selectors.report_value_map(new) == selectors.report_value_map(old)
    first = indicator(new.version, "新規相談受付件数")
    services.report_values_save(
        actor=demo["business"], report=new, values={first.pk: 45}
    )
    old.refresh_from_db()
    assert old.state == "submitted"
    assert selectors.report_value_map(old)[first.pk] == 42
    # The old revision is corrected once.
    with pytest.raises(ServiceError):
        services.report_correct(actor=demo["business"], report=old, reason="もう一度")
    page = client.get(reverse("business:report_detail", args=[old.pk])).content.decode()
    assert "新規相談受付件数の集計漏れ" in page
    assert reverse("business:report_detail", args=[new.pk]) in page
    assert "alert-warning" in page


def test_the_report_shows_the_periods_site_totals(client, demo):
    made = programme(demo, kind_name="食支援", title="居場所事業")
    site = factories.site(made)
    start, end = this_month()
    day = timezone.localdate()
    factories.session(
        site,
        date=day,
        adults=12,
        children=20,
        meals=32,
        volunteers=5,
        volunteer_hours=15,
    )
    if day.day > 1:
        factories.session(
            site,
            date=start,
            adults=8,
            children=10,
            meals=18,
            volunteers=4,
            volunteer_hours=10,
            type_name="弁当配布",
        )
        expected_meals = 50
    else:
        expected_meals = 32
    factories.session(site, date=start - datetime.timedelta(days=1), meals=99)
    made_report = report(demo, programme_=made, start=start, end=end)
    client.force_login(demo["board"])
    page = client.get(reverse("business:report_detail", args=[made_report.pk]))
    totals = dict(page.context["site_totals"])
    assert totals["食数"] == expected_meals
    assert "ボランティア時間" in page.content.decode()


def test_a_programme_without_sites_shows_no_site_totals(client, demo):
    made = report(demo)
    client.force_login(demo["business"])
    page = client.get(reverse("business:report_detail", args=[made.pk]))
    assert page.context["site_totals"] is None


def test_the_list_filters_and_runs_a_constant_number_of_queries(
    client, demo, django_assert_max_num_queries
):
    mine = report(demo)
    other = programme(demo, title="別の事業")
    client.force_login(demo["board"])
    url = reverse("business:report_list")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for month in (4, 5, 6, 7, 8, 9):
        start = datetime.date(2025, month, 1)
        report(demo, programme_=other, start=start, end=selectors.month_end(start))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.status_code == 200
    assert len(page.context["reports"]) == 7
    page = client.get(url, {"programme": mine.programme_id})
    assert [r.pk for r in page.context["reports"]] == [mine.pk]
    page = client.get(url, {"year": 2025, "state": "draft"})
    assert len(page.context["reports"]) == 6
    page = client.get(url, {"state": "accepted"})
    assert page.context["reports"] == []


def test_the_list_pages_fifty_at_a_time_keeping_the_filter(client, demo):
    made = programme(demo)
    start = datetime.date(2020, 4, 1)
    for month in range(52):
        first = selectors.add_months(start, month)
        report(demo, programme_=made, start=first, end=selectors.month_end(first))
    client.force_login(demo["business"])
    url = reverse("business:report_list")
    page = client.get(url, {"programme": made.pk})
    assert len(page.context["reports"]) == 50
    assert f"programme={made.pk}&amp;page=2" in page.content.decode()
    page = client.get(url, {"programme": made.pk, "page": 2})
    assert len(page.context["reports"]) == 2


def test_the_programme_panel_lists_its_latest_reports(demo):
    from django.template.loader import render_to_string

    made = report(demo)
    html = render_to_string(
        "business/reports/_programme_reports.html",
        {
            "programme": made.programme,
            "reports": selectors.programme_report_summary(made.programme),
        },
    )
    start, _end = this_month()
    assert f"{start.year}年{start.month}月" in html
    assert reverse("business:report_detail", args=[made.pk]) in html


def test_the_programme_page_shows_its_latest_reports_and_leads_to_the_rest(
    client, demo
):
    """The programme's page lists its periods at their latest revision (a corrected
    one only once, as its correction) and leads to the report list filtered to the
    programme; the section may start a report from it."""
    first = submitted(demo)
    made = first.programme
    correction = services.report_correct(
        actor=demo["business"], report=first, reason="件数の誤り"
    )
    client.force_login(demo["business"])
    page = client.get(made.get_absolute_url())
    html = page.content.decode()
    assert [r.pk for r in page.context["reports"]] == [correction.pk]
    assert reverse("business:report_detail", args=[correction.pk]) in html
    assert reverse("business:report_detail", args=[first.pk]) not in html
    listing = f"{reverse('business:report_list')}?programme={made.pk}"
    assert listing in html
    assert f"{reverse('business:report_create')}?programme={made.pk}" in html
    assert [r.pk for r in client.get(listing).context["reports"]] == [
        correction.pk,
        first.pk,
    ]
    # The board reads reports but starts none.
    client.force_login(demo["board"])
    html = client.get(made.get_absolute_url()).content.decode()
    assert listing in html
    assert reverse("business:report_create") not in html


def test_the_council_finds_no_reports_on_the_programme_page(client, demo):
    made = report(demo)
    client.force_login(demo["council"])
    html = client.get(made.programme.get_absolute_url()).content.decode()
    assert "実績報告" not in html
    assert reverse("business:report_list") not in html
    assert reverse("business:report_detail", args=[made.pk]) not in html


def test_the_landing_leads_the_readers_to_the_period_reports(client, demo):
    url = reverse("business:report_list")
    for who in ("business", "board"):
        client.force_login(demo[who])
        landing = client.get(reverse("business:index")).content.decode()
        assert url in landing and "実績報告" in landing
    client.force_login(demo["council"])
    landing = client.get(reverse("business:index")).content.decode()
    assert url not in landing and "実績報告" in landing


def test_the_report_page_runs_a_constant_number_of_queries(
    client, demo, django_assert_max_num_queries
):
    """More revisions, client spreadsheets and places with sessions in the period
    add rows to the report's page, not queries."""
    from .helpers import template

    first = submitted(demo)
    made = first.programme
    start, _end = this_month()
    latest = [first]

    def add_one_of_each(number):
        correction = services.report_correct(
            actor=demo["business"], report=latest[-1], reason=f"訂正{number}"
        )
        latest.append(
            services.report_submit(
                actor=demo["business"],
                report=correction,
                submitted_on=timezone.localdate(),
                submitted_to="横浜市 生活支援課",
            )
        )
        template(demo, made, name=f"市の様式{number}")
        site = factories.site(made, name=f"拠点{number}")
        factories.session(site, date=start, meals=10 + number)

    add_one_of_each(0)
    url = reverse("business:report_detail", args=[first.pk])
    client.force_login(demo["business"])
    client.get(url)  # warm the role snapshot
    # The page as rendered, not as kept for the viewer (core.views.CachedPageMixin).
    with django_assert_max_num_queries(40) as few:
        assert client.get(url, {"reading": "1"}).status_code == 200
    baseline = len(few.captured_queries)
    for number in range(1, 4):
        add_one_of_each(number)
    client.get(url)
    with django_assert_max_num_queries(baseline):
        response = client.get(url, {"reading": "2"})
    assert len(response.context["revisions"]) == 5
    assert len(response.context["templates"]) == 4
    assert dict(response.context["site_totals"])["食数"] == 10 + 11 + 12 + 13
