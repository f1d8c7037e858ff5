"""One member's dues: the amount overridden, payments recorded and cancelled."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.dates import format_day
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.japan import format_fiscal_year
from wco_sse.core.models import AuditEntry
from wco_sse.core.transactions import service_transaction

from ..models import Dues, DuesPayment, DuesRate
from .common import check_amount, earliest_date, yen

# --- One member's dues ------------------------------------------------------------------------


def _lock(dues):
    return Dues.objects.select_for_update().get(pk=dues.pk)


def _check_override(locked, amount, expected_version):
    if locked.version != expected_version:
        raise ServiceError(
            _(
                "Someone else changed these dues while you were editing them (the "
                "amount is now %(amount)s yen). Nothing was saved; please check "
                "and try again."
            )
            % {"amount": yen(locked.amount)},
            code="conflict",
        )
    if amount == locked.amount:
        raise ServiceError(
            _("The amount is %(amount)s yen already.") % {"amount": yen(amount)},
            field="amount",
        )
    if amount < locked.paid_total:
        raise ServiceError(
            _(
                "%(paid)s yen has been paid already: the amount cannot be less than "
                "that. Cancel a payment first if it was recorded by mistake."
            )
            % {"paid": yen(locked.paid_total)},
            field="amount",
        )


def dues_override(
    *, actor, dues: Dues, amount: int, reason: str, expected_version: int
) -> Dues:
    """Change one member's amount (a reduction, an exemption at 0 yen, a mid-year
    joiner), with the reason kept in the audit log. Refused below what is paid."""
    require(actor, "members.manage_dues")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            _("Give the reason for changing the amount."), field="reason"
        )
    check_amount(amount)
    with service_transaction():
        locked = _lock(dues)
        _check_override(locked, amount, expected_version)
        old = locked.amount
        standard = (
            DuesRate.objects.filter(
                fiscal_year=locked.fiscal_year, dues_class=locked.dues_class
            )
            .values_list("amount", flat=True)
            .first()
        )
        locked.amount = amount
        locked.amount_overridden = amount != standard
        locked.note = reason[:200]
        locked.version += 1
        locked.save(update_fields=["amount", "amount_overridden", "note", "version"])
        audit_record(
            actor=actor,
            action="dues.override",
            target=locked,
            message=_("Amount %(old)s → %(new)s yen: %(reason)s")
            % {"old": yen(old), "new": yen(amount), "reason": reason},
            data={
                "changes": {"amount": [old, amount]},
                "reason": reason,
                "version": locked.version,
            },
        )
    return locked


def _next_receipt_number(dues):
    """R2026-0001-1, -2, … per dues. Counted from the audit log as well as the
    payments, so a cancelled payment's number is never given to another payment."""
    prefix = f"R{dues.invoice_number}-"
    suffixes = [
        int(number[len(prefix) :])
        for number in dues.payments.values_list("receipt_number", flat=True)
        if number.startswith(prefix) and number[len(prefix) :].isdigit()
    ]
    recorded = AuditEntry.objects.filter(
        action="dues.payment",
        target_type=ContentType.objects.get_for_model(Dues),
        target_id=str(dues.pk),
    ).count()
    return f"{prefix}{max([recorded, *suffixes]) + 1}"


def _refresh_paid_total(locked):
    locked.paid_total = locked.payments.aggregate(total=Sum("amount"))["total"] or 0
    locked.save(update_fields=["paid_total"])


def _check_payment(dues, paid_on, amount, method):
    if amount is None or amount <= 0:
        raise ServiceError(_("Enter the amount received, in yen."), field="amount")
    if method not in DuesPayment.Method.values:
        raise ServiceError(_("Choose how it was paid."), field="method")
    if paid_on is None:
        raise ServiceError(_("Enter the date it was paid."), field="paid_on")
    if paid_on > timezone.localdate():
        raise ServiceError(
            _("A payment cannot be dated in the future."), field="paid_on"
        )
    earliest = earliest_date(dues.fiscal_year)
    if paid_on < earliest:
        raise ServiceError(
            _(
                "A payment towards the dues for %(year)s cannot be dated before "
                "%(earliest)s."
            )
            % {
                "year": format_fiscal_year(dues.fiscal_year),
                "earliest": format_day(earliest),
            },
            field="paid_on",
        )


def _check_outstanding(locked, amount):
    outstanding = locked.amount - locked.paid_total
    if outstanding <= 0:
        raise ServiceError(_("These dues are paid in full already."), field="amount")
    if amount > outstanding:
        raise ServiceError(
            _(
                "%(amount)s yen is more than the %(outstanding)s yen still owed. "
                "Record at most %(outstanding)s yen; an overpayment is not "
                "accepted as dues."
            )
            % {"amount": yen(amount), "outstanding": yen(outstanding)},
            field="amount",
        )


def dues_payment_record(
    *,
    actor,
    dues: Dues,
    paid_on: datetime.date,
    amount: int,
    method: str = DuesPayment.Method.TRANSFER,
    note: str = "",
) -> DuesPayment:
    """Record money received towards dues (one of several partial payments, or all of
    it). Refused when it is more than what is still owed."""
    require(actor, "members.manage_dues")
    _check_payment(dues, paid_on, amount, method)
    with service_transaction():
        locked = _lock(dues)
        _check_outstanding(locked, amount)
        payment = DuesPayment.objects.create(
            dues=locked,
            paid_on=paid_on,
            amount=amount,
            method=method,
            receipt_number=_next_receipt_number(locked),
            note=(note or "").strip()[:200],
            recorded_by=actor,
        )
        _refresh_paid_total(locked)
        audit_record(
            actor=actor,
            action="dues.payment",
            target=locked,
            message=_("%(amount)s yen paid on %(date)s (receipt %(receipt)s)")
            % {
                "amount": yen(amount),
                "date": format_day(paid_on),
                "receipt": payment.receipt_number,
            },
            data={
                "receipt_number": payment.receipt_number,
                "amount": amount,
                "paid_on": paid_on,
                "method": method,
                "paid_total": locked.paid_total,
            },
        )
    dues.paid_total = locked.paid_total
    return payment


def dues_payment_cancel(*, actor, payment: DuesPayment, reason: str) -> Dues:
    """Take back a payment recorded by mistake. The audit log keeps what it was and
    why it went; its receipt number is not used again."""
    require(actor, "members.manage_dues")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            _("Give the reason for cancelling this payment."), field="reason"
        )
    with service_transaction():
        locked = Dues.objects.select_for_update().get(pk=payment.dues_id)
        current = DuesPayment.objects.filter(pk=payment.pk, dues=locked).first()
        if current is None:
            raise ServiceError(_("This payment was cancelled already."))
        data = {
            "receipt_number": current.receipt_number,
            "amount": current.amount,
            "paid_on": current.paid_on,
            "method": current.method,
            "reason": reason,
        }
        current.delete()
        _refresh_paid_total(locked)
        data["paid_total"] = locked.paid_total
        audit_record(
            actor=actor,
            action="dues.payment_cancel",
            target=locked,
            message=_("Payment %(receipt)s of %(amount)s yen cancelled: %(reason)s")
            % {
                "receipt": data["receipt_number"],
                "amount": yen(data["amount"]),
                "reason": reason,
            },
            data=data,
        )
    return locked
