"""Printed lists of the registry (PDF), from the secretariat's registry pages."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.pdf import pdf_response
from wco_sse.core.printjobs import print_job_start

from .. import prints
from ..filters import OrganizationFilter
from ..forms import LabelForm, PrintOptionsForm
from ..models import Organization


def _filterset(request):
    """The organization list's filters when the page was opened with any of them."""
    filtered = any(request.GET.get(name) for name in OrganizationFilter.base_filters)
    return OrganizationFilter(
        request.GET if filtered else None,
        queryset=Organization.objects.all(),
    )


class PrintIndexView(PermissionRequiredMixin, TemplateView):
    permission_required = "members.print_registry"
    template_name = "members/print/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("options_form", PrintOptionsForm())
        context.setdefault("label_form", LabelForm())
        context.setdefault("filterset", _filterset(self.request))
        return context


def _invalid(request, **forms_with_errors):
    view = PrintIndexView()
    view.setup(request)
    return render(
        request,
        PrintIndexView.template_name,
        view.get_context_data(**forms_with_errors),
    )


class _OptionsPdfView(PermissionRequiredMixin, View):
    """A list printed with the options form. A list longer than
    ``WCO_PRINT_JOB_THRESHOLD`` rows, for a view naming a ``background_document``, is
    printed in the background: the browser goes to the job's progress page."""

    permission_required = "members.print_registry"
    printer = None
    filename = ""
    title = ""
    background_document = None

    def get(self, request):
        form = PrintOptionsForm(request.GET)
        if not form.is_valid():
            return _invalid(request, options_form=form, invalid=self.filename)
        options = form.options()
        stamp = options["as_of"].strftime("%Y%m%d")
        filename = f"{self.filename}_{stamp}.pdf"
        if self.background_document and (
            self.size(options) > settings.WCO_PRINT_JOB_THRESHOLD
        ):
            job = print_job_start(
                actor=request.user,
                document=self.background_document,
                params={
                    "as_of": options["as_of"].isoformat(),
                    "wareki": options["wareki"],
                },
                title=self.title,
                filename=filename,
            )
            return redirect("members:print_job", job_id=job.pk)
        content = type(self).printer(actor=request.user, **options)
        return pdf_response(content, filename)

    def size(self, options):
        return 0


class MemberRosterView(_OptionsPdfView):
    """会員名簿."""

    filename = "member_roster"
    title = _("Member roster")
    background_document = "members.member_roster"

    def size(self, options):
        return prints.member_roster_size(day=options["as_of"])

    @staticmethod
    def printer(*, actor, as_of, wareki):
        return prints.print_member_roster(actor=actor, day=as_of, wareki=wareki)


class VotingMembersView(_OptionsPdfView):
    """社員名簿."""

    filename = "voting_members"
    title = _("List of voting members")
    background_document = "members.voting_members"
    printer = staticmethod(prints.print_voting_members)

    def size(self, options):
        return prints.voting_members_size(as_of=options["as_of"])


class OfficersView(_OptionsPdfView):
    """役員名簿."""

    filename = "officers"
    printer = staticmethod(prints.print_officers)


class LabelsView(PermissionRequiredMixin, View):
    """宛名ラベル for the member organizations of the current filter, every 正会員, or
    the individual supporting members."""

    permission_required = "members.print_registry"

    def get(self, request):
        form = LabelForm(request.GET)
        filterset = _filterset(request)
        if not form.is_valid() or (filterset.is_bound and not filterset.is_valid()):
            return _invalid(request, label_form=form, filterset=filterset)
        data = form.cleaned_data
        layout, start = data.get("layout") or 12, data.get("start") or 1
        if data.get("audience") == "supporters":
            content = prints.print_labels(
                actor=request.user,
                people=prints.roster_individual_supporters(),
                layout=layout,
                start=start,
                filters=str(_("Individual supporting members")),
            )
        else:
            organizations = prints.label_organizations(
                filterset.qs if filterset.is_bound else None
            )
            content = prints.print_labels(
                actor=request.user,
                organizations=organizations,
                layout=layout,
                start=start,
                filters=filterset.describe() if filterset.is_bound else "",
            )
        return pdf_response(content, f"labels_{timezone.localdate():%Y%m%d}.pdf")
