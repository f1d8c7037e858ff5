"""Contracts made for the tests: the contract by the factories, its rows through the
services."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from business.models import ContractPersonnel, CostCategory
from business.services import contracts as services
from tests.business import factories
from tests.permission_vocabulary import PDF_BYTES
from wco_sse.core.japan import fiscal_year


def person(demo, role):
    return demo.ctx.accounts[f"{role}@example.org"]


def contract(demo=None, **fields):
    """A running contract of this fiscal year with 横浜市, led by the business
    section's member when ``demo`` is given."""
    lead = person(demo, "business") if demo is not None else None
    programme = factories.programme(lead=lead) if lead else factories.programme()
    fields.setdefault("advance_received", 6_000_000)
    return factories.contract(programme, **fields)


def this_year():
    return fiscal_year(timezone.localdate())


def in_period(made, days=5):
    """A day within the contract, ``days`` after it starts (never after today's
    month ends, never after it ends)."""
    return min(made.start + datetime.timedelta(days=days), made.end)


def expense(demo, made, *, amount=50_000, category=CostCategory.TRAVEL, **data):
    return services.expense_add(
        actor=demo["business"],
        contract=made,
        data={
            "date": data.pop("date", in_period(made)),
            "category": category,
            "payee": data.pop("payee", "横浜市交通局"),
            "amount": amount,
            **data,
        },
    )


def responsible(demo, made, role="business", **fields):
    return factories.personnel(
        made,
        person(demo, role),
        role=ContractPersonnel.Role.RESPONSIBLE,
        **fields,
    )


def pdf_upload(name="receipt.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, "application/pdf")
