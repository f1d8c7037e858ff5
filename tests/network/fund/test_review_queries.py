"""The round's review list costs the same number of queries for 2 applications as for
12, for the secretariat and for a committee member (issue 14)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Organization
from network.fund import services_review as services
from network.models import FundRound
from tests.network.fund import review_helpers as rh
from tests.network.fund_helpers import funded_round

pytestmark = pytest.mark.django_db


def _round_with(demo, n, reviewers):
    fund_round = funded_round(status=FundRound.Status.REVIEW, title=f"{n}件の回")
    organizations = list(Organization.objects.order_by("pk")[:n])
    assert len(organizations) == n
    for index, organization in enumerate(organizations):
        app = rh.in_review(demo, fund_round=fund_round, organization=organization)
        for reviewer in reviewers:
            rh.scored(reviewer, app, 2 + index % 3)
        if index % 2:
            rh.scored(demo["fund"], app, 3)
        elif index % 3 == 0:
            services.conflict_declare(
                actor=demo["fund"], application=app, conflicted=True, reason="所属"
            )
    return fund_round


def _queries(client, fund_round):
    cache.clear()
    url = reverse("network:fund_round_reviews", args=[fund_round.pk])
    client.get(url)  # warm the session and the role snapshot alike
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(response.context["rows"])


@pytest.mark.parametrize("who", ["staff", "fund"])
def test_the_review_list_costs_the_same_for_2_and_12_applications(client, demo, who):
    reviewers = [rh.reviewer(), rh.reviewer()]
    small = _round_with(demo, 2, reviewers)
    large = _round_with(demo, 12, reviewers)
    client.force_login(demo[who])
    small_count, small_rows = _queries(client, small)
    large_count, large_rows = _queries(client, large)
    assert large_rows > small_rows
    assert small_count == large_count
