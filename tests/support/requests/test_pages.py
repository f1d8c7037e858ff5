"""The requests pages: the list at a fixed number of queries, the profile hidden
from the requester before the candidate agrees, the my page panels."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from support.models import TalentProposal
from tests.support import talent_factories as tf

from .helpers import member_profile, rep_request

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_runs_a_fixed_number_of_queries(client, demo):
    client.force_login(demo["support"])
    url = reverse("support:talent_request_list")
    rep_request(demo)
    client.get(url)  # the viewer's roles and the page's caches, read once
    few = _queries(client, url)
    for _i in range(8):
        request = rep_request(demo)
        tf.proposal(request, tf.talent_profile(qualifications=("調理師",)))
    client.get(url)  # the writes renewed the caches' versions
    assert _queries(client, url) == few


def test_the_requester_finds_no_profile_before_the_agreement(client, demo):
    proposal = tf.proposal(rep_request(demo), member_profile(demo))
    client.force_login(demo["rep"])
    sheet = reverse("support:talent_proposal_sheet", args=[proposal.pk])
    assert client.get(sheet).status_code == 404
    page = client.get(reverse("support:talent_proposal_detail", args=[proposal.pk]))
    assert page.status_code == 200
    assert b"candidate-profile" not in page.content
    proposal.state = TalentProposal.State.AGREED
    proposal.save()
    page = client.get(reverse("support:talent_proposal_detail", args=[proposal.pk]))
    assert b"candidate-profile" in page.content


def test_the_candidate_sees_the_proposal_on_their_my_page(client, demo):
    tf.proposal(rep_request(demo), member_profile(demo))
    client.force_login(demo["member"])
    page = client.get(reverse("members:mypage"))
    assert b"proposals-to-me" in page.content


def test_the_coordinator_sees_the_best_twenty_and_may_ask_for_more(client, demo):
    """The request's page ranks twenty candidates; "show more" lists the rest (up to
    a hundred), at the same number of queries."""
    request = rep_request(demo)
    for _i in range(23):
        tf.talent_profile(qualifications=("調理師",))
    client.force_login(demo["support"])
    url = reverse("support:talent_request_detail", args=[request.pk])
    page = client.get(url)
    assert len(page.context["ranking"]["candidates"]) == 20
    assert "?more=1#candidates" in page.content.decode()
    more = client.get(url, {"more": 1})
    assert len(more.context["ranking"]["candidates"]) == 23
    assert "?more=1#candidates" not in more.content.decode()
    cache.clear()  # both ranked afresh, not read from the kept fragment
    few = _queries(client, url)
    cache.clear()
    assert _queries(client, url + "?more=1") == few


def test_the_kept_ranking_shows_a_new_profile_and_a_proposal_at_once(client, demo):
    """The candidates' table is kept between visits (core.fragments) and renewed by
    any change to what it is made of."""
    request = rep_request(demo)
    first = tf.talent_profile(qualifications=("調理師",))
    client.force_login(demo["support"])
    url = reverse("support:talent_request_detail", args=[request.pk])
    profile_link = reverse("support:talent_profile_detail", args=[first.pk])
    assert profile_link in client.get(url).content.decode()
    second = tf.talent_profile(qualifications=("調理師",))
    html = client.get(url).content.decode()
    assert reverse("support:talent_profile_detail", args=[second.pk]) in html
    client.post(
        reverse("support:talent_propose", args=[request.pk]),
        {"profile": first.pk, "message": ""},
    )
    html = client.get(url).content.decode()
    assert html.count("Already proposed") + html.count("紹介済み") >= 1
