"""Dates as the support section's pages write them, in the page's language."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language

register = template.Library()


def _day_format():
    return "Y年n月j日(D)" if (get_language() or "ja").startswith("ja") else "D j M Y"


@register.filter
def day(value):
    """2026年12月5日(土) / Sat 5 Dec 2026."""
    if not value:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
    return date_format(value, _day_format())


@register.filter
def when(value):
    """2026年12月5日(土) 10:00."""
    if not value:
        return ""
    value = timezone.localtime(value)
    return f"{date_format(value, _day_format())} {value:%H:%M}"


@register.simple_tag
def timespan(start, end):
    """2026年12月5日(土) 10:00–12:00 (the end's date only when it differs)."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    if start.date() == end.date():
        return f"{date_format(start, _day_format())} {start:%H:%M}–{end:%H:%M}"
    return f"{when(start)} – {when(end)}"


@register.filter
def yen(value):
    if value is None:
        return ""
    return (
        f"{int(value):,}円"
        if (get_language() or "ja").startswith("ja")
        else f"¥{int(value):,}"
    )


@register.simple_tag
def appointment_ics_url(appointment):
    """The appointment's calendar file, at the signed link its emails carry."""
    from ..services.appointments import appointment_ics_token

    return reverse(
        "support:appointment_ics", kwargs={"token": appointment_ics_token(appointment)}
    )
