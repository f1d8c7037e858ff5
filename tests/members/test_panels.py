import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import panels
from tests.factories import AffiliationFactory

pytestmark = pytest.mark.django_db


def _count_queries(client, url):
    client.get(
        url
    )  # warm caches (content types, session) so only the page's own reads count
    cache.clear()  # count the page as rendered, not its cached fragments
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_wco_page_query_count_does_not_grow_with_people(client, demo):
    """The W.Co page costs the same number of queries for 3 people or 40."""
    home = demo.ctx.data["home_wco"]
    client.force_login(demo["staff"])
    url = reverse("members:organization_detail", args=[home.pk])
    few = _count_queries(client, url)
    AffiliationFactory.create_batch(40, organization=home)
    assert _count_queries(client, url) == few


def test_my_page_query_count_does_not_grow_with_affiliations(client, demo):
    member = demo["member"]
    client.force_login(member)
    url = reverse("members:mypage")
    few = _count_queries(client, url)
    AffiliationFactory.create_batch(10, person=member.person)
    assert _count_queries(client, url) == few


def test_an_app_adds_a_panel_without_members_knowing_it(client, demo):
    panel = panels.Panel(
        key="test-courses",
        title="受講した講座",
        template="members/panels/my_roles.html",
        load=lambda organization, user: {"assignments": []},
        order=50,
        permission="members.edit_organization",
    )
    panels.register_panel(panels.ORGANIZATION_PAGE, panel)
    try:
        home = demo.ctx.data["home_wco"]
        url = reverse("members:organization_detail", args=[home.pk])
        client.force_login(demo["rep"])
        assert "受講した講座" in client.get(url).content.decode()
        client.force_login(demo["member"])  # lacks the panel's permission
        assert "受講した講座" not in client.get(url).content.decode()
    finally:
        panels._registry[panels.ORGANIZATION_PAGE].remove(panel)


def test_list_pages_constant_queries(client, demo):
    from tests.factories import OrganizationFactory, PersonFactory

    client.force_login(demo["staff"])
    org_url = reverse("members:organization_list")
    person_url = reverse("members:person_list")
    roles_url = reverse("members:role_list")
    before = [_count_queries(client, u) for u in (org_url, person_url, roles_url)]
    OrganizationFactory.create_batch(30)
    PersonFactory.create_batch(30, with_account=True)
    after = [_count_queries(client, u) for u in (org_url, person_url, roles_url)]
    assert after == before
