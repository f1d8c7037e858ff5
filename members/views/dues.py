"""Dues pages: the year's dues, the rate table, issuing, one member's dues with its
payments, invoices and receipts as PDF, the unpaid list with its export and reminders."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.audit import audit_entries_for
from wco_sse.core.errors import ServiceError
from wco_sse.core.exports import Column, export_response
from wco_sse.core.japan import fiscal_year, format_fiscal_year
from wco_sse.core.pdf import pdf_response
from wco_sse.core.validators import number_param

from .. import dues as dues_services
from ..dues_forms import (
    DuesIssueForm,
    DuesOverrideForm,
    DuesPaymentCancelForm,
    DuesPaymentForm,
    DuesRateForm,
)
from ..models import DuesClass


def _year_from(request, years=None):
    """The fiscal year asked for in ?year=, else this fiscal year."""
    year = number_param(request.GET.get("year"))
    current = fiscal_year(timezone.localdate())
    if year is not None and 2000 <= year <= 2100 and (years is None or year in years):
        return year
    return current


def _wareki(request):
    return request.GET.get("era") == "wareki"


class _ServiceForm:
    """A service's refusal becomes an error at its field, or above the form when the
    field is not shown."""

    def run_service(self, form, call):
        try:
            return call()
        except ServiceError as error:
            field = error.field
            if field not in form.fields or form.fields[field].widget.is_hidden:
                field = None
            form.add_error(field, error.message)
            return None


def _state_label(state):
    return {
        "paid": gettext_lazy("Paid"),
        "partial": gettext_lazy("Partly paid"),
        "unpaid": gettext_lazy("Unpaid"),
    }[state]


STATE_CHOICES = [
    ("", gettext_lazy("All")),
    ("outstanding", gettext_lazy("Unpaid or partly paid")),
    ("unpaid", gettext_lazy("Unpaid")),
    ("partial", gettext_lazy("Partly paid")),
    ("paid", gettext_lazy("Paid")),
]


# --- The year's dues ---------------------------------------------------------------------------


class DuesListView(PermissionRequiredMixin, ListView):
    permission_required = "members.view_dues_list"
    template_name = "members/dues/list.html"
    context_object_name = "dues_list"
    paginate_by = 100

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.years = dues_services.dues_years()
        self.year = _year_from(request, self.years)
        state = request.GET.get("state", "")
        self.state = state if state in dues_services.STATES else ""
        dues_class = request.GET.get("class", "")
        self.dues_class = dues_class if dues_class in DuesClass.values else ""

    def get_queryset(self):
        return dues_services.dues_list(
            fiscal_year=self.year, state=self.state, dues_class=self.dues_class
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        can_manage = self.request.user.has_perm("members.manage_dues")
        context.update(
            years=[(y, format_fiscal_year(y)) for y in self.years],
            year=self.year,
            year_label=format_fiscal_year(self.year),
            state=self.state,
            dues_class=self.dues_class,
            state_choices=STATE_CHOICES,
            class_choices=DuesClass.choices,
            summary=dues_services.dues_summary(fiscal_year=self.year),
            query=query.urlencode(),
            can_manage=can_manage,
            to_issue=(
                dues_services.dues_issue_preview(fiscal_year=self.year)["total"]
                if can_manage and self.year in dues_services.dues_years_open()
                else 0
            ),
        )
        return context


class DuesRatesView(PermissionRequiredMixin, _ServiceForm, FormView):
    """The rate table; the auditor reads it, the secretariat sets it."""

    form_class = DuesRateForm
    template_name = "members/dues/rates.html"

    def get_permission_required(self):
        if self.request.method == "POST":
            return ("members.manage_dues",)
        return ("members.view_dues_list",)

    def get_initial(self):
        return {"fiscal_year": _year_from(self.request)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years = dues_services.dues_years()
        table = dues_services.dues_rate_table(years=years)
        context["rows"] = [
            {
                "year": year,
                "label": format_fiscal_year(year),
                "rates": [table[year].get(c) for c in DuesClass.values],
            }
            for year in years
        ]
        context["class_labels"] = [label for _value, label in DuesClass.choices]
        context["can_manage"] = self.request.user.has_perm("members.manage_dues")
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        rate = self.run_service(
            form,
            lambda: dues_services.dues_rate_set(
                actor=self.request.user,
                fiscal_year=data["fiscal_year"],
                dues_class=data["dues_class"],
                amount=data["amount"],
            ),
        )
        if rate is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The rate for %(class)s in %(year)s is %(amount)s yen.")
            % {
                "class": rate.get_dues_class_display(),
                "year": format_fiscal_year(rate.fiscal_year),
                "amount": dues_services.yen(rate.amount),
            },
        )
        differing = dues_services.dues_count_issued_at_other_amount(rate=rate)
        if differing:
            messages.warning(
                self.request,
                ngettext(
                    "%(count)s member billed for that year and class keeps the earlier "
                    "amount. Change it on its page where that is meant.",
                    "%(count)s members billed for that year and class keep the earlier "
                    "amount. Change them one by one where that is meant.",
                    differing,
                )
                % {"count": differing},
            )
        return redirect("members:dues_rates")


class DuesIssueView(PermissionRequiredMixin, _ServiceForm, FormView):
    permission_required = "members.manage_dues"
    form_class = DuesIssueForm
    template_name = "members/dues/issue.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.year = _year_from(request, dues_services.dues_years_open())

    def get_initial(self):
        return {"fiscal_year": self.year, "invoiced_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        year = self.year
        if form.is_bound and form.is_valid():
            year = form.cleaned_data["fiscal_year"]
        if year not in dues_services.dues_years_open():
            year = self.year
        context.update(
            year=year,
            year_label=format_fiscal_year(year),
            years=[(y, format_fiscal_year(y)) for y in dues_services.dues_years_open()],
            preview=dues_services.dues_issue_preview(fiscal_year=year),
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        issued = self.run_service(
            form,
            lambda: dues_services.dues_issue(
                actor=self.request.user,
                fiscal_year=data["fiscal_year"],
                invoiced_on=data["invoiced_on"],
                due_on=data["due_on"],
            ),
        )
        if issued is None:
            return self.form_invalid(form)
        year_label = format_fiscal_year(data["fiscal_year"])
        if issued:
            messages.success(
                self.request,
                _(
                    "%(count)s invoices for %(year)s were issued (%(first)s to %(last)s)."
                )
                % {
                    "count": len(issued),
                    "year": year_label,
                    "first": issued[0].invoice_number,
                    "last": issued[-1].invoice_number,
                },
            )
        else:
            messages.info(
                self.request,
                _("Every member has dues for %(year)s already; nothing new was issued.")
                % {"year": year_label},
            )
        return HttpResponseRedirect(
            reverse("members:dues_list") + f"?year={data['fiscal_year']}"
        )


# --- The unpaid list ----------------------------------------------------------------------------


class DuesUnpaidView(PermissionRequiredMixin, ListView):
    permission_required = "members.view_dues_list"
    template_name = "members/dues/unpaid.html"
    context_object_name = "dues_list"
    paginate_by = 100

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.years = dues_services.dues_years()
        self.year = _year_from(request, self.years)
        dues_class = request.GET.get("class", "")
        self.dues_class = dues_class if dues_class in DuesClass.values else ""

    def get_queryset(self):
        return dues_services.dues_unpaid(
            fiscal_year=self.year, dues_class=self.dues_class
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        for dues in context["dues_list"]:
            dues.contact = dues_services.dues_contact(dues)
        context.update(
            years=[(y, format_fiscal_year(y)) for y in self.years],
            year=self.year,
            year_label=format_fiscal_year(self.year),
            dues_class=self.dues_class,
            class_choices=DuesClass.choices,
            summary=dues_services.dues_summary(fiscal_year=self.year),
            query=query.urlencode(),
            can_manage=self.request.user.has_perm("members.manage_dues"),
            today=timezone.localdate(),
        )
        return context


def _payer_name(dues):
    return dues.organization.name if dues.organization_id else dues.person.full_name


def _payer_attr(name):
    return lambda dues: getattr(dues.payer, name)


UNPAID_COLUMNS = [
    Column(gettext_lazy("Invoice number"), lambda d: d.invoice_number),
    Column(gettext_lazy("Fiscal year"), lambda d: d.fiscal_year),
    Column(gettext_lazy("Class"), lambda d: d.get_dues_class_display()),
    Column(gettext_lazy("Name"), _payer_name),
    Column(gettext_lazy("Postal code"), _payer_attr("postal_code")),
    Column(gettext_lazy("Address"), lambda d: d.payer.full_address),
    Column(gettext_lazy("Phone"), _payer_attr("phone")),
    Column(gettext_lazy("Fax"), _payer_attr("fax")),
    Column(
        gettext_lazy("Email"),
        lambda d: (dues_services.dues_contact(d) or ("",))[0],
    ),
    Column(
        gettext_lazy("Preferred contact"),
        lambda d: d.payer.get_preferred_contact_display(),
    ),
    Column(gettext_lazy("Amount (yen)"), lambda d: d.amount),
    Column(gettext_lazy("Paid (yen)"), lambda d: d.paid_total),
    Column(gettext_lazy("Outstanding (yen)"), lambda d: d.outstanding),
    Column(gettext_lazy("Invoiced on"), lambda d: d.invoiced_on),
    Column(gettext_lazy("Payment deadline"), lambda d: d.due_on),
    Column(gettext_lazy("Last reminder"), lambda d: d.last_reminded_on),
]


class DuesUnpaidExportView(PermissionRequiredMixin, View):
    """The unpaid list as XLSX or CSV, logged as an export of personal data."""

    permission_required = "members.manage_dues"

    def get(self, request):
        year = _year_from(request)
        dues_class = request.GET.get("class", "")
        dues_class = dues_class if dues_class in DuesClass.values else ""
        file_format = "csv" if request.GET.get("format") == "csv" else "xlsx"
        filters = _("Fiscal year") + f"={year}"
        if dues_class:
            filters += ", " + _("Class") + f"={DuesClass(dues_class).label}"
        try:
            return export_response(
                actor=request.user,
                what=_("Unpaid dues"),
                columns=UNPAID_COLUMNS,
                rows=dues_services.dues_unpaid(fiscal_year=year, dues_class=dues_class),
                file_format=file_format,
                filename=f"unpaid_dues_{year}",
                filters=filters,
                encoding=request.GET.get("encoding", "utf-8-sig"),
            )
        except ServiceError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(
                reverse("members:dues_unpaid") + f"?year={year}"
            )


class DuesRemindAllView(PermissionRequiredMixin, View):
    """Remind every member with dues outstanding for the year, once a day at most."""

    permission_required = "members.manage_dues"

    def post(self, request, year):
        result = dues_services.dues_remind_all(actor=request.user, fiscal_year=year)
        sent, already, no_address = (
            len(result["sent"]),
            len(result["already"]),
            len(result["no_address"]),
        )
        if sent:
            messages.success(
                request,
                ngettext(
                    "%(count)s reminder was sent.",
                    "%(count)s reminders were sent.",
                    sent,
                )
                % {"count": sent},
            )
        if already:
            messages.info(
                request,
                ngettext(
                    "%(count)s member was reminded today already and was not sent "
                    "another.",
                    "%(count)s members were reminded today already and were not sent "
                    "another.",
                    already,
                )
                % {"count": already},
            )
        if no_address:
            messages.warning(
                request,
                ngettext(
                    "%(count)s member has no email address: send them the invoice by "
                    "post or fax (%(names)s).",
                    "%(count)s members have no email address: send them the invoice by "
                    "post or fax (%(names)s).",
                    no_address,
                )
                % {
                    "count": no_address,
                    "names": "、".join(str(d.payer) for d in result["no_address"][:10])
                    + ("…" if no_address > 10 else ""),
                },
            )
        if not (sent or already or no_address):
            messages.info(request, _("No dues are outstanding for that year."))
        return HttpResponseRedirect(reverse("members:dues_unpaid") + f"?year={year}")


# --- One member's dues -------------------------------------------------------------------------


class DuesObjectMixin(LoginRequiredMixin):
    """Finds the dues (404 for anyone who may not see them) before anything else, and
    refuses a view that changes them to anyone but the secretariat."""

    manage = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.dues = dues_services.dues_get_for(user=request.user, pk=kwargs["pk"])
            if self.manage and not request.user.has_perm(
                "members.manage_dues", self.dues
            ):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def detail_url(self):
        return reverse("members:dues_detail", args=[self.dues.pk])


class DuesDetailView(DuesObjectMixin, TemplateView):
    template_name = "members/dues/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dues = self.dues
        user = self.request.user
        can_manage = user.has_perm("members.manage_dues")
        context.update(
            dues=dues,
            state_label=_state_label(dues.state),
            year_label=format_fiscal_year(dues.fiscal_year),
            payments=dues_services.dues_payments(dues=dues),
            can_manage=can_manage,
            can_list=user.has_perm("members.view_dues_list"),
        )
        if can_manage and dues.outstanding:
            context["payment_form"] = DuesPaymentForm(
                initial={"paid_on": timezone.localdate(), "amount": dues.outstanding}
            )
        if user.has_perm("members.view_dues_list"):
            context["audit_entries"] = audit_entries_for(dues)
        return context


class DuesPaymentRecordView(DuesObjectMixin, _ServiceForm, FormView):
    manage = True
    form_class = DuesPaymentForm
    template_name = "members/dues/payment_form.html"

    def get_initial(self):
        return {"paid_on": timezone.localdate(), "amount": self.dues.outstanding}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            dues=self.dues,
            year_label=format_fiscal_year(self.dues.fiscal_year),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        payment = self.run_service(
            form,
            lambda: dues_services.dues_payment_record(
                actor=self.request.user,
                dues=self.dues,
                paid_on=data["paid_on"],
                amount=data["amount"],
                method=data["method"],
                note=data["note"],
            ),
        )
        if payment is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(amount)s yen was recorded (receipt %(receipt)s).")
            % {
                "amount": dues_services.yen(payment.amount),
                "receipt": payment.receipt_number,
            },
        )
        return redirect(self.detail_url())


class DuesOverrideView(DuesObjectMixin, _ServiceForm, FormView):
    manage = True
    form_class = DuesOverrideForm
    template_name = "members/dues/override_form.html"

    def get_initial(self):
        return {"amount": self.dues.amount, "version": self.dues.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            dues=self.dues,
            year_label=format_fiscal_year(self.dues.fiscal_year),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        dues = self.run_service(
            form,
            lambda: dues_services.dues_override(
                actor=self.request.user,
                dues=self.dues,
                amount=data["amount"],
                reason=data["reason"],
                expected_version=data["version"],
            ),
        )
        if dues is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The amount is now %(amount)s yen.")
            % {"amount": dues_services.yen(dues.amount)},
        )
        return redirect(self.detail_url())


class DuesRemindView(DuesObjectMixin, View):
    manage = True

    def post(self, request, pk):
        try:
            email = dues_services.dues_remind(actor=request.user, dues=self.dues)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            if email is None:
                messages.info(
                    request,
                    _("%(payer)s was reminded today already; no second email was sent.")
                    % {"payer": self.dues.payer},
                )
            else:
                messages.success(
                    request,
                    _("A reminder was sent to %(email)s.") % {"email": email.to},
                )
        back = request.POST.get("next", "")
        if back == "unpaid":
            return HttpResponseRedirect(
                reverse("members:dues_unpaid") + f"?year={self.dues.fiscal_year}"
            )
        return redirect(self.detail_url())


class DuesInvoicePdfView(DuesObjectMixin, View):
    def get(self, request, pk):
        content = dues_services.dues_invoice_pdf(
            dues=self.dues, wareki=_wareki(request)
        )
        return pdf_response(content, f"invoice_{self.dues.invoice_number}.pdf")


# --- One payment ---------------------------------------------------------------------------------


class PaymentObjectMixin(LoginRequiredMixin):
    manage = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.payment = dues_services.dues_payment_get_for(
                user=request.user, pk=kwargs["pk"]
            )
            if self.manage and not request.user.has_perm("members.manage_dues"):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DuesReceiptPdfView(PaymentObjectMixin, View):
    def get(self, request, pk):
        content = dues_services.dues_receipt_pdf(
            payment=self.payment, wareki=_wareki(request)
        )
        return pdf_response(content, f"receipt_{self.payment.receipt_number}.pdf")


class DuesPaymentCancelView(PaymentObjectMixin, _ServiceForm, FormView):
    manage = True
    form_class = DuesPaymentCancelForm
    template_name = "members/dues/payment_cancel.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            payment=self.payment,
            dues=self.payment.dues,
            amount=dues_services.yen(self.payment.amount),
            **kwargs,
        )

    def form_valid(self, form):
        dues = self.run_service(
            form,
            lambda: dues_services.dues_payment_cancel(
                actor=self.request.user,
                payment=self.payment,
                reason=form.cleaned_data["reason"],
            ),
        )
        if dues is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The payment %(receipt)s was cancelled.")
            % {"receipt": self.payment.receipt_number},
        )
        return redirect("members:dues_detail", pk=dues.pk)
