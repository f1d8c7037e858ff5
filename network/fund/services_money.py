"""Writes of the fund's money: sources, contributions (one at a time or from a bank's
transfer list), reversals of the books, and the nightly trial balance.

A contribution and its ledger transaction are saved together or not at all. Its
receipt number (``R2026-0001``: the fiscal year, April to March, and a sequence) is
taken under the cash account's row lock, which every service that moves cash takes
last (``network.fund.ledger``'s lock order), so two contributions recorded at once
never get the same number.
"""

import datetime
import re

from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organization, Person, Role, RoleAssignment
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.japan import fiscal_year
from wco_sse.core.transactions import service_transaction

from . import ledger
from .models import Contribution, FundProgramme, FundSource, LedgerTransaction

EARLIEST_CONTRIBUTION = datetime.date(2000, 1, 1)
RECEIPT_PATTERN = re.compile(r"^R(\d{4})-(\d+)$")

# --- Sources --------------------------------------------------------------------------------

SOURCE_FIELDS = ("name", "kind", "programme", "description", "active")


def _check_source(data):
    name = (data.get("name") or "").strip()
    if not name:
        raise ServiceError(_("Give the source a name."), field="name")
    kind = data.get("kind")
    if kind not in FundSource.Kind.values:
        raise ServiceError(_("Choose the kind of source."), field="kind")
    programme = data.get("programme")
    if kind == FundSource.Kind.NAMED_FUND and programme is None:
        raise ServiceError(
            _("A named fund is restricted to one programme: choose it."),
            field="programme",
        )
    if kind != FundSource.Kind.NAMED_FUND and programme is not None:
        raise ServiceError(
            _("Only a named fund is restricted to a programme; leave this empty."),
            field="programme",
        )
    if programme is not None and not isinstance(programme, FundProgramme):
        raise ServiceError(_("Choose a programme."), field="programme")


def _source_values(data):
    return {
        "name": (data.get("name") or "").strip(),
        "kind": data["kind"],
        "programme": data.get("programme"),
        "description": (data.get("description") or "").strip(),
        "active": bool(data.get("active", True)),
    }


def source_create(*, actor, data) -> FundSource:
    require(actor, "network.change_fund_source")
    _check_source(data)
    with service_transaction():
        source = FundSource.objects.create(**_source_values(data))
        # Its net-asset account, so the books list it from the start.
        ledger.source_account(source)
        audit_record(actor=actor, action="fund_source.create", target=source)
    return source


def source_update(*, actor, source, data) -> FundSource:
    require(actor, "network.change_fund_source", source)
    _check_source(data)
    values = _source_values(data)
    with service_transaction():
        locked = FundSource.objects.select_for_update().get(pk=source.pk)
        if (
            values["programme"] != locked.programme
            and locked.contributions.exists()
            and locked.kind == FundSource.Kind.NAMED_FUND
        ):
            raise ServiceError(
                _(
                    "This named fund has received contributions for its programme; "
                    "its programme can't change."
                ),
                field="programme",
            )
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(actor=actor, action="fund_source.update", target=locked)
    return locked


# --- Contributions --------------------------------------------------------------------------


def check_received_on(day, *, field="received_on", today=None):
    today = today or timezone.localdate()
    if day is None:
        raise ServiceError(_("Give the date the money was received."), field=field)
    if day > today:
        raise ServiceError(_("The date can't be in the future."), field=field)
    if day < EARLIEST_CONTRIBUTION:
        raise ServiceError(
            _("The date can't be before %(year)s.")
            % {"year": EARLIEST_CONTRIBUTION.year},
            field=field,
        )
    return day


def donor_check(data):
    """(organization, person, donor_name, anonymous): exactly one way of saying who
    gave, or a ServiceError at the field that says it."""
    organization = data.get("organization")
    person = data.get("person")
    name = " ".join((data.get("donor_name") or "").split())[:200]
    anonymous = bool(data.get("anonymous"))
    given = [bool(organization), bool(person), bool(name), anonymous]
    if sum(given) == 0:
        raise ServiceError(
            _(
                "Say who gave: an organization or a person of the registry, a name, "
                "or anonymous."
            ),
            field="donor_name",
        )
    if sum(given) > 1:
        field = "anonymous" if anonymous else "donor_name" if name else "person"
        raise ServiceError(
            _("Give only one of: an organization, a person, a name, or anonymous."),
            field=field,
        )
    if organization is not None and not isinstance(organization, Organization):
        raise ServiceError(_("Choose an organization."), field="organization")
    if person is not None and not isinstance(person, Person):
        raise ServiceError(_("Choose a person."), field="person")
    return organization, person, name, anonymous


def _check_source_open(source):
    if source is None or not isinstance(source, FundSource):
        raise ServiceError(_("Choose the source."), field="source")
    if not source.active:
        raise ServiceError(
            _("This source no longer takes contributions."), field="source"
        )


def next_receipt_number(day) -> str:
    """The next receipt number of ``day``'s fiscal year; call under the cash lock."""
    year = fiscal_year(day)
    last = (
        Contribution.objects.filter(receipt_number__startswith=f"R{year}-")
        .order_by(Length("receipt_number").desc(), "-receipt_number")
        .values_list("receipt_number", flat=True)
        .first()
    )
    number = 0
    if last and (match := RECEIPT_PATTERN.match(last)):
        number = int(match.group(2))
    return f"R{year}-{number + 1:04d}"


def _record(*, actor, data, method_default=Contribution.Method.TRANSFER):
    """One contribution and its ledger transaction; inside the caller's transaction,
    after the checks. The source's row, then the cash account are locked (lock order)."""
    source = FundSource.objects.select_for_update().get(pk=data["source"].pk)
    _check_source_open(source)
    organization, person, name, anonymous = donor_check(data)
    ledger.lock_cash()
    contribution = Contribution.objects.create(
        source=source,
        organization=organization,
        person=person,
        donor_name=name,
        anonymous=anonymous,
        amount=data["amount"],
        received_on=data["received_on"],
        method=data.get("method") or method_default,
        receipt_number=next_receipt_number(data["received_on"]),
        note=(data.get("note") or "").strip()[:300],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    ledger.book_contribution(contribution, actor=actor)
    return contribution


def contribution_check(data) -> dict:
    """The contribution's values checked, with the amount as a whole number of yen
    (typed amounts: ``ledger.check_amount``); a ServiceError at the field otherwise."""
    checked = dict(data)
    _check_source_open(data.get("source"))
    checked["amount"] = ledger.check_amount(data.get("amount"), field="amount")
    check_received_on(data.get("received_on"))
    if (data.get("method") or Contribution.Method.TRANSFER) not in (
        Contribution.Method.values
    ):
        raise ServiceError(_("Choose how the money came."), field="method")
    donor_check(data)
    return checked


def contribution_record(*, actor, data) -> Contribution:
    """Record a contribution (``data``: source, organization | person | donor_name |
    anonymous, amount, received_on, method, note) and book it."""
    require(actor, "network.record_contribution")
    checked = contribution_check(data)
    with service_transaction():
        contribution = _record(actor=actor, data=checked)
        audit_record(
            actor=actor,
            action="fund_contribution.record",
            target=contribution,
            data={"amount": contribution.amount, "source": contribution.source_id},
        )
    return contribution


# --- Reversals ------------------------------------------------------------------------------


def entry_reverse(*, actor, entry, reason, on=None) -> LedgerTransaction:
    """The secretary-general corrects the books: the exact opposite of ``entry``,
    with the reason. A transaction is reversed once; a reversal is not reversed."""
    require(actor, "network.reverse_ledger_entry", entry)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason for the reversal."), field="reason")
    on = on or timezone.localdate()
    with service_transaction():
        locked = LedgerTransaction.objects.select_for_update().get(pk=entry.pk)
        if locked.kind == LedgerTransaction.Kind.REVERSAL:
            raise ServiceError(
                _("This transaction is a reversal; it can't be reversed itself.")
            )
        if LedgerTransaction.objects.filter(reverses=locked).exists():
            raise ServiceError(_("This transaction has been reversed already."))
        # Cash is locked last, as every service moving cash does.
        ledger.lock_cash()
        reversal = ledger.book_reversal(locked, actor=actor, reason=reason, on=on)
        audit_record(
            actor=actor,
            action="fund_ledger.reverse",
            target=reversal,
            message=reason[:300],
            data={"reverses": locked.pk},
        )
    return reversal


# --- The nightly trial balance --------------------------------------------------------------


def secretaries_general(day=None):
    day = day or timezone.localdate()
    return list(
        Person.objects.filter(
            pk__in=RoleAssignment.objects.current(day)
            .filter(role=Role.SECRETARY_GENERAL)
            .values("person_id")
        ).order_by("pk")
    )


def trial_balance_check(*, day=None) -> dict:
    """Check the books; on any difference email the secretary-general(s), once a day.
    Returns the trial balance with ``sent`` (emails queued)."""
    day = day or timezone.localdate()
    check = ledger.trial_balance()
    balanced = check["total"] == 0 and not check["unbalanced"]
    sent = 0
    if not balanced:
        for person in secretaries_general(day):
            with service_transaction():
                if email_queue(
                    key=f"fund-trial-balance:{person.pk}:{day.isoformat()}",
                    template="fund_money_trial_balance",
                    to=person.contact_email,
                    language=getattr(person, "language", "ja") or "ja",
                    context={
                        "person": person,
                        "day": day,
                        "total": check["total"],
                        "unbalanced": check["unbalanced"][:50],
                        "unbalanced_count": len(check["unbalanced"]),
                    },
                ):
                    sent += 1
    return {**check, "balanced": balanced, "sent": sent}
