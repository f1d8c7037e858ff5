import pytest
from django.urls import reverse

from members.models import Organization
from tests.factories import OrganizationFactory


@pytest.mark.django_db
def test_registry_list_filters_associations(client, demo):
    OrganizationFactory(name="まちの居場所アソシエーション", kind="association")
    OrganizationFactory(name="配食ワーカーズ新設", kind=Organization.Kind.WCO)
    client.force_login(demo["staff"])
    response = client.get(reverse("members:organization_list"), {"kind": "association"})
    assert response.status_code == 200
    names = [o.name for o in response.context["organizations"]]
    assert names == ["まちの居場所アソシエーション"]
    page = response.content.decode()
    assert '<option value="association" selected>アソシエーション</option>' in page
