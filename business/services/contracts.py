"""Contracts (委託契約) and their money: recording and changing a contract, the people
answerable for personal information under it, its budget by cost category, the
expenses (never edited in place: a correction is a new entry naming the one it
corrects), incidents (事故) with their alert, the register of data returned or
destroyed at the end, and the training-report (研修報告) reminder.

Lock order within the contracts part: Contract → its rows (personnel, budget lines,
expenses). Every service that writes a contract's rows locks the contract first, so
two people correcting the same expense, or naming two successors at once, take turns.
"""

import datetime

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Person, RoleAssignment
from members.models.roles import Role, Section
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.files import file_attach
from wco_sse.core.japan import fiscal_year_bounds
from wco_sse.core.transactions import service_transaction

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
from ..selectors.contracts import incident_told_late

MANAGE = "business.manage_contract"
# Integer yen: beyond a trillion yen is a typing mistake, not a contract.
MAX_YEN = 10**12
MAX_POPULATION = 50_000_000
FIRST_YEAR, LAST_YEAR = 2000, 2100
# The training-report reminder goes this many days before the due date.
TRAINING_REMINDER_DAYS = 7

CONTRACT_FIELDS = (
    "programme",
    "client",
    "title",
    "fiscal_year",
    "start",
    "end",
    "amount",
    "payment_mode",
    "advance_received",
    "spec_version",
    "report_frequency",
    "report_due_day",
    "training_report_due",
    "population",
    "note",
)


def _lock_contract(pk) -> Contract:
    return Contract.objects.select_for_update(of=("self",)).get(pk=pk)


def _yen(value, field, *, allow_negative=False):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ServiceError(_("Enter a whole number of yen."), field=field)
    if not allow_negative and value < 0:
        raise ServiceError(_("An amount cannot be negative."), field=field)
    if abs(value) > MAX_YEN:
        raise ServiceError(_("The amount is too large."), field=field)
    return value


def _text(data, name):
    return (data.get(name) or "").strip()


# --- Contracts -----------------------------------------------------------------------------


def _contract_values(data) -> dict:
    """The contract's fields from ``data``, checked; start and end default to the
    fiscal year's bounds."""
    programme = data.get("programme")
    if not isinstance(programme, Programme):
        raise ServiceError(_("Choose the programme."), field="programme")
    client = data.get("client")
    if client is None:
        raise ServiceError(_("Choose the client."), field="client")
    title = _text(data, "title")
    if not title:
        raise ServiceError(_("Give the contract a title."), field="title")
    year = data.get("fiscal_year")
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ServiceError(_("Enter the fiscal year (e.g. 2026)."), field="fiscal_year")
    first, last = fiscal_year_bounds(year)
    start = data.get("start") or first
    end = data.get("end") or last
    if not first <= start <= last:
        raise ServiceError(
            _("The start must fall within the fiscal year (%(first)s – %(last)s).")
            % {"first": first.isoformat(), "last": last.isoformat()},
            field="start",
        )
    if end < start:
        raise ServiceError(_("The end comes before the start."), field="end")
    if end > last:
        raise ServiceError(
            _("The end must fall within the fiscal year (by %(last)s).")
            % {"last": last.isoformat()},
            field="end",
        )
    amount = _yen(data.get("amount"), "amount")
    mode = data.get("payment_mode") or Contract.PaymentMode.ADVANCE
    if mode not in Contract.PaymentMode.values:
        raise ServiceError(_("Choose how the client pays."), field="payment_mode")
    advance = _yen(data.get("advance_received") or 0, "advance_received")
    if mode == Contract.PaymentMode.SETTLEMENT and advance:
        raise ServiceError(
            _("Under payment on settlement nothing is received in advance."),
            field="advance_received",
        )
    if advance > amount:
        raise ServiceError(
            _("The advance received is more than the contract amount."),
            field="advance_received",
        )
    frequency = data.get("report_frequency") or Contract.ReportFrequency.MONTHLY
    if frequency not in Contract.ReportFrequency.values:
        raise ServiceError(
            _("Choose how often reports are due."), field="report_frequency"
        )
    due_day = data.get("report_due_day")
    if not isinstance(due_day, int) or not 1 <= due_day <= 31:
        raise ServiceError(
            _("Enter a day of the month from 1 to 31."), field="report_due_day"
        )
    population = data.get("population")
    if population is not None and (
        not isinstance(population, int) or not 0 < population <= MAX_POPULATION
    ):
        raise ServiceError(
            _("Enter the population as a whole number, or leave it blank."),
            field="population",
        )
    return {
        "programme": programme,
        "client": client,
        "title": title,
        "fiscal_year": year,
        "start": start,
        "end": end,
        "amount": amount,
        "payment_mode": mode,
        "advance_received": advance,
        "spec_version": _text(data, "spec_version"),
        "report_frequency": frequency,
        "report_due_day": due_day,
        "training_report_due": data.get("training_report_due"),
        "population": population,
        "note": _text(data, "note"),
    }


def contract_create(*, actor, data) -> Contract:
    """Record a contract on a programme."""
    require(actor, MANAGE)
    values = _contract_values(data)
    with service_transaction():
        contract = Contract.objects.create(created_by=actor, **values)
        audit_record(actor=actor, action="contract.create", target=contract)
    return contract


def _check_rows_fit(contract, values):
    """A changed period or amount still holds what was recorded under it: the
    expenses (corrections aside, which may come after the end) and the budget."""
    outside = (
        Expense.objects.filter(contract=contract, corrects__isnull=True)
        .exclude(date__gte=values["start"], date__lte=values["end"])
        .order_by("date")
        .first()
    )
    if outside is not None:
        raise ServiceError(
            _("An expense of %(day)s falls outside this period.")
            % {"day": outside.date.isoformat()},
            field="start" if outside.date < values["start"] else "end",
        )
    budget = (
        BudgetLine.objects.filter(contract=contract).aggregate(total=Sum("amount"))[
            "total"
        ]
        or 0
    )
    if budget > values["amount"]:
        raise ServiceError(
            _(
                "The budget (%(total)s yen) is more than the contract amount (%(amount)s yen)."
            )
            % {"total": f"{budget:,}", "amount": f"{values['amount']:,}"},
            field="amount",
        )


def contract_update(*, actor, contract, data) -> Contract:
    """Change what the contract says; the amount may not fall below what was received
    in advance."""
    require(actor, MANAGE, contract)
    values = _contract_values(data)
    with service_transaction():
        locked = _lock_contract(contract.pk)
        _check_rows_fit(locked, values)
        changed = [
            name for name, value in values.items() if getattr(locked, name) != value
        ]
        for name in changed:
            setattr(locked, name, values[name])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
            audit_record(
                actor=actor,
                action="contract.update",
                target=locked,
                message=", ".join(sorted(changed)),
            )
    return locked


def contract_file_attach(*, actor, contract, uploaded, description=""):
    """Keep a document of the contract (the 仕様書, the signed contract, a letter)."""
    require(actor, MANAGE, contract)
    with service_transaction():
        locked = _lock_contract(contract.pk)
        return file_attach(
            actor=actor, target=locked, uploaded=uploaded, description=description
        )


# --- Personnel (個人情報責任者・従事者) ----------------------------------------------------


def _check_told(day, field):
    if day is not None and day > timezone.localdate():
        raise ServiceError(
            _("The day the client was told cannot be in the future."), field=field
        )


def personnel_name(*, actor, contract, data) -> ContractPersonnel:
    """Name the person responsible for personal information, or one who handles it,
    from ``start``. A new person responsible ends the current one's row the day
    before; a worker may replace a current worker (``replaces``) the same way. The
    rows stay: the history is what the client holds us to."""
    require(actor, MANAGE, contract)
    role = data.get("role")
    if role not in ContractPersonnel.Role.values:
        raise ServiceError(_("Choose the role."), field="role")
    person = data.get("person")
    if not isinstance(person, Person):
        raise ServiceError(_("Choose the person."), field="person")
    start = data.get("start")
    if not isinstance(start, datetime.date):
        raise ServiceError(_("Enter the day they start."), field="start")
    told = data.get("client_notified_on")
    _check_told(told, "client_notified_on")
    with service_transaction():
        locked = _lock_contract(contract.pk)
        if not locked.start <= start <= locked.end:
            raise ServiceError(
                _(
                    "The day must fall within the contract's period (%(start)s – %(end)s)."
                )
                % {"start": locked.start.isoformat(), "end": locked.end.isoformat()},
                field="start",
            )
        current = list(
            ContractPersonnel.objects.select_for_update()
            .filter(contract=locked, role=role)
            .filter(Q(end__isnull=True) | Q(end__gte=start))
            .order_by("start", "pk")
        )
        if any(row.person_id == person.pk for row in current):
            raise ServiceError(
                _("%(name)s already holds this role on the contract.")
                % {"name": person.full_name},
                field="person",
            )
        ending = []
        if role == ContractPersonnel.Role.RESPONSIBLE:
            ending = current
        else:
            replaces = data.get("replaces")
            if replaces is not None:
                ending = [row for row in current if row.pk == replaces.pk]
                if not ending:
                    raise ServiceError(
                        _("Choose someone who handles personal information now."),
                        field="replaces",
                    )
        for row in ending:
            if row.start >= start:
                raise ServiceError(
                    _("%(name)s started on %(day)s: the successor starts after that.")
                    % {"name": row.person.full_name, "day": row.start.isoformat()},
                    field="start",
                )
            row.end = start - datetime.timedelta(days=1)
            row.save(update_fields=["end"])
        made = ContractPersonnel.objects.create(
            contract=locked,
            person=person,
            role=role,
            start=start,
            client_notified_on=told,
        )
        audit_record(
            actor=actor,
            action="contract.personnel_name",
            target=locked,
            message=f"{made.get_role_display()}: {person.full_name}",
            data={"row": made.pk, "ended": [row.pk for row in ending]},
        )
    return made


def personnel_update(*, actor, row, client_notified_on, end) -> ContractPersonnel:
    """Record the day the client was told, or the last day of someone's role."""
    require(actor, MANAGE, row.contract)
    _check_told(client_notified_on, "client_notified_on")
    with service_transaction():
        contract = _lock_contract(row.contract_id)
        locked = ContractPersonnel.objects.select_for_update().get(pk=row.pk)
        if end is not None and end < locked.start:
            raise ServiceError(
                _("The last day comes before the first (%(day)s).")
                % {"day": locked.start.isoformat()},
                field="end",
            )
        if end is not None and end > contract.end:
            raise ServiceError(
                _("The last day is after the contract ends (%(day)s).")
                % {"day": contract.end.isoformat()},
                field="end",
            )
        changed = []
        if locked.client_notified_on != client_notified_on:
            locked.client_notified_on = client_notified_on
            changed.append("client_notified_on")
        if locked.end != end:
            locked.end = end
            changed.append("end")
        if changed:
            locked.save(update_fields=[*changed])
            audit_record(
                actor=actor,
                action="contract.personnel_update",
                target=contract,
                message=f"{locked.get_role_display()}: {locked.person.full_name}",
                data={"row": locked.pk, "fields": changed},
            )
    return locked


# --- Budget --------------------------------------------------------------------------------


def budget_set(*, actor, contract, amounts) -> list:
    """Set the budget by cost category (``{category: yen}``); a zero leaves the
    category out. The total may not exceed the contract amount."""
    require(actor, MANAGE, contract)
    checked = {}
    for category in CostCategory.values:
        value = amounts.get(category) or 0
        checked[category] = _yen(value, f"budget_{category}")
    total = sum(checked.values())
    with service_transaction():
        locked = _lock_contract(contract.pk)
        if total > locked.amount:
            raise ServiceError(
                _(
                    "The budget (%(total)s yen) is more than the contract amount "
                    "(%(amount)s yen)."
                )
                % {"total": f"{total:,}", "amount": f"{locked.amount:,}"}
            )
        existing = {line.category: line for line in locked.budget_lines.all()}
        changed = []
        for category, value in checked.items():
            line = existing.get(category)
            if value == 0:
                if line is not None:
                    line.delete()
                    changed.append(category)
            elif line is None:
                BudgetLine.objects.create(
                    contract=locked, category=category, amount=value
                )
                changed.append(category)
            elif line.amount != value:
                line.amount = value
                line.save(update_fields=["amount"])
                changed.append(category)
        if changed:
            audit_record(
                actor=actor,
                action="contract.budget",
                target=locked,
                message=f"{total:,}",
                data={"budget": checked},
            )
    return list(BudgetLine.objects.filter(contract=contract).order_by("pk"))


# --- Expenses ------------------------------------------------------------------------------


def _attach_evidence(actor, expense, evidence):
    if evidence is not None:
        file_attach(actor=actor, target=expense, uploaded=evidence)


def expense_add(*, actor, contract, data, evidence=None) -> Expense:
    """Enter an expense: date, cost category, payee and amount (more than 0 yen),
    with an optional evidence file (a receipt) attached to it."""
    require(actor, MANAGE, contract)
    day = data.get("date")
    if not isinstance(day, datetime.date):
        raise ServiceError(_("Enter the date of the expense."), field="date")
    category = data.get("category")
    if category not in CostCategory.values:
        raise ServiceError(_("Choose the cost category."), field="category")
    payee = _text(data, "payee")
    if not payee:
        raise ServiceError(_("Enter the payee."), field="payee")
    amount = _yen(data.get("amount"), "amount")
    if amount <= 0:
        raise ServiceError(_("An expense is more than 0 yen."), field="amount")
    with service_transaction():
        locked = _lock_contract(contract.pk)
        if not locked.start <= day <= locked.end:
            raise ServiceError(
                _("The date falls outside the contract's period (%(start)s – %(end)s).")
                % {"start": locked.start.isoformat(), "end": locked.end.isoformat()},
                field="date",
            )
        expense = Expense.objects.create(
            contract=locked,
            date=day,
            category=category,
            payee=payee,
            amount=amount,
            created_by=actor,
        )
        _attach_evidence(actor, expense, evidence)
        audit_record(
            actor=actor,
            action="contract.expense_add",
            target=locked,
            message=f"{expense.get_category_display()} {payee} {amount:,}",
            data={"expense": expense.pk},
        )
    return expense


def expense_correct(*, actor, expense, data, evidence=None) -> Expense:
    """Correct an expense by a new entry naming it, with the reason: the amount is
    the difference (negative to reduce it); the corrected total may not fall below
    zero. A correction of a correction corrects the entry it corrected."""
    contract = expense.contract
    require(actor, MANAGE, contract)
    reason = _text(data, "reason")
    if not reason:
        raise ServiceError(_("Say why the entry is corrected."), field="reason")
    amount = _yen(data.get("amount"), "amount", allow_negative=True)
    if amount == 0:
        raise ServiceError(
            _("A correction of 0 yen changes nothing: enter the difference."),
            field="amount",
        )
    day = data.get("date") or timezone.localdate()
    with service_transaction():
        _lock_contract(contract.pk)
        original = Expense.objects.get(pk=expense.corrects_id or expense.pk)
        if day < original.date:
            raise ServiceError(
                _("A correction is dated on or after the entry it corrects (%(day)s).")
                % {"day": original.date.isoformat()},
                field="date",
            )
        now = original.amount + (
            original.corrections.aggregate(total=Sum("amount"))["total"] or 0
        )
        if now + amount < 0:
            raise ServiceError(
                _(
                    "The corrected amount would be below zero: the entry stands at "
                    "%(now)s yen now."
                )
                % {"now": f"{now:,}"},
                field="amount",
            )
        correction = Expense.objects.create(
            contract_id=original.contract_id,
            date=day,
            category=original.category,
            payee=original.payee,
            amount=amount,
            corrects=original,
            reason=reason,
            created_by=actor,
        )
        _attach_evidence(actor, correction, evidence)
        audit_record(
            actor=actor,
            action="contract.expense_correct",
            target=contract,
            message=f"{original.payee} {amount:+,}: {reason}",
            data={"expense": correction.pk, "corrects": original.pk},
        )
    return correction


# --- Incidents (事故) ----------------------------------------------------------------------


def _people_holding(roles, day):
    """The listed people holding one of ``roles`` (a Q on RoleAssignment) on
    ``day``, once each, in kana order."""
    current = RoleAssignment.objects.current(day).filter(roles)
    return list(
        Person.objects.listed()
        .filter(pk__in=current.values("person_id"))
        .select_related("account")
        .order_by("sort_key", "pk")
    )


SECTION_ROLES = Q(role=Role.SECTION_MEMBER, scope=Section.BUSINESS)


def incident_alert_recipients(day=None) -> list:
    """The secretary-general(s) and the business section's members today."""
    return _people_holding(
        Q(role=Role.SECRETARY_GENERAL) | SECTION_ROLES, day or timezone.localdate()
    )


def _check_incident_times(occurred, told):
    now = timezone.now()
    if occurred > now:
        raise ServiceError(
            _("An incident cannot have happened in the future."), field="occurred_at"
        )
    if told is not None:
        if told < occurred:
            raise ServiceError(
                _("The client cannot have been told before it happened."),
                field="client_notified_at",
            )
        if told > now:
            raise ServiceError(
                _("The time the client was told cannot be in the future."),
                field="client_notified_at",
            )


def _user_name(user):
    person = getattr(user, "person", None)
    return person.full_name if person is not None else user.email


def incident_log(*, actor, contract, data) -> Incident:
    """Log an incident and alert the secretary-general and the business section."""
    require(actor, MANAGE, contract)
    occurred = data.get("occurred_at")
    if not isinstance(occurred, datetime.datetime):
        raise ServiceError(_("Enter when it happened."), field="occurred_at")
    description = _text(data, "description")
    if not description:
        raise ServiceError(_("Describe what happened."), field="description")
    told = data.get("client_notified_at")
    _check_incident_times(occurred, told)
    with service_transaction():
        locked = _lock_contract(contract.pk)
        incident = Incident.objects.create(
            contract=locked,
            occurred_at=occurred,
            description=description,
            personal_information=bool(data.get("personal_information")),
            client_notified_at=told,
            actions=_text(data, "actions"),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="contract.incident",
            target=locked,
            data={"incident": incident.pk},
        )
        for person in incident_alert_recipients():
            email_queue(
                key=f"business-incident:{incident.pk}:{person.pk}",
                template="business/contracts/incident_logged",
                to=person.contact_email,
                language=person.language or "ja",
                context={
                    "person": person,
                    "contract": locked,
                    "incident": incident,
                    "reporter_name": _user_name(actor),
                    "told_late": incident_told_late(incident),
                },
            )
    return incident


def incident_update(*, actor, incident, client_notified_at, actions) -> Incident:
    """Record when the client was told and what was done."""
    require(actor, MANAGE, incident.contract)
    with service_transaction():
        contract = _lock_contract(incident.contract_id)
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        _check_incident_times(locked.occurred_at, client_notified_at)
        actions = (actions or "").strip()
        changed = []
        if locked.client_notified_at != client_notified_at:
            locked.client_notified_at = client_notified_at
            changed.append("client_notified_at")
        if locked.actions != actions:
            locked.actions = actions
            changed.append("actions")
        if changed:
            locked.save(update_fields=[*changed])
            audit_record(
                actor=actor,
                action="contract.incident_update",
                target=contract,
                data={"incident": locked.pk, "fields": changed},
            )
    return locked


# --- Data returned or destroyed ----------------------------------------------------------------


def disposal_record(*, actor, contract, data, certificate=None) -> DataDisposal:
    """Record data returned to the client or destroyed, with its certificate."""
    require(actor, MANAGE, contract)
    day = data.get("date")
    if not isinstance(day, datetime.date):
        raise ServiceError(_("Enter the date."), field="date")
    if day > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="date")
    method = data.get("method")
    if method not in DataDisposal.Method.values:
        raise ServiceError(_("Choose returned or destroyed."), field="method")
    what = _text(data, "what")
    if not what:
        raise ServiceError(_("Say which data."), field="what")
    with service_transaction():
        locked = _lock_contract(contract.pk)
        if day < locked.start:
            raise ServiceError(
                _("The date comes before the contract starts (%(day)s).")
                % {"day": locked.start.isoformat()},
                field="date",
            )
        disposal = DataDisposal.objects.create(
            contract=locked, date=day, method=method, what=what, created_by=actor
        )
        if certificate is not None:
            file_attach(actor=actor, target=disposal, uploaded=certificate)
        audit_record(
            actor=actor,
            action="contract.disposal",
            target=locked,
            message=f"{disposal.get_method_display()}: {what}",
            data={"disposal": disposal.pk},
        )
    return disposal


# --- The training-report reminder ------------------------------------------------------------


def training_report_reminders_send(*, day=None) -> int:
    """Email the programme's lead and the business section about each contract whose
    training report (研修報告) is due within ``TRAINING_REMINDER_DAYS`` days: once per
    contract and due date (the email's key names both), however often it runs, and a
    day the task missed is made up the next."""
    day = day or timezone.localdate()
    horizon = day + datetime.timedelta(days=TRAINING_REMINDER_DAYS)
    contracts = list(
        Contract.objects.filter(
            training_report_due__gte=day, training_report_due__lte=horizon
        )
        .select_related("programme__lead__account", "client")
        .order_by("training_report_due", "pk")
    )
    if not contracts:
        return 0
    section = _people_holding(SECTION_ROLES, day)
    queued = 0
    for contract in contracts:
        people = {person.pk: person for person in section}
        lead = contract.programme.lead
        if lead is not None and not lead.is_erased:
            people[lead.pk] = lead
        # One transaction per contract: a failure leaves the others queued.
        with service_transaction():
            for person in people.values():
                if email_queue(
                    key=(
                        f"business-training-report-due:{contract.pk}:"
                        f"{contract.training_report_due.isoformat()}:{person.pk}"
                    ),
                    template="business/contracts/training_report_due",
                    to=person.contact_email,
                    language=person.language or "ja",
                    context={
                        "person": person,
                        "contract": contract,
                        "due": contract.training_report_due,
                        "days": (contract.training_report_due - day).days,
                    },
                ):
                    queued += 1
    return queued
