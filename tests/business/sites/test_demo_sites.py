"""The demo's places: a café, a 子ども食堂, the organization's own pantry and the
home W.Co's pantry that member@example.org records, a year of sessions with one
month missing the city's condition, and two sites in the public directory; the
pages open for the roles that use them. Seeding twice adds nothing."""

import pytest
from django.urls import reverse

from business import demo as business_demo
from business.models import FundingCondition, Session, Site, SiteRecorder
from business.selectors.sites import monthly_table
from wco_sse.core.japan import fiscal_year
from wco_sse.core.transactions import composing

pytestmark = pytest.mark.django_db


def _seed(demo):
    with composing():
        business_demo.seed(demo.ctx)
    return demo.ctx.data["business_sites"]


def test_the_demo_makes_four_sites_with_a_year_of_sessions(demo):
    sites = _seed(demo)
    assert set(sites) == {"cafe", "diner", "pantry_org", "pantry_home"}
    assert sites["cafe"].operator is not None
    assert sites["pantry_org"].operator is None
    assert sites["pantry_home"].operator == demo.ctx.data["home_wco"]
    assert SiteRecorder.objects.filter(
        site=sites["pantry_home"], person=demo.ctx.accounts["member@example.org"]
    ).exists()
    assert Site.objects.filter(public=True).count() == 2
    for site in sites.values():
        assert Session.objects.filter(site=site).count() >= 20
    adults = set(
        Session.objects.filter(site=sites["pantry_home"]).values_list(
            "adults", flat=True
        )
    )
    assert len(adults) > 5  # varied counts
    assert FundingCondition.objects.filter(site=sites["diner"]).exists()
    counts = Session.objects.count()
    _seed(demo)
    assert Session.objects.count() == counts
    assert Site.objects.count() == 4


def test_one_month_of_the_diner_misses_the_citys_condition(demo):
    from django.utils import timezone

    sites = _seed(demo)
    today = timezone.localdate()
    flagged = []
    for year in (fiscal_year(today) - 1, fiscal_year(today)):
        flagged += monthly_table(sites["diner"], year).flagged
    assert len(flagged) == 1
    assert "開催日が1日" in flagged[0].flags[0]


@pytest.mark.parametrize(
    ("who", "key"),
    [
        ("business", "diner"),
        ("board", "cafe"),
        ("member", "pantry_home"),
        ("rep", "pantry_home"),
        ("secgen", "pantry_org"),
    ],
)
def test_the_demo_pages_open(client, demo, who, key):
    sites = _seed(demo)
    client.force_login(demo[who])
    site = sites[key]
    page = client.get(reverse("business:site_detail", args=[site.pk]))
    assert page.status_code == 200
    assert site.name in page.content.decode()
    if who in ("business", "member", "secgen"):
        assert (
            client.get(reverse("business:session_create", args=[site.pk])).status_code
            == 200
        )
    if who != "rep":
        listing = client.get(reverse("business:site_list")).content.decode()
        assert site.name in listing


def test_the_demo_directory_lists_the_two_consenting_sites(client, demo):
    sites = _seed(demo)
    page = client.get(reverse("business:site_directory")).content.decode()
    assert sites["cafe"].name in page and sites["diner"].name in page
    assert sites["pantry_home"].name not in page


def test_scale_adds_sites_with_a_year_of_weekly_sessions(demo):
    demo.ctx.scale = 1
    _seed(demo)
    scale = Site.objects.filter(name__startswith="地域の居場所 ")
    assert scale.count() == 5
    counts = [Session.objects.filter(site=site).count() for site in scale]
    assert all(50 <= count <= 53 for count in counts)
    before = Session.objects.count()
    _seed(demo)
    assert Session.objects.count() == before
