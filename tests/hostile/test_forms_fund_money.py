"""Hostile input to the fund's money forms: a source, a contribution, a reversal (see
``forms_helpers``). A refusal saves nothing: no contribution without its ledger
transaction, no ledger line without its contribution."""

import pytest

from network.fund.models import (
    Contribution,
    FundSource,
    LedgerLine,
    LedgerTransaction,
)
from tests.hostile.forms_helpers import FormCase, day, row_of, run_case
from tests.network import fund_helpers
from wco_sse.core.models import AuditEntry


def a_source(demo):
    return {"kwargs": {"pk": fund_helpers.source().pk}}


def source_values(demo, made):
    return {
        "name": "生活クラブ募金",
        "kind": "seikatsu_club",
        "programme": "",
        "description": "生活クラブの組合員からの募金",
        "active": "on",
    }


def source_row(made):
    return row_of(FundSource, made["kwargs"]["pk"])


def contribution_setup(demo):
    fund_helpers.source()
    return {}


def contribution_values(demo, made):
    return {
        "source": fund_helpers.source().pk,
        "donor_name": "山田 太郎",
        "amount": "１０，０００",
        "received_on": day(-1),
        "method": "transfer",
        "note": "",
    }


def an_entry(demo):
    entry = fund_helpers.book_contribution(fund_helpers.source(), 5000)
    return {"kwargs": {"pk": entry.pk}}


CASES = (
    FormCase(
        "fund_source_create",
        "network:fund_source_create",
        "staff",
        values=source_values,
        tables=(FundSource, AuditEntry),
    ),
    FormCase(
        "fund_source_edit",
        "network:fund_source_edit",
        "staff",
        setup=a_source,
        values=source_values,
        tables=(FundSource,),
        snapshot=source_row,
    ),
    FormCase(
        "fund_contribution_create",
        "network:fund_contribution_create",
        "staff",
        setup=contribution_setup,
        values=contribution_values,
        skip=("organization", "person"),
        tables=(Contribution, LedgerTransaction, LedgerLine, AuditEntry),
    ),
    FormCase(
        "fund_ledger_reverse",
        "network:fund_ledger_reverse",
        "secgen",
        setup=an_entry,
        values={"reason": "二重計上のため"},
        tables=(LedgerTransaction, LedgerLine),
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_fund_money_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; with hostile text, dates or numbers in it the form
    is saved or refused with a message shown, never a server error, and a refusal
    changes nothing."""
    run_case(client, demo, case)


@pytest.mark.django_db
def test_a_refused_contribution_leaves_the_books_untouched(client, demo):
    client.force_login(demo["staff"])
    from django.urls import reverse

    for amount in (
        "0",
        "-5",
        "1e9",
        "１２．５",
        "９９９９９９９９９９９",
        "NaN",
        "\x00",
    ):
        answer = client.post(
            reverse("network:fund_contribution_create"),
            {**contribution_values(demo, {}), "amount": amount},
        )
        assert answer.status_code == 200
        assert "amount" in answer.context["form"].errors
    assert not Contribution.objects.exists()
    assert not LedgerLine.objects.exists()
