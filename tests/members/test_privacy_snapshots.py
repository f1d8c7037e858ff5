"""The dry run and the export preview are kept between readings (they walk every
declaration), and never shown stale: any write to a record a declaration can find,
a new blocker included, shows on the next reading."""

import pytest
from django.urls import reverse

from members.models import Affiliation, PrivacyRequest, Role
from members.personal_data import erasure, exports
from tests.factories import AffiliationFactory, PersonFactory, RoleAssignmentFactory
from tests.members.privacy_erasure_support import erasure_request

pytestmark = pytest.mark.django_db


def affiliations_item(plan):
    return [
        item
        for item in plan.items
        if "Affiliation" in item.label or "所属" in item.label
    ]


def test_a_new_record_of_the_person_shows_on_the_next_dry_run(demo):
    person = PersonFactory(family_name="確認")
    request = erasure_request(person)
    first = erasure.privacy_erasure_plan(actor=demo["secgen"], request=request)
    again = erasure.privacy_erasure_plan(actor=demo["secgen"], request=request)
    assert [i.count for i in again.items] == [i.count for i in first.items]
    before = sum(i.count for i in first.items)

    AffiliationFactory(person=person, position=Affiliation.Position.MEMBER)

    after = erasure.privacy_erasure_plan(actor=demo["secgen"], request=request)
    assert sum(i.count for i in after.items) > before


def test_a_blocker_that_appears_is_shown_at_once(demo):
    person = PersonFactory(family_name="確認")
    request = erasure_request(person)
    plan = erasure.privacy_erasure_plan(actor=demo["secgen"], request=request)
    assert not plan.blockers

    RoleAssignmentFactory(person=person, role=Role.AUDITOR)

    plan = erasure.privacy_erasure_plan(actor=demo["secgen"], request=request)
    assert plan.blockers


def test_the_export_preview_counts_a_new_record_at_once(client, demo):
    person = PersonFactory(family_name="確認")
    request = PrivacyRequest.objects.create(
        person=person,
        kind=PrivacyRequest.Kind.EXPORT,
        channel=PrivacyRequest.Channel.LETTER,
    )
    items, _files = exports.export_preview(person)
    before = sum(item.count for item in items)
    client.force_login(demo["secgen"])
    url = reverse("members:privacy_export", args=[request.pk])
    assert client.get(url).status_code == 200

    AffiliationFactory(person=person)

    items, _files = exports.export_preview(person)
    assert sum(item.count for item in items) == before + 1
