"""Reads of the fund's money: sources with their balances, contributions, the journal,
the balances of the books and the fiscal year's fund statement.

Every balance is read from the ledger (``network.fund.ledger``), several accounts in
one query: a page of balances costs the same number of queries for 2 sources or 200.
"""

import datetime
from collections import defaultdict

from django.db.models import Prefetch, Q, Sum

from wco_sse.core.japan import fiscal_year, fiscal_year_bounds
from wco_sse.core.selectors import get_visible_or_404

from . import ledger
from .models import (
    Award,
    Contribution,
    FundApplication,
    FundSource,
    LedgerAccount,
    LedgerLine,
    LedgerTransaction,
)

K = LedgerAccount.Kind
T = LedgerTransaction.Kind

# --- Sources ------------------------------------------------------------------------------


def source_list():
    return FundSource.objects.select_related("programme").order_by("pk")


def source_get_for(*, user, pk, perm="network.change_fund_source"):
    return get_visible_or_404(source_list(), user=user, perm=perm, pk=pk)


def _credit_balances(accounts, *, until=None):
    """What each credit account holds (``-balance``), by account pk, in one query."""
    lines = LedgerLine.objects.filter(account__in=[a.pk for a in accounts])
    if until is not None:
        lines = lines.filter(transaction__occurred_on__lte=until)
    totals = dict(
        lines.values("account_id")
        .annotate(total=Sum("amount"))
        .values_list("account_id", "total")
    )
    return {a.pk: -(totals.get(a.pk) or 0) for a in accounts}


def sources_with_balances(*, until=None):
    """Every source, each with ``.net_assets`` (what its account holds): two queries
    (three with the accounts)."""
    sources = list(source_list())
    accounts = {
        a.source_id: a for a in LedgerAccount.objects.filter(source__in=sources)
    }
    held = _credit_balances(list(accounts.values()), until=until)
    for source in sources:
        account = accounts.get(source.pk)
        source.account_code = account.code if account else ""
        source.net_assets = held.get(account.pk, 0) if account else 0
    return sources


def rounds_with_budgets(*, until=None):
    """Every round that has a budget account, each with ``.budget``, ``.earmarked``
    and ``.remaining`` (as ``ledger.round_remaining`` reads them), in four queries."""
    accounts = list(
        LedgerAccount.objects.filter(kind=K.ROUND_BUDGET)
        .select_related("round__programme")
        .order_by("round_id")
    )
    held = _credit_balances(accounts, until=until)
    round_ids = [a.round_id for a in accounts]
    earmarked = defaultdict(int)
    rows = (
        FundApplication.objects.filter(round_id__in=round_ids)
        .filter(
            Q(status__in=ledger.EARMARKING)
            | Q(award__status=Award.Status.AWAITING_AMOUNT)
        )
        .values("round_id")
        .annotate(total=Sum("earmarked"))
    )
    for row in rows:
        earmarked[row["round_id"]] += row["total"] or 0
    rounds = []
    for account in accounts:
        fund_round = account.round
        fund_round.account_code = account.code
        fund_round.budget = held[account.pk]
        fund_round.earmarked = earmarked[fund_round.pk]
        fund_round.remaining = fund_round.budget - fund_round.earmarked
        rounds.append(fund_round)
    return rounds


def books_summary():
    """What the ledger page shows above its tables: cash, grants payable, net assets
    in total, and the trial balance. A fixed number of queries."""
    totals = dict(
        LedgerLine.objects.values("account__kind")
        .annotate(total=Sum("amount"))
        .values_list("account__kind", "total")
    )
    check = ledger.trial_balance()
    return {
        "cash": totals.get(K.CASH) or 0,
        "payable": -(totals.get(K.GRANT_PAYABLE) or 0),
        "net_assets": -(totals.get(K.NET_ASSETS) or 0),
        "budgets": -(totals.get(K.ROUND_BUDGET) or 0),
        "trial": check,
        "balanced": check["total"] == 0 and not check["unbalanced"],
    }


# --- Contributions --------------------------------------------------------------------------


def contribution_list():
    return Contribution.objects.select_related(
        "source", "organization", "person", "recorded_by"
    ).order_by("-received_on", "-pk")


def contribution_get_for(*, user, pk, perm="network.view_fund_ledger"):
    return get_visible_or_404(contribution_list(), user=user, perm=perm, pk=pk)


def contribution_donor(contribution) -> str:
    """Who gave, as a receipt addresses them; "" for an anonymous gift."""
    if contribution.anonymous:
        return ""
    if contribution.organization_id:
        return contribution.organization.name
    if contribution.person_id:
        return contribution.person.full_name
    return contribution.donor_name


def contribution_fiscal_years():
    """The fiscal years that have contributions, newest first (the filter's choices)."""
    first = Contribution.objects.order_by("received_on").first()
    last = Contribution.objects.order_by("-received_on").first()
    if first is None:
        return []
    return list(
        range(fiscal_year(last.received_on), fiscal_year(first.received_on) - 1, -1)
    )


def contribution_transaction(contribution):
    """The contribution's ledger transaction (the first one booked for it)."""
    return (
        LedgerTransaction.objects.filter(contribution=contribution, kind=T.CONTRIBUTION)
        .select_related("reversed_by")
        .first()
    )


# --- The journal ---------------------------------------------------------------------------


def journal():
    """The ledger's transactions, newest first, each with its lines and their accounts
    (two queries a page)."""
    return (
        LedgerTransaction.objects.select_related("created_by", "reverses")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=LedgerLine.objects.select_related("account").order_by(
                    "-amount", "pk"
                ),
            )
        )
        .order_by("-occurred_on", "-pk")
    )


def journal_lines():
    """One row per line, in journal order (for the export)."""
    return LedgerLine.objects.select_related(
        "account",
        "transaction",
        "transaction__reverses",
    ).order_by("transaction__occurred_on", "transaction_id", "-amount", "pk")


def entry_get_for(*, user, pk, perm="network.view_fund_ledger"):
    queryset = journal().select_related(
        "contribution", "award", "payment", "reversed_by"
    )
    return get_visible_or_404(queryset, user=user, perm=perm, pk=pk)


def entry_reversed_by(entry):
    """The reversal of ``entry``, or None."""
    return LedgerTransaction.objects.filter(reverses=entry).first()


def ledger_fiscal_years():
    first = LedgerTransaction.objects.order_by("occurred_on").first()
    last = LedgerTransaction.objects.order_by("-occurred_on").first()
    if first is None:
        return []
    return list(
        range(fiscal_year(last.occurred_on), fiscal_year(first.occurred_on) - 1, -1)
    )


# --- The fiscal year's fund statement (収支計算書) --------------------------------------------


def _kind_of(entry):
    """What a transaction is for the statement: a reversal counts as what it
    reverses (with the opposite amounts)."""
    if entry.kind == T.REVERSAL and entry.reverses is not None:
        return entry.reverses.kind
    return entry.kind


def fund_statement(year: int) -> dict:
    """The fiscal year's cash movements, 収支計算書 style.

    ``carried_in`` (前期繰越: cash at the year's start), ``income`` (contributions by
    source), ``grants_paid`` less ``refunds`` (支出の部), ``other`` (cash movements of
    any other kind, normally none), ``difference`` (当期収支差額), ``carried_out``
    (次期繰越: cash at the year's end), and the balances per source and per round at
    the year's end."""
    start, end = fiscal_year_bounds(year)
    cash = ledger.cash_account()
    carried_in = ledger.balance(cash, until=start - datetime.timedelta(days=1))
    carried_out = ledger.balance(cash, until=end)
    entries = list(
        LedgerTransaction.objects.filter(
            occurred_on__range=(start, end), lines__account=cash
        )
        .select_related("reverses")
        .prefetch_related(
            Prefetch("lines", queryset=LedgerLine.objects.select_related("account"))
        )
        .distinct()
    )
    by_source = defaultdict(int)
    grants_paid = refunds = other = 0
    for entry in entries:
        kind = _kind_of(entry)
        cash_amount = sum(
            line.amount for line in entry.lines.all() if line.account_id == cash.pk
        )
        if kind == T.CONTRIBUTION:
            sources = [
                line.account.source_id
                for line in entry.lines.all()
                if line.account.kind == K.NET_ASSETS
            ]
            by_source[sources[0] if sources else None] += cash_amount
        elif kind == T.PAYMENT:
            grants_paid -= cash_amount
        elif kind == T.REFUND:
            refunds += cash_amount
        else:
            other += cash_amount
    sources = sources_with_balances(until=end)
    income = [
        {"source": source, "amount": by_source.get(source.pk, 0)}
        for source in sources
        if by_source.get(source.pk, 0)
    ]
    income_total = sum(by_source.values())
    spending = grants_paid - refunds
    difference = income_total - spending + other
    return {
        "year": year,
        "start": start,
        "end": end,
        "carried_in": carried_in,
        "income": income,
        "income_total": income_total,
        "grants_paid": grants_paid,
        "refunds": refunds,
        "spending": spending,
        "other": other,
        "difference": difference,
        "carried_out": carried_out,
        "consistent": carried_in + difference == carried_out,
        "sources": sources,
        "rounds": rounds_with_budgets(until=end),
    }


def statement_years():
    """Fiscal years with ledger entries, plus the current one."""
    from django.utils import timezone

    years = set(ledger_fiscal_years())
    years.add(fiscal_year(timezone.localdate()))
    return sorted(years, reverse=True)
