"""The action item form's owner, for a body a section runs: the registry-wide person
picker is the secretariat's, so the section's members search among those an item of
the body may be given to (its members today and those who run it) through the body's
own address; an owner outside them is refused at the field."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from secretariat import services
from secretariat.models import ActionItem
from tests.factories import PersonFactory
from tests.secretariat import helpers as h

pytestmark = pytest.mark.django_db


def _meeting(demo, body):
    day = timezone.localdate() + datetime.timedelta(days=20)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(18)))
    return services.meeting_create(
        actor=demo["network"],
        body=body,
        title="連携会議",
        starts_at=starts,
        place="W.Co SSE 会議室",
    )


def _search(client, body, text):
    response = client.get(
        reverse("secretariat:body_people_pick", args=[body.pk]), {"q": text}
    )
    assert response.status_code == 200
    return {r["id"] for r in response.json()["results"]}


def test_a_network_member_finds_the_delegate_but_not_the_whole_registry(demo, client):
    body = h.network_body(demo)
    h.seat(demo, body=body)
    delegate = demo["rep"].person
    stranger = PersonFactory(family_name=delegate.family_name)
    client.force_login(demo["network"])
    # The registry-wide picker stays the secretariat's …
    assert (
        client.get(
            reverse("members:person_pick"), {"q": delegate.family_name}
        ).status_code
        == 403
    )
    # … the body's own finds its delegate and its runners, not a stranger.
    found = _search(client, body, delegate.family_name)
    assert delegate.pk in found
    assert stranger.pk not in found
    assert demo["network"].person.pk in _search(
        client, body, demo["network"].person.family_name
    )


def test_the_form_points_the_picker_at_the_body(demo, client):
    body = h.network_body(demo)
    meeting = _meeting(demo, body)
    client.force_login(demo["network"])
    page = client.get(
        reverse("secretariat:action_item_create", args=[meeting.pk])
    ).content.decode()
    assert reverse("secretariat:body_people_pick", args=[body.pk]) in page
    assert reverse("members:organization_pick") in page


def test_an_owner_outside_the_body_is_refused_at_the_field(demo, client):
    body = h.network_body(demo)
    h.seat(demo, body=body)
    meeting = _meeting(demo, body)
    stranger = PersonFactory()
    client.force_login(demo["network"])
    url = reverse("secretariat:action_item_create", args=[meeting.pk])
    data = {"text": "事例を集める", "due_on": meeting.day.isoformat()}
    response = client.post(url, {**data, "owner": stranger.pk})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["owner"]
    assert not ActionItem.objects.exists()
    client.post(url, {**data, "owner": demo["rep"].person.pk})
    assert ActionItem.objects.get().owner == demo["rep"].person


def test_the_secretariat_still_gives_an_item_to_anyone(demo, client):
    body = h.network_body(demo)
    meeting = _meeting(demo, body)
    stranger = PersonFactory()
    client.force_login(demo["staff"])
    assert stranger.pk in _search(client, body, stranger.family_name)
    client.post(
        reverse("secretariat:action_item_create", args=[meeting.pk]),
        {
            "text": "事例を集める",
            "due_on": meeting.day.isoformat(),
            "owner": stranger.pk,
        },
    )
    assert ActionItem.objects.get().owner == stranger


@pytest.mark.parametrize(("who", "status"), [("support", 404), ("rep", 404)])
def test_those_who_do_not_run_the_body_get_no_matches(demo, client, who, status):
    body = h.network_body(demo)
    client.force_login(demo[who])
    response = client.get(
        reverse("secretariat:body_people_pick", args=[body.pk]), {"q": "山田"}
    )
    assert response.status_code == status


def test_editing_keeps_an_owner_the_secretariat_chose(demo, client):
    body = h.network_body(demo)
    meeting = _meeting(demo, body)
    stranger = PersonFactory()
    item = services.action_item_create(
        actor=demo["staff"],
        meeting=meeting,
        text="事例を集める",
        owner=stranger,
        due_on=meeting.day,
    )
    client.force_login(demo["network"])
    client.post(
        reverse("secretariat:action_item_edit", args=[item.pk]),
        {
            "text": "事例を五つ集める",
            "owner": stranger.pk,
            "due_on": meeting.day.isoformat(),
            "state": "open",
            "state_seen": "open",
        },
    )
    item.refresh_from_db()
    assert item.text == "事例を五つ集める"
    assert item.owner == stranger
