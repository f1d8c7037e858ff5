"""Hostile input to the fund's forms for programmes, rounds and applications (see
``forms_helpers``): huge numbers, full-width digits, negative amounts, text in amount
fields, direction controls. Saved or refused with a message, never a server error;
a refusal changes nothing."""

import pytest

from network.models import (
    BudgetLine,
    FundApplication,
    FundProgramme,
    FundRound,
    LedgerTransaction,
)
from tests.hostile.forms_helpers import FormCase, row_of, run_case
from tests.network.fund_helpers import (
    application,
    book_contribution,
    funded_round,
    programme,
    source,
    standard_rubric,
)
from wco_sse.core.models import AuditEntry


def a_programme(demo):
    return {"kwargs": {"pk": programme().pk}}


def programme_values(demo, made):
    return {
        "name": "地域づくり助成",
        "kind": "grant",
        "purpose": "地域のため",
        "active": "on",
    }


def a_round(demo):
    return {"kwargs": {"pk": funded_round(budget=0).pk}}


def round_values(demo, made):
    return {
        "programme": programme().pk,
        "title": "2027年度 第1回",
        "description": "募集要項です。",
        "project_start": "2027-04-01",
        "project_end": "2028-03-31",
        "opens_on": "2026-12-01",
        "opens_time": "09:00",
        "closes_on": "2027-01-15",
        "closes_time": "17:00",
        "cap_per_grant": "５００，０００",
        "eligible_costs": ["personnel", "venue"],
        "rubric": standard_rubric().pk,
        "change_committee_share": "20",
    }


def round_edit_values(demo, made):
    values = round_values(demo, made)
    del values["programme"]
    return values


def round_row(made):
    return row_of(FundRound, made["kwargs"]["pk"])


def a_round_with_money(demo):
    fund_round = funded_round(budget=0)
    book_contribution(source(), 1_000_000)
    return {"kwargs": {"pk": fund_round.pk}}


def a_draft(demo):
    made = application(
        funded_round(budget=0),
        demo.ctx.data["home_wco"],
        status=FundApplication.Status.DRAFT,
    )
    return {"kwargs": {"pk": made.pk}}


def application_values(demo, made):
    return {
        "org_name": "ワーカーズ・コレクティブ あおば",
        "project_title": "居場所づくり",
        "amount_requested": "３０万".replace("万", "0000"),
        "total_cost": "400,000",
        "lines-0-category": "personnel",
        "lines-0-amount": "400,000",
        "lines-0-from_fund": "300,000",
        "lines-1-category": "",
        "lines-1-description": "",
        "lines-1-amount": "",
        "lines-1-from_fund": "",
        "lines-2-category": "",
        "lines-2-description": "",
        "lines-2-amount": "",
        "lines-2-from_fund": "",
    }


def application_row(made):
    return row_of(FundApplication, made["kwargs"]["pk"])


CASES = (
    FormCase(
        "fund_programme_create",
        "network:fund_programme_create",
        "network",
        values=programme_values,
        tables=(FundProgramme,),
    ),
    FormCase(
        "fund_programme_edit",
        "network:fund_programme_edit",
        "staff",
        setup=a_programme,
        values=programme_values,
        tables=(FundProgramme,),
    ),
    FormCase(
        "fund_round_create",
        "network:fund_round_create",
        "network",
        values=round_values,
        tables=(FundRound,),
    ),
    FormCase(
        "fund_round_edit",
        "network:fund_round_edit",
        "staff",
        setup=a_round,
        values=round_edit_values,
        tables=(FundRound,),
        snapshot=round_row,
    ),
    FormCase(
        "fund_round_allocate",
        "network:fund_round_allocate",
        "staff",
        setup=a_round_with_money,
        values=lambda demo, made: {"source": source().pk, "amount": "１０，０００"},
        tables=(LedgerTransaction,),
    ),
    FormCase(
        "fund_apply",
        "network:fund_apply",
        "rep",
        setup=a_round,
        values=lambda demo, made: {"organization": demo.ctx.data["home_wco"].pk},
        tables=(FundApplication,),
    ),
    FormCase(
        "fund_application_edit",
        "network:fund_application_edit",
        "rep",
        setup=a_draft,
        values=application_values,
        tables=(FundApplication, BudgetLine, AuditEntry),
        snapshot=application_row,
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_fund_round_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; hostile amounts, dates and text are saved or
    refused with a message shown, never a server error, and a refusal changes
    nothing."""
    run_case(client, demo, case)
