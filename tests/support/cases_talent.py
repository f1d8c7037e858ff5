# ruff: noqa: F403, F405
"""The permission matrix rows of the support section's talent part (issue 15).

Everyone with a registry record keeps their own profile; the secretariat enters one
for someone who phoned, keeps the list of qualifications and verifies; coordinators
(the section and the secretariat) search and read profiles, never a withdrawn one;
everyone signed in reads the aggregates, and those who coordinate or read the
section's figures (board, 監事, council) export them."""

from support.models import HeldQualification, TalentProfile
from tests.permission_vocabulary import *
from tests.support.talent_factories import qualification, talent_profile

COORDINATORS = SECRETARIAT | frozenset({"support"})
KEEPERS = SECRETARIAT | MEMBER
EXPORTERS = COORDINATORS | BOARD | COUNCIL


def _member_profile(demo, state=TalentProfile.State.ACTIVE):
    person = demo.ctx.accounts["member@example.org"]
    profile = TalentProfile.objects.filter(person=person).first()
    if profile is None:
        return talent_profile(person, state=state)
    TalentProfile.objects.filter(pk=profile.pk).update(state=state)
    return profile


def member_profile(demo, who):
    """The member's own active profile."""
    return {"pk": _member_profile(demo).pk}


def member_withdrawn_profile(demo, who):
    return {"pk": _member_profile(demo, TalentProfile.State.WITHDRAWN).pk}


def member_qualification(demo, who):
    """A qualification on the member's profile (made again after a delete)."""
    held, _created = HeldQualification.objects.get_or_create(
        profile=_member_profile(demo), qualification=qualification("調理師")
    )
    HeldQualification.objects.filter(pk=held.pk).update(verified_at=None)
    return {"pk": held.pk}


def a_qualification(demo, who):
    return {"pk": qualification("調理師").pk}


CASES = (
    Case(
        "support:talent_my_profile",
        get=allow(SIGNED_IN),
        post=allow(SIGNED_IN, FORM_ERRORS),
    ),
    Case(
        "support:talent_profile_enter",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "support:talent_profile_list",
        get=allow(COORDINATORS),
        post=allow(COORDINATORS, NOT_ALLOWED),
    ),
    Case(
        "support:talent_profile_detail",
        kwargs=member_profile,
        get=reach(COORDINATORS | MEMBER),
        post=reach(COORDINATORS | MEMBER, NOT_ALLOWED),
    ),
    # A withdrawn profile: its person alone.
    Case(
        "support:talent_profile_detail",
        kwargs=member_withdrawn_profile,
        get=reach(MEMBER),
        post=reach(MEMBER, NOT_ALLOWED),
    ),
    Case(
        "support:talent_profile_edit",
        kwargs=member_profile,
        get=reach(KEEPERS),
        post=reach(KEEPERS, FORM_ERRORS),
    ),
    Case(
        "support:talent_profile_renew",
        kwargs=member_profile,
        get=reach(KEEPERS, NOT_ALLOWED),
        post=reach(KEEPERS, DONE),
    ),
    Case(
        "support:talent_profile_confirm",
        kwargs=member_profile,
        get=reach(KEEPERS, NOT_ALLOWED),
        post=reach(KEEPERS, DONE),
    ),
    Case(
        "support:talent_profile_withdraw",
        kwargs=member_profile,
        get=reach(KEEPERS),
        post=reach(KEEPERS, DONE),
    ),
    Case(
        "support:talent_qualification_add",
        kwargs=member_profile,
        get=reach(KEEPERS),
        post=reach(KEEPERS, FORM_ERRORS),
    ),
    Case(
        "support:talent_qualification_edit",
        kwargs=member_qualification,
        get=reach(KEEPERS),
        post=reach(KEEPERS, FORM_ERRORS),
    ),
    Case(
        "support:talent_qualification_delete",
        kwargs=member_qualification,
        get=reach(KEEPERS),
        post=reach(KEEPERS, DONE),
    ),
    Case(
        "support:talent_qualification_verify",
        kwargs=member_qualification,
        get=reach(SECRETARIAT, NOT_ALLOWED),
        post=reach(SECRETARIAT, DONE),
    ),
    Case(
        "support:talent_qualification_list",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "support:talent_qualification_list_edit",
        kwargs=a_qualification,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "support:talent_aggregates",
        get=allow(SIGNED_IN),
        post=allow(SIGNED_IN, NOT_ALLOWED),
    ),
    Case(
        "support:talent_aggregates_export",
        get=allow(EXPORTERS),
        post=allow(EXPORTERS, NOT_ALLOWED),
    ),
)
