"""The section's forms pick people and organizations with the registry's pickers:
the pages list only what is chosen (never the whole registry, at any size), the
searches answer those who keep the records, and a choice outside a field's set is
refused at the field."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.models import Contact, Initiative, Proposal
from tests.factories import OrganizationFactory, PersonFactory
from tests.network.helpers import contact, partner, person_of
from tests.network.initiative_helpers import initiative

pytestmark = pytest.mark.django_db

MARK = "ピッカーテスト"


def _grow_registry(count):
    for i in range(count):
        OrganizationFactory(name=f"{MARK}団体{i:03d}")
        PersonFactory(family_name=f"{MARK}{i:03d}")


def _pages(demo):
    made = contact(demo)
    return {
        "initiative": reverse("network:initiative_create"),
        "link": reverse("network:initiative_link", args=[initiative(demo).pk]),
        "proposal": reverse("network:proposal_create"),
        "contact": reverse("network:contact_create", args=[made.organization.pk]),
        "contact list": reverse("network:contact_list"),
    }


def _get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_the_form_pages_do_not_list_the_registry(client, demo):
    client.force_login(demo["staff"])
    pages = _pages(demo)
    for url in pages.values():
        _get(client, url)  # the caches filled
    before = {name: _get(client, url) for name, url in pages.items()}
    _grow_registry(30)
    for name, url in pages.items():
        _get(client, url)  # the caches the new records cleared, filled again
        page, queries = _get(client, url)
        assert MARK not in page, name
        assert queries <= before[name][1], name
        # The page grew by nothing the registry holds.
        assert abs(len(page) - len(before[name][0])) < 300, name
    assert reverse("network:person_pick") in before["initiative"][0]
    assert reverse("members:organization_pick") in before["proposal"][0]


def test_a_chosen_proposal_addressee_shows_on_the_form_again(client, demo):
    from tests.network.proposal_helpers import proposal

    addressee = partner()
    made = proposal(demo, addressees=[addressee])
    client.force_login(demo["network"])
    page, _queries = _get(client, reverse("network:proposal_edit", args=[made.pk]))
    assert f'value="{addressee.pk}" selected' in page
    assert addressee.name in page


def test_an_unknown_addressee_is_refused_at_the_field(client, demo):
    client.force_login(demo["network"])
    response = client.post(
        reverse("network:proposal_create"),
        {"kind": "policy", "title": "提言", "addressees": ["999999999"]},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["addressees"]
    assert not Proposal.objects.filter(title="提言").exists()


def test_our_people_outside_the_section_are_refused_at_the_field(client, demo):
    organization = partner()
    outsider = demo["member"].person
    client.force_login(demo["network"])
    response = client.post(
        reverse("network:contact_create", args=[organization.pk]),
        {
            "date": "2026-11-20",
            "channel": "phone",
            "category": "government",
            "our_people": [person_of(demo, "network").pk, outsider.pk],
            "topic": "協働事業の相談",
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["our_people"]
    assert not Contact.objects.filter(organization=organization).exists()


def test_a_partner_is_not_a_registrable_organization(client, demo):
    made = initiative(demo)
    client.force_login(demo["staff"])
    response = client.post(
        reverse("network:initiative_link", args=[made.pk]),
        {"organization": partner().pk},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["organization"]
    assert Initiative.objects.get(pk=made.pk).organization_id is None


@pytest.mark.parametrize(
    ("who", "status"),
    [("network", 200), ("staff", 200), ("board", 403), ("support", 403)],
)
def test_the_sections_person_search_answers_those_who_keep_the_records(
    client, demo, who, status
):
    client.force_login(demo[who])
    response = client.get(reverse("network:person_pick"), {"q": "山田"})
    assert response.status_code == status


def test_our_people_search_finds_the_section_only(client, demo):
    stranger = PersonFactory(family_name="ネットワーク外")
    network = person_of(demo, "network")
    client.force_login(demo["network"])
    url = reverse("network:person_pick")

    def found(text, **params):
        response = client.get(url, {"q": text, **params})
        return {r["id"] for r in response.json()["results"]}

    assert stranger.pk in found(stranger.family_name)
    assert stranger.pk not in found(stranger.family_name, scope="ours")
    assert network.pk in found(network.family_name, scope="ours")


def test_the_organization_search_finds_by_kana_as_typed(client, demo):
    wanted = OrganizationFactory(name="ワーカーズ・コレクティブ ひまわり")
    client.force_login(demo["network"])
    response = client.get(reverse("members:organization_pick"), {"q": "ひまわり"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert wanted.pk in {r["id"] for r in results}
    mine = next(r for r in results if r["id"] == wanted.pk)
    assert mine["label"] == wanted.name
    assert str(wanted.pk) in mine["detail"]
    assert client.get(reverse("members:organization_pick"), {"q": ""}).json() == {
        "results": []
    }
