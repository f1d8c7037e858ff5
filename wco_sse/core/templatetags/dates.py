"""Dates as every page writes them (``wco_sse.core.dates``); built into every template.

``{{ course.starts_at|when }}`` 2026年12月12日(土) 14:00, ``{{ day|day }}``
2026年12月12日(土), ``{% timespan start end %}``; ``"wareki"`` as the argument writes
the Japanese era.
"""

from django import template

from wco_sse.core.dates import format_day, format_moment, format_month, format_span

register = template.Library()


def _wareki(era):
    """``"wareki"``, or a document's own setting (True/False)."""
    return era is True or era == "wareki"


@register.filter
def day(value, era=""):
    return format_day(value, wareki=_wareki(era))


@register.filter
def when(value, era=""):
    return format_moment(value, wareki=_wareki(era))


@register.filter
def month(value):
    return format_month(value)


@register.simple_tag
def timespan(start, end, era=""):
    return format_span(start, end, wareki=_wareki(era))
