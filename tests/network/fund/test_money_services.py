"""Money in and the books: sources, contributions, receipt numbers, reversals, the
balances the books show and the fiscal year's fund statement."""

import datetime

import pytest
from django.utils import timezone

from network.fund import ledger
from network.fund import selectors_money as selectors
from network.fund import services_money as services
from network.fund.models import (
    Contribution,
    FundSource,
    LedgerLine,
    LedgerTransaction,
)
from tests.network import fund_helpers
from wco_sse.core.errors import ServiceError
from wco_sse.core.models import AuditEntry

TODAY = timezone.localdate()


def _data(**fields):
    data = {
        "source": fund_helpers.source(),
        "donor_name": "山田 太郎",
        "amount": "10000",
        "received_on": TODAY,
        "method": "transfer",
    }
    data.update(fields)
    return data


def _record(demo, **fields):
    return services.contribution_record(actor=demo["staff"], data=_data(**fields))


# --- Sources ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_named_fund_names_its_programme_and_others_none(demo):
    with pytest.raises(ServiceError) as refused:
        services.source_create(
            actor=demo["staff"],
            data={"name": "山田冠基金", "kind": FundSource.Kind.NAMED_FUND},
        )
    assert refused.value.field == "programme"
    with pytest.raises(ServiceError) as refused:
        services.source_create(
            actor=demo["staff"],
            data={
                "name": "会員募金",
                "kind": FundSource.Kind.MEMBER_DONATIONS,
                "programme": fund_helpers.programme(),
            },
        )
    assert refused.value.field == "programme"
    assert not FundSource.objects.filter(name__in=["山田冠基金", "会員募金"]).exists()
    named = services.source_create(
        actor=demo["staff"],
        data={
            "name": "山田冠基金",
            "kind": FundSource.Kind.NAMED_FUND,
            "programme": fund_helpers.programme(),
        },
    )
    assert named.programme == fund_helpers.programme()
    # Its net-asset account is there from the start.
    assert named.account.code == f"3100-{named.pk:04d}"
    assert AuditEntry.objects.filter(action="fund_source.create").count() == 1


@pytest.mark.django_db
def test_only_the_secretariat_keeps_sources(demo):
    with pytest.raises(ServiceError):
        services.source_create(
            actor=demo["board"],
            data={"name": "x", "kind": FundSource.Kind.OTHER},
        )


# --- Contributions ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_contribution_is_booked_with_a_receipt_number_of_its_fiscal_year(demo):
    made = _record(demo, amount="１２，３４５", received_on=datetime.date(2026, 3, 31))
    assert made.amount == 12_345
    assert made.receipt_number == "R2025-0001"
    april = _record(demo, received_on=datetime.date(2026, 4, 1))
    assert april.receipt_number == "R2026-0001"
    again = _record(demo, received_on=datetime.date(2026, 5, 1))
    assert again.receipt_number == "R2026-0002"
    entry = LedgerTransaction.objects.get(contribution=made)
    amounts = sorted(entry.lines.values_list("amount", flat=True))
    assert amounts == [-12_345, 12_345]
    assert ledger.cash_balance() == 12_345 + 20_000
    assert ledger.credit_balance(ledger.source_account(made.source)) == 32_345


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-500"}, "amount"),
        ({"amount": "12.5"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"amount": "2000000000"}, "amount"),
        ({"received_on": TODAY + datetime.timedelta(days=1)}, "received_on"),
        ({"received_on": datetime.date(1999, 12, 31)}, "received_on"),
        ({"donor_name": ""}, "donor_name"),
        ({"anonymous": True}, "anonymous"),
        ({"donor_name": "", "anonymous": True, "organization": "ORG"}, "anonymous"),
        ({"method": "bitcoin"}, "method"),
    ],
)
def test_bad_contributions_are_refused_at_the_field_and_nothing_is_saved(
    demo, fields, field
):
    if fields.get("organization") == "ORG":
        fields["organization"] = demo.ctx.data["home_wco"]
    with pytest.raises(ServiceError) as refused:
        _record(demo, **fields)
    assert refused.value.field == field
    assert not Contribution.objects.exists()
    assert not LedgerLine.objects.exists()


@pytest.mark.django_db
def test_a_closed_source_takes_no_contribution(demo):
    closed = fund_helpers.source("終了した募金")
    closed.active = False
    closed.save()
    with pytest.raises(ServiceError) as refused:
        _record(demo, source=closed)
    assert refused.value.field == "source"


@pytest.mark.django_db
def test_a_contribution_from_the_registry_or_anonymous(demo):
    wco = demo.ctx.data["home_wco"]
    from_wco = _record(demo, donor_name="", organization=wco)
    assert selectors.contribution_donor(from_wco) == wco.name
    anonymous = _record(demo, donor_name="", anonymous=True)
    assert selectors.contribution_donor(anonymous) == ""
    person = demo["rep"].person
    from_person = _record(demo, donor_name="", person=person)
    assert selectors.contribution_donor(from_person) == person.full_name


@pytest.mark.django_db
def test_only_the_secretariat_records(demo):
    for role in ("board", "auditor", "fund", "network"):
        with pytest.raises(ServiceError):
            services.contribution_record(actor=demo[role], data=_data())
    assert not Contribution.objects.exists()


# --- Reversals ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_secretary_general_reverses_once_with_a_reason(demo):
    made = _record(demo, amount="7000")
    entry = LedgerTransaction.objects.get(contribution=made)
    with pytest.raises(ServiceError) as refused:
        services.entry_reverse(actor=demo["secgen"], entry=entry, reason="  ")
    assert refused.value.field == "reason"
    with pytest.raises(ServiceError):
        services.entry_reverse(actor=demo["staff"], entry=entry, reason="誤記")
    reversal = services.entry_reverse(actor=demo["secgen"], entry=entry, reason="誤記")
    assert reversal.reverses == entry
    assert ledger.cash_balance() == 0
    with pytest.raises(ServiceError, match=r"reversed already|既に"):
        services.entry_reverse(actor=demo["secgen"], entry=entry, reason="再度")
    with pytest.raises(ServiceError, match=r"reversal|取消"):
        services.entry_reverse(actor=demo["secgen"], entry=reversal, reason="再度")
    assert LedgerTransaction.objects.filter(kind="reversal").count() == 1
    assert AuditEntry.objects.filter(action="fund_ledger.reverse").count() == 1


# --- Balances and the statement ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_books_balances_match_the_ledger(demo):
    fund_round = fund_helpers.funded_round(budget=1_000_000)
    app = fund_helpers.application(fund_round, demo.ctx.data["home_wco"])
    app.status = "recommended"
    app.earmarked = 300_000
    app.save()
    _record(demo, amount="50000")
    (row,) = selectors.rounds_with_budgets()
    assert row.budget == ledger.round_budget(fund_round) == 1_000_000
    assert row.earmarked == ledger.round_earmarked(fund_round) == 300_000
    assert row.remaining == ledger.round_remaining(fund_round) == 700_000
    summary = selectors.books_summary()
    assert summary["cash"] == 1_050_000
    assert summary["net_assets"] == 50_000
    assert summary["budgets"] == 1_000_000
    assert summary["balanced"]
    (source,) = selectors.sources_with_balances()
    assert source.net_assets == 50_000


@pytest.mark.django_db
def test_the_fund_statement_of_a_fiscal_year(demo):
    money = fund_helpers.source()
    other = fund_helpers.source("生活クラブ募金", kind=FundSource.Kind.SEIKATSU_CLUB)
    fund_helpers.book_contribution(money, 100_000, on=datetime.date(2025, 6, 1))
    _record(demo, amount="30000", received_on=datetime.date(2026, 5, 1))
    _record(demo, source=other, amount="20000", received_on=datetime.date(2026, 6, 1))
    late = _record(demo, amount="999", received_on=datetime.date(2026, 7, 1))
    services.entry_reverse(
        actor=demo["secgen"],
        entry=LedgerTransaction.objects.get(contribution=late),
        reason="二重計上",
    )
    statement = selectors.fund_statement(2026)
    assert statement["carried_in"] == 100_000
    income = {row["source"].name: row["amount"] for row in statement["income"]}
    assert income == {"会員募金": 30_000, "生活クラブ募金": 20_000}
    assert statement["difference"] == 50_000
    assert statement["carried_out"] == 150_000
    assert statement["consistent"]
