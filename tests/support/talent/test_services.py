"""The talent bank's services: consent, withdrawal, qualifications."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from support.models import HeldQualification, TalentProfile, TalentProposal
from support.models.talent import end_of_fiscal_year
from support.services import talent as services
from support.services.talent import ProfileData
from tests.support.factories import staff_user
from tests.support.talent_factories import (
    municipality,
    proposal,
    qualification,
    talent_profile,
    talent_request,
)
from wco_sse.core.errors import ServiceError

pytestmark = pytest.mark.django_db


def _data(**extra):
    return ProfileData(
        consent_scope="coordinators",
        areas=[municipality("港北区")],
        availability=["1-2"],
        **extra,
    )


def test_own_profile_consent_runs_to_the_end_of_the_fiscal_year(demo):
    profile = services.talent_profile_create(
        actor=demo["member"], data=_data(skills=[("調理", 3)]), consent=True
    )
    assert profile.consent_method == TalentProfile.ConsentMethod.SELF
    assert profile.consent_expires == end_of_fiscal_year(timezone.localdate())
    assert profile.state == TalentProfile.State.ACTIVE


def test_without_consent_or_area_nothing_is_saved(demo):
    with pytest.raises(ServiceError) as error:
        services.talent_profile_create(
            actor=demo["member"], data=_data(), consent=False
        )
    assert error.value.field == "consent"
    with pytest.raises(ServiceError) as error:
        services.talent_profile_create(
            actor=demo["member"],
            data=ProfileData(consent_scope="propose", areas=[]),
            consent=True,
        )
    assert error.value.field == "areas"
    with pytest.raises(ServiceError) as error:
        services.talent_profile_create(
            actor=demo["member"],
            data=ProfileData(consent_scope="propose", areas=[99999999]),
            consent=True,
        )
    assert error.value.field == "areas"
    assert not TalentProfile.objects.filter(person__account=demo["member"]).exists()


def test_renewing_moves_the_expiry_and_wakes_a_dormant_profile(demo):
    profile = talent_profile(
        demo.ctx.accounts["member@example.org"],
        state=TalentProfile.State.DORMANT,
        consent_expires=datetime.date(2020, 3, 31),
    )
    services.talent_consent_renew(actor=demo["member"], profile=profile)
    profile.refresh_from_db()
    assert profile.consent_expires == end_of_fiscal_year(timezone.localdate())
    assert profile.state == TalentProfile.State.ACTIVE


def test_withdrawing_closes_every_open_proposal(demo):
    profile = talent_profile(demo.ctx.accounts["member@example.org"])
    open_ones = [
        proposal(talent_request(), profile, state=state)
        for state in (
            TalentProposal.State.PROPOSED,
            TalentProposal.State.AGREED,
            TalentProposal.State.MEETING,
        )
    ]
    hired = proposal(talent_request(), profile, state=TalentProposal.State.HIRED)
    services.talent_profile_withdraw(actor=demo["member"], profile=profile)
    profile.refresh_from_db()
    assert profile.state == TalentProfile.State.WITHDRAWN
    for one in open_ones:
        one.refresh_from_db()
        assert one.state == TalentProposal.State.WITHDRAWN
    hired.refresh_from_db()
    assert hired.state == TalentProposal.State.HIRED


def test_confirming_wakes_a_dormant_profile(demo):
    profile = talent_profile(
        demo.ctx.accounts["member@example.org"], state=TalentProfile.State.DORMANT
    )
    services.talent_profile_confirm(actor=demo["member"], profile=profile)
    profile.refresh_from_db()
    assert profile.state == TalentProfile.State.ACTIVE
    assert profile.confirmed_on == timezone.localdate()


def test_expiry_before_obtained_is_refused_at_the_field(demo):
    profile = talent_profile(demo.ctx.accounts["member@example.org"])
    carer = qualification("更新制の資格", expires=True)
    with pytest.raises(ServiceError) as error:
        services.held_qualification_add(
            actor=demo["member"],
            profile=profile,
            qualification=carer,
            obtained_on=datetime.date(2024, 4, 1),
            expires_on=datetime.date(2024, 3, 31),
        )
    assert error.value.field == "expires_on"
    with pytest.raises(ServiceError) as error:
        services.held_qualification_add(
            actor=demo["member"],
            profile=profile,
            qualification=carer,
            obtained_on=datetime.date(2024, 4, 1),
        )
    assert error.value.field == "expires_on"
    assert not HeldQualification.objects.filter(profile=profile).exists()
    # Expected (見込み): no expiry needed yet.
    services.held_qualification_add(
        actor=demo["member"],
        profile=profile,
        qualification=carer,
        state=HeldQualification.State.EXPECTED,
    )


def test_an_unknown_or_retired_qualification_is_refused(demo):
    profile = talent_profile(demo.ctx.accounts["member@example.org"])
    retired = qualification("廃止された資格")
    retired.is_active = False
    retired.save()
    for wrong in (None, retired):
        with pytest.raises(ServiceError) as error:
            services.held_qualification_add(
                actor=demo["member"], profile=profile, qualification=wrong
            )
        assert error.value.field == "qualification"


def test_a_change_after_verification_clears_it(demo):
    profile = talent_profile(demo.ctx.accounts["member@example.org"])
    cook = qualification("調理師")
    held = services.held_qualification_add(
        actor=demo["member"], profile=profile, qualification=cook, number="1"
    )
    staff = staff_user()
    services.held_qualification_verify(actor=staff, held=held)
    held.refresh_from_db()
    assert held.is_verified
    # Saving the same values keeps the verification.
    services.held_qualification_update(
        actor=demo["member"], held=held, qualification=cook, state="held", number="1"
    )
    held.refresh_from_db()
    assert held.is_verified
    services.held_qualification_update(
        actor=demo["member"], held=held, qualification=cook, state="held", number="2"
    )
    held.refresh_from_db()
    assert not held.is_verified
    services.held_qualification_verify(actor=staff, held=held)
    services.held_qualification_update(
        actor=demo["member"],
        held=held,
        qualification=cook,
        state="held",
        number="2",
        evidence=SimpleUploadedFile("c.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    held.refresh_from_db()
    assert not held.is_verified


def test_a_coordinator_may_not_verify(demo):
    profile = talent_profile(qualifications=["調理師"])
    held = profile.qualifications.get()
    with pytest.raises(ServiceError):
        services.held_qualification_verify(actor=demo["support"], held=held)
