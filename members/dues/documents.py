"""Invoices (請求書) and receipts (領収書) as PDF."""

from django.conf import settings
from django.db.models import Q, Sum
from django.utils import translation

from wco_sse.core.japan import format_date, format_fiscal_year
from wco_sse.core.pdf import render_pdf

from ..models import (
    Dues,
    DuesPayment,
)
from ..prints import address_lines, has_address, postal_code_display
from .common import yen

# --- Documents ----------------------------------------------------------------------------------


def _document_language(dues):
    """Invoices and receipts go out in Japanese; an individual member who asked for
    English gets theirs in English."""
    if dues.person_id and dues.person.language:
        return dues.person.language
    return settings.LANGUAGE_CODE


def _payer_context(dues):
    payer = dues.payer
    street, building = address_lines(payer) if has_address(payer) else ("", "")
    return {
        "payer_name": payer.name if dues.organization_id else payer.full_name,
        "payer_is_organization": bool(dues.organization_id),
        "payer_postal_code": postal_code_display(payer.postal_code),
        "payer_address": street,
        "payer_building": building,
    }


def _issuer_context():
    return {
        "issuer_name": settings.WCO_ORGANIZATION_NAME,
        # Optional settings: the organization's address and where to pay.
        "issuer_address": getattr(settings, "WCO_ORGANIZATION_ADDRESS", ""),
        "payment_instructions": getattr(settings, "WCO_DUES_PAYMENT_INSTRUCTIONS", ""),
    }


def dues_invoice_pdf(*, dues: Dues, wareki: bool = False) -> bytes:
    """The invoice (請求書) of one member's dues, as PDF."""
    payments = list(dues.payments.order_by("paid_on", "pk"))
    context = {
        **_issuer_context(),
        **_payer_context(dues),
        "dues": dues,
        "fiscal_year": format_fiscal_year(dues.fiscal_year, wareki=wareki),
        "invoiced_on": format_date(dues.invoiced_on, wareki=wareki),
        "due_on": format_date(dues.due_on, wareki=wareki),
        "amount": yen(dues.amount),
        "paid": yen(dues.paid_total),
        "outstanding": yen(dues.outstanding),
        "payments": [
            {
                "paid_on": format_date(p.paid_on, wareki=wareki),
                "amount": yen(p.amount),
                "receipt_number": p.receipt_number,
            }
            for p in payments
        ],
    }
    with translation.override(_document_language(dues)):
        return render_pdf("members/dues/invoice_pdf.html", context)


def dues_receipt_pdf(*, payment: DuesPayment, wareki: bool = False) -> bytes:
    """The receipt (領収書) of one payment, as PDF."""
    dues = payment.dues
    paid_through = (
        dues.payments.filter(
            Q(paid_on__lt=payment.paid_on)
            | Q(paid_on=payment.paid_on, pk__lte=payment.pk)
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    context = {
        **_issuer_context(),
        **_payer_context(dues),
        "dues": dues,
        "payment": payment,
        "fiscal_year": format_fiscal_year(dues.fiscal_year, wareki=wareki),
        "paid_on": format_date(payment.paid_on, wareki=wareki),
        "amount": yen(payment.amount),
        "dues_amount": yen(dues.amount),
        "balance": yen(max(dues.amount - paid_through, 0)),
        "is_partial": paid_through < dues.amount,
    }
    with translation.override(_document_language(dues)):
        return render_pdf("members/dues/receipt_pdf.html", context)
