"""The agenda's order: the position given when placing is kept, and the secretariat
moves placed items up and down on the meeting page; the packet and the minutes
follow."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from secretariat import documents, selectors, services
from secretariat.models import AgendaItem, Meeting
from tests.secretariat import helpers as h
from wco_sse.core.errors import PermissionDenied, ServiceError

pytestmark = pytest.mark.django_db


def titles(meeting):
    return [item.title for item in selectors.meeting_agenda(meeting)]


def accepted(demo, title):
    return h.item(demo, status="accepted", title=title)


def place(demo, item, meeting, order=None):
    return services.agenda_item_place(
        actor=demo["staff"], item=item, meeting=meeting, order=order
    )


def three_on_a_meeting(demo):
    meeting = h.meeting(demo)
    for title in ("一", "二", "三"):
        place(demo, accepted(demo, title), meeting)
    return meeting


def test_an_item_placed_as_first_comes_first(demo):
    """Placing as 1 puts the item first, and the others move down one."""
    meeting = three_on_a_meeting(demo)
    place(demo, accepted(demo, "新"), meeting, order=1)
    assert titles(meeting) == ["新", "一", "二", "三"]
    assert [i.order for i in selectors.meeting_agenda(meeting)] == [1, 2, 3, 4]


def test_an_item_placed_in_the_middle_or_past_the_end(demo):
    meeting = three_on_a_meeting(demo)
    place(demo, accepted(demo, "中"), meeting, order=2)
    place(demo, accepted(demo, "末"), meeting, order=99)
    place(demo, accepted(demo, "空"), meeting)
    assert titles(meeting) == ["一", "中", "二", "三", "末", "空"]


def test_the_order_survives_an_item_taken_off(demo):
    meeting = three_on_a_meeting(demo)
    second = AgendaItem.objects.get(title="二")
    services.agenda_item_transition(actor=demo["staff"], item=second, action="unplace")
    place(demo, accepted(demo, "新"), meeting, order=2)
    assert titles(meeting) == ["一", "新", "三"]


def test_the_secretariat_moves_an_item_up_and_down(demo):
    meeting = three_on_a_meeting(demo)
    third = AgendaItem.objects.get(title="三")
    services.agenda_item_reorder(actor=demo["staff"], item=third, direction="up")
    assert titles(meeting) == ["一", "三", "二"]
    services.agenda_item_reorder(actor=demo["staff"], item=third, direction="up")
    assert titles(meeting) == ["三", "一", "二"]
    # At the top already: nothing moves, nothing is refused.
    services.agenda_item_reorder(actor=demo["staff"], item=third, direction="up")
    assert titles(meeting) == ["三", "一", "二"]
    services.agenda_item_reorder(actor=demo["staff"], item=third, direction="down")
    assert titles(meeting) == ["一", "三", "二"]


def test_only_the_secretariat_reorders_and_only_before_the_meeting(demo):
    meeting = three_on_a_meeting(demo)
    first = AgendaItem.objects.get(title="一")
    with pytest.raises(PermissionDenied):
        services.agenda_item_reorder(actor=demo["board"], item=first, direction="down")
    h.held_meeting_from(demo, meeting)
    with pytest.raises(ServiceError, match="議事の順番は変更できません"):
        services.agenda_item_reorder(actor=demo["staff"], item=first, direction="down")
    assert titles(meeting) == ["一", "二", "三"]


def test_the_meeting_page_reorders_without_script(demo, client):
    """Up and down are buttons of plain forms: a POST moves the item and comes back
    to its row on the meeting page."""
    meeting = three_on_a_meeting(demo)
    third = AgendaItem.objects.get(title="三")
    client.force_login(demo["staff"])
    page = client.get(reverse("secretariat:meeting_detail", args=[meeting.pk]))
    html = page.content.decode()
    assert reverse("secretariat:item_reorder", args=[third.pk]) in html
    response = client.post(
        reverse("secretariat:item_reorder", args=[third.pk]), {"direction": "up"}
    )
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("secretariat:meeting_detail", args=[meeting.pk])
        + f"?moved={third.pk}&direction=up#agenda-{third.pk}"
    )
    assert titles(meeting) == ["一", "三", "二"]
    second = AgendaItem.objects.get(title="二")
    html = client.get(response["Location"]).content.decode()
    assert html.index(f'id="agenda-{third.pk}"') < html.index(
        f'id="agenda-{second.pk}"'
    )
    # The button just pressed has the focus again: Enter moves the item further.
    row = html[html.index(f'id="agenda-{third.pk}"') :]
    row = row[: row.index("</li>")]
    assert row.count("autofocus") == 1
    assert row.index("autofocus") < row.index('value="down"')


def test_the_meeting_page_shows_no_order_buttons_to_the_board(demo, client):
    meeting = three_on_a_meeting(demo)
    client.force_login(demo["board"])
    html = client.get(
        reverse("secretariat:meeting_detail", args=[meeting.pk])
    ).content.decode()
    assert "agenda-order" not in html


def pdf_text(pdf):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_packet_and_the_minutes_follow_the_order(demo):
    meeting = h.meeting(demo)
    for title in ("予算について", "規程について", "人事について"):
        place(demo, accepted(demo, title), meeting)
    last = AgendaItem.objects.get(title="人事について")
    services.agenda_item_reorder(actor=demo["staff"], item=last, direction="up")
    services.agenda_item_reorder(actor=demo["staff"], item=last, direction="up")
    expected = ["人事について", "予算について", "規程について"]

    def in_order(text):
        return sorted(expected, key=text.rindex) == expected

    packet = pdf_text(documents.packet_pdf(Meeting.objects.get(pk=meeting.pk)))
    assert in_order(packet)
    h.held_meeting_from(demo, meeting)
    h.attend(demo, meeting, h.directors()[:4])
    minutes = services.minutes_start(actor=demo["staff"], meeting=meeting)
    text = pdf_text(documents.minutes_pdf(minutes))
    assert in_order(text)


def test_a_carried_over_item_keeps_its_place_in_the_first_meetings_minutes(demo):
    """An item carried over (継続審議) and placed last on a later meeting still reads
    where it was in the first meeting's agenda and minutes."""
    first = h.meeting(demo)
    for title in ("規程について", "予算について"):
        place(demo, accepted(demo, title), first)
    h.held_meeting_from(demo, first)
    h.attend(demo, first, h.directors()[:4])
    rules = AgendaItem.objects.get(title="規程について")
    services.decision_record(
        actor=demo["staff"], item=rules, result="defer", abstentions=0
    )
    services.decision_record(
        actor=demo["staff"],
        item=AgendaItem.objects.get(title="予算について"),
        result="vote",
        votes_for=4,
        votes_against=0,
        abstentions=0,
    )
    later = h.meeting(demo, days=40, title="第6回理事会")
    for title in ("人事について", "事業計画について"):
        place(demo, accepted(demo, title), later)
    place(demo, AgendaItem.objects.get(pk=rules.pk), later)
    assert titles(later) == ["人事について", "事業計画について", "規程について"]
    assert titles(first) == ["規程について", "予算について"]
    minutes = services.minutes_start(actor=demo["staff"], meeting=first)
    text = pdf_text(documents.minutes_pdf(minutes))
    assert text.index("規程について") < text.index("予算について")
