"""Amounts in yen, and the portal's date filters under their old names."""

from django import template
from django.urls import reverse
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


@register.simple_tag
def appointment_ics_url(appointment):
    """The appointment's calendar file, at the signed link its emails carry."""
    from ..services.appointments import appointment_ics_token

    return reverse(
        "support:appointment_ics", kwargs={"token": appointment_ics_token(appointment)}
    )
