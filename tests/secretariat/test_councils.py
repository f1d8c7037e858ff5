"""The two councils (issue 13): a liaison council (連携会議) seats the 正会員 W.Cos
with their representatives; a community-building council (まちづくり会議) seats
people of 生活クラブ and of the W.Cos."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from members.models import Organization
from secretariat import services
from secretariat.models import BodyMember
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory
from tests.secretariat import helpers as h
from wco_sse.core.errors import ServiceError

pytestmark = pytest.mark.django_db


def _url(body):
    return reverse("secretariat:body_seat_regular_members", args=[body.pk])


def _wco_with_representative(**kwargs):
    organization = OrganizationFactory(**kwargs)
    rep = AffiliationFactory(organization=organization, representative=True)
    return organization, rep.person


def test_the_page_lists_only_regular_wcos_without_a_seat(demo, client):
    body = h.network_body(demo)
    seated, _person = _wco_with_representative()
    waiting, _rep = _wco_with_representative()
    supporting, _sup = _wco_with_representative(supporting=True)
    partner, _p = _wco_with_representative(kind=Organization.Kind.PARTNER)
    services.body_seat_regular_members(
        actor=demo["network"], body=body, organizations=[seated]
    )
    client.force_login(demo["network"])
    page = client.get(_url(body)).content.decode()
    assert waiting.name in page
    assert seated.name not in page
    assert supporting.name not in page
    assert partner.name not in page


def test_seating_gives_each_wco_its_representative_as_delegate(demo, client):
    body = h.network_body(demo)
    first, first_rep = _wco_with_representative()
    second, second_rep = _wco_with_representative()
    client.force_login(demo["network"])
    response = client.post(
        _url(body), {"organizations": [first.pk, second.pk]}, follow=True
    )
    assert response.status_code == 200
    seats = {
        seat.organization_id: seat.person_id
        for seat in BodyMember.objects.filter(body=body, end__isnull=True)
    }
    assert seats[first.pk] == first_rep.pk
    assert seats[second.pk] == second_rep.pk


def test_a_second_run_does_not_seat_a_wco_twice(demo):
    body = h.network_body(demo)
    organization, _rep = _wco_with_representative()
    services.body_seat_regular_members(
        actor=demo["network"], body=body, organizations=[organization]
    )
    # The same (stale) choice submitted again, as by a second member of the section.
    with pytest.raises(ServiceError) as refused:
        services.body_seat_regular_members(
            actor=demo["staff"], body=body, organizations=[organization]
        )
    assert refused.value.message == gettext(
        "The chosen W.Cos already have seats; nothing was added."
    )
    assert (
        BodyMember.objects.filter(
            body=body, organization=organization, end__isnull=True
        ).count()
        == 1
    )


def test_a_wco_without_representative_is_refused_by_name(demo, client):
    body = h.network_body(demo)
    ready, _rep = _wco_with_representative()
    lacking = OrganizationFactory(name="代表者のいないW.Co")
    AffiliationFactory(organization=lacking)
    client.force_login(demo["network"])
    response = client.post(_url(body), {"organizations": [ready.pk, lacking.pk]})
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        gettext(
            "%(names)s has no confirmed representative; register one in the registry first. Nothing was seated."
        )
        % {"names": "代表者のいないW.Co"}
        in page
    )
    assert not BodyMember.objects.filter(body=body, organization=ready).exists()


def test_only_a_liaison_council_has_the_page(demo, client):
    body = h.network_body(demo, name="まちづくり会議", category="community")
    client.force_login(demo["network"])
    assert client.get(_url(body)).status_code == 404


def test_those_who_do_not_run_the_body_cannot_seat(demo, client):
    body = h.network_body(demo)
    organization, _rep = _wco_with_representative()
    client.force_login(demo["support"])
    assert client.post(
        _url(body), {"organizations": [organization.pk]}
    ).status_code in (403, 404)
    assert not BodyMember.objects.filter(body=body).exists()


# --- まちづくり会議 --------------------------------------------------------------------------


def test_the_community_council_picker_offers_only_seikatsu_club_and_wco_people(
    demo, client
):
    body = h.network_body(
        demo, name="生活クラブとのまちづくり会議", category="community"
    )
    club = OrganizationFactory(
        name="生活クラブ生活協同組合（テスト）",
        kind=Organization.Kind.PARTNER,
        membership_class=Organization.MembershipClass.NONE,
    )
    city = OrganizationFactory(
        name="テスト市",
        kind=Organization.Kind.PARTNER,
        membership_class=Organization.MembershipClass.NONE,
    )
    club_person = AffiliationFactory(organization=club).person
    wco_person = AffiliationFactory(organization=OrganizationFactory()).person
    city_person = AffiliationFactory(organization=city).person
    loner = PersonFactory()
    client.force_login(demo["network"])
    pick = reverse("secretariat:body_member_add", args=[body.pk])
    page = client.get(pick).content.decode()
    assert "scope=community" in page
    search = reverse("members:person_pick")
    for person, offered in (
        (club_person, True),
        (wco_person, True),
        (city_person, False),
        (loner, False),
    ):
        found = client.get(
            search, {"q": person.family_name, "scope": "community"}
        ).json()["results"]
        assert (person.pk in {r["id"] for r in found}) is offered
        response = client.post(pick, {"person": person.pk})
        seated = BodyMember.objects.filter(body=body, person=person).exists()
        assert seated is offered
        if not offered:
            assert "生活クラブ" in response.content.decode()


def test_other_bodies_still_pick_anyone(demo, client):
    body = h.network_body(demo, name="業種別会議", category="industry")
    loner = PersonFactory()
    client.force_login(demo["network"])
    client.post(
        reverse("secretariat:body_member_add", args=[body.pk]), {"person": loner.pk}
    )
    assert BodyMember.objects.filter(body=body, person=loner).exists()


def test_a_section_member_finds_people_to_seat_on_its_other_bodies(demo, client):
    body = h.network_body(demo, name="調査研究委員会", category="committee")
    loner = PersonFactory(family_name="深沢", given_name="一郎")
    client.force_login(demo["network"])
    page = client.get(reverse("secretariat:body_member_add", args=[body.pk]))
    assert "scope=body" in page.content.decode()
    found = client.get(
        reverse("members:person_pick"), {"q": "深沢", "scope": "body"}
    ).json()["results"]
    assert [r["id"] for r in found] == [loner.pk]
    # The secretariat keeps the registry's own picker.
    client.force_login(demo["staff"])
    page = client.get(reverse("secretariat:body_member_add", args=[body.pk]))
    assert "scope=body" not in page.content.decode()


@pytest.mark.parametrize(
    ("who", "status"), [("network", 200), ("support", 200), ("member", 403)]
)
def test_the_body_picker_is_for_the_sections_and_the_secretariat(
    demo, client, who, status
):
    client.force_login(demo[who])
    response = client.get(
        reverse("members:person_pick"), {"q": "山田", "scope": "body"}
    )
    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), [("network", 200), ("support", 403)])
def test_the_community_picker_search_is_the_network_sections(demo, client, who, status):
    client.force_login(demo[who])
    response = client.get(
        reverse("members:person_pick"), {"q": "山田", "scope": "community"}
    )
    assert response.status_code == status
    # The whole registry's picker stays the secretariat's.
    assert client.get(reverse("members:person_pick"), {"q": "山田"}).status_code == 403


def test_the_seat_page_reads_in_constant_queries(demo, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    body = h.network_body(demo)
    client.force_login(demo["network"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(body)).status_code == 200
        return len(captured)

    _wco_with_representative()
    queries()  # the first request fills the caches (roles, fragments)
    few = queries()
    for _ in range(4):
        _wco_with_representative()
    queries()  # the new W.Cos renewed the caches
    assert queries() == few
