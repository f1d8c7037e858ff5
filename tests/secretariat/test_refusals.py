"""One way to refuse: a page with an id answers 404 for an object out of the viewer's
reach as for a missing one, and a service's refusal comes back as a message on the
form (or on the htmx fragment), never as a bare 403."""

import pytest
from django.urls import reverse

from secretariat import services
from secretariat.models import AgendaItem, Meeting
from tests.secretariat import helpers as h
from wco_sse.core.errors import PermissionDenied

pytestmark = pytest.mark.django_db

MISSING = 999_999


@pytest.mark.parametrize("name", ["body_detail", "body_edit"])
def test_a_member_finds_no_body_by_its_id(demo, client, name):
    client.force_login(demo["member"])
    existing = reverse(f"secretariat:{name}", args=[h.board().pk])
    missing = reverse(f"secretariat:{name}", args=[MISSING])
    assert client.get(existing).status_code == 404
    assert client.get(missing).status_code == 404


@pytest.mark.parametrize("who", ["member", "board", "council"])
def test_only_the_secretariat_finds_a_meeting_to_edit(demo, client, who):
    """The board and the council read the meeting, but its edit page is not theirs."""
    meeting = h.meeting(demo)
    client.force_login(demo[who])
    for method in ("get", "post"):
        call = getattr(client, method)
        existing = reverse("secretariat:meeting_edit", args=[meeting.pk])
        assert call(existing).status_code == 404
        assert call(
            reverse("secretariat:meeting_edit", args=[MISSING])
        ).status_code == (404)
    meeting.refresh_from_db()
    assert meeting.title == "第5回理事会"


def test_a_stale_move_is_refused_at_the_top_of_the_form(demo, client):
    """Without htmx: the council member's page offered 'return', but the item was
    accepted meanwhile."""
    item = h.item(demo, status="submitted")
    services.agenda_item_transition(actor=demo["council"], item=item, action="accept")
    client.force_login(demo["council"])
    response = client.post(
        reverse("secretariat:item_transition", args=[item.pk]),
        {"action": "return", "reason": "資料不足"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "この議案は「受理済」のため、「差し戻す」はできません。"
    ]
    assert AgendaItem.objects.get(pk=item.pk).status == AgendaItem.Status.ACCEPTED


def test_a_permission_refused_by_the_service_is_shown_on_the_form(
    demo, client, monkeypatch
):
    """Should a service refuse permission after the page's own check (a role that
    ended a moment before), the form says so: no bare 403."""

    def refuse(**kwargs):
        raise PermissionDenied("この操作を行う権限がありません。")

    monkeypatch.setattr(services, "minutes_start", refuse)
    meeting = h.held_meeting(demo)
    client.force_login(demo["staff"])
    response = client.post(
        reverse("secretariat:minutes_start", args=[meeting.pk]), {"confirm": "on"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "この操作を行う権限がありません。"
    ]


def test_a_permission_refused_on_an_htmx_row_comes_back_as_a_message(
    demo, client, monkeypatch
):
    def refuse(**kwargs):
        raise PermissionDenied("この操作を行う権限がありません。")

    monkeypatch.setattr(services, "attendance_set", refuse)
    meeting = h.meeting(demo)
    director = h.directors()[0]
    client.force_login(demo["staff"])
    response = client.post(
        reverse("secretariat:meeting_attendance", args=[meeting.pk]),
        {"seat": f"p:{director.pk}", "kind": "present"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="seat-p-{director.pk}"' in html and "<html" not in html
    assert "この操作を行う権限がありません。" in html
    assert not meeting.attendances.exists()


def test_a_seat_that_is_not_the_bodys_is_refused_with_the_reason(demo, client):
    """A forged seat on the attendance sheet (no such person) gets the service's
    message, not a 404 or a 500."""
    meeting = h.meeting(demo)
    client.force_login(demo["staff"])
    response = client.post(
        reverse("secretariat:meeting_attendance", args=[meeting.pk]),
        {"seat": f"p:{MISSING}", "kind": "present"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "この会議に記録できるのは理事会の構成員のみです。"
    ]
    assert not Meeting.objects.get(pk=meeting.pk).attendances.exists()
