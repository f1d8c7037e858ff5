"""Reads of contracts: the list with what was spent, one contract with what its page
shows (personnel with their history, budget against actual by cost category, the
expenses with their corrections, incidents, the register of data returned or
destroyed) and the settlement statement (精算書)."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from members.models import Organization
from wco_sse.core.models import StoredFile
from wco_sse.core.selectors import get_visible_or_404

from ..models import (
    BudgetLine,
    Contract,
    ContractPersonnel,
    CostCategory,
    DataDisposal,
    Expense,
    Incident,
    Programme,
)


def _spent():
    """The sum of a contract's expenses, corrections included (a subquery, so the
    list's rows are not multiplied by a join)."""
    total = (
        Expense.objects.filter(contract=OuterRef("pk"))
        .order_by()
        .values("contract")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(
        Subquery(total, output_field=BigIntegerField()),
        Value(0),
        output_field=BigIntegerField(),
    )


def contract_list(*, year=None, client=None, programme=None):
    """Contracts with their programme, client and what was spent (one query)."""
    contracts = Contract.objects.select_related("programme", "client").annotate(
        spent=_spent()
    )
    if year is not None:
        contracts = contracts.filter(fiscal_year=year)
    if client is not None:
        contracts = contracts.filter(client=client)
    if programme is not None:
        contracts = contracts.filter(programme=programme)
    return contracts.order_by("-fiscal_year", "programme__title", "pk")


def programme_contracts(programme):
    """A programme's contracts with their client and what was spent (one query): for
    the programme's page, shown to those who may read contracts."""
    return list(contract_list(programme=programme))


def contract_filter_choices():
    """The fiscal years, clients and programmes that have contracts (three queries)."""
    years = list(
        Contract.objects.order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    clients = list(
        Organization.objects.filter(business_contracts__isnull=False)
        .distinct()
        .order_by("sort_key", "pk")
    )
    programmes = list(
        Programme.objects.filter(contracts__isnull=False)
        .distinct()
        .order_by("title", "pk")
    )
    return years, clients, programmes


def contract_get_for(*, user, pk, perm="business.view_contract"):
    """The contract, or 404 when missing or outside ``user``'s reach for ``perm``."""
    return get_visible_or_404(
        Contract.objects.select_related(
            "programme", "programme__lead", "client", "created_by"
        ).annotate(spent=_spent()),
        user=user,
        perm=perm,
        pk=pk,
    )


def _row_of_contract(model, *, user, contract_pk, pk, perm, related=()):
    """A row of the contract in the URL, or 404 (missing, another contract's, or a
    contract outside ``user``'s reach)."""
    row = get_visible_or_404(
        model.objects.select_related("contract", *related),
        user=user,
        pk=pk,
        contract_id=contract_pk,
    )
    if not user.has_perm(perm, row.contract):
        raise Http404
    return row


def personnel_get_for(*, user, contract_pk, pk, perm="business.manage_contract"):
    return _row_of_contract(
        ContractPersonnel,
        user=user,
        contract_pk=contract_pk,
        pk=pk,
        perm=perm,
        related=("person",),
    )


def expense_get_for(*, user, contract_pk, pk, perm="business.manage_contract"):
    return _row_of_contract(
        Expense, user=user, contract_pk=contract_pk, pk=pk, perm=perm
    )


def incident_get_for(*, user, contract_pk, pk, perm="business.manage_contract"):
    return _row_of_contract(
        Incident, user=user, contract_pk=contract_pk, pk=pk, perm=perm
    )


# --- What the contract's page shows ------------------------------------------------------


def contract_personnel(contract, *, today=None):
    """Personnel rows, each with ``is_current`` and ``not_told`` (the client has not
    been told yet), current ones first by role (one query)."""
    today = today or timezone.localdate()
    rows = list(
        ContractPersonnel.objects.filter(contract=contract)
        .select_related("person")
        .order_by("role", "-start", "-pk")
    )
    for row in rows:
        row.is_current = row.start <= today and (row.end is None or row.end >= today)
        row.is_upcoming = row.start > today
        row.not_told = row.client_notified_on is None
    responsible = [r for r in rows if r.role == ContractPersonnel.Role.RESPONSIBLE]
    workers = [r for r in rows if r.role == ContractPersonnel.Role.WORKER]
    return responsible, workers


def current_workers(contract):
    """Workers whose row has not ended: those a new worker may replace."""
    return ContractPersonnel.objects.filter(
        contract=contract, role=ContractPersonnel.Role.WORKER, end__isnull=True
    ).select_related("person")


@dataclass
class CategoryLine:
    category: str
    label: str
    budget: int
    actual: int

    @property
    def remaining(self):
        return self.budget - self.actual

    @property
    def over(self):
        return self.actual > self.budget


def budget_by_category(contract):
    """Budget against actual for every cost category, in the categories' order,
    with the totals (two queries)."""
    budget = dict(
        BudgetLine.objects.filter(contract=contract).values_list("category", "amount")
    )
    actual = dict(
        Expense.objects.filter(contract=contract)
        .order_by()
        .values("category")
        .annotate(total=Sum("amount"))
        .values_list("category", "total")
    )
    lines = [
        CategoryLine(
            category=value,
            label=str(label),
            budget=budget.get(value, 0),
            actual=actual.get(value, 0),
        )
        for value, label in CostCategory.choices
    ]
    return lines, sum(budget.values()), sum(actual.values())


def contract_expenses(contract):
    """The entries as entered, originals in date order, each with its corrections
    (``corrections_list``) and ``corrected_total``; and, for every entry, its
    evidence files (``evidence``). Three queries."""
    rows = list(
        Expense.objects.filter(contract=contract)
        .select_related("created_by__person")
        .order_by("date", "pk")
    )
    evidence = _files_by_row(Expense, [row.pk for row in rows])
    originals = {}
    for row in rows:
        row.evidence = evidence.get(str(row.pk), [])
        row.corrections_list = []
        if row.corrects_id is None:
            originals[row.pk] = row
    for row in rows:
        if row.corrects_id is not None and row.corrects_id in originals:
            originals[row.corrects_id].corrections_list.append(row)
    for row in originals.values():
        row.corrected_total = row.amount + sum(c.amount for c in row.corrections_list)
    return list(originals.values())


def _files_by_row(model, pks):
    """{str(pk): [StoredFile]} of the files attached to ``model`` rows (one query)."""
    if not pks:
        return {}
    found = {}
    for stored in StoredFile.objects.filter(
        attached_type=ContentType.objects.get_for_model(model),
        attached_id__in=[str(pk) for pk in pks],
    ).order_by("uploaded_at", "pk"):
        found.setdefault(stored.attached_id, []).append(stored)
    return found


def incident_told_late(incident) -> bool:
    """Not told the client on the day it happened (or not told yet)."""
    if incident.client_notified_at is None:
        return True
    return timezone.localdate(incident.client_notified_at) != timezone.localdate(
        incident.occurred_at
    )


def contract_incidents(contract):
    rows = list(
        Incident.objects.filter(contract=contract).order_by("-occurred_at", "-pk")
    )
    for row in rows:
        row.told_late = incident_told_late(row)
        row.not_told = row.client_notified_at is None
    return rows


def contract_disposals(contract):
    rows = list(DataDisposal.objects.filter(contract=contract).order_by("date", "pk"))
    certificates = _files_by_row(DataDisposal, [row.pk for row in rows])
    for row in rows:
        row.certificates = certificates.get(str(row.pk), [])
    return rows


# --- The settlement statement (精算書) ---------------------------------------------------------


@dataclass
class Settlement:
    contract: Contract
    lines: list
    budget_total: int
    actual_total: int

    @property
    def remaining_total(self):
        return self.budget_total - self.actual_total

    @property
    def confirmed(self):
        """What the client pays in the end: the actual costs, up to the contract
        amount (確定額)."""
        return min(self.actual_total, self.contract.amount)

    @property
    def advance(self):
        return self.contract.advance_received

    @property
    def balance(self):
        """Positive: to claim from the client; negative: to return to it."""
        return self.confirmed - self.advance

    @property
    def to_claim(self):
        return max(self.balance, 0)

    @property
    def to_return(self):
        return max(-self.balance, 0)

    @property
    def over_contract(self):
        """Costs beyond the contract amount: borne by us, not claimed."""
        return max(self.actual_total - self.contract.amount, 0)


def contract_settlement(contract) -> Settlement:
    lines, budget_total, actual_total = budget_by_category(contract)
    return Settlement(
        contract=contract,
        lines=lines,
        budget_total=budget_total,
        actual_total=actual_total,
    )
