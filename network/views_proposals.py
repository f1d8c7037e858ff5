"""Policy proposals and research (政策提言・調査研究): the list with its filters, recording
and changing one, moving it on, drafting an agenda item on it, and printing it (提言書).

The network section and the secretariat keep them; the board, the 監事, the operations
council and the 常勤役員 read them. A proposal answers 404 to everyone else, as for one
that does not exist; the list, without an id, answers 403.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from members.views.base import InReachMixin, QueryMixin
from wco_sse.core.files import files_attached_to
from wco_sse.core.forms import FileUploadForm
from wco_sse.core.pdf import pdf_response, render_pdf
from wco_sse.core.views import ServiceActionMixin, ServiceFormMixin

from . import selectors, services
from .filters import ProposalFilter
from .forms import ProposalForm, ProposalTransitionForm, proposal_initial
from .models import Proposal


class ProposalListView(PermissionRequiredMixin, QueryMixin, FilterView):
    permission_required = "network.view_proposals"
    filterset_class = ProposalFilter
    template_name = "network/proposal_list.html"
    paginate_by = 50
    context_object_name = "proposals"

    def get_queryset(self):
        return selectors.proposal_list()


class ProposalCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "network.change_proposal"
    form_class = ProposalForm
    template_name = "network/proposal_form.html"
    initial = {"kind": Proposal.Kind.POLICY}

    def form_valid(self, form):
        proposal = self.run_service(
            form,
            lambda: services.proposal_create(
                actor=self.request.user, data=form.cleaned_data
            ),
        )
        if proposal is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The proposal was recorded."))
        return redirect(proposal.get_absolute_url())


class ProposalMixin(InReachMixin):
    permission = "network.view_proposals"

    def get_object(self):
        return selectors.proposal_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.permission
        )


class ProposalDetailView(ProposalMixin, TemplateView):
    template_name = "network/proposal_detail.html"

    def get_context_data(self, **kwargs):
        proposal = self.object
        return super().get_context_data(
            proposal=proposal,
            can_change=self.request.user.has_perm("network.change_proposal", proposal),
            today=timezone.localdate(),
            files=files_attached_to(proposal),
            **kwargs,
        )


class ProposalEditView(ProposalMixin, ServiceFormMixin, FormView):
    permission = "network.change_proposal"
    form_class = ProposalForm
    template_name = "network/proposal_form.html"

    def get_initial(self):
        return proposal_initial(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.object, **kwargs)

    def form_valid(self, form):
        proposal = self.run_service(
            form,
            lambda: services.proposal_update(
                actor=self.request.user, proposal=self.object, data=form.cleaned_data
            ),
        )
        if proposal is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect(proposal.get_absolute_url())


class ProposalTransitionView(ProposalMixin, ServiceActionMixin, View):
    """Move the proposal one step on, on the day given."""

    permission = "network.change_proposal"

    def post(self, request, pk):
        form = ProposalTransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the state and a valid date."))
            return redirect(self.object.get_absolute_url())
        ok, _proposal = self.run_action(
            lambda: services.proposal_advance(
                actor=request.user,
                proposal=self.object,
                to_state=form.cleaned_data["to_state"],
                day=form.cleaned_data["day"],
            )
        )
        if ok:
            messages.success(request, _("The proposal's state was changed."))
        return redirect(self.object.get_absolute_url())


class ProposalDraftAgendaItemView(ProposalMixin, ServiceActionMixin, View):
    """Draft an agenda item on the proposal, linked to it, and open it to finish it."""

    permission = "network.change_proposal"

    def post(self, request, pk):
        ok, item = self.run_action(
            lambda: services.proposal_draft_agenda_item(
                actor=request.user, proposal=self.object
            )
        )
        if not ok:
            return redirect(self.object.get_absolute_url())
        messages.success(
            request, _("An agenda item was drafted from the proposal; finish it here.")
        )
        return redirect("secretariat:item_detail", pk=item.pk)


class ProposalPdfView(ProposalMixin, View):
    """The proposal printed (提言書); ``?wareki=1`` writes its dates in the Japanese era."""

    def get(self, request, pk):
        proposal = self.object
        wareki = request.GET.get("wareki") == "1"
        content = render_pdf(
            "network/pdf/proposal.html",
            {
                "proposal": proposal,
                "era": wareki,
                "issued": proposal.submitted_on or timezone.localdate(),
                "organization_name": settings.WCO_ORGANIZATION_NAME,
            },
        )
        return pdf_response(content, f"proposal-{proposal.pk}.pdf")


class ProposalFileUploadView(ProposalMixin, ServiceFormMixin, FormView):
    """Attach a document to the proposal, under the portal's upload policy."""

    permission = "network.change_proposal"
    form_class = FileUploadForm
    template_name = "network/proposal_file_upload.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.object, **kwargs)

    def form_valid(self, form):
        stored = self.run_service(
            form,
            lambda: services.proposal_file_attach(
                actor=self.request.user,
                proposal=self.object,
                uploaded=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            ),
        )
        if stored is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The file was uploaded."))
        return redirect(self.object.get_absolute_url())
