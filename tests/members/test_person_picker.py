"""The person picker: a search by name or kana (as typed) over the registry, each
match with its organizations and registry number so namesakes are told apart; the
forms that pick a person never list the whole registry."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PICK = "members:person_pick"


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


@pytest.mark.parametrize("typed", ["やまだ", "ﾔﾏﾀﾞ", "山田花子", "ヤマダ　ハナコ"])
def test_a_search_by_name_or_kana_tells_namesakes_apart(client, demo, typed):
    first, second = namesakes()
    client.force_login(demo["staff"])
    results = client.get(reverse(PICK), {"q": typed}).json()["results"]
    found = {r["id"]: r for r in results if r["label"].startswith("山田 花子")}
    assert set(found) == {first.pk, second.pk}
    assert found[first.pk]["label"] == "山田 花子（ヤマダ ハナコ）"
    assert "ワーカーズ・コレクティブ あおば" in found[first.pk]["detail"]
    assert "ワーカーズ・コレクティブ みどり" in found[second.pk]["detail"]
    assert found[first.pk]["detail"] != found[second.pk]["detail"]


def test_an_empty_or_unmatched_search_finds_no_one(client, demo):
    client.force_login(demo["staff"])
    assert client.get(reverse(PICK), {"q": ""}).json() == {"results": []}
    assert client.get(reverse(PICK), {"q": "存在しない名前" * 50}).json() == {
        "results": []
    }


def test_the_search_costs_the_same_for_few_or_many_matches(client, demo):
    client.force_login(demo["staff"])
    namesakes()
    client.get(reverse(PICK), {"q": "ヤマダ"})
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(PICK), {"q": "ヤマダ"})
    limit = len(few)
    for _n in range(10):
        namesakes()
    client.get(reverse(PICK), {"q": "ヤマダ"})
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse(PICK), {"q": "ヤマダ"})
    assert len(response.json()["results"]) == 20  # at most twenty matches
    assert len(many) <= limit


def person_options(html, name="person"):
    select = re.search(rf'<select name="{name}".*?</select>', html, flags=re.S).group(0)
    return [v for v in re.findall(r'<option value="([^"]*)"', select) if v]


@pytest.mark.parametrize(
    ("url_name", "args", "role"),
    [
        ("members:role_assign", (), "secgen"),
        ("secretariat:body_member_add", "adhoc", "staff"),
    ],
)
def test_forms_that_pick_a_person_never_list_the_registry(
    client, demo, url_name, args, role
):
    """The page carries the picker (search URL) instead of a dropdown of everyone;
    a chosen person stays chosen when the form comes back with an error."""
    from members.models import Person

    if args == "adhoc":
        from secretariat.models import Body as SecretariatBody

        body = SecretariatBody.objects.create(
            name="業種別会議（配食）", kind=SecretariatBody.Kind.AD_HOC
        )
        args = (body.pk,)
    assert Person.objects.count() > 20
    client.force_login(demo[role])
    url = reverse(url_name, args=args)
    html = client.get(url).content.decode()
    assert f'data-person-picker="{reverse(PICK)}"' in html
    assert person_options(html) == []
    # After a refused submission the chosen person is still shown, alone.
    chosen, _other = namesakes()
    html = client.post(url, {"person": chosen.pk, "start": "x"}).content.decode()
    assert person_options(html) == [str(chosen.pk)]
    assert "山田 花子（ヤマダ ハナコ）" in html
