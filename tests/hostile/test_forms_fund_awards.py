"""Hostile input to the fund's award forms: the amount of an amended award, the
payment mode, a payment, a change request, its decision, the final report and the
refund (see ``forms_helpers``)."""

import pytest
from django.utils import timezone

from network.models import Award, BudgetLine, ChangeRequest, FinalReport, Payment
from tests.hostile.forms_helpers import FormCase, row_of, run_case
from tests.network import fund_cases_awards as cases
from tests.network.fund.awards_helpers import home, make_award


def an_award(demo):
    return {"kwargs": {"pk": make_award(home(demo)).pk}}


def an_awaiting_award(demo):
    return {"kwargs": {"pk": make_award(home(demo), awaiting=True).pk}}


def a_change(demo):
    return {"kwargs": cases.small_change(demo, "staff")}


def an_accepted_report_with_refund(demo):
    from network.fund import services_awards as services

    award = make_award(home(demo), amount=300_000)
    payment = services.payment_prepare(
        actor=demo["staff"],
        award=award,
        kind="advance",
        amount=300_000,
        pay_on=timezone.localdate(),
        key=f"hostile-{award.pk}",
    )
    services.payment_confirm(actor=demo["secgen"], payment=payment)
    services.report_save(
        actor=demo["rep"],
        award=award,
        data={"summary": "実施"},
        lines=[{"category": "personnel", "amount": 250_000, "from_fund": 250_000}],
        submit=True,
    )
    services.report_accept(actor=demo["staff"], award=award)
    return {"kwargs": {"pk": award.pk}}


def award_row(made):
    return row_of(Award, made["kwargs"]["pk"])


def change_lines(demo, made):
    return {
        "reason": "講師謝金を増やすため",
        "lines-0-category": "personnel",
        "lines-0-amount": "230000",
        "lines-0-from_fund": "230000",
        "lines-1-category": "supplies",
        "lines-1-amount": "200000",
        "lines-1-from_fund": "70000",
    }


def report_values(demo, made):
    return {
        "summary": "食堂を12回開きました。",
        "outcomes": "延べ240人が参加",
        "participants": "240",
        "lines-0-category": "personnel",
        "lines-0-amount": "200000",
        "lines-0-from_fund": "200000",
        "lines-1-category": "supplies",
        "lines-1-amount": "100000",
        "lines-1-from_fund": "50000",
    }


CASES = (
    FormCase(
        "fund_award_amount",
        "network:fund_award_amount",
        "staff",
        setup=an_awaiting_award,
        values={"amount": "250,000"},
        snapshot=award_row,
    ),
    FormCase(
        "fund_award_edit",
        "network:fund_award_edit",
        "staff",
        setup=an_award,
        values={"payment_mode": "after_report", "report_due": "2028-04-30"},
        snapshot=award_row,
    ),
    FormCase(
        "fund_payment_prepare",
        "network:fund_payment_prepare",
        "staff",
        setup=an_award,
        values={"kind": "advance", "amount": "100,000", "pay_on": "2027-05-01"},
        tables=(Payment,),
    ),
    FormCase(
        "fund_change_create",
        "network:fund_change_create",
        "rep",
        setup=an_award,
        values=change_lines,
        tables=(ChangeRequest, BudgetLine),
    ),
    FormCase(
        "fund_change_decide",
        "network:fund_change_decide",
        "staff",
        setup=a_change,
        values={"decision": "approve", "answer": "承認します"},
        snapshot=lambda made: row_of(ChangeRequest, made["kwargs"]["pk"]),
    ),
    FormCase(
        "fund_report",
        "network:fund_report",
        "rep",
        setup=an_award,
        values=report_values,
        tables=(FinalReport, BudgetLine),
        skip=("file",),
    ),
    FormCase(
        "fund_refund",
        "network:fund_refund",
        "staff",
        setup=an_accepted_report_with_refund,
        values={"amount": "50,000", "received_on": "2026-11-20"},
        snapshot=lambda made: (
            FinalReport.objects.filter(award_id=made["kwargs"]["pk"]).values().first()
        ),
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_fund_award_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; with hostile amounts, dates and text the form is
    saved or refused with a message shown, never a server error, and a refusal
    changes nothing."""
    run_case(client, demo, case)
