"""The matching filter and its ranking: who may be proposed for a request."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from support.models import TalentProfile
from support.selectors.matching import candidate_ids_for, candidates_for
from tests.support import talent_factories as tf

pytestmark = pytest.mark.django_db


def _request(**fields):
    return tf.talent_request(**fields)


def _passes(profile, request):
    return profile.pk in candidate_ids_for(request)


def test_an_active_profile_that_fits_passes():
    request = _request()
    assert _passes(tf.talent_profile(qualifications=("調理師",)), request)


@pytest.mark.parametrize(
    "state", [TalentProfile.State.DORMANT, TalentProfile.State.WITHDRAWN]
)
def test_dormant_and_withdrawn_profiles_never_pass(state):
    request = _request()
    assert not _passes(
        tf.talent_profile(state=state, qualifications=("調理師",)), request
    )


def test_a_profile_for_coordinators_only_does_not_pass():
    request = _request()
    profile = tf.talent_profile(
        scope=TalentProfile.Scope.COORDINATORS, qualifications=("調理師",)
    )
    assert not _passes(profile, request)


def test_consent_expired_on_the_start_date_does_not_pass():
    request = _request()
    profile = tf.talent_profile(
        qualifications=("調理師",),
        consent_expires=request.start - datetime.timedelta(days=1),
    )
    assert not _passes(profile, request)


def test_a_qualification_expired_on_the_start_date_fails():
    request = _request()
    expired = tf.talent_profile(
        qualifications=(
            ("調理師", {"expires_on": request.start - datetime.timedelta(days=1)}),
        )
    )
    valid = tf.talent_profile(
        qualifications=(("調理師", {"expires_on": request.start}),)
    )
    assert not _passes(expired, request)
    assert _passes(valid, request)


def test_an_expected_qualification_fails():
    request = _request()
    profile = tf.talent_profile(qualifications=(("調理師", {"state": "expected"}),))
    assert not _passes(profile, request)


def test_every_required_qualification_is_needed():
    request = _request(qualifications=("調理師", "介護福祉士"))
    assert not _passes(tf.talent_profile(qualifications=("調理師",)), request)
    assert _passes(tf.talent_profile(qualifications=("調理師", "介護福祉士")), request)


def test_a_profile_outside_the_areas_fails():
    request = _request(areas=("港北区",))
    assert not _passes(
        tf.talent_profile(areas=("青葉区",), qualifications=("調理師",)), request
    )
    assert _passes(
        tf.talent_profile(areas=("青葉区", "港北区"), qualifications=("調理師",)),
        request,
    )


def test_a_missing_slot_fails():
    request = _request(slots=("0-0", "5-1"))
    assert not _passes(tf.talent_profile(qualifications=("調理師",)), request)
    assert _passes(
        tf.talent_profile(slots=("0-0", "5-1", "6-2"), qualifications=("調理師",)),
        request,
    )


def test_the_preferred_industry_and_experience_rank_first():
    request = _request(industry=tf.industry("配食"), hours_per_week=20)
    plain = tf.talent_profile(qualifications=("調理師",), hours_per_week=5)
    fitting = tf.talent_profile(qualifications=("調理師",), hours_per_week=30)
    fitting.preferred_industries.add(tf.industry("配食"))
    fitting.skills.create(name="調理師としての調理", years=8)
    ranked = candidates_for(request)
    assert [c.profile for c in ranked] == [fitting, plain]
    assert len(ranked[0].reasons) >= 3
    assert not ranked[1].reasons


def test_an_already_proposed_profile_is_marked():
    request = _request()
    profile = tf.talent_profile(qualifications=("調理師",))
    tf.proposal(request, profile)
    (candidate,) = candidates_for(request)
    assert candidate.already_proposed


def _ranking_queries(request):
    with CaptureQueriesContext(connection) as captured:
        candidates = candidates_for(request)
        for candidate in candidates:
            list(candidate.profile.areas.all())
            list(candidate.profile.skills.all())
            str(candidate.profile.person)
    return len(captured), len(candidates)


def test_matching_runs_a_fixed_number_of_queries():
    request = _request()
    for _i in range(5):
        profile = tf.talent_profile(qualifications=("調理師",))
        profile.skills.create(name="調理", years=3)
    few, shown_few = _ranking_queries(request)
    for _i in range(150):
        tf.talent_profile(qualifications=("調理師",))
    many, shown_many = _ranking_queries(request)
    assert shown_many > shown_few
    assert many == few
