"""Picking who phoned in (代理申込, 相談受付): the search finds people by kana however
it is typed, and each choice shows the kana, organizations and registry number, so
two people of one name are told apart."""

import re

import pytest
from django.urls import reverse

from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory
from tests.support.factories import CourseFactory

pytestmark = pytest.mark.django_db


def namesakes():
    people = []
    for organization_name in (
        "ワーカーズ・コレクティブ あおば",
        "ワーカーズ・コレクティブ みどり",
    ):
        person = PersonFactory(
            family_name="山田",
            given_name="花子",
            family_name_kana="ヤマダ",
            given_name_kana="ハナコ",
        )
        AffiliationFactory(
            person=person, organization=OrganizationFactory(name=organization_name)
        )
        people.append(person)
    return people


@pytest.mark.parametrize(
    ("url", "role"),
    [("proxy", "school"), ("support:consultation_intake", "staff")],
)
@pytest.mark.parametrize("typed", ["やまだ", "ヤマダ ハナコ", "山田花子"])
def test_who_phoned_in_is_found_by_kana_and_told_apart(client, demo, url, role, typed):
    first, second = namesakes()
    if url == "proxy":
        url = reverse("support:course_apply_proxy", args=[CourseFactory().pk])
    else:
        url = reverse(url)
    client.force_login(demo[role])
    html = client.get(url, {"q": typed}).content.decode()
    options = dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', html))
    assert "ワーカーズ・コレクティブ あおば" in options[str(first.pk)]
    assert "ワーカーズ・コレクティブ みどり" in options[str(second.pk)]
    assert options[str(first.pk)].startswith("山田 花子（ヤマダ ハナコ）")
