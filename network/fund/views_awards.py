"""The fund's awards: the list, an award's page, and the secretariat's and the
representative's work on it up to settlement.

An award answers 404 to whoever may not use the page for it (the representative of
another W.Co, a role without business with awards); the list answers 403 to those
who read no award at all.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from members.views.base import InReachMixin
from wco_sse.core.errors import ServiceError
from wco_sse.core.pdf import pdf_response, render_pdf
from wco_sse.core.views import ServiceActionMixin, ServiceFormMixin

from . import ledger
from . import selectors_awards as selectors
from . import services_awards as services
from .forms_awards import (
    AwardAmountForm,
    AwardEditForm,
    BudgetLineFormSet,
    ChangeDecideForm,
    ChangeRequestForm,
    FinalReportForm,
    PaymentPrepareForm,
    RefundForm,
    lines_initial,
    lines_of,
)
from .models import Award, FinalReport, Payment
from .parts import parts_for

VIEW = "network.view_fund_award"
MANAGE = "network.manage_fund_award"
REPORT = "network.report_fund_award"


class AwardListView(LoginRequiredMixin, TemplateView):
    template_name = "network/fund/awards/list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.may_list_awards(
            request.user
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", "")
        awards = selectors.award_rows(
            selectors.award_list_for(self.request.user, status=status)[:500]
        )
        return super().get_context_data(
            awards=awards,
            status=status,
            statuses=Award.Status.choices,
            **kwargs,
        )


class AwardMixin(InReachMixin):
    """The URL's award, through the viewer's reach for ``permissions``."""

    permissions = (VIEW,)

    def get_object(self):
        first, *others = self.permissions
        return selectors.award_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=first, perms=others
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(award=self.object, **kwargs)

    def back(self):
        return redirect(self.object.get_absolute_url())


class AwardDetailView(AwardMixin, TemplateView):
    template_name = "network/fund/awards/detail.html"

    def get_context_data(self, **kwargs):
        award = self.object
        user = self.request.user
        report = selectors.award_report(award)
        can_manage = user.has_perm(MANAGE, award)
        payments = selectors.award_payments(award)
        for payment in payments:
            payment.can_confirm = (
                can_manage
                and payment.status == Payment.Status.PREPARED
                and payment.prepared_by_id != user.pk
            )
        changes = selectors.award_changes(award)
        for change in changes:
            change.can_decide = (
                change.status == change.Status.SUBMITTED
                and user.has_perm("network.decide_fund_change_request", change)
            )
        return super().get_context_data(
            application=award.application,
            report=report,
            report_lines=selectors.report_lines(award) if report else [],
            report_files=selectors.report_files(report),
            plan=selectors.plan_lines(award),
            payments=payments,
            changes=changes,
            unpaid=award.unpaid_total,
            settlement_owed=selectors.settlement_owed(award) if report else 0,
            can_manage=can_manage,
            can_report=user.has_perm(REPORT, award),
            parts=parts_for("award", award, user),
            **kwargs,
        )


class AwardFormView(AwardMixin, ServiceFormMixin, FormView):
    """A form on the award; ``run`` calls its service."""

    permissions = (VIEW, MANAGE)
    template_name = "network/fund/awards/form.html"
    done_message = ""
    title = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)

    def form_valid(self, form):
        result = self.run_service(form, lambda: self.run(form.cleaned_data))
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, self.done_message)
        return self.back()


class AwardAmountView(AwardFormView):
    form_class = AwardAmountForm
    title = gettext_lazy("Enter the amount awarded")
    done_message = gettext_lazy("The amount was set and booked.")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            limit=services.award_amount_limit(self.object)
            if self.object.status == Award.Status.AWAITING_AMOUNT
            else None,
            **kwargs,
        )

    def run(self, data):
        return services.award_set_amount(
            actor=self.request.user, award=self.object, amount=data["amount"]
        )


class AwardEditView(AwardFormView):
    form_class = AwardEditForm
    title = gettext_lazy("Payment and report due date")
    done_message = gettext_lazy("The changes were saved.")

    def get_initial(self):
        return {
            "payment_mode": self.object.payment_mode,
            "report_due": self.object.report_due,
        }

    def run(self, data):
        return services.award_update(
            actor=self.request.user,
            award=self.object,
            payment_mode=data["payment_mode"],
            report_due=data["report_due"],
        )


class AwardNoticeView(AwardMixin, View):
    """The 交付決定通知書 (PDF); ``?era=wareki`` writes its dates in the Japanese era."""

    permissions = (VIEW, REPORT)

    def get(self, request, pk):
        award = self.object
        if award.amount is None:
            messages.error(
                request, _("The notice is issued once the amount of the award is set.")
            )
            return self.back()
        wareki = request.GET.get("era") == "wareki" or request.GET.get("wareki") == "1"
        content = render_pdf(
            "network/fund/awards/notice_pdf.html",
            {
                "award": award,
                "application": award.application,
                "era": wareki,
                "issued": award.decided_on,
                "organization_name": settings.WCO_ORGANIZATION_NAME,
            },
        )
        return pdf_response(content, f"award-notice-{award.number}.pdf")


class PaymentPrepareView(AwardFormView):
    form_class = PaymentPrepareForm
    template_name = "network/fund/awards/payment_form.html"
    title = gettext_lazy("Prepare a payment")

    def get_initial(self):
        award = self.object
        report = selectors.award_report(award)
        accepted = report is not None and report.status == FinalReport.Status.ACCEPTED
        return {
            "kind": Payment.Kind.SETTLEMENT if accepted else Payment.Kind.ADVANCE,
            "pay_on": timezone.localdate(),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unpaid=self.object.unpaid_total, cash=ledger.cash_balance(), **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        payment = self.run_service(
            form,
            lambda: services.payment_prepare(
                actor=self.request.user,
                award=self.object,
                kind=data["kind"],
                amount=data["amount"],
                pay_on=data["pay_on"],
                key=data["key"],
            ),
        )
        if payment is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "The payment of %(amount)s yen was prepared: another member of the "
                "secretariat confirms it."
            )
            % {"amount": f"{payment.amount:,}"},
        )
        return redirect(f"{self.object.get_absolute_url()}#payment-{payment.pk}")


class PaymentActionView(InReachMixin, ServiceActionMixin, View):
    """A button on a payment (POST): confirm or cancel."""

    def get_object(self):
        return selectors.payment_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def post(self, request, pk):
        done, _result = self.run_action(
            lambda: self.run(actor=request.user, payment=self.object)
        )
        if done:
            messages.success(request, self.done_message)
        return redirect(self.object.award.get_absolute_url())


class PaymentConfirmView(PaymentActionView):
    run = staticmethod(services.payment_confirm)
    done_message = gettext_lazy("The payment was confirmed and booked.")


class PaymentCancelView(PaymentActionView):
    run = staticmethod(services.payment_cancel)
    done_message = gettext_lazy("The payment was cancelled.")


class LinesFormMixin:
    """A form with the budget lines' formset (prefix ``lines``)."""

    def lines_initial(self):
        return []

    def get_formset(self):
        if self.request.method == "POST":
            return BudgetLineFormSet(self.request.POST, prefix="lines")
        return BudgetLineFormSet(prefix="lines", initial=self.lines_initial())

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.get_formset())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        formset = self.get_formset()
        if form.is_valid() and formset.is_valid():
            return self.valid(form, formset)
        if not formset.is_valid():
            form.add_error(None, _("Check the budget lines below."))
        return self.render_to_response(
            self.get_context_data(form=form, formset=formset)
        )

    def refused(self, form, formset, error):
        if error.field == "lines" or error.field not in form.fields:
            formset._non_form_errors = formset.error_class(
                [error.message], error_class="nonform"
            )
        else:
            form.add_error(error.field, error.message)
        return self.render_to_response(
            self.get_context_data(form=form, formset=formset)
        )


class ChangeCreateView(LinesFormMixin, AwardFormView):
    permissions = (VIEW, REPORT)
    form_class = ChangeRequestForm
    template_name = "network/fund/awards/change_form.html"
    title = gettext_lazy("Request a change of plan")

    def lines_initial(self):
        return lines_initial(selectors.plan_lines(self.object))

    def valid(self, form, formset):
        try:
            change = services.change_create(
                actor=self.request.user,
                award=self.object,
                reason=form.cleaned_data["reason"],
                lines=lines_of(formset),
            )
        except ServiceError as error:
            return self.refused(form, formset, error)
        if change.needs_committee:
            messages.success(
                self.request,
                _("The change request was submitted; the fund committee decides it."),
            )
        else:
            messages.success(
                self.request,
                _("The change request was submitted; the secretariat decides it."),
            )
        return self.back()


class ChangeDecideView(InReachMixin, ServiceFormMixin, FormView):
    form_class = ChangeDecideForm
    template_name = "network/fund/awards/change_decide.html"

    def get_object(self):
        change = selectors.change_get_for(user=self.request.user, pk=self.kwargs["pk"])
        change.line_list = list(change.lines.order_by("order", "pk"))
        return change

    def get_context_data(self, **kwargs):
        change = self.object
        return super().get_context_data(
            change=change,
            award=change.award,
            plan=selectors.plan_lines(change.award),
            **kwargs,
        )

    def form_valid(self, form):
        result = self.run_service(
            form,
            lambda: services.change_decide(
                actor=self.request.user,
                change=self.object,
                approve=form.cleaned_data["decision"] == "approve",
                answer=form.cleaned_data["answer"],
            ),
        )
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The change request was decided."))
        if self.request.user.has_perm(VIEW, self.object.award):
            return redirect(self.object.award.get_absolute_url())
        # The fund committee reads no award: the decided change is its page.
        return redirect("network:fund_change_decide", pk=self.object.pk)


class ReportView(LinesFormMixin, AwardFormView):
    """The final report: saved as a draft, then handed in (button ``submit``)."""

    permissions = (VIEW, REPORT)
    form_class = FinalReportForm
    template_name = "network/fund/awards/report_form.html"
    title = gettext_lazy("Final report")

    def get_initial(self):
        report = selectors.award_report(self.object)
        if report is None:
            return {}
        return {
            "summary": report.summary,
            "outcomes": report.outcomes,
            "participants": report.participants,
        }

    def lines_initial(self):
        lines = selectors.report_lines(self.object)
        return lines_initial(lines or selectors.plan_lines(self.object))

    def get_context_data(self, **kwargs):
        report = selectors.award_report(self.object)
        return super().get_context_data(
            report=report, report_files=selectors.report_files(report), **kwargs
        )

    def valid(self, form, formset):
        submit = "submit" in self.request.POST
        try:
            services.report_save(
                actor=self.request.user,
                award=self.object,
                data=form.cleaned_data,
                lines=lines_of(formset),
                upload=form.cleaned_data.get("file"),
                submit=submit,
            )
        except ServiceError as error:
            return self.refused(form, formset, error)
        if submit:
            messages.success(self.request, _("The final report was handed in."))
            return self.back()
        messages.success(self.request, _("The draft of the report was saved."))
        return redirect("network:fund_report", pk=self.object.pk)


class AwardActionView(AwardMixin, ServiceActionMixin, View):
    """A secretariat button on the award (POST)."""

    permissions = (VIEW, MANAGE)

    def post(self, request, pk):
        done, _result = self.run_action(
            lambda: self.run(actor=request.user, award=self.object)
        )
        if done:
            messages.success(request, self.done_message)
        return self.back()


class ReportAcceptView(AwardActionView):
    run = staticmethod(services.report_accept)
    done_message = gettext_lazy("The report was accepted.")


class AwardSettleView(AwardActionView):
    run = staticmethod(services.award_settle)
    done_message = gettext_lazy("The award is settled.")


class RefundView(AwardFormView):
    form_class = RefundForm
    title = gettext_lazy("Record the refund")
    done_message = gettext_lazy("The refund was recorded and booked.")

    def get_initial(self):
        report = selectors.award_report(self.object)
        return {
            "amount": f"{report.refund_due}" if report else "",
            "received_on": timezone.localdate(),
        }

    def run(self, data):
        return services.refund_record(
            actor=self.request.user,
            award=self.object,
            amount=data["amount"],
            received_on=data["received_on"],
        )
