"""Keeping the talent bank current: the yearly question, dormancy, expiry
reminders; each safe to run twice."""

import datetime

import pytest
from django.utils import timezone

from support.models import TalentProfile
from support.services import talent as services
from tests.support.talent_factories import talent_profile
from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.django_db


def _emails(template):
    return OutboundEmail.objects.filter(template=template).count()


def _a_year_old(profile, *, days):
    """Consented and last confirmed ``days`` ago."""
    TalentProfile.objects.filter(pk=profile.pk).update(
        consent_at=timezone.now() - datetime.timedelta(days=days),
        confirmed_on=timezone.localdate() - datetime.timedelta(days=days),
    )
    return profile


def test_refresh_then_dormant_after_thirty_days(demo):
    today = timezone.localdate()
    person = demo.ctx.accounts["member@example.org"]
    profile = _a_year_old(talent_profile(person), days=366)
    fresh = talent_profile(confirmed_on=today)
    assert services.talent_refresh_ask(day=today) == 1
    assert services.talent_refresh_ask(day=today) == 0
    assert _emails("talent_refresh") == 1
    profile.refresh_from_db()
    assert profile.refresh_asked_on == today
    assert services.talent_dormancy_apply(day=today + datetime.timedelta(days=29)) == 0
    later = today + datetime.timedelta(days=30)
    assert services.talent_dormancy_apply(day=later) == 1
    assert services.talent_dormancy_apply(day=later) == 0
    profile.refresh_from_db()
    fresh.refresh_from_db()
    assert profile.state == TalentProfile.State.DORMANT
    assert fresh.state == TalentProfile.State.ACTIVE
    assert _emails("talent_dormancy") == 1


def test_an_answer_in_time_keeps_the_profile_active(demo):
    today = timezone.localdate()
    person = demo.ctx.accounts["member@example.org"]
    profile = _a_year_old(talent_profile(person), days=400)
    services.talent_refresh_ask(day=today)
    services.talent_profile_confirm(actor=demo["member"], profile=profile)
    services.talent_dormancy_apply(day=today + datetime.timedelta(days=31))
    profile.refresh_from_db()
    assert profile.state == TalentProfile.State.ACTIVE


def test_expiry_reminder_goes_once_per_expiry(demo):
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=60)
    profile = talent_profile(
        demo.ctx.accounts["member@example.org"],
        qualifications=[("介護福祉士", {"expires_on": soon})],
    )
    talent_profile(
        qualifications=[("介護福祉士", {"expires_on": soon + datetime.timedelta(1)})]
    )
    assert services.talent_expiry_remind(day=today) == 1
    assert services.talent_expiry_remind(day=today) == 0
    assert services.talent_expiry_remind(day=today + datetime.timedelta(days=1)) == 1
    held = profile.qualifications.get()
    assert held.reminded_for == soon
    # A renewed qualification (a new expiry) is reminded again in its time.
    held.expires_on = soon + datetime.timedelta(days=365)
    held.save()
    assert services.talent_expiry_remind(day=today + datetime.timedelta(days=365)) == 1
    # The member has an address; the other person none (reminded on their page).
    assert _emails("talent_expiry") == 2
