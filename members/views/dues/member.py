"""One member's dues: the page, the invoice, payments and their receipts, the
amount, a reminder. Each page finds its dues (or payment) through the viewer's reach
first: those who see them read them; only the secretariat reaches the pages that
change them, and everyone else gets 404."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from wco_sse.core.audit import audit_entries_for
from wco_sse.core.japan import format_fiscal_year
from wco_sse.core.pdf import pdf_response
from wco_sse.core.views import ServiceActionMixin, ServiceFormMixin

from ... import dues as dues_services
from ...dues.forms import DuesOverrideForm, DuesPaymentCancelForm, DuesPaymentForm
from ..base import InReachMixin
from .common import state_label, wareki

READ = "members.view_dues"
MANAGE = "members.manage_dues"


class DuesObjectMixin(InReachMixin):
    reach = READ

    def resolve_object(self):
        self.dues = dues_services.dues_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.reach
        )

    def detail_url(self):
        return reverse("members:dues_detail", args=[self.dues.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            dues=self.dues,
            year_label=format_fiscal_year(self.dues.fiscal_year),
            **kwargs,
        )


class DuesDetailView(DuesObjectMixin, TemplateView):
    template_name = "members/dues/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dues = self.dues
        user = self.request.user
        can_manage = user.has_perm(MANAGE)
        context.update(
            state_label=state_label(dues.state),
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


class DuesPaymentRecordView(DuesObjectMixin, ServiceFormMixin, FormView):
    reach = MANAGE
    form_class = DuesPaymentForm
    template_name = "members/dues/payment_form.html"

    def get_initial(self):
        return {"paid_on": timezone.localdate(), "amount": self.dues.outstanding}

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


class DuesOverrideView(DuesObjectMixin, ServiceFormMixin, FormView):
    reach = MANAGE
    form_class = DuesOverrideForm
    template_name = "members/dues/override_form.html"

    def get_initial(self):
        return {"amount": self.dues.amount, "version": self.dues.version}

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


class DuesRemindView(DuesObjectMixin, ServiceActionMixin, View):
    reach = MANAGE

    def post(self, request, pk):
        done, email = self.run_action(
            lambda: dues_services.dues_remind(actor=request.user, dues=self.dues)
        )
        if done and email is None:
            messages.info(
                request,
                _("%(payer)s was reminded today already; no second email was sent.")
                % {"payer": self.dues.payer},
            )
        elif done:
            messages.success(
                request, _("A reminder was sent to %(email)s.") % {"email": email.to}
            )
        if request.POST.get("next", "") == "unpaid":
            return HttpResponseRedirect(
                reverse("members:dues_unpaid") + f"?year={self.dues.fiscal_year}"
            )
        return redirect(self.detail_url())


class DuesInvoicePdfView(DuesObjectMixin, View):
    def get(self, request, pk):
        content = dues_services.dues_invoice_pdf(dues=self.dues, wareki=wareki(request))
        return pdf_response(content, f"invoice_{self.dues.invoice_number}.pdf")


# --- One payment ---------------------------------------------------------------------------------


class PaymentObjectMixin(InReachMixin):
    reach = READ

    def resolve_object(self):
        self.payment = dues_services.dues_payment_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.reach
        )


class DuesReceiptPdfView(PaymentObjectMixin, View):
    def get(self, request, pk):
        content = dues_services.dues_receipt_pdf(
            payment=self.payment, wareki=wareki(request)
        )
        return pdf_response(content, f"receipt_{self.payment.receipt_number}.pdf")


class DuesPaymentCancelView(PaymentObjectMixin, ServiceFormMixin, FormView):
    reach = MANAGE
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
