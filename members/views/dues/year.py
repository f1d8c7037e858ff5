"""A fiscal year's rate table and issuing its dues."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.japan import format_fiscal_year
from wco_sse.core.views import ServiceFormMixin

from ... import dues as dues_services
from ...dues.forms import DuesIssueForm, DuesRateForm
from ...models import DuesClass
from .common import year_choices, year_from


class DuesRatesView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """The rate table; the auditor reads it, the secretariat sets it."""

    form_class = DuesRateForm
    template_name = "members/dues/rates.html"

    def get_permission_required(self):
        if self.request.method == "POST":
            return ("members.manage_dues",)
        return ("members.view_dues_list",)

    def get_initial(self):
        return {"fiscal_year": year_from(self.request)}

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


class DuesIssueView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "members.manage_dues"
    form_class = DuesIssueForm
    template_name = "members/dues/issue.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.year = year_from(request, dues_services.dues_years_open())

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
            years=year_choices(dues_services.dues_years_open()),
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
