"""The year's dues, the unpaid list with its export, and reminding every member with
dues outstanding."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.exports import Column, export_response
from wco_sse.core.japan import format_fiscal_year
from wco_sse.core.views import ServiceActionMixin

from ... import dues as dues_services
from ...models import DuesClass
from ..base import QueryMixin
from .common import STATE_CHOICES, dues_class_from, year_choices, year_from


class YearListMixin(PermissionRequiredMixin, QueryMixin):
    """A list of one fiscal year's dues (?year=, ?class=), with the year's summary:
    the secretariat's and the auditor's."""

    permission_required = "members.view_dues_list"
    context_object_name = "dues_list"
    paginate_by = 100

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.years = dues_services.dues_years()
        self.year = year_from(request, self.years)
        self.dues_class = dues_class_from(request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            years=year_choices(self.years),
            year=self.year,
            year_label=format_fiscal_year(self.year),
            dues_class=self.dues_class,
            class_choices=DuesClass.choices,
            summary=dues_services.dues_summary(fiscal_year=self.year),
            can_manage=self.request.user.has_perm("members.manage_dues"),
        )
        return context


class DuesListView(YearListMixin, ListView):
    template_name = "members/dues/list.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        state = request.GET.get("state", "")
        self.state = state if state in dues_services.STATES else ""

    def get_queryset(self):
        return dues_services.dues_list(
            fiscal_year=self.year, state=self.state, dues_class=self.dues_class
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            state=self.state,
            state_choices=STATE_CHOICES,
            to_issue=(
                dues_services.dues_issue_preview(fiscal_year=self.year)["total"]
                if context["can_manage"]
                and self.year in dues_services.dues_years_open()
                else 0
            ),
        )
        return context


class DuesUnpaidView(YearListMixin, ListView):
    template_name = "members/dues/unpaid.html"

    def get_queryset(self):
        return dues_services.dues_unpaid(
            fiscal_year=self.year, dues_class=self.dues_class
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for dues in context["dues_list"]:
            dues.contact = dues_services.dues_contact(dues)
        context["today"] = timezone.localdate()
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


def _unpaid_url(year):
    return reverse("members:dues_unpaid") + f"?year={year}"


class DuesUnpaidExportView(PermissionRequiredMixin, ServiceActionMixin, View):
    """The unpaid list as XLSX or CSV, logged as an export of personal data."""

    permission_required = "members.manage_dues"

    def get(self, request):
        year = year_from(request)
        dues_class = dues_class_from(request)
        filters = _("Fiscal year") + f"={year}"
        if dues_class:
            filters += ", " + _("Class") + f"={DuesClass(dues_class).label}"
        done, response = self.run_action(
            lambda: export_response(
                actor=request.user,
                what=_("Unpaid dues"),
                columns=UNPAID_COLUMNS,
                rows=dues_services.dues_unpaid(fiscal_year=year, dues_class=dues_class),
                file_format="csv" if request.GET.get("format") == "csv" else "xlsx",
                filename=f"unpaid_dues_{year}",
                filters=filters,
                encoding=request.GET.get("encoding", "utf-8-sig"),
            )
        )
        if done:
            return response
        return HttpResponseRedirect(_unpaid_url(year))


class DuesRemindAllView(PermissionRequiredMixin, ServiceActionMixin, View):
    """Remind every member with dues outstanding for the year, once a day at most."""

    permission_required = "members.manage_dues"

    def post(self, request, year):
        done, result = self.run_action(
            lambda: dues_services.dues_remind_all(actor=request.user, fiscal_year=year)
        )
        if done:
            _report_reminders(request, result)
        return HttpResponseRedirect(_unpaid_url(year))


def _report_reminders(request, result):
    """What "remind all" did: sent, already sent today, and who has no address."""
    sent, already = len(result["sent"]), len(result["already"])
    no_address = len(result["no_address"])
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
                "%(count)s member was reminded today already and was not sent another.",
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
