"""iCal files (RFC 5545) of a course's sessions and of a consultation appointment.

Times are written in the portal's time zone with its VTIMEZONE definition, so every
calendar program shows the hour the page shows, whatever its own zone or whether it
knows the zone's name (Outlook does not read a bare TZID)."""

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from .models.consultations import ONLINE

PRODID = "-//W.Co SSE//portal//JA"


def _calendar():
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _finish(calendar):
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _where(event, *, place, online, url):
    """LOCATION says where (or that it is online); the link to join goes in the
    description too, where every program shows it."""
    location = " / ".join(
        part for part in (place, str(ONLINE) if online else "") if part
    )
    if location:
        event.add("location", location)
    if url:
        event.add("description", _("Online link: %(url)s") % {"url": url})


def _host():
    return settings.WCO_SITE_URL.split("//")[-1].split("/")[0] or "wco-sse"


def course_calendar(course, *, url=""):
    calendar = _calendar()
    # An X- property is written as given: a line break in the title would end the
    # line (icalendar refuses to write it). The calendar's name is one line, escaped.
    calendar.add("x-wr-calname", vText(" ".join(course.title.split())))
    sessions = list(course.sessions.all())
    for number, session in enumerate(sessions, start=1):
        event = Event()
        event.add("uid", f"course-session-{session.pk}@{_host()}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", timezone.localtime(session.starts_at))
        event.add("dtend", timezone.localtime(session.ends_at))
        summary = course.title
        if len(sessions) > 1:
            summary = f"{course.title} ({number}/{len(sessions)})"
        event.add("summary", summary)
        _where(
            event,
            place=session.venue,
            online=bool(session.online_url),
            url=session.online_url,
        )
        if url:
            event.add("url", url)
        if course.status == course.Status.CANCELLED:
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    return _finish(calendar)


def appointment_calendar(appointment, *, summary):
    slot = appointment.slot
    calendar = _calendar()
    event = Event()
    event.add("uid", f"appointment-{appointment.pk}@{_host()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(slot.starts_at))
    event.add("dtend", timezone.localtime(slot.ends_at))
    event.add("summary", summary)
    _where(event, place=slot.place, online=slot.is_online, url=slot.online_url)
    event.add(
        "status", "CANCELLED" if appointment.status == "cancelled" else "CONFIRMED"
    )
    calendar.add_component(event)
    return _finish(calendar)


def ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
