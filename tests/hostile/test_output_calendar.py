"""A course's iCal file carries its title and venue as typed: markup stays text and a
line break cannot start a property or an event of its own."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.hostile import output_world

pytestmark = pytest.mark.django_db

BREAK_OUT = "\r\nATTENDEE:mailto:evil@example.org\r\nEND:VEVENT\r\nBEGIN:VEVENT"


def test_course_calendar_keeps_typed_text_inside_its_properties(client, demo):
    world = output_world.build(demo, parts=("registry", "school"))
    course = world["course"]
    course.title = world.texts["course_title"] + BREAK_OUT
    course.save(update_fields=["title"])
    session = course.sessions.get()
    session.venue = world.texts["venue"] + BREAK_OUT
    session.save(update_fields=["venue"])

    response = client.get(reverse("support:course_ical", args=[course.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    (event,) = events
    assert "ATTENDEE" not in event
    # (iCal text has one line break, \n: a typed \r\n reads back as \n.)
    assert str(event["SUMMARY"]) == course.title.replace("\r\n", "\n")
    assert str(event["LOCATION"]) == session.venue.replace("\r\n", "\n")
    assert str(calendar["X-WR-CALNAME"]) == " ".join(course.title.split())
