"""Japanese calendar and fiscal-year helpers: 和暦, 年度 (April–March), date parsing."""

import datetime
import re
import unicodedata

# (era name, romanized initial, first day)
ERAS = (
    ("令和", "R", datetime.date(2019, 5, 1)),
    ("平成", "H", datetime.date(1989, 1, 8)),
    ("昭和", "S", datetime.date(1926, 12, 25)),
    ("大正", "T", datetime.date(1912, 7, 30)),
    ("明治", "M", datetime.date(1868, 1, 25)),
)


def fiscal_year(day):
    """The fiscal year (年度) a day falls in: April to March, named by its April's year."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(year):
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def era_of(day):
    for name, _initial, start in ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    raise ValueError("Dates before the Meiji era are not supported.")


def _era_year_text(number):
    return "元" if number == 1 else str(number)


def format_wareki(day):
    """令和8年11月28日 (the first year of an era is 元年)."""
    name, number = era_of(day)
    return f"{name}{_era_year_text(number)}年{day.month}月{day.day}日"


def format_date(day, *, wareki=False):
    if day is None:
        return ""
    return format_wareki(day) if wareki else f"{day.year}年{day.month}月{day.day}日"


def format_fiscal_year(year, *, wareki=False):
    """2026年度, or 令和8年度.

    A fiscal year in which an era began takes the new era's name, as official documents
    write it (April 2019 – March 2020 is 令和元年度, though 1 April 2019 was in 平成).
    """
    if not wareki:
        return f"{year}年度"
    for name, _initial, start in ERAS:
        if datetime.date(year + 1, 3, 31) >= start and year >= start.year:
            return f"{name}{_era_year_text(year - start.year + 1)}年度"
    name, number = era_of(datetime.date(year, 4, 1))
    return f"{name}{_era_year_text(number)}年度"


_ERA_BY_TEXT = {name: start for name, _i, start in ERAS} | {
    initial: start for _n, initial, start in ERAS
}
_WAREKI = re.compile(
    r"^(令和|平成|昭和|大正|明治|[RHSTM])\s*(元|\d{1,2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?$"
)
_WESTERN = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_japanese_date(text):
    """Read 平成15年4月1日, H15.4.1, 令和元年5月1日, 2008/10/01, 2008-10-01, 2023年2月1日,
    20230201 (full-width digits too). Returns a date, or raises ValueError."""
    if isinstance(text, datetime.datetime):
        return text.date()
    if isinstance(text, datetime.date):
        return text
    value = unicodedata.normalize("NFKC", str(text or "")).strip().upper()
    value = value.replace("〇", "0")
    if not value:
        raise ValueError("empty")
    if match := _WAREKI.match(value):
        era, year, month, day = match.groups()
        start = _ERA_BY_TEXT[era]
        western_year = start.year + (1 if year == "元" else int(year)) - 1
        result = datetime.date(western_year, int(month), int(day))
        if result < start:
            raise ValueError(f"{text} is before the era began")
        return result
    for pattern in (_WESTERN, _COMPACT):
        if match := pattern.match(value):
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
    raise ValueError(f"not a date: {text}")
