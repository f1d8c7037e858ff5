"""The fund's money and books: sources, contributions (one by one, or from a bank's
transfer list with a dry run), receipts, the ledger's balances, the journal and its
export, a transaction's page and its reversal, and the fiscal year's fund statement.

Sources and contributions are recorded by the secretariat; the books are read by the
secretariat, the directors and the 監事; only the secretary-general reverses an entry.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views import View
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from members.views.base import FilteredExportView, InReachMixin, QueryMixin
from wco_sse.core import fragments
from wco_sse.core.errors import ServiceError
from wco_sse.core.exports import Column
from wco_sse.core.japan import fiscal_year
from wco_sse.core.pdf import pdf_response, render_pdf
from wco_sse.core.views import ServiceFormMixin

from . import imports_money as imports
from . import selectors_money as selectors
from . import services_money as services
from .forms_money import (
    ContributionFilter,
    ContributionForm,
    JournalFilter,
    JournalLineFilter,
    ReverseForm,
    SourceForm,
    TransferCommitForm,
    TransferUploadForm,
    source_initial,
)

# --- Sources ---------------------------------------------------------------------------------


class SourceListView(PermissionRequiredMixin, TemplateView):
    permission_required = "network.change_fund_source"
    template_name = "network/fund/money/source_list.html"

    def get_context_data(self, **kwargs):
        sources = selectors.sources_with_balances()
        return super().get_context_data(
            sources=sources,
            total=sum(source.net_assets for source in sources),
            **kwargs,
        )


class SourceCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "network.change_fund_source"
    form_class = SourceForm
    template_name = "network/fund/money/source_form.html"

    def form_valid(self, form):
        source = self.run_service(
            form,
            lambda: services.source_create(
                actor=self.request.user, data=form.cleaned_data
            ),
        )
        if source is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The source was added."))
        return redirect("network:fund_sources")


class SourceEditView(InReachMixin, ServiceFormMixin, FormView):
    form_class = SourceForm
    template_name = "network/fund/money/source_form.html"

    def get_object(self):
        return selectors.source_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_initial(self):
        return source_initial(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(source=self.object, **kwargs)

    def form_valid(self, form):
        source = self.run_service(
            form,
            lambda: services.source_update(
                actor=self.request.user, source=self.object, data=form.cleaned_data
            ),
        )
        if source is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect("network:fund_sources")


# --- Contributions ----------------------------------------------------------------------------


class ContributionListView(PermissionRequiredMixin, QueryMixin, FilterView):
    permission_required = "network.view_fund_ledger"
    filterset_class = ContributionFilter
    template_name = "network/fund/money/contribution_list.html"
    paginate_by = 50
    context_object_name = "contributions"

    def get_queryset(self):
        return selectors.contribution_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["contributions"])
        for row in rows:
            row.donor = selectors.contribution_donor(row)
        context["contributions"] = rows
        return context


class ContributionCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "network.record_contribution"
    form_class = ContributionForm
    template_name = "network/fund/money/contribution_form.html"

    def get_initial(self):
        return {"received_on": timezone.localdate()}

    def form_valid(self, form):
        contribution = self.run_service(
            form,
            lambda: services.contribution_record(
                actor=self.request.user, data=form.cleaned_data
            ),
        )
        if contribution is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The contribution was recorded as receipt %(number)s.")
            % {"number": contribution.receipt_number},
        )
        return redirect("network:fund_contribution", pk=contribution.pk)


class ContributionMixin(InReachMixin):
    def get_object(self):
        return selectors.contribution_get_for(
            user=self.request.user, pk=self.kwargs["pk"]
        )


class ContributionDetailView(ContributionMixin, TemplateView):
    template_name = "network/fund/money/contribution_detail.html"

    def get_context_data(self, **kwargs):
        contribution = self.object
        return super().get_context_data(
            contribution=contribution,
            donor=selectors.contribution_donor(contribution),
            entry=selectors.contribution_transaction(contribution),
            **kwargs,
        )


class ContributionReceiptView(ContributionMixin, View):
    """The receipt (領収書) as PDF. A gift to the fund is not tax-deductible: the
    receipt says nothing of the kind."""

    def get(self, request, pk):
        contribution = self.object
        content = render_pdf(
            "network/fund/money/pdf/receipt.html",
            {
                "contribution": contribution,
                "donor": selectors.contribution_donor(contribution),
                "organization_name": settings.WCO_ORGANIZATION_NAME,
                "issued": timezone.localdate(),
            },
        )
        return pdf_response(content, f"receipt-{contribution.receipt_number}.pdf")


class TransferImportView(PermissionRequiredMixin, ServiceFormMixin, View):
    """Upload a transfer list → its dry run (nothing written) → commit all or none.

    The checked file waits server-side (the cache, an hour, this user only) under a
    random token the dry-run page posts back; the commit checks it again."""

    permission_required = "network.record_contribution"
    template_name = "network/fund/money/contribution_import.html"

    def get(self, request):
        return self.page(TransferUploadForm())

    def page(self, form, **context):
        return render(self.request, self.template_name, {"form": form, **context})

    def post(self, request):
        if "token" in request.POST:
            return self.commit(request)
        form = TransferUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form)
        uploaded = form.cleaned_data["file"]
        data = uploaded.read()
        try:
            check = imports.transfers_check(data)
        except ServiceError as error:
            self.add_service_error(form, error)
            return self.page(form)
        token = imports.preview_keep(
            actor=request.user,
            data=data,
            name=uploaded.name or "",
            source=form.cleaned_data["source"],
            method=form.cleaned_data["method"],
        )
        return self.preview(form, check, token)

    def preview(self, form, check, token, commit_form=None):
        commit_form = commit_form or TransferCommitForm(
            initial={
                "token": token,
                "digest": check.digest(),
                "digest_dup": check.digest(include_duplicates=True),
            }
        )
        return self.page(form, check=check, commit_form=commit_form)

    def commit(self, request):
        commit_form = TransferCommitForm(request.POST)
        if not commit_form.is_valid():
            messages.error(
                request, _("The dry run has expired: upload the file again.")
            )
            return redirect("network:fund_contribution_import")
        data = commit_form.cleaned_data
        digest = data["digest_dup" if data["include_duplicates"] else "digest"]
        try:
            made = imports.transfers_commit(
                actor=request.user,
                token=data["token"],
                digest=digest,
                include_duplicates=data["include_duplicates"],
            )
        except ServiceError as error:
            messages.error(request, error.message)
            return self.again(data["token"])
        messages.success(
            request,
            _("%(count)s contributions were recorded (receipts %(first)s to %(last)s).")
            % {
                "count": len(made),
                "first": made[0].receipt_number,
                "last": made[-1].receipt_number,
            },
        )
        return redirect("network:fund_contributions")

    def again(self, token):
        """The dry run shown again after a refused commit (or a fresh upload)."""
        try:
            kept = imports.preview_take(actor=self.request.user, token=token)
            check = imports.transfers_check(kept["data"])
        except ServiceError:
            return redirect("network:fund_contribution_import")
        return self.preview(TransferUploadForm(), check, token)


# --- The books -------------------------------------------------------------------------------


class LedgerView(PermissionRequiredMixin, TemplateView):
    permission_required = "network.view_fund_ledger"
    template_name = "network/fund/money/ledger.html"

    def get_context_data(self, **kwargs):
        # The balances are the same for every reader of the books: one rendering per
        # language until anything of the fund changes (core.fragments); the books are
        # read only when the cache misses.
        return super().get_context_data(
            ledger_stamp=fragments.stamp(
                self.request, depends_on=("network",), per_viewer=False
            ),
            summary=SimpleLazyObject(selectors.books_summary),
            sources=SimpleLazyObject(selectors.sources_with_balances),
            rounds=SimpleLazyObject(selectors.rounds_with_budgets),
            years=SimpleLazyObject(selectors.statement_years),
            **kwargs,
        )


class JournalView(PermissionRequiredMixin, QueryMixin, FilterView):
    permission_required = "network.view_fund_ledger"
    filterset_class = JournalFilter
    template_name = "network/fund/money/journal.html"
    paginate_by = 50
    context_object_name = "entries"

    def get_queryset(self):
        return selectors.journal()


def _debit(line):
    return line.amount if line.amount > 0 else None


def _credit(line):
    return -line.amount if line.amount < 0 else None


class JournalExportView(FilteredExportView):
    permission_required = "network.view_fund_ledger"
    filterset_class = JournalLineFilter
    what = gettext_lazy("Fund journal")
    filename = "fund_journal"

    def get_queryset(self):
        return selectors.journal_lines()

    def get_columns(self):
        return [
            Column(_("Journal no."), lambda line: line.transaction_id),
            Column(_("Date"), lambda line: line.transaction.occurred_on.isoformat()),
            Column(
                _("Kind"),
                lambda line: line.transaction.get_kind_display(),
            ),
            Column(_("Account code"), lambda line: line.account.code),
            Column(pgettext("ledger", "Account"), lambda line: line.account.name),
            Column(_("Debit (yen)"), _debit),
            Column(_("Credit (yen)"), _credit),
            Column(_("Memo"), lambda line: line.transaction.memo),
            Column(
                _("Reverses no."),
                lambda line: line.transaction.reverses_id or "",
            ),
            Column(_("Reason"), lambda line: line.transaction.reason),
        ]

    def back_url(self):
        return f"{reverse('network:fund_journal')}?{self.request.GET.urlencode()}"


class EntryMixin(InReachMixin):
    permission = "network.view_fund_ledger"

    def get_object(self):
        return selectors.entry_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.permission
        )


class EntryDetailView(EntryMixin, TemplateView):
    template_name = "network/fund/money/entry_detail.html"

    def get_context_data(self, **kwargs):
        entry = self.object
        lines = list(entry.lines.all())
        return super().get_context_data(
            entry=entry,
            lines=lines,
            reversed_by=selectors.entry_reversed_by(entry),
            can_reverse=self.request.user.has_perm(
                "network.reverse_ledger_entry", entry
            ),
            **kwargs,
        )


class EntryReverseView(EntryMixin, ServiceFormMixin, FormView):
    permission = "network.reverse_ledger_entry"
    form_class = ReverseForm
    template_name = "network/fund/money/entry_reverse.html"

    def get_context_data(self, **kwargs):
        entry = self.object
        return super().get_context_data(
            entry=entry,
            lines=list(entry.lines.all()),
            reversed_by=selectors.entry_reversed_by(entry),
            **kwargs,
        )

    def form_valid(self, form):
        reversal = self.run_service(
            form,
            lambda: services.entry_reverse(
                actor=self.request.user,
                entry=self.object,
                reason=form.cleaned_data["reason"],
            ),
        )
        if reversal is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Transaction #%(number)s was reversed by #%(reversal)s.")
            % {"number": self.object.pk, "reversal": reversal.pk},
        )
        return redirect("network:fund_ledger_entry", pk=reversal.pk)


class StatementView(PermissionRequiredMixin, View):
    """The fiscal year's fund statement (収支計算書) as PDF; ``?year=2026``."""

    permission_required = "network.view_fund_ledger"

    def get(self, request):
        today = timezone.localdate()
        try:
            year = int(request.GET.get("year", ""))
        except ValueError:
            year = fiscal_year(today)
        if not 2000 <= year <= fiscal_year(today):
            year = fiscal_year(today)
        content = render_pdf(
            "network/fund/money/pdf/statement.html",
            {
                "statement": selectors.fund_statement(year),
                "organization_name": settings.WCO_ORGANIZATION_NAME,
                "issued": today,
            },
        )
        return pdf_response(content, f"fund-statement-{year}.pdf")
