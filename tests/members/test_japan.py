import datetime

import pytest

from wco_sse.core.japan import (
    fiscal_year,
    format_fiscal_year,
    format_wareki,
    parse_japanese_date,
)


@pytest.mark.parametrize(
    ("day", "year"),
    [("2026-04-01", 2026), ("2027-03-31", 2026), ("2026-03-31", 2025)],
)
def test_fiscal_year_runs_april_to_march(day, year):
    assert fiscal_year(datetime.date.fromisoformat(day)) == year


@pytest.mark.parametrize(
    ("day", "text"),
    [
        ("2026-11-28", "令和8年11月28日"),
        ("2019-05-01", "令和元年5月1日"),
        ("2019-04-30", "平成31年4月30日"),
        ("1989-01-08", "平成元年1月8日"),
        ("1989-01-07", "昭和64年1月7日"),
    ],
)
def test_wareki(day, text):
    assert format_wareki(datetime.date.fromisoformat(day)) == text


def test_fiscal_year_names():
    assert format_fiscal_year(2026) == "2026年度"
    assert format_fiscal_year(2026, wareki=True) == "令和8年度"
    assert format_fiscal_year(2019, wareki=True) == "令和元年度"
    assert format_fiscal_year(2018, wareki=True) == "平成30年度"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("平成15年4月1日", "2003-04-01"),
        ("令和元年5月1日", "2019-05-01"),
        ("H15.4.1", "2003-04-01"),
        ("R5/2/1", "2023-02-01"),
        ("２００８／１０／０１", "2008-10-01"),
        ("2008/10/01", "2008-10-01"),
        ("2008-10-01", "2008-10-01"),
        ("2023年2月1日", "2023-02-01"),
        ("20230201", "2023-02-01"),
        (" 昭和６０年 ４月 １日 ", "1985-04-01"),
    ],
)
def test_parse_japanese_dates(text, day):
    assert parse_japanese_date(text) == datetime.date.fromisoformat(day)


@pytest.mark.parametrize(
    "text", ["", "平成32年13月1日", "2023/2/30", "令和元年4月1日", "明日", "2023年"]
)
def test_bad_dates_raise(text):
    with pytest.raises(ValueError):
        parse_japanese_date(text)
