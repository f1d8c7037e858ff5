"""The demo's programmes: the social-workplace project's plan and the board's
adoption, a draft item on the 横浜市 programme; every programme page opens for the
roles that read it, with the demo's data."""

import pytest
from django.urls import reverse

from business import demo_programmes
from business.selectors.programmes import items_about
from secretariat.models import AgendaItem, Decision
from wco_sse.core.files import files_attached_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo):
    """The demo with the business section's records, as ``seed_demo`` makes them."""
    from business import demo as business_demo

    business_demo.seed(demo.ctx)
    return demo


def test_the_demo_has_a_plan_an_adopted_item_and_a_draft(seeded):
    demo = seeded
    programmes = demo.ctx.data["business_programmes"]
    social = programmes["social_workplace"]
    [plan] = files_attached_to(social)
    assert plan.original_name == demo_programmes.PLAN_NAME
    [adopted] = items_about(social)
    assert adopted.status == AgendaItem.Status.APPROVED
    assert Decision.objects.get(item=adopted).adopted
    [draft] = items_about(programmes["yokohama_employment"])
    assert draft.status == AgendaItem.Status.DRAFT
    # A second seed adds nothing.
    demo_programmes.seed(demo.ctx)
    assert len(files_attached_to(social)) == 1
    assert items_about(social).count() == 1


def test_the_demo_pages_open_for_the_readers(client, seeded):
    demo = seeded
    programmes = demo.ctx.data["business_programmes"]
    social = programmes["social_workplace"]
    for who in ("business", "secgen", "board", "auditor", "council"):
        client.force_login(demo[who])
        assert client.get(reverse("business:index")).status_code == 200
        listing = client.get(reverse("business:programme_list"))
        assert social.title in listing.content.decode()
        for programme in programmes.values():
            assert client.get(programme.get_absolute_url()).status_code == 200
    client.force_login(demo["business"])
    page = client.get(social.get_absolute_url()).content.decode()
    assert demo_programmes.PLAN_NAME in page
    assert demo_programmes.ADOPTED_TITLE in page
    assert client.get(reverse("business:kind_list")).status_code == 200
    # The rep of the home W.Co (a cooperating partner) reads it, and its W.Co page
    # lists it.
    client.force_login(demo["rep"])
    assert client.get(social.get_absolute_url()).status_code == 200
    home = demo.ctx.data["home_wco"]
    wco_page = client.get(reverse("members:organization_detail", args=[home.pk]))
    assert social.title in wco_page.content.decode()
