"""Talent bank records for tests (issue 15): profiles, held qualifications, requests.

Model-level and quick; the services' own tests go through the services."""

import datetime

from django.utils import timezone

from members.models import Industry, Municipality
from support.models import (
    HeldQualification,
    Qualification,
    TalentProfile,
    TalentProposal,
    TalentRequest,
)
from support.models.talent import availability_mask, end_of_fiscal_year
from tests.factories import PersonFactory

WEEKDAY_MORNINGS = ["0-0", "1-0", "2-0", "3-0", "4-0"]


def qualification(name="調理師", *, expires=False):
    found, _created = Qualification.objects.get_or_create(
        name=name, defaults={"expires": expires}
    )
    return found


def municipality(name="港北区"):
    """A Kanagawa municipality by name (the registry's reference data)."""
    return Municipality.objects.filter(name=name).order_by("code").first()


def industry(name="配食"):
    found, _created = Industry.objects.get_or_create(name=name)
    return found


def talent_profile(
    person=None,
    *,
    state=TalentProfile.State.ACTIVE,
    scope=TalentProfile.Scope.PROPOSE,
    areas=("港北区",),
    slots=WEEKDAY_MORNINGS,
    qualifications=(),
    consent_expires=None,
    hours_per_week=20,
    **fields,
):
    """A profile for ``person`` (a new one if None) holding ``qualifications``: names,
    or (name, {field: value}) pairs for a HeldQualification's fields."""
    person = person or PersonFactory()
    today = timezone.localdate()
    profile = TalentProfile.objects.create(
        person=person,
        state=state,
        consent_scope=scope,
        consent_method=TalentProfile.ConsentMethod.SELF,
        consent_at=timezone.now(),
        consent_expires=consent_expires or end_of_fiscal_year(today),
        availability=availability_mask(slots),
        hours_per_week=hours_per_week,
        **fields,
    )
    profile.areas.set([m for m in (municipality(a) for a in areas) if m])
    for item in qualifications:
        name, extra = item if isinstance(item, tuple) else (item, {})
        HeldQualification.objects.create(
            profile=profile, qualification=qualification(name), **extra
        )
    return profile


def talent_request(
    requested_by=None,
    *,
    organization=None,
    qualifications=("調理師",),
    areas=("港北区",),
    slots=("0-0",),
    headcount=1,
    start=None,
    **fields,
):
    request = TalentRequest.objects.create(
        title=fields.pop("title", "配食の調理スタッフ"),
        organization=organization,
        requested_by=requested_by or PersonFactory(),
        availability=availability_mask(slots),
        headcount=headcount,
        start=start or timezone.localdate() + datetime.timedelta(days=14),
        **fields,
    )
    request.qualifications.set([qualification(name) for name in qualifications])
    request.areas.set([m for m in (municipality(a) for a in areas) if m])
    return request


def proposal(
    request, profile, *, proposed_by=None, state=TalentProposal.State.PROPOSED
):
    return TalentProposal.objects.create(
        request=request,
        profile=profile,
        proposed_by=proposed_by or PersonFactory(),
        state=state,
    )
