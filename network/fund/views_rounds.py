"""The fund's dashboard, programmes, rounds, public calls and applications up to
submission. Views are thin: the rules are the services' (``services_rounds``); an
object out of the viewer's reach answers 404 through the selectors."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members.pickers import OrganizationPickerField
from members.views.base import InReachMixin
from wco_sse.core import fragments
from wco_sse.core.errors import ServiceError
from wco_sse.core.views import CachedPageMixin, ServiceActionMixin, ServiceFormMixin

from . import selectors_rounds as selectors
from . import services_rounds as services
from .forms_rounds import (
    PUBLISH_LABELS,
    AllocateForm,
    ApplicationFileForm,
    ApplicationForm,
    ApplyForm,
    ProgrammeForm,
    RoundForm,
    RoundStatusChoices,
    RoundStatusForm,
    application_initial,
    budget_formset,
    formset_lines,
    programme_initial,
    round_initial,
)
from .models import FundApplication
from .parts import parts_for

# --- The dashboard ----------------------------------------------------------------------


class FundDashboardView(PermissionRequiredMixin, TemplateView):
    permission_required = "network.view_fund"
    template_name = "network/fund/rounds/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            groups=selectors.dashboard_rounds(),
            parts=parts_for("dashboard", None, user),
            can_change=user.has_perm("network.change_fund_round"),
            **kwargs,
        )


# --- Programmes -------------------------------------------------------------------------


class ProgrammeListView(PermissionRequiredMixin, TemplateView):
    permission_required = "network.change_fund_round"
    template_name = "network/fund/rounds/programme_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(programmes=selectors.programme_list(), **kwargs)


class ProgrammeCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "network.change_fund_round"
    form_class = ProgrammeForm
    template_name = "network/fund/rounds/programme_form.html"

    def form_valid(self, form):
        programme = self.run_service(
            form,
            lambda: services.programme_create(
                actor=self.request.user, data=form.cleaned_data
            ),
        )
        if programme is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The programme was created."))
        return redirect("network:fund_programmes")


class ProgrammeEditView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "network.change_fund_round"
    form_class = ProgrammeForm
    template_name = "network/fund/rounds/programme_form.html"

    def dispatch(self, request, *args, **kwargs):
        # A programme out of the viewer's reach is not there (404), as a missing one.
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm(self.permission_required):
            raise Http404
        self.programme = selectors.programme_get_or_404(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return programme_initial(self.programme)

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.programme, **kwargs)

    def form_valid(self, form):
        programme = self.run_service(
            form,
            lambda: services.programme_update(
                actor=self.request.user,
                programme=self.programme,
                data=form.cleaned_data,
            ),
        )
        if programme is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect("network:fund_programmes")


# --- Rounds -----------------------------------------------------------------------------


class RoundCreateView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "network.change_fund_round"
    form_class = RoundForm
    template_name = "network/fund/rounds/round_form.html"

    def get_initial(self):
        return {"eligible_costs": [], "programme": self.request.GET.get("programme")}

    def form_valid(self, form):
        data = form.cleaned_data
        fund_round = self.run_service(
            form,
            lambda: services.round_create(
                actor=self.request.user, programme=data["programme"], data=data
            ),
        )
        if fund_round is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The round was created. Allocate its budget before publishing it."),
        )
        return redirect(fund_round.get_absolute_url())


class RoundMixin(InReachMixin):
    permission = "network.view_fund"

    def get_object(self):
        return selectors.round_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.permission
        )


class RoundDetailView(RoundMixin, TemplateView):
    template_name = "network/fund/rounds/round_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        fund_round = self.object
        can_list = user.has_perm("network.list_fund_applications", fund_round)
        return super().get_context_data(
            round=fund_round,
            counts=selectors.round_application_counts(fund_round),
            applications=(
                list(selectors.round_applications(fund_round)) if can_list else None
            ),
            can_change=user.has_perm("network.change_fund_round", fund_round),
            next_step=RoundStatusChoices.NEXT.get(fund_round.status),
            parts=parts_for("round", fund_round, user),
            **kwargs,
        )


class RoundEditView(RoundMixin, ServiceFormMixin, FormView):
    permission = "network.change_fund_round"
    form_class = RoundForm
    template_name = "network/fund/rounds/round_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "with_programme": False}

    def get_initial(self):
        return round_initial(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(round=self.object, **kwargs)

    def form_valid(self, form):
        fund_round = self.run_service(
            form,
            lambda: services.round_update(
                actor=self.request.user,
                fund_round=self.object,
                data=form.cleaned_data,
            ),
        )
        if fund_round is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        return redirect(fund_round.get_absolute_url())


class RoundAllocateView(RoundMixin, ServiceFormMixin, FormView):
    permission = "network.change_fund_round"
    form_class = AllocateForm
    template_name = "network/fund/rounds/round_allocate.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(round=self.object, **kwargs)

    def form_valid(self, form):
        remaining = self.run_service(
            form,
            lambda: services.round_allocate(
                actor=self.request.user,
                fund_round=self.object,
                source=form.cleaned_data["source"],
                amount=form.cleaned_data["amount"],
            ),
        )
        if remaining is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The budget was allocated. The round has %(remaining)s yen left.")
            % {"remaining": f"{remaining:,}"},
        )
        return redirect(self.object.get_absolute_url())


class RoundStatusView(RoundMixin, ServiceActionMixin, View):
    permission = "network.change_fund_round"

    def post(self, request, pk):
        form = RoundStatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose what to do with the round."))
            return redirect(self.object.get_absolute_url())
        ok, _round = self.run_action(
            lambda: services.round_set_status(
                actor=request.user,
                fund_round=self.object,
                action=form.cleaned_data["action"],
            )
        )
        if ok:
            messages.success(request, _("The round's status was changed."))
        return redirect(self.object.get_absolute_url())


# --- Public pages -----------------------------------------------------------------------


class PublicRoundListView(TemplateView):
    template_name = "network/fund/rounds/public_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            rounds=selectors.public_rounds(), now=timezone.now(), **kwargs
        )


class PublicRoundView(CachedPageMixin, TemplateView):
    """A round's public page: what it funds, until when, and how much is left. Kept
    whole for its reader (visitors share one per language) until the fund's records
    change, and while it takes applications or not (a moment, not a write)."""

    template_name = "network/fund/rounds/public_round.html"
    # The round, its programme and its money (ledger, applications, awards).
    page_depends_on = ("network",)

    def dispatch(self, request, *args, **kwargs):
        self.round = selectors.public_round_get_or_404(kwargs["pk"], money=False)
        return super().dispatch(request, *args, **kwargs)

    def accepting(self):
        # The rule applying checks (services): published, and between its times.
        return services.round_window_problem(self.round, timezone.now()) is None

    def get_page_vary(self):
        return (self.accepting(),)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            round=selectors.public_round_with_money(self.round),
            accepting=self.accepting(),
            can_apply=user.is_authenticated and user.has_perm("network.apply_to_fund"),
            **kwargs,
        )


# --- Applications -----------------------------------------------------------------------


class ApplyView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """Start a draft for an organization one represents (or, for the secretariat, a
    paper application of any W.Co or association)."""

    form_class = ApplyForm
    template_name = "network/fund/rounds/apply.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.round = selectors.public_round_get_or_404(kwargs["pk"])
        # Out of reach (404) for whoever may not apply: not a representative of a
        # W.Co or an association (a partner's representative has nothing to apply
        # for), nor the secretariat.
        if not request.user.has_perm("network.apply_to_fund"):
            raise Http404
        self.on_paper = request.user.has_perm("network.screen_fund_application")
        if not self.on_paper and not (
            services.applicant_organizations(request.user).exists()
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        if self.on_paper:
            organizations = services.applicant_queryset()
        else:
            organizations = services.applicant_organizations(self.request.user)
        form = ApplyForm(**self.get_form_kwargs(), organizations=organizations)
        if self.on_paper:
            form.fields["organization"] = OrganizationPickerField(
                label=form.fields["organization"].label, queryset=organizations
            )
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            round=self.round, on_paper=self.on_paper, **kwargs
        )

    def form_valid(self, form):
        application = self.run_service(
            form,
            lambda: services.application_start(
                actor=self.request.user,
                fund_round=self.round,
                organization=form.cleaned_data["organization"],
                on_paper=self.on_paper,
            ),
        )
        if application is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("A draft application was started. Fill it in, then submit it."),
        )
        return redirect("network:fund_application_edit", pk=application.pk)


class ApplicationMixin(InReachMixin):
    perms = ()
    # Whether the lookup reads the round, the organization and the accounts too.
    related_on_lookup = True

    def get_object(self):
        return selectors.application_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perms=self.perms,
            related=self.related_on_lookup,
        )


class ApplicationDetailView(ApplicationMixin, CachedPageMixin, TemplateView):
    template_name = "network/fund/rounds/application_detail.html"
    # The fund's records, the applicant (the registry), the board's decision on
    # the award (the secretariat), the files.
    page_depends_on = ("network", "members", "secretariat", "core")
    # Served kept, the page needs the application's row alone (the reach check).
    related_on_lookup = False

    def get_context_data(self, **kwargs):
        user = self.request.user
        application = self.object = selectors.application_with_related(self.object)
        detail = SimpleLazyObject(lambda: selectors.application_detail(application))
        return super().get_context_data(
            # The record itself (organization, project, budget, files, declarations)
            # reads the same to everyone who may see it: one rendering per language
            # until the fund's applications, their lines or files change
            # (core.fragments); the parts below stay each viewer's own.
            record_stamp=fragments.stamp(
                self.request,
                depends_on=(
                    "network.fundapplication",
                    "network.budgetline",
                    "network.applicationfile",
                    "core.storedfile",
                ),
                vary=(application.pk,),
                per_viewer=False,
            ),
            application=application,
            round=application.round,
            can_edit=user.has_perm("network.edit_fund_application", application),
            can_withdraw=user.has_perm(
                "network.withdraw_fund_application", application
            ),
            parts=parts_for("application", application, user),
            publish_items=list(PUBLISH_LABELS.items()),
            public_keys=[k for k, v in (application.publish or {}).items() if v],
            lines=SimpleLazyObject(lambda: detail["lines"]),
            lines_total=SimpleLazyObject(lambda: detail["lines_total"]),
            lines_from_fund=SimpleLazyObject(lambda: detail["lines_from_fund"]),
            files=SimpleLazyObject(lambda: detail["files"]),
            **kwargs,
        )


def _edit_page(request, application, *, form=None, formset=None, status=200):
    fund_round = application.round
    if form is None:
        form = ApplicationForm(initial=application_initial(application))
    if formset is None:
        formset = budget_formset(
            fund_round,
            lines=application.budget_lines.filter(stage="plan").order_by("order", "pk"),
        )
    return render(
        request,
        "network/fund/rounds/application_form.html",
        {
            "application": application,
            "round": fund_round,
            "form": form,
            "formset": formset,
        },
        status=status,
    )


def _submit(request, application, form):
    """Submit; a refusal goes to its field of the bound ``form`` (or the top of it,
    for the budget lines and the round's own rules). True if done."""
    try:
        services.application_submit(actor=request.user, application=application)
    except ServiceError as error:
        field = error.field if error.field in form.fields else None
        if error.field == "budget_lines":
            field = None
        form.add_error(field, error.message)
        return False
    messages.success(
        request,
        _("The application was submitted. A receipt was sent by email."),
    )
    return True


class ApplicationEditView(ApplicationMixin, View):
    perms = ("network.view_fund_application", "network.edit_fund_application")

    def get(self, request, pk):
        return _edit_page(request, self.object)

    def post(self, request, pk):
        application = self.object
        form = ApplicationForm(request.POST)
        formset = budget_formset(application.round, data=request.POST)
        if not (form.is_valid() & formset.is_valid()):
            return _edit_page(request, application, form=form, formset=formset)
        try:
            application = services.application_save_draft(
                actor=request.user,
                application=application,
                data=form.cleaned_data,
                lines=formset_lines(formset),
            )
        except ServiceError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            return _edit_page(request, application, form=form, formset=formset)
        if "submit" in request.POST:
            if not _submit(request, application, form):
                return _edit_page(request, application, form=form, formset=formset)
            return redirect(application.get_absolute_url())
        messages.success(request, _("The draft was saved."))
        return redirect("network:fund_application_edit", pk=application.pk)


class ApplicationSubmitView(ApplicationMixin, View):
    perms = ("network.view_fund_application", "network.edit_fund_application")

    def post(self, request, pk):
        application = self.object
        form = ApplicationForm(data=application_initial(application))
        form.is_valid()
        if _submit(request, application, form):
            return redirect(application.get_absolute_url())
        return _edit_page(request, application, form=form)


class ApplicationWithdrawView(ApplicationMixin, ServiceActionMixin, View):
    perms = ("network.view_fund_application", "network.withdraw_fund_application")

    def post(self, request, pk):
        ok, _done = self.run_action(
            lambda: services.application_withdraw(
                actor=request.user, application=self.object
            )
        )
        if ok:
            messages.success(request, _("The application was withdrawn."))
        return redirect(self.object.get_absolute_url())


class ApplicationFilesView(ApplicationMixin, ServiceFormMixin, FormView):
    perms = ("network.view_fund_application", "network.edit_fund_application")
    form_class = ApplicationFileForm
    template_name = "network/fund/rounds/application_files.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            application=self.object,
            files=selectors.application_detail(self.object)["files"],
            **kwargs,
        )

    def form_valid(self, form):
        stored = self.run_service(
            form,
            lambda: services.application_file_attach(
                actor=self.request.user,
                application=self.object,
                uploaded=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                public=form.cleaned_data["public"],
            ),
        )
        if stored is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The file was uploaded."))
        return redirect("network:fund_application_files", pk=self.object.pk)


class MyApplicationsView(PermissionRequiredMixin, TemplateView):
    permission_required = "network.apply_to_fund"
    template_name = "network/fund/rounds/my_applications.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            applications=list(selectors.my_applications(self.request.user)),
            statuses=FundApplication.Status,
            **kwargs,
        )
