"""The chair (議長) is chosen from the body's members: the meeting form offers them
alone, and a chair from outside the body is refused at the field."""

import pytest
from django.urls import reverse

from secretariat import services
from secretariat.models import Meeting
from tests.factories import PersonFactory
from tests.secretariat import helpers as h
from wco_sse.core.errors import ServiceError

pytestmark = pytest.mark.django_db


def test_a_director_may_chair_the_board_an_outsider_or_an_auditor_may_not(demo):
    director = h.directors()[0]
    meeting = h.meeting(demo, chair=director)
    assert meeting.chair == director
    for outsider in (PersonFactory(), h.auditors()[0]):
        with pytest.raises(ServiceError) as error:
            h.meeting(demo, chair=outsider, title="第6回理事会")
        assert error.value.field == "chair"
        assert outsider.full_name in error.value.message
        with pytest.raises(ServiceError):
            services.meeting_update(
                actor=demo["staff"], meeting=meeting, chair=outsider
            )
    meeting.refresh_from_db()
    assert meeting.chair == director


def test_the_meeting_form_offers_the_body_members_as_chair(client, demo):
    meeting = h.meeting(demo)
    outsider = PersonFactory(family_name="部外", given_name="者")
    client.force_login(demo["staff"])
    url = reverse("secretariat:meeting_edit", args=[meeting.pk])
    html = client.get(url).content.decode()
    chair_select = html.split('name="chair"', 1)[1].split("</select>", 1)[0]
    for director in h.directors():
        assert f'value="{director.pk}"' in chair_select
    for person in (outsider, *h.auditors()):
        assert f'value="{person.pk}"' not in chair_select
    # A forged choice is refused at the field; nothing changes.
    data = {
        "title": meeting.title,
        "kind": meeting.kind,
        "starts_at": meeting.starts_at.strftime("%Y-%m-%dT%H:%M"),
        "place": meeting.place,
        "chair": outsider.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors.get("chair")
    assert Meeting.objects.get(pk=meeting.pk).chair is None


def test_a_new_meeting_offers_each_body_members_grouped(client, demo):
    client.force_login(demo["staff"])
    html = client.get(reverse("secretariat:meeting_create")).content.decode()
    chair_select = html.split('name="chair"', 1)[1].split("</select>", 1)[0]
    assert f'<optgroup label="{h.board().name}">' in chair_select
    assert f'value="{h.directors()[0].pk}"' in chair_select
