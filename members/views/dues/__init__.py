"""Dues pages: the year's dues and the unpaid list (``lists``), the rate table and
issuing (``year``), one member's dues with its payments, invoices and receipts
(``member``)."""

from .lists import (
    DuesListView,
    DuesRemindAllView,
    DuesUnpaidExportView,
    DuesUnpaidView,
)
from .member import (
    DuesDetailView,
    DuesInvoicePdfView,
    DuesOverrideView,
    DuesPaymentCancelView,
    DuesPaymentRecordView,
    DuesReceiptPdfView,
    DuesRemindView,
)
from .year import DuesIssueView, DuesRatesView

__all__ = [
    "DuesDetailView",
    "DuesInvoicePdfView",
    "DuesIssueView",
    "DuesListView",
    "DuesOverrideView",
    "DuesPaymentCancelView",
    "DuesPaymentRecordView",
    "DuesRatesView",
    "DuesReceiptPdfView",
    "DuesRemindAllView",
    "DuesRemindView",
    "DuesUnpaidExportView",
    "DuesUnpaidView",
]
