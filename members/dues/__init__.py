"""Dues (会費): the rate table, issuing a fiscal year's dues, overrides, payments,
invoices and receipts, the unpaid list and reminders. Services are named ``dues_…``;
this package re-exports them (rates, payments, selectors, reminders, documents).

Locking: issuing a year's dues locks that year's rate rows, so two staff issuing at
the same moment number their invoices one after the other; a payment, an override or
a cancelled payment locks the dues row, so ``paid_total`` stays the sum of its
payments and never passes the amount.

Dates: invoices and payments may be dated from 1 April of the year before the dues'
fiscal year (members sometimes pay the coming year in advance, and the receipt must
carry the real date) up to the end of the fiscal year for invoices and up to today for
payments (no receipt for money not yet received). A payment may be dated before the
invoice: a member who paid at the general assembly before the invoices went out gets
a receipt dated the day they paid.
"""

from .common import CLASS_OF_ORGANIZATION, MAX_AMOUNT, STATES, dues_years_open, yen
from .documents import dues_invoice_pdf, dues_receipt_pdf
from .payments import dues_override, dues_payment_cancel, dues_payment_record
from .rates import (
    dues_count_issued_at_other_amount,
    dues_issue,
    dues_issue_preview,
    dues_rate_set,
    dues_rate_table,
)
from .reminders import dues_remind, dues_remind_all, reminder_key
from .selectors import (
    dues_contact,
    dues_get_for,
    dues_list,
    dues_of_organization,
    dues_of_person,
    dues_payment_get_for,
    dues_payments,
    dues_summary,
    dues_unpaid,
    dues_years,
)

__all__ = [
    "CLASS_OF_ORGANIZATION",
    "MAX_AMOUNT",
    "STATES",
    "dues_contact",
    "dues_count_issued_at_other_amount",
    "dues_get_for",
    "dues_invoice_pdf",
    "dues_issue",
    "dues_issue_preview",
    "dues_list",
    "dues_of_organization",
    "dues_of_person",
    "dues_override",
    "dues_payment_cancel",
    "dues_payment_get_for",
    "dues_payment_record",
    "dues_payments",
    "dues_rate_set",
    "dues_rate_table",
    "dues_receipt_pdf",
    "dues_remind",
    "dues_remind_all",
    "dues_summary",
    "dues_unpaid",
    "dues_years",
    "dues_years_open",
    "reminder_key",
    "yen",
]
