"""Reads of the reports part: indicator sets and their versions, the version a
programme reports with each fiscal year, period reports with their computed ratios and
rates, a period's site totals, and the periods a contract reports on."""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Sum

from wco_sse.core.japan import fiscal_year, fiscal_year_bounds, format_fiscal_year
from wco_sse.core.selectors import get_visible_or_404

from ..models import (
    Contract,
    Indicator,
    IndicatorSet,
    IndicatorSetVersion,
    PeriodReport,
    Programme,
    ProgrammeIndicatorYear,
    ReportTemplate,
    ReportValue,
    Session,
)

DASH = "—"

# --- Indicator sets -------------------------------------------------------------------


def indicator_set_list():
    """Every set with its versions (newest first) and the indicators counted (two
    queries); ``latest`` is the newest version."""
    sets = list(
        IndicatorSet.objects.select_related("kind").prefetch_related(
            Prefetch(
                "versions",
                queryset=IndicatorSetVersion.objects.annotate(
                    indicator_count=Count("indicators")
                ).order_by("-number"),
            )
        )
    )
    for indicator_set in sets:
        versions = list(indicator_set.versions.all())
        indicator_set.latest = versions[0] if versions else None
    return sets


def indicator_set_get_for(*, user, pk, perm="business.view_indicators"):
    return get_visible_or_404(
        IndicatorSet.objects.select_related("kind"), user=user, perm=perm, pk=pk
    )


def version_get_for(*, user, pk, perm="business.manage_indicators"):
    return get_visible_or_404(
        IndicatorSetVersion.objects.select_related("indicator_set"),
        user=user,
        perm=perm,
        pk=pk,
    )


def indicator_get_for(*, user, pk, perm="business.manage_indicators"):
    return get_visible_or_404(
        Indicator.objects.select_related("version", "version__indicator_set"),
        user=user,
        perm=perm,
        pk=pk,
    )


def version_in_use(version):
    """A version a report or a programme's year uses is kept as it is."""
    return (
        PeriodReport.objects.filter(version=version).exists()
        or ProgrammeIndicatorYear.objects.filter(version=version).exists()
    )


def set_versions(indicator_set):
    """The set's versions, newest first, each with its ``indicators`` (terms joined)
    and ``in_use`` (three queries)."""
    used = PeriodReport.objects.filter(version=OuterRef("pk"))
    chosen = ProgrammeIndicatorYear.objects.filter(version=OuterRef("pk"))
    versions = list(
        indicator_set.versions.select_related("created_by__person")
        .annotate(reported=Exists(used), chosen=Exists(chosen))
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.select_related(
                    "numerator", "denominator"
                ).order_by("position", "pk"),
            )
        )
        .order_by("-number")
    )
    for version in versions:
        version.in_use = version.reported or version.chosen
    return versions


def version_choices():
    """Every version, labelled with its set, newest first in each set (one query)."""
    return [
        (version.pk, f"{version.indicator_set.name} v{version.number}")
        for version in IndicatorSetVersion.objects.select_related(
            "indicator_set"
        ).order_by("indicator_set__name", "indicator_set_id", "-number")
    ]


# --- Programmes and their years -------------------------------------------------------


def programme_get_for(*, user, pk, perm="business.view_report"):
    """The programme, or 404 (missing, or ``user`` lacks ``perm``)."""
    return get_visible_or_404(
        Programme.objects.select_related("kind", "lead"), user=user, perm=perm, pk=pk
    )


def programme_years(programme):
    """The versions the programme reports with, by fiscal year (one query)."""
    years = list(
        programme.indicator_years.select_related("version__indicator_set").order_by(
            "-fiscal_year"
        )
    )
    for year in years:
        year.label = format_fiscal_year(year.fiscal_year)
    return years


def programme_version(programme, year):
    chosen = (
        ProgrammeIndicatorYear.objects.filter(programme=programme, fiscal_year=year)
        .select_related("version__indicator_set")
        .first()
    )
    return chosen.version if chosen else None


def programme_contracts(programme):
    return list(programme.contracts.select_related("client").order_by("-fiscal_year"))


def programme_templates(programme):
    return list(programme.templates.select_related("created_by").order_by("name"))


def template_get_for(*, user, pk, perm="business.manage_report"):
    return get_visible_or_404(
        ReportTemplate.objects.select_related("programme"), user=user, perm=perm, pk=pk
    )


def programme_client_name(programme, contract=None):
    """The 委託元: the contract's client, else the programme's client partner."""
    if contract is not None:
        return contract.client.name
    partner = (
        programme.partners.filter(part="client").select_related("organization").first()
    )
    return partner.organization.name if partner else ""


# --- Periods --------------------------------------------------------------------------


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_in(start, end):
    """The calendar months a period spans (April–June: 3)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


STEP = {"monthly": 1, "quarterly": 3, "yearly": 12}


def contract_periods(contract):
    """The periods the contract reports on: months, quarters or the year of its
    fiscal year, those that overlap the contract's dates."""
    first, last = fiscal_year_bounds(contract.fiscal_year)
    step = STEP.get(contract.report_frequency, 1)
    periods = []
    start = first
    while start <= last:
        end = month_end(add_months(start, step - 1))
        if end >= contract.start and start <= contract.end:
            periods.append((start, end))
        start = add_months(start, step)
    return periods


def report_due_date(contract, period_end):
    """The due day of the month after the period (the month's last day if shorter)."""
    month = add_months(period_end, 1)
    last = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=min(contract.report_due_day, last))


def period_label(start, end):
    if start.day == 1 and end == month_end(start) and start.month == end.month:
        return f"{start.year}年{start.month}月"
    if start.day == 1 and end == month_end(end):
        if start.year == end.year:
            return f"{start.year}年{start.month}月〜{end.month}月"
        return f"{start.year}年{start.month}月〜{end.year}年{end.month}月"
    return f"{start.year}年{start.month}月{start.day}日〜{end.year}年{end.month}月{end.day}日"


def period_label_wareki(start, end):
    from wco_sse.core.japan import format_date

    if start.day == 1 and end == month_end(end):
        first = format_date(start, wareki=True).rsplit("月", 1)[0] + "月"
        if start.year == end.year and start.month == end.month:
            return first
        return first + "〜" + format_date(end, wareki=True).rsplit("月", 1)[0] + "月"
    return format_date(start, wareki=True) + "〜" + format_date(end, wareki=True)


# --- Reports --------------------------------------------------------------------------


def report_list(*, programme=None, year=None, state=""):
    """Reports with what a row shows (one query)."""
    reports = PeriodReport.objects.select_related(
        "programme", "contract", "contract__client", "version__indicator_set"
    ).annotate(corrected=Exists(PeriodReport.objects.filter(supersedes=OuterRef("pk"))))
    if programme is not None:
        reports = reports.filter(programme=programme)
    if year is not None:
        first, last = fiscal_year_bounds(year)
        reports = reports.filter(period_start__gte=first, period_start__lte=last)
    if state in PeriodReport.State.values:
        reports = reports.filter(state=state)
    return reports.order_by("programme__title", "programme_id", "-period_start", "-pk")


def programme_report_summary(programme, *, limit=6):
    """What a programme's page shows of its reports (the programmes part includes
    ``business/reports/_programme_reports.html``): the latest periods, each at its
    latest revision, with ``label`` (one query)."""
    latest = report_list(programme=programme).filter(corrected=False)
    reports = list(latest.order_by("-period_start", "-pk")[:limit])
    for report in reports:
        report.label = period_label(report.period_start, report.period_end)
    return reports


# What a report's pages show of its programme, contract and indicator set.
REPORT_RELATED = (
    "programme",
    "programme__lead",
    "contract",
    "contract__client",
    "version__indicator_set",
    "supersedes",
    "created_by",
)


def report_get_for(*, user, pk, perm="business.view_report", related=True):
    """The report, or 404 when missing or outside ``user``'s reach for ``perm``;
    ``related=False`` reads the report's row alone (a page kept whole checks the
    reach on it, and reads the rest with ``report_with_related`` when rendered:
    the seven joins cost more to plan than the kept page to serve)."""
    queryset = PeriodReport.objects.all()
    if related:
        queryset = queryset.select_related(*REPORT_RELATED)
    return get_visible_or_404(queryset, user=user, perm=perm, pk=pk)


def report_with_related(report):
    """``report`` again, with what its page shows of the records around it."""
    return PeriodReport.objects.select_related(*REPORT_RELATED).get(pk=report.pk)


def report_revisions(report):
    """Every revision of the report's period, newest first (one query)."""
    return list(
        PeriodReport.objects.filter(
            programme_id=report.programme_id,
            period_start=report.period_start,
            period_end=report.period_end,
        )
        .select_related("created_by__person")
        .order_by("-revision")
    )


def report_is_latest(report):
    return not PeriodReport.objects.filter(supersedes=report).exists()


def report_value_map(report):
    return dict(
        ReportValue.objects.filter(report=report).values_list("indicator_id", "value")
    )


@dataclass
class Row:
    indicator: Indicator
    value: int | None  # a count: the number entered (None: not yet)
    shown: str  # what the page, the exports and the PDF show
    rate: str  # the per-100,000 monthly rate, or ""
    number: object  # what a spreadsheet cell takes (int, Decimal or "—")


def _ratio(numerator, denominator, unit):
    if numerator is None or denominator is None or denominator == 0:
        return DASH, DASH
    value = Decimal(numerator) / Decimal(denominator)
    if unit == "%":
        value = (value * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return f"{value}%", value
    value = value.quantize(Decimal("0.01"), ROUND_HALF_UP)
    return str(value), value


def monthly_rate(value, population, months):
    """count ÷ population × 100,000 ÷ months, to one decimal (None without one)."""
    if value is None or not population or months <= 0:
        return None
    rate = Decimal(value) * 100_000 / Decimal(population) / Decimal(months)
    return rate.quantize(Decimal("0.1"), ROUND_HALF_UP)


def report_rows(report, values=None):
    """The report's indicators in order, with values, ratios and rates (one query
    for the indicators, one for the values unless given)."""
    values = report_value_map(report) if values is None else values
    indicators = list(
        report.version.indicators.select_related("numerator", "denominator").order_by(
            "position", "pk"
        )
    )
    population = report.contract.population if report.contract_id else None
    months = months_in(report.period_start, report.period_end)
    rows = []
    for indicator in indicators:
        if indicator.kind == Indicator.Kind.RATIO:
            shown, number = _ratio(
                values.get(indicator.numerator_id),
                values.get(indicator.denominator_id),
                indicator.unit,
            )
            rows.append(Row(indicator, None, shown, "", number))
            continue
        value = values.get(indicator.pk)
        rate = monthly_rate(value, population, months) if indicator.per_100k else None
        rows.append(
            Row(
                indicator,
                value,
                DASH if value is None else f"{value:,}",
                "" if rate is None else str(rate),
                DASH if value is None else value,
            )
        )
    return rows


# --- Site totals ----------------------------------------------------------------------

# (placeholder name, Session field or None for the number of sessions, label)
SITE_TOTALS = (
    ("開催回数", None),
    ("大人の参加者数", "adults"),
    ("子どもの参加者数", "children"),
    ("食数", "meals"),
    ("食品の配布数", "food_packages"),
    ("ボランティア人数", "volunteers"),
    ("ボランティア時間", "volunteer_hours"),
)


def site_totals(programme, start, end):
    """The period's totals over the programme's sites' sessions (one query), as
    (name, value) pairs; None when the programme has no sites."""
    if not programme.sites.exists():
        return None
    sums = Session.objects.filter(
        site__programme=programme, date__gte=start, date__lte=end
    ).aggregate(
        sessions=Count("pk"),
        **{field: Sum(field) for _name, field in SITE_TOTALS if field},
    )
    totals = []
    for name, field in SITE_TOTALS:
        value = sums["sessions"] if field is None else sums[field] or 0
        if isinstance(value, Decimal) and value == value.to_integral_value():
            value = int(value)
        totals.append((name, value))
    return totals


# --- Due reports ----------------------------------------------------------------------


def contracts_reporting(day):
    """Contracts of this and last fiscal year with their programme's lead (one query)."""
    year = fiscal_year(day)
    return Contract.objects.filter(fiscal_year__in=(year - 1, year)).select_related(
        "programme", "programme__lead", "programme__lead__account"
    )


def submitted_periods(contract_ids):
    """(contract id, period start, period end) of the reports already submitted."""
    return set(
        PeriodReport.objects.filter(contract_id__in=contract_ids)
        .exclude(state=PeriodReport.State.DRAFT)
        .values_list("contract_id", "period_start", "period_end")
    )
