"""The one way the portal writes a date or a moment for people to read.

Pages, flash messages, emails and histories all say 2026年12月12日(土) 14:00, never
2026-12-12 on one page and 12月12日 on the next; 令和8年12月12日(土) where a setting asks
for the Japanese era. In English: Sat 12 Dec 2026 14:00.
"""

import datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language

from .japan import format_wareki


def _japanese():
    return (get_language() or "ja").startswith("ja")


def _local(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


# Django's Japanese catalogue's abbreviated weekdays, Monday first: looked up here
# rather than through dateformat, which costs a page with a hundred dates a few
# milliseconds (tests/platform/test_dates.py holds them to Django's).
_JA_WEEKDAYS = "月火水木金土日"


def _day(value, *, wareki):
    """``format_day`` of a value already in local time."""
    if not _japanese():
        return date_format(value, "D j M Y")
    day = value.date() if isinstance(value, datetime.datetime) else value
    weekday = f"({_JA_WEEKDAYS[day.weekday()]})"
    if wareki:
        return f"{format_wareki(day)}{weekday}"
    return f"{day.year}年{day.month}月{day.day}日{weekday}"


def format_day(value, *, wareki=False):
    """2026年12月12日(土), 令和8年12月12日(土) or Sat 12 Dec 2026; "" for nothing."""
    if not value:
        return ""
    return _day(_local(value), wareki=wareki)


def format_moment(value, *, wareki=False):
    """2026年12月12日(土) 14:00 (a date alone is written as a day)."""
    if not value:
        return ""
    if not isinstance(value, datetime.datetime):
        return format_day(value, wareki=wareki)
    value = _local(value)
    return f"{_day(value, wareki=wareki)} {value:%H:%M}"


def format_span(start, end, *, wareki=False):
    """2026年12月12日(土) 14:00–16:00 (the end's date only when it differs)."""
    if not end:
        return format_moment(start, wareki=wareki)
    start, end = _local(start), _local(end)
    if start.date() == end.date():
        return f"{format_moment(start, wareki=wareki)}–{end:%H:%M}"
    return (
        f"{format_moment(start, wareki=wareki)} – {format_moment(end, wareki=wareki)}"
    )


def format_month(value):
    """2026年12月 / Dec 2026."""
    if not value:
        return ""
    if not _japanese():
        return date_format(value, "M Y")
    return f"{value.year}年{value.month}月"
