import pytest
from django.urls import reverse

from members.models import Municipality, Organization
from members.models.places import local_government_check_digit
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_all_of_kanagawa_is_there():
    """33 municipalities (19 cities, 13 towns, 1 village) and 28 wards."""
    top = Municipality.objects.filter(parent__isnull=True)
    kinds = [m.kind for m in top]
    assert top.count() == 33
    assert kinds.count("designated_city") + kinds.count("city") == 19
    assert kinds.count("designated_city") == 3
    assert kinds.count("town") == 13
    assert kinds.count("village") == 1
    assert Municipality.objects.filter(kind="ward").count() == 28
    assert {m.parent.name for m in Municipality.objects.filter(kind="ward")} == {
        "横浜市",
        "川崎市",
        "相模原市",
    }


def test_codes_carry_a_valid_check_digit():
    for municipality in Municipality.objects.all():
        code = municipality.code
        assert len(code) == 6 and code.startswith("14"), code
        assert int(code[5]) == local_government_check_digit(code[:5]), municipality
    assert Municipality.objects.get(name="横浜市").code == "141003"
    assert Municipality.objects.get(name="川崎市").code == "141305"
    assert Municipality.objects.get(name="相模原市").code == "141500"


def test_wards_of_the_same_name_are_told_apart_by_their_city():
    labels = sorted(m.label for m in Municipality.objects.filter(name="緑区"))
    assert labels == ["横浜市緑区", "相模原市緑区"]


def test_filtering_by_a_designated_city_includes_its_wards(client, demo):
    yokohama = Municipality.objects.get(name="横浜市")
    midori = Municipality.objects.get(name="緑区", parent=yokohama)
    sagamihara_midori = Municipality.objects.get(name="緑区", parent__name="相模原市")
    in_ward = OrganizationFactory(name="横浜の団体", municipality=midori)
    elsewhere = OrganizationFactory(name="相模原の団体", municipality=sagamihara_midori)
    client.force_login(demo["staff"])
    response = client.get(
        reverse("members:organization_list"), {"municipality": yokohama.pk}
    )
    names = {o.name for o in response.context["organizations"]}
    assert in_ward.name in names
    assert elsewhere.name not in names
    assert Organization.objects.filter(municipality__parent=yokohama).count() >= 1
