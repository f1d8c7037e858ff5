"""Hostile input to the talent bank's forms (see ``forms_helpers``): huge numbers,
full-width digits, text in number and date fields, direction controls, unknown
areas and slots. Saved or refused with a message, never a server error; a refusal
changes nothing."""

import pytest
from django.utils import timezone

from support.models import (
    HeldQualification,
    Qualification,
    TalentProfile,
    TalentSkill,
)
from tests.factories import PersonFactory
from tests.hostile.forms_helpers import FormCase, row_of, run_case
from tests.support.talent_factories import municipality, qualification, talent_profile


def profile_values(demo, made):
    return {
        "consent_scope": "propose",
        "areas": [str(municipality("港北区").pk)],
        "availability": ["0-0", "4-2"],
        "hours_per_week": "２０",
        "introduction": "よろしくお願いします。",
        "skills-0-name": "調理",
        "skills-0-years": "3",
    }


def new_profile_values(demo, made):
    return {**profile_values(demo, made), "consent": "on"}


def member_profile(demo):
    profile = talent_profile(demo.ctx.accounts["member@example.org"])
    return {"kwargs": {"pk": profile.pk}, "profile": profile}


def entered_values(demo, made):
    return {
        **new_profile_values(demo, made),
        "person": made["person"].pk,
        "consent_method": "verbal",
        "consent_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }


def a_person(demo):
    return {"kwargs": {}, "person": PersonFactory()}


def held_values(demo, made):
    return {
        "qualification": qualification("調理師").pk,
        "state": "held",
        "number": "第12345号",
        "obtained_on": "2020-04-01",
        "expires_on": "",
    }


def member_held(demo):
    profile = talent_profile(
        demo.ctx.accounts["member@example.org"], qualifications=["調理師"]
    )
    held = profile.qualifications.get()
    return {"kwargs": {"pk": held.pk}, "held": held}


def profile_row(made):
    return row_of(TalentProfile, made["kwargs"]["pk"])


def held_row(made):
    return row_of(HeldQualification, made["kwargs"]["pk"])


def a_qualification(demo):
    return {"kwargs": {"pk": qualification("調理師").pk}}


CASES = (
    FormCase(
        "talent_my_profile",
        "support:talent_my_profile",
        "member",
        values=new_profile_values,
        tables=(TalentProfile, TalentSkill),
    ),
    FormCase(
        "talent_profile_edit",
        "support:talent_profile_edit",
        "member",
        setup=member_profile,
        values=profile_values,
        tables=(TalentSkill,),
        snapshot=profile_row,
    ),
    FormCase(
        "talent_profile_enter",
        "support:talent_profile_enter",
        "staff",
        setup=a_person,
        values=entered_values,
        tables=(TalentProfile, TalentSkill),
    ),
    FormCase(
        "talent_qualification_add",
        "support:talent_qualification_add",
        "member",
        setup=member_profile,
        values=held_values,
        tables=(HeldQualification,),
    ),
    FormCase(
        "talent_qualification_edit",
        "support:talent_qualification_edit",
        "member",
        setup=member_held,
        values=held_values,
        tables=(HeldQualification,),
        snapshot=held_row,
    ),
    FormCase(
        "talent_qualification_list",
        "support:talent_qualification_list",
        "staff",
        values={"name": "新しい資格", "order": "１００", "is_active": "on"},
        tables=(Qualification,),
    ),
    FormCase(
        "talent_qualification_list_edit",
        "support:talent_qualification_list_edit",
        "staff",
        setup=a_qualification,
        values={"name": "調理師", "order": "10", "is_active": "on"},
        tables=(Qualification,),
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_talent_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; hostile input is saved or refused with a
    message shown, never a server error, and a refusal changes nothing."""
    run_case(client, demo, case)
