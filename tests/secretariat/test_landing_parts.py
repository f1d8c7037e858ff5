"""準備中 marks only what does not exist yet: a part of the secretariat's page that a
role may not use is left out, not shown as "in preparation"."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["support", "board", "council", "staff"])
def test_the_secretariat_page_lists_only_what_the_role_may_open(client, demo, role):
    client.force_login(demo[role])
    page = client.get(reverse("secretariat:index"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "準備中" not in html
    for part in page.context["parts"]:
        assert part.url
        assert client.get(part.url).status_code == 200, (role, part.url)


def test_the_support_page_marks_only_parts_that_do_not_exist_yet(client):
    page = client.get(reverse("support:index"))
    parts = page.context["parts"]
    ready = [part for part in parts if part.url]
    assert ready and all(client.get(p.url).status_code == 200 for p in ready)
    missing = [part for part in parts if not part.url and not part.restricted]
    assert page.content.decode().count("準備中") == len(missing)


def test_a_visitor_sees_the_support_sections_closed_parts_as_for_those_involved(
    client,
):
    """Industry meetings, projects and the talent bank exist (issue 15): a visitor
    reads what they are for, without a link, and none is "in preparation"."""
    html = client.get(reverse("support:index")).content.decode()
    assert "準備中" not in html
    assert html.count("関係者向け") == 3
    assert reverse("support:industry_list") not in html


@pytest.mark.parametrize("role", ["support", "staff", "board", "member"])
def test_the_support_page_links_each_part_the_role_may_open(client, demo, role):
    client.force_login(demo[role])
    page = client.get(reverse("support:index"))
    for part in page.context["parts"]:
        if part.url:
            assert client.get(part.url).status_code == 200, (role, part.url)
    linked = {str(part.title) for part in page.context["parts"] if part.url}
    if role in ("support", "staff"):
        assert len(linked) == 5
