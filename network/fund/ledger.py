"""The fund's books: accounts, postings and balances.

Every money movement of the fund is one ``post`` inside the caller's service
transaction. Amounts are integer yen; a debit is positive, a credit negative, and a
transaction's lines sum to zero. ``post`` checks that on every database; on
PostgreSQL a deferred constraint trigger checks it again at commit and other triggers
refuse UPDATE and DELETE of the books (migration ``network`` 0007).

The usual postings (debit / credit):

| event | debit | credit |
|---|---|---|
| contribution | 普通預金 | source's net assets |
| allocation to a round | source's net assets | round's budget |
| award | round's budget | award's 未払助成金 |
| payment | award's 未払助成金 | 普通預金 |
| unused award released at settlement | award's 未払助成金 | round's budget |
| unspent grant returned | 普通預金 | round's budget |

Net assets, budgets and payables are credit accounts: what they hold is
``-balance``. ``credit_balance`` reads it that way.

Lock order within the fund (after the registry's and the secretariat's rows):
FundSource → FundRound → FundApplication → Award → Payment → LedgerAccount (cash
last). Several rows of one model in primary-key order.
"""

from collections.abc import Iterable

from django.db.models import Sum
from django.utils.translation import gettext as _

from wco_sse.core.errors import ServiceError

from .models import (
    MAX_YEN,
    Award,
    FundApplication,
    FundRound,
    FundSource,
    LedgerAccount,
    LedgerLine,
    LedgerTransaction,
)

CASH_CODE = "1110"
K = LedgerAccount.Kind

# Applications whose recommendation still holds money of their round's budget.
EARMARKING = (
    FundApplication.Status.RECOMMENDED,
    FundApplication.Status.AT_BOARD,
)


# --- Accounts ---------------------------------------------------------------------------


def cash_account() -> LedgerAccount:
    account, _created = LedgerAccount.objects.get_or_create(
        kind=K.CASH, defaults={"code": CASH_CODE, "name": "普通預金"}
    )
    return account


def source_account(source: FundSource) -> LedgerAccount:
    account, _created = LedgerAccount.objects.get_or_create(
        source=source,
        defaults={
            "kind": K.NET_ASSETS,
            "code": f"3100-{source.pk:04d}",
            "name": f"正味財産（{source.name}）",
        },
    )
    return account


def round_account(fund_round: FundRound) -> LedgerAccount:
    account, _created = LedgerAccount.objects.get_or_create(
        round=fund_round,
        defaults={
            "kind": K.ROUND_BUDGET,
            "code": f"3200-{fund_round.pk:04d}",
            "name": f"助成予算（{fund_round.title}）",
        },
    )
    return account


def award_account(award: Award) -> LedgerAccount:
    account, _created = LedgerAccount.objects.get_or_create(
        award=award,
        defaults={
            "kind": K.GRANT_PAYABLE,
            "code": f"2100-{award.pk:04d}",
            "name": f"未払助成金（{award.number}）",
        },
    )
    return account


def lock_cash() -> LedgerAccount:
    """The cash account, locked: taken last, by every service that pays out."""
    account = cash_account()
    return LedgerAccount.objects.select_for_update().get(pk=account.pk)


# --- Posting ----------------------------------------------------------------------------


def check_amount(value, *, field="amount", allow_zero=False) -> int:
    """A yen amount as typed (``1,000``, full-width digits, ``￥``): a whole number
    within range, or a ServiceError at ``field``."""
    if isinstance(value, str):
        import unicodedata

        text = unicodedata.normalize("NFKC", value).strip()
        for mark in (",", "¥", "\\", "円", " "):
            text = text.replace(mark, "")
        if not text:
            raise ServiceError(_("Enter an amount in yen."), field=field)
        try:
            value = int(text)
        except ValueError:
            raise ServiceError(
                _("Enter the amount as a whole number of yen."), field=field
            ) from None
    if value is None:
        raise ServiceError(_("Enter an amount in yen."), field=field)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ServiceError(_("Enter the amount as a whole number of yen."), field=field)
    if value < 0:
        raise ServiceError(_("An amount can't be negative."), field=field)
    if value == 0 and not allow_zero:
        raise ServiceError(_("An amount must be more than 0 yen."), field=field)
    if value > MAX_YEN:
        raise ServiceError(
            _("An amount can be at most %(max)s yen.") % {"max": f"{MAX_YEN:,}"},
            field=field,
        )
    return value


def post(
    *,
    actor,
    kind: str,
    occurred_on,
    memo: str,
    lines: Iterable[tuple[LedgerAccount, int]],
    reason: str = "",
    reverses: LedgerTransaction | None = None,
    contribution=None,
    award=None,
    payment=None,
) -> LedgerTransaction:
    """Book one transaction inside the caller's transaction. ``lines`` are (account,
    amount) pairs, debit positive; lines of one account are added together. Refused
    unless the lines sum to zero and none is zero."""
    merged: dict[int, list] = {}
    for account, amount in lines:
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise ServiceError(_("A ledger amount must be a whole number of yen."))
        entry = merged.setdefault(account.pk, [account, 0])
        entry[1] += amount
    kept = [(account, amount) for account, amount in merged.values() if amount != 0]
    if len(kept) < 2:
        raise ServiceError(_("A ledger transaction needs at least two lines."))
    if sum(amount for _account, amount in kept) != 0:
        raise ServiceError(_("The debits and credits of a transaction must be equal."))
    if kind == LedgerTransaction.Kind.REVERSAL and not (reason or "").strip():
        raise ServiceError(_("Give the reason for the reversal."), field="reason")
    entry = LedgerTransaction.objects.create(
        kind=kind,
        occurred_on=occurred_on,
        memo=memo[:300],
        reason=reason.strip(),
        reverses=reverses,
        contribution=contribution,
        award=award,
        payment=payment,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    LedgerLine.objects.bulk_create(
        [
            LedgerLine(transaction=entry, account=account, amount=amount)
            for account, amount in kept
        ]
    )
    return entry


# --- Balances ---------------------------------------------------------------------------


def balance(account: LedgerAccount, *, until=None) -> int:
    """Debits less credits of ``account`` (up to and including the day ``until``)."""
    lines = LedgerLine.objects.filter(account=account)
    if until is not None:
        lines = lines.filter(transaction__occurred_on__lte=until)
    return lines.aggregate(total=Sum("amount"))["total"] or 0


def credit_balance(account: LedgerAccount, *, until=None) -> int:
    """What a credit account (net assets, a budget, a payable) holds."""
    return -balance(account, until=until)


def balances(accounts) -> dict[int, int]:
    """Debits less credits of each of ``accounts``, by account pk, in one query."""
    ids = [a.pk for a in accounts]
    rows = (
        LedgerLine.objects.filter(account_id__in=ids)
        .values("account_id")
        .annotate(total=Sum("amount"))
    )
    totals = {row["account_id"]: row["total"] for row in rows}
    return {pk: totals.get(pk, 0) for pk in ids}


def cash_balance() -> int:
    return balance(cash_account())


def round_budget(fund_round: FundRound) -> int:
    """What the ledger holds in the round's budget (allocations and returns, less
    awards)."""
    return credit_balance(round_account(fund_round))


def round_earmarked(fund_round: FundRound) -> int:
    """What recommendations not yet decided hold, plus the earmarks of 修正可決 awards
    still waiting for their amount."""
    held = (
        FundApplication.objects.filter(
            round=fund_round, status__in=EARMARKING
        ).aggregate(total=Sum("earmarked"))["total"]
        or 0
    )
    waiting = (
        FundApplication.objects.filter(
            round=fund_round, award__status=Award.Status.AWAITING_AMOUNT
        ).aggregate(total=Sum("earmarked"))["total"]
        or 0
    )
    return held + waiting


def round_remaining(fund_round: FundRound) -> int:
    """What is left to recommend: the budget less the earmarks."""
    return round_budget(fund_round) - round_earmarked(fund_round)


def trial_balance() -> dict:
    """The books checked: every transaction sums to zero and so do all accounts.
    ``{"total": sum of all lines, "unbalanced": [transaction pks], "accounts": n}``."""
    unbalanced = list(
        LedgerLine.objects.values("transaction_id")
        .annotate(total=Sum("amount"))
        .exclude(total=0)
        .values_list("transaction_id", flat=True)
    )
    empty = list(
        LedgerTransaction.objects.filter(lines__isnull=True).values_list(
            "pk", flat=True
        )
    )
    total = LedgerLine.objects.aggregate(total=Sum("amount"))["total"] or 0
    return {
        "total": total,
        "unbalanced": sorted(set(unbalanced) | set(empty)),
        "accounts": LedgerAccount.objects.count(),
    }


# --- The usual postings -----------------------------------------------------------------
# Each inside the caller's transaction, after the caller has locked the rows involved
# and checked its limits (an award within the round's budget, a payment within the
# award's unpaid amount and the cash).
T = LedgerTransaction.Kind


def book_contribution(contribution, *, actor) -> LedgerTransaction:
    return post(
        actor=actor,
        kind=T.CONTRIBUTION,
        occurred_on=contribution.received_on,
        memo=f"寄付受入 {contribution.receipt_number}",
        lines=[
            (cash_account(), contribution.amount),
            (source_account(contribution.source), -contribution.amount),
        ],
        contribution=contribution,
    )


def book_allocation(fund_round, fund_source, amount, *, actor, on) -> LedgerTransaction:
    return post(
        actor=actor,
        kind=T.ALLOCATION,
        occurred_on=on,
        memo=f"予算配分 {fund_source.name} → {fund_round.title}",
        lines=[
            (source_account(fund_source), amount),
            (round_account(fund_round), -amount),
        ],
    )


def book_award(award, amount, *, actor, on) -> LedgerTransaction:
    fund_round = award.application.round
    return post(
        actor=actor,
        kind=T.AWARD,
        occurred_on=on,
        memo=f"交付決定 {award.number} {award.application.org_name}",
        lines=[(round_account(fund_round), amount), (award_account(award), -amount)],
        award=award,
    )


def book_payment(payment, *, actor, on) -> LedgerTransaction:
    award = payment.award
    return post(
        actor=actor,
        kind=T.PAYMENT,
        occurred_on=on,
        memo=f"助成金支払 {award.number} {award.application.org_name}",
        lines=[
            (award_account(award), payment.amount),
            (cash_account(), -payment.amount),
        ],
        award=award,
        payment=payment,
    )


def book_release(award, amount, *, actor, on) -> LedgerTransaction:
    """The part of an award that will not be paid goes back to its round's budget."""
    return post(
        actor=actor,
        kind=T.RELEASE,
        occurred_on=on,
        memo=f"交付決定額の戻入 {award.number}",
        lines=[
            (award_account(award), amount),
            (round_account(award.application.round), -amount),
        ],
        award=award,
    )


def book_refund(award, amount, *, actor, on) -> LedgerTransaction:
    """Unspent money the grantee returned: cash back into the round's budget."""
    return post(
        actor=actor,
        kind=T.REFUND,
        occurred_on=on,
        memo=f"助成金返還 {award.number} {award.application.org_name}",
        lines=[
            (cash_account(), amount),
            (round_account(award.application.round), -amount),
        ],
        award=award,
    )


def book_reversal(entry: LedgerTransaction, *, actor, reason, on) -> LedgerTransaction:
    """The exact opposite of ``entry``, with the reason (the secretary-general's)."""
    return post(
        actor=actor,
        kind=T.REVERSAL,
        occurred_on=on,
        memo=f"取消 #{entry.pk} {entry.memo}"[:300],
        lines=[(line.account, -line.amount) for line in entry.lines.all()],
        reason=reason,
        reverses=entry,
    )


def award_unpaid(award) -> int:
    """What the award's payable account still holds: awarded, less paid and released."""
    if not LedgerAccount.objects.filter(award=award).exists():
        return 0
    return credit_balance(award_account(award))
