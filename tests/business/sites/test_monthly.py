"""The monthly table of a site for a fiscal year: totals per month and for the
year, and the months that miss a funder's condition, each with its reason."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from business.selectors.sites import monthly_table
from tests.business import factories as f
from wco_sse.core.japan import fiscal_year

from .helpers import condition, recorded_pantry

pytestmark = pytest.mark.django_db

YEAR = 2025  # April 2025 – March 2026, all past
TODAY = datetime.date(2026, 5, 10)


def _on(site, day, type_name="食堂", **fields):
    return f.session(site, date=day, type_name=type_name, **fields)


def test_the_table_adds_up_each_month_and_the_year(demo):
    site = recorded_pantry(demo)
    _on(
        site,
        datetime.date(2025, 4, 5),
        adults=10,
        children=20,
        meals=30,
        households=12,
        volunteers=4,
        volunteer_hours=Decimal("8.5"),
    )
    _on(
        site,
        datetime.date(2025, 4, 19),
        adults=7,
        children=15,
        meals=22,
        households=9,
        volunteers=3,
        volunteer_hours=6,
    )
    _on(site, datetime.date(2025, 4, 19), type_name="学習支援", children=6)
    _on(site, datetime.date(2026, 3, 14), adults=2, food_packages=9, households=9)
    # Outside the fiscal year.
    _on(site, datetime.date(2025, 3, 29), adults=100)
    _on(site, datetime.date(2026, 4, 1), adults=100)
    table = monthly_table(site, YEAR, today=TODAY)
    assert [row.month.month for row in table.months] == [
        4,
        5,
        6,
        7,
        8,
        9,
        10,
        11,
        12,
        1,
        2,
        3,
    ]
    april, march = table.months[0], table.months[-1]
    assert (april.sessions, april.adults, april.children, april.meals) == (
        3,
        17,
        41,
        52,
    )
    assert (april.households, april.volunteers) == (21, 7)
    assert april.volunteer_hours == Decimal("14.5")
    assert (march.sessions, march.food_packages) == (1, 9)
    assert table.months[1].sessions == 0
    assert (table.total.sessions, table.total.adults) == (4, 19)
    assert table.total.children == 41 + 0
    assert not table.flagged


def test_a_month_with_too_few_session_days_is_flagged(demo):
    site = recorded_pantry(demo)
    condition(site, funder_name="横浜市", sessions_per_month=2)
    _on(site, datetime.date(2025, 4, 5))
    _on(site, datetime.date(2025, 4, 19))
    # May: two types on one day are one day of sessions.
    _on(site, datetime.date(2025, 5, 10))
    _on(site, datetime.date(2025, 5, 10), type_name="学習支援")
    for month in range(6, 13):
        _on(site, datetime.date(2025, month, 7))
        _on(site, datetime.date(2025, month, 21))
    table = monthly_table(site, YEAR, today=TODAY)
    flagged = {row.month: row.flags for row in table.flagged}
    assert datetime.date(2025, 4, 1) not in flagged
    assert flagged[datetime.date(2025, 5, 1)] == [
        "横浜市：開催日が1日で、求められている月2回に足りません"
    ]
    # January to March had no sessions at all: flagged too.
    assert datetime.date(2026, 1, 1) in flagged
    assert len(flagged) == 4


def test_short_sessions_few_meals_and_a_missing_notification_are_flagged(demo):
    site = recorded_pantry(demo)
    condition(
        site,
        funder_name="子ども食堂助成",
        hours_per_session=Decimal("2.0"),
        meals_per_session=20,
        health_notice_required=True,
        health_notice_on=datetime.date(2025, 6, 15),
    )
    _on(
        site,
        datetime.date(2025, 4, 5),
        starts=datetime.time(11),
        ends=datetime.time(12, 30),
        meals=25,
    )
    _on(
        site,
        datetime.date(2025, 7, 5),
        starts=datetime.time(11),
        ends=datetime.time(14),
        meals=12,
    )
    _on(
        site,
        datetime.date(2025, 8, 2),
        starts=datetime.time(11),
        ends=datetime.time(14),
        meals=30,
    )
    table = monthly_table(site, YEAR, today=TODAY)
    flags = {row.month.month: row.flags for row in table.months}
    assert "子ども食堂助成：2時間に満たない開催が1回あります" in flags[4]
    # Notified in June: April and May lack it, July on has it.
    assert "子ども食堂助成：保健所への届出が記録されていません" in flags[4]
    assert "子ども食堂助成：保健所への届出が記録されていません" in flags[5]
    assert flags[7] == ["子ども食堂助成：食数が20食に満たない開催が1回あります"]
    assert flags[8] == []


def test_a_condition_applies_within_its_own_period(demo):
    site = recorded_pantry(demo)
    condition(
        site,
        funder_name="期間限定助成",
        sessions_per_month=4,
        start=datetime.date(2025, 10, 1),
        end=datetime.date(2025, 12, 31),
    )
    for month in range(4, 13):
        _on(site, datetime.date(2025, month, 3))
    table = monthly_table(site, YEAR, today=TODAY)
    assert [row.month.month for row in table.flagged] == [10, 11, 12]


def test_the_running_month_is_not_held_to_the_number_of_days(demo):
    site = recorded_pantry(demo)
    condition(site, funder_name="横浜市", sessions_per_month=2)
    today = datetime.date.today()
    first = today.replace(day=1) - datetime.timedelta(days=70)
    _on(site, first)
    table = monthly_table(site, fiscal_year(today))
    running = [row for row in table.months if row.month == today.replace(day=1)]
    if running:
        assert not running[0].flags


def test_the_site_page_shows_the_table_the_chart_data_and_the_flags(client, demo):
    site = recorded_pantry(demo)
    condition(site, funder_name="横浜市", sessions_per_month=2)
    _on(site, datetime.date(2025, 4, 5), adults=11, children=22, meals=33)
    client.force_login(demo["board"])
    page = client.get(
        reverse("business:site_detail", args=[site.pk]), {"year": YEAR}
    ).content.decode()
    assert "2025年度 月別の開催実績" in page
    assert 'id="site-chart-data"' in page
    assert "business-sites.js" in page and "chart.umd.min.js" in page
    assert "条件未達" in page
    # April, the first month, began partway; May on had no sessions.
    assert "横浜市：開催日が0日で、求められている月2回に足りません" in page
    assert "<script>" not in page.replace('<script type="application/json"', "")


def test_the_export_holds_the_months_and_is_logged(client, demo):
    from wco_sse.core.models import ExportLog

    site = recorded_pantry(demo)
    condition(site, funder_name="横浜市", sessions_per_month=2)
    _on(site, datetime.date(2025, 4, 5), adults=11, children=22, meals=33)
    _on(site, datetime.date(2025, 4, 19), adults=9, children=18, meals=27)
    client.force_login(demo["member"])
    answer = client.get(
        reverse("business:site_export", args=[site.pk]),
        {"year": YEAR, "format": "csv"},
    )
    assert answer.status_code == 200
    text = answer.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("月,開催回数,大人,子ども")
    assert lines[1].startswith("2025-04,2,20,40,")
    assert lines[-1].startswith("合計,2,20,40,")
    assert "開催日が0日" in text  # May on: no sessions
    assert ExportLog.objects.filter(actor=demo["member"], row_count=13).exists()
    xlsx = client.get(reverse("business:site_export", args=[site.pk]), {"year": YEAR})
    assert xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_the_programmes_months_add_up_its_sites(demo):
    from business.selectors.sites import programme_site_months

    first = recorded_pantry(demo)
    second = f.site(first.programme, name="第二の拠点")
    elsewhere = f.site(name="別事業の拠点")
    _on(first, datetime.date(2025, 4, 5), adults=10, meals=30)
    _on(second, datetime.date(2025, 4, 12), adults=5, meals=12)
    _on(second, datetime.date(2025, 6, 1), adults=3)
    _on(elsewhere, datetime.date(2025, 4, 5), adults=100)
    months = programme_site_months(
        first.programme, datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)
    )
    assert list(months) == [datetime.date(2025, 4, 1), datetime.date(2025, 6, 1)]
    april = months[datetime.date(2025, 4, 1)]
    assert (april["sessions"], april["adults"], april["meals"]) == (2, 15, 42)
    assert months[datetime.date(2025, 6, 1)]["adults"] == 3
