"""Contracts (委託契約): the list, recording and changing one, its page, its documents,
the people answerable for personal information, the budget, expenses and their
corrections, incidents, the register of data returned or destroyed, and the
settlement statement (精算書) as PDF and XLSX.

The business section and the secretariat run contracts; the board (監事 included) and
the 常勤役員 read them, money included. A contract answers 404 to everyone else, as
one that does not exist does; the list, without an id, 403. A W.Co's representative
never sees a contract's amounts.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members.views.base import InReachMixin
from wco_sse.core.exports import Column, export_response
from wco_sse.core.files import files_attached_to
from wco_sse.core.japan import format_fiscal_year
from wco_sse.core.pdf import pdf_response, render_pdf
from wco_sse.core.validators import number_param
from wco_sse.core.views import ServiceActionMixin, ServiceFormMixin

from .. import forms_contracts as forms
from ..models import Programme
from ..selectors import contracts as selectors
from ..services import contracts as services

VIEW = "business.view_contract"
MANAGE = "business.manage_contract"
PAGE_SIZE = 50


def _pk_param(request, name):
    return number_param(request.GET.get(name), max_digits=12)


class ContractListView(PermissionRequiredMixin, TemplateView):
    permission_required = VIEW
    template_name = "business/contracts/contract_list.html"

    def get_context_data(self, **kwargs):
        request = self.request
        year = number_param(request.GET.get("year"), max_digits=4)
        client_id = _pk_param(request, "client")
        programme_id = _pk_param(request, "programme")
        years, clients, programmes = selectors.contract_filter_choices()
        year = year if year in years else None
        client = next((c for c in clients if c.pk == client_id), None)
        programme = next((p for p in programmes if p.pk == programme_id), None)
        page = Paginator(
            selectors.contract_list(year=year, client=client, programme=programme),
            PAGE_SIZE,
        ).get_page(request.GET.get("page"))
        contracts = list(page.object_list)
        for contract in contracts:
            contract.remaining = contract.amount - contract.spent
        query = {
            name: value.pk if hasattr(value, "pk") else value
            for name, value in (
                ("year", year),
                ("client", client),
                ("programme", programme),
            )
            if value is not None
        }
        return super().get_context_data(
            page_obj=page,
            contracts=contracts,
            years=[(y, format_fiscal_year(y)) for y in years],
            clients=clients,
            programmes=programmes,
            year=year,
            client=client,
            programme=programme,
            query=urlencode(query),
            can_manage=request.user.has_perm(MANAGE),
            **kwargs,
        )


class ContractCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """A new contract; ``?programme=<pk>`` fills in the programme, its client and a
    title."""

    permission_required = MANAGE
    form_class = forms.ContractForm
    template_name = "business/contracts/contract_form.html"

    def programme(self):
        pk = _pk_param(self.request, "programme")
        return Programme.objects.filter(pk=pk).first() if pk is not None else None

    def get_initial(self):
        return forms.new_contract_initial(self.programme())

    def form_valid(self, form):
        contract = self.run_service(
            form,
            lambda: services.contract_create(
                actor=self.request.user, data=form.cleaned_data
            ),
        )
        if contract is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The contract was recorded."))
        return redirect(contract.get_absolute_url())


class ContractMixin(InReachMixin):
    permission = VIEW

    def get_object(self):
        return selectors.contract_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.permission
        )


class ContractDetailView(ContractMixin, TemplateView):
    template_name = "business/contracts/contract_detail.html"

    def get_context_data(self, **kwargs):
        contract = self.object
        responsible, workers = selectors.contract_personnel(contract)
        settlement = selectors.contract_settlement(contract)
        incidents = selectors.contract_incidents(contract)
        return super().get_context_data(
            contract=contract,
            responsible=responsible,
            workers=workers,
            no_one_responsible=not any(row.is_current for row in responsible),
            settlement=settlement,
            expenses=selectors.contract_expenses(contract),
            incidents=incidents,
            disposals=selectors.contract_disposals(contract),
            files=files_attached_to(contract),
            remaining=contract.amount - contract.spent,
            can_manage=self.request.user.has_perm(MANAGE, contract),
            ended=contract.end < timezone.localdate(),
            **kwargs,
        )


class ContractFormView(ContractMixin, ServiceFormMixin, FormView):
    """A form about the contract in the URL: ``run(form)`` calls the service;
    ``done`` is the message once it ran."""

    permission = MANAGE
    template_name = "business/contracts/form.html"
    title = ""
    intro = ""
    done = ""

    def run(self, form):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contract=self.object, title=self.title, intro=self.intro, **kwargs
        )

    def success_url(self, result):
        return self.object.get_absolute_url()

    def form_valid(self, form):
        result = self.run_service(form, lambda: self.run(form))
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, self.done)
        return redirect(self.success_url(result))


class ContractEditView(ContractFormView):
    form_class = forms.ContractForm
    template_name = "business/contracts/contract_form.html"
    done = gettext_lazy("The changes were saved.")

    def get_initial(self):
        return forms.contract_initial(self.object)

    def run(self, form):
        return services.contract_update(
            actor=self.request.user, contract=self.object, data=form.cleaned_data
        )


class ContractFileUploadView(ContractFormView):
    form_class = forms.ContractFileForm
    title = gettext_lazy("Upload a document")
    intro = gettext_lazy(
        "The specification (仕様書), the signed contract, notices of change and other "
        "documents of the contract."
    )
    done = gettext_lazy("The file was uploaded.")

    def run(self, form):
        return services.contract_file_attach(
            actor=self.request.user,
            contract=self.object,
            uploaded=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )


# --- Personnel ------------------------------------------------------------------------------


class PersonnelCreateView(ContractFormView):
    form_class = forms.PersonnelForm
    title = gettext_lazy("Name a person for personal information")
    intro = gettext_lazy(
        "A new person responsible takes over from the current one, whose role ends the "
        "day before; the history stays. Tell the client of every change."
    )
    done = gettext_lazy("The person was named.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "workers": selectors.current_workers(self.object),
        }

    def get_initial(self):
        return {"start": max(timezone.localdate(), self.object.start)}

    def run(self, form):
        return services.personnel_name(
            actor=self.request.user, contract=self.object, data=form.cleaned_data
        )


class PersonnelEditView(ContractFormView):
    form_class = forms.PersonnelUpdateForm
    title = gettext_lazy("The client told, or the role ended")
    done = gettext_lazy("Saved.")

    def resolve_object(self):
        self.row = selectors.personnel_get_for(
            user=self.request.user,
            contract_pk=self.kwargs["pk"],
            pk=self.kwargs["personnel_pk"],
        )
        self.object = self.row.contract

    def get_initial(self):
        return {
            "client_notified_on": self.row.client_notified_on,
            "end": self.row.end,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subject=f"{self.row.get_role_display()}: {self.row.person.full_name}",
            **kwargs,
        )

    def run(self, form):
        return services.personnel_update(
            actor=self.request.user,
            row=self.row,
            client_notified_on=form.cleaned_data["client_notified_on"],
            end=form.cleaned_data["end"],
        )


# --- Budget ---------------------------------------------------------------------------------


class BudgetView(ContractFormView):
    form_class = forms.BudgetForm
    template_name = "business/contracts/budget_form.html"
    done = gettext_lazy("The budget was saved.")

    def get_initial(self):
        lines, _budget, _actual = selectors.budget_by_category(self.object)
        return forms.budget_initial(lines)

    def run(self, form):
        return services.budget_set(
            actor=self.request.user, contract=self.object, amounts=form.amounts()
        )


# --- Expenses -------------------------------------------------------------------------------


class ExpenseCreateView(ContractFormView):
    form_class = forms.ExpenseForm
    title = gettext_lazy("Add an expense")
    intro = gettext_lazy(
        "An entry is never changed afterwards: a mistake is corrected by a new entry "
        "with the reason."
    )
    done = gettext_lazy("The expense was added.")

    def get_initial(self):
        today = timezone.localdate()
        return {"date": min(max(today, self.object.start), self.object.end)}

    def success_url(self, result):
        return f"{self.object.get_absolute_url()}#expenses"

    def run(self, form):
        data = form.cleaned_data
        return services.expense_add(
            actor=self.request.user,
            contract=self.object,
            data=data,
            evidence=data.get("evidence"),
        )


class ExpenseCorrectView(ContractFormView):
    form_class = forms.ExpenseCorrectForm
    title = gettext_lazy("Correct an expense")
    intro = gettext_lazy(
        "The entry stays as it was; the correction is a new entry naming it, with the "
        "difference and the reason."
    )
    done = gettext_lazy("The correction was entered.")

    def resolve_object(self):
        self.expense = selectors.expense_get_for(
            user=self.request.user,
            contract_pk=self.kwargs["pk"],
            pk=self.kwargs["expense_pk"],
        )
        self.object = self.expense.contract

    def get_initial(self):
        return {"date": max(timezone.localdate(), self.expense.date)}

    def get_context_data(self, **kwargs):
        expense = self.expense
        return super().get_context_data(
            subject=(
                f"{expense.date.isoformat()} {expense.get_category_display()} "
                f"{expense.payee} {expense.amount:,}円"
            ),
            **kwargs,
        )

    def success_url(self, result):
        return f"{self.object.get_absolute_url()}#expenses"

    def run(self, form):
        data = form.cleaned_data
        return services.expense_correct(
            actor=self.request.user,
            expense=self.expense,
            data=data,
            evidence=data.get("evidence"),
        )


# --- Incidents ------------------------------------------------------------------------------


class IncidentCreateView(ContractFormView):
    form_class = forms.IncidentForm
    title = gettext_lazy("Log an incident")
    intro = gettext_lazy(
        "The secretary-general and the business section are emailed at once. Tell the "
        "client the same day; never write the name of a person supported."
    )
    done = gettext_lazy(
        "The incident was logged; the secretary-general and the section were emailed."
    )

    def get_initial(self):
        return {"occurred_at": timezone.localtime().replace(second=0, microsecond=0)}

    def success_url(self, result):
        return f"{self.object.get_absolute_url()}#incidents"

    def run(self, form):
        return services.incident_log(
            actor=self.request.user, contract=self.object, data=form.cleaned_data
        )


class IncidentEditView(ContractFormView):
    form_class = forms.IncidentUpdateForm
    title = gettext_lazy("The client told, and what was done")
    done = gettext_lazy("Saved.")

    def resolve_object(self):
        self.incident = selectors.incident_get_for(
            user=self.request.user,
            contract_pk=self.kwargs["pk"],
            pk=self.kwargs["incident_pk"],
        )
        self.object = self.incident.contract

    def get_initial(self):
        told = self.incident.client_notified_at
        return {
            "client_notified_at": timezone.localtime(told) if told else None,
            "actions": self.incident.actions,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            subject=self.incident.description[:80], **kwargs
        )

    def success_url(self, result):
        return f"{self.object.get_absolute_url()}#incidents"

    def run(self, form):
        return services.incident_update(
            actor=self.request.user,
            incident=self.incident,
            client_notified_at=form.cleaned_data["client_notified_at"],
            actions=form.cleaned_data["actions"],
        )


# --- Data returned or destroyed --------------------------------------------------------------


class DisposalCreateView(ContractFormView):
    form_class = forms.DisposalForm
    title = gettext_lazy("Record data returned or destroyed")
    intro = pgettext_lazy(
        "data disposal",
        "At the end of the contract: what was returned to the client or destroyed, "
        "with its proof.",
    )
    done = gettext_lazy("Recorded.")

    def get_initial(self):
        return {"date": timezone.localdate()}

    def success_url(self, result):
        return f"{self.object.get_absolute_url()}#disposals"

    def run(self, form):
        data = form.cleaned_data
        return services.disposal_record(
            actor=self.request.user,
            contract=self.object,
            data=data,
            certificate=data.get("certificate"),
        )


# --- The settlement statement (精算書) -----------------------------------------------------------


class SettlementPdfView(ContractMixin, View):
    """The 精算書 printed; ``?era=wareki`` writes its dates in the Japanese era."""

    def get(self, request, pk):
        contract = self.object
        wareki = request.GET.get("era") == "wareki" or request.GET.get("wareki") == "1"
        content = render_pdf(
            "business/contracts/settlement_pdf.html",
            {
                "contract": contract,
                "settlement": selectors.contract_settlement(contract),
                "fiscal_year": format_fiscal_year(contract.fiscal_year, wareki=wareki),
                "era": wareki,
                "issued": timezone.localdate(),
                "organization_name": settings.WCO_ORGANIZATION_NAME,
            },
        )
        return pdf_response(content, f"settlement-{contract.pk}.pdf")


def settlement_rows(settlement):
    """The statement as rows of (item, budget, actual, difference)."""
    rows = [
        (line.label, line.budget, line.actual, line.remaining)
        for line in settlement.lines
    ]
    rows.append(
        (
            _("Total"),
            settlement.budget_total,
            settlement.actual_total,
            settlement.budget_total - settlement.actual_total,
        )
    )
    contract = settlement.contract
    rows += [
        (_("Contract amount (yen, tax included)"), contract.amount, None, None),
        (
            _("Confirmed amount (actual, up to the contract amount)"),
            None,
            settlement.confirmed,
            None,
        ),
        (_("Advance received"), None, settlement.advance, None),
    ]
    if settlement.to_return:
        rows.append(
            (_("Amount to return to the client"), None, settlement.to_return, None)
        )
    else:
        rows.append(
            (_("Amount to claim from the client"), None, settlement.to_claim, None)
        )
    return rows


class SettlementXlsxView(ContractMixin, ServiceActionMixin, View):
    """The 精算書 as a spreadsheet; logged as every export is."""

    def get(self, request, pk):
        contract = self.object
        settlement = selectors.contract_settlement(contract)
        columns = [
            Column(_("Cost category"), lambda row: row[0]),
            Column(_("Budget (yen)"), lambda row: row[1]),
            Column(_("Actual (yen)"), lambda row: row[2]),
            Column(_("Difference (yen)"), lambda row: row[3]),
        ]
        done, response = self.run_action(
            lambda: export_response(
                actor=request.user,
                what=_("Settlement statement"),
                columns=columns,
                rows=settlement_rows(settlement),
                file_format="xlsx",
                filename=f"settlement-{contract.pk}",
                filters=f"contract={contract.pk}",
            )
        )
        return response if done else redirect(contract.get_absolute_url())
