"""Hostile input to the requests part's forms: asking for people, changing a
request, the trial or interview and the outcome (see ``forms_helpers``)."""

import pytest

from support.models import TalentProposal, TalentRequest
from tests.hostile.forms_helpers import FormCase, day, row_of, run_case
from tests.support import cases_requests as cases
from tests.support import talent_factories as tf


def request_values(demo, made):
    return {
        "organization": demo.ctx.data["home_wco"].pk,
        "title": "配食の調理スタッフ",
        "qualifications": [tf.qualification("調理師").pk],
        "areas": [tf.municipality("港北区").pk],
        "slots": ["0-0", "1-0"],
        "hours_per_week": "10",
        "headcount": "1",
        "pay_min": "1100",
        "pay_max": "1300",
        "pay_unit": "hour",
        "start": day(14),
        "end": "",
        "industry": "",
        "description": "昼食の調理",
    }


def edit_values(demo, made):
    values = request_values(demo, made)
    del values["organization"]
    return values


def a_request(demo):
    return {"kwargs": cases.rep_request(demo, "rep")}


def an_agreed_proposal(demo):
    return {"kwargs": cases.agreed_proposal(demo, "rep")}


def request_row(made):
    return row_of(TalentRequest, made["kwargs"]["pk"])


def proposal_row(made):
    return row_of(TalentProposal, made["kwargs"]["pk"])


CASES = (
    FormCase(
        "talent_request_create",
        "support:talent_request_create",
        "rep",
        values=request_values,
        tables=(TalentRequest,),
    ),
    FormCase(
        "talent_request_edit",
        "support:talent_request_edit",
        "rep",
        setup=a_request,
        values=edit_values,
        tables=(TalentRequest,),
        snapshot=request_row,
    ),
    FormCase(
        "talent_proposal_meeting",
        "support:talent_proposal_meeting",
        "rep",
        setup=an_agreed_proposal,
        values=lambda demo, made: {"kind": "interview", "on": day(3)},
        tables=(TalentProposal,),
        snapshot=proposal_row,
    ),
    FormCase(
        "talent_proposal_outcome",
        "support:talent_proposal_outcome",
        "rep",
        setup=an_agreed_proposal,
        values=lambda demo, made: {"outcome": "not_hired", "reason": "requester"},
        tables=(TalentProposal,),
        snapshot=proposal_row,
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_requests_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; hostile numbers, dates and text are saved or
    refused with a message shown, never a server error, and a refusal changes
    nothing."""
    run_case(client, demo, case)
