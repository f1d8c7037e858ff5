"""A body's member list says which organization a delegate sits for (issue 13):
「山田 花子（〇〇 代表として）」 on the body's page, the meeting's attendance and the
attendance sheet, at a constant query count."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secretariat import services
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory
from tests.secretariat import helpers as h

pytestmark = pytest.mark.django_db


def _text(response):
    """The page's text as read: tags out, runs of spaces closed up."""
    text = re.sub(r"<[^>]+>", "", response.content.decode())
    return re.sub(r"\s*\n\s*", "", text)


def _delegate_seat(body, demo, *, org_name):
    organization = OrganizationFactory(name=org_name)
    person = PersonFactory()
    AffiliationFactory(person=person, organization=organization, confirmed=True)
    services.body_member_add(
        actor=demo["staff"], body=body, person=person, organization=organization
    )
    return person, organization


def test_the_body_page_and_meeting_pages_name_the_organization(client, demo):
    body = h.network_body(demo, name="まちづくり会議", category="community")
    person, _organization = _delegate_seat(
        body, demo, org_name="ワーカーズ・コレクティブ花水木"
    )
    alone = PersonFactory(family_name="個人", given_name="参加")
    services.body_member_add(actor=demo["staff"], body=body, person=alone)
    meeting = services.meeting_create(
        actor=demo["network"],
        body=body,
        title="第1回まちづくり会議",
        starts_at=h.at(10),
        place="会議室",
    )
    client.force_login(demo["network"])
    expected = f"{person.full_name}（ワーカーズ・コレクティブ花水木 代表として）"
    for url in (
        reverse("secretariat:body_detail", args=[body.pk]),
        reverse("secretariat:meeting_detail", args=[meeting.pk]),
        reverse("secretariat:meeting_attendance", args=[meeting.pk]),
    ):
        text = _text(client.get(url))
        assert expected in text, url
        # A member who sits for nobody is shown by name alone.
        assert f"{alone.full_name}（" not in text, url


def test_the_body_page_keeps_its_query_count_as_delegates_join(client, demo):
    body = h.network_body(demo, name="まちづくり会議", category="community")
    client.force_login(demo["network"])
    url = reverse("secretariat:body_detail", args=[body.pk])
    _delegate_seat(body, demo, org_name="W.Co一")

    def queries():
        cache.clear()  # count the page as rendered, not its cached fragment
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    queries()
    few = queries()
    for n in range(4):
        _delegate_seat(body, demo, org_name=f"W.Co{n}")
    queries()
    assert queries() == few
