"""Calendar files and where an appointment takes place: every .ics carries its time
zone, an appointment's file is offered on the consultation page and on my page, and a
slot says whether it is online (with its link) or where."""

import zoneinfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from support import services
from tests.support.factories import (
    ConsultationFactory,
    CourseFactory,
    SlotFactory,
    advisor,
    staff_user,
)

pytestmark = pytest.mark.django_db

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def booked(**slot_fields):
    counsellor = advisor()
    case = ConsultationFactory()
    services.consultation_assign(
        actor=staff_user(), consultation=case, advisor=counsellor
    )
    case.refresh_from_db()
    slot = SlotFactory(advisor=counsellor, **slot_fields)
    appointment = services.appointment_book(
        actor=case.requester.account, consultation=case, slot=slot
    )
    return case, appointment


def the_timezone_is_defined(content):
    """The file defines the zone its times name (a program that does not know
    Asia/Tokyo by name still shows the right hour)."""
    calendar = Calendar.from_ical(content)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Tokyo"
    offsets = {part["TZOFFSETTO"].to_ical() for part in zone.subcomponents}
    offsets = {o.decode() if isinstance(o, bytes) else o for o in offsets}
    assert offsets == {"+0900"}
    text = content.decode() if isinstance(content, bytes) else content
    assert "DTSTART;TZID=Asia/Tokyo:" in text
    return calendar


def test_an_appointment_file_carries_its_time_zone_and_the_right_hour(client):
    """14:00 in Yokohama is 14:00 in the file, with Asia/Tokyo defined in it."""
    _case, appointment = booked()
    url = reverse(
        "support:appointment_ics",
        kwargs={"token": services.appointment_ics_token(appointment)},
    )
    calendar = the_timezone_is_defined(client.get(url).content)
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == appointment.slot.starts_at
    assert start.astimezone(TOKYO).hour == 14


def test_a_course_file_carries_its_time_zone(client):
    course = CourseFactory(sessions=2)
    response = client.get(reverse("support:course_ical", args=[course.pk]))
    calendar = the_timezone_is_defined(response.content)
    events = calendar.walk("VEVENT")
    assert [e.decoded("dtstart").astimezone(TOKYO).hour for e in events] == [13, 13]


def test_the_emailed_file_carries_its_time_zone(django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        booked()
    files = [
        content
        for message in mail.outbox
        for _name, content, _type in message.attachments
        if _name.endswith(".ics")
    ]
    assert len(files) == 2  # the requester's and the advisor's
    for content in files:
        the_timezone_is_defined(content)


def test_an_online_slot_gives_its_link_in_the_file(client):
    _case, appointment = booked(
        place="", online=True, online_url="https://meet.example.jp/abc"
    )
    url = reverse(
        "support:appointment_ics",
        kwargs={"token": services.appointment_ics_token(appointment)},
    )
    (event,) = Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert str(event["LOCATION"]) in ("Online", "オンライン")
    assert "https://meet.example.jp/abc" in str(event["DESCRIPTION"])


def test_the_consultation_page_and_my_page_offer_the_appointment_file(client):
    """The requester downloads the appointment's file from the case's page and from
    マイページ, not only from the email."""
    case, appointment = booked()
    ics = reverse(
        "support:appointment_ics",
        kwargs={"token": services.appointment_ics_token(appointment)},
    )
    client.force_login(case.requester.account)
    for page in (
        reverse("support:consultation_detail", args=[case.pk]),
        reverse("members:mypage"),
    ):
        html = client.get(page).content.decode()
        assert f'href="{ics}"' in html, page
    assert client.get(ics).status_code == 200


@pytest.mark.parametrize(
    ("fields", "shown", "hidden"),
    [
        ({"place": "相談室A", "online": False}, ["場所: 相談室A"], ["slot-online"]),
        (
            {"place": "", "online": True, "online_url": "https://meet.example.jp/x"},
            ["オンライン", 'href="https://meet.example.jp/x"'],
            ["slot-place"],
        ),
        (
            {"place": "", "online": True, "online_url": ""},
            ["オンライン", "参加用のリンクは面談の前にお送りします。"],
            [],
        ),
    ],
)
def test_a_slot_says_whether_it_is_online_or_where(client, fields, shown, hidden):
    """On the consultation page, on my page, in the advisor's slot list and in
    the booking choices."""
    from django.utils import translation

    translation.activate("ja")
    case, appointment = booked(**fields)
    counsellor = appointment.slot.advisor
    pages = []
    client.force_login(case.requester.account)
    pages.append(client.get(reverse("support:consultation_detail", args=[case.pk])))
    pages.append(client.get(reverse("members:mypage")))
    client.force_login(counsellor.account)
    pages.append(client.get(reverse("support:slot_list")))
    for response in pages:
        html = response.content.decode()
        for text in shown:
            assert text in html, (response.request["PATH_INFO"], text)
        for text in hidden:
            assert text not in html, (response.request["PATH_INFO"], text)
    # An open slot offered for booking says it too.
    SlotFactory(advisor=counsellor, **fields)
    client.force_login(case.requester.account)
    html = client.get(reverse("support:consultation_book", args=[case.pk])).content
    page = html.decode()
    if fields.get("online"):
        assert "オンライン" in page
    if fields.get("online_url"):
        assert fields["online_url"] in page
    if fields.get("place"):
        assert fields["place"] in page
