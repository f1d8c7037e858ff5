"""Amounts in yen, and the portal's date filters under their old names."""

from django import template
from django.utils.translation import get_language

from wco_sse.core.templatetags import dates

register = template.Library()


# One date style across the portal: the support pages' filters are the core's.
register.filter("day", dates.day)
register.filter("when", dates.when)
register.simple_tag(dates.timespan, name="timespan")


@register.filter
def yen(value):
    if value is None:
        return ""
    return (
        f"{int(value):,}円"
        if (get_language() or "ja").startswith("ja")
        else f"¥{int(value):,}"
    )
