"""One date style on screens, flashes and histories: 2026年12月12日(土) 14:00 (令和 where
a setting asks for it), never 2026-12-12 on one page and Japanese on the next."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.dateformat import format as date_format

from members.models import Organization, Person
from tests.secretariat import helpers
from tests.support.factories import ConsultationFactory, CourseFactory
from wco_sse.core.dates import format_day, format_moment, format_span

TOKYO = ZoneInfo("Asia/Tokyo")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_helpers_write_the_one_style():
    moment = datetime.datetime(2026, 12, 12, 14, 0, tzinfo=TOKYO)
    with translation.override("ja"):
        assert format_moment(moment) == "2026年12月12日(土) 14:00"
        assert format_moment(moment, wareki=True) == "令和8年12月12日(土) 14:00"
        assert format_day(moment.date()) == "2026年12月12日(土)"
        assert (
            format_span(moment, moment + datetime.timedelta(hours=2))
            == "2026年12月12日(土) 14:00–16:00"
        )
        assert format_day(None) == ""
    with translation.override("en"):
        assert format_moment(moment) == "Sat 12 Dec 2026 14:00"


def test_every_weekday_reads_as_django_writes_it_in_japanese():
    monday = datetime.date(2026, 12, 7)
    with translation.override("ja"):
        for offset in range(7):
            day = monday + datetime.timedelta(days=offset)
            assert format_day(day).endswith(date_format(day, "(D)"))


@pytest.mark.django_db
def test_staff_pages_show_no_iso_dates(client, demo):
    """The pages a secretariat member opens on day one write every date alike."""
    meeting = helpers.meeting(demo)
    item = helpers.item(demo, status="placed", meeting=meeting)
    organization = Organization.objects.order_by("pk").first()
    person = Person.objects.exclude(role_assignments=None).order_by("pk").first()
    course = CourseFactory()
    consultation = ConsultationFactory()
    client.force_login(demo["staff"])
    urls = [
        reverse("secretariat:meeting_list"),
        reverse("secretariat:meeting_detail", args=[meeting.pk]),
        reverse("secretariat:meeting_agenda", args=[meeting.pk]),
        reverse("secretariat:item_detail", args=[item.pk]),
        reverse("secretariat:notice_list"),
        reverse("secretariat:written_list"),
        reverse("members:organization_detail", args=[organization.pk]),
        reverse("members:person_detail", args=[person.pk]),
        reverse("members:role_list"),
        reverse("members:dues_list"),
        reverse("members:dues_unpaid"),
        reverse("support:course_manage", args=[course.pk]),
        reverse("support:consultation_queue"),
        reverse("support:consultation_detail", args=[consultation.pk]),
        reverse("members:mypage"),
    ]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        dates = ISO_DATE.findall(_visible_text(response.content.decode()))
        if dates:
            found[url] = dates[:3]
    assert not found, found
