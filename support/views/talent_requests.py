"""人材の依頼と紹介: requests for people, matching candidates, proposals, the
candidate's answer, the 紹介シート, the trial or interview and the outcome."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members.models import Organization
from members.roles import roles_of
from wco_sse.core import fragments
from wco_sse.core.pdf import pdf_response, render_pdf
from wco_sse.core.views import (
    CachedPageMixin,
    InReachMixin,
    ServiceActionMixin,
    ServiceFormMixin,
)

from ..forms_requests import (
    AnswerForm,
    MeetingForm,
    OutcomeForm,
    ProposeForm,
    TalentRequestForm,
    slot_grid,
)
from ..models import TalentProfile, TalentProposal, TalentRequest
from ..models.talent import availability_codes
from ..selectors import matching
from ..services import talent_requests as services

__all__ = [
    "TalentProposalAnswerView",
    "TalentProposalDetailView",
    "TalentProposalMeetingView",
    "TalentProposalOutcomeView",
    "TalentProposalSheetView",
    "TalentProposalWithdrawView",
    "TalentProposeView",
    "TalentRequestCloseView",
    "TalentRequestCreateView",
    "TalentRequestDetailView",
    "TalentRequestEditView",
    "TalentRequestListView",
]

_FORM_FIELDS = (
    "title",
    "description",
    "industry",
    "qualifications",
    "areas",
    "slots",
    "hours_per_week",
    "headcount",
    "pay_min",
    "pay_max",
    "pay_unit",
    "start",
    "end",
)


# --- Requests ------------------------------------------------------------------------------


class TalentRequestListView(PermissionRequiredMixin, TemplateView):
    permission_required = "support.view_talent_requests"
    template_name = "support/requests/request_list.html"

    def get_context_data(self, **kwargs):
        state = self.request.GET.get("state", "")
        state = state if state in TalentRequest.State.values else ""
        page = Paginator(
            matching.talent_requests_visible_to(user=self.request.user, state=state),
            50,
        ).get_page(self.request.GET.get("page"))
        user = self.request.user
        return super().get_context_data(
            page_obj=page,
            talent_requests=page.object_list,
            state=state,
            states=TalentRequest.State.choices,
            coordinator=user.has_perm("support.coordinate_talent"),
            may_request=user.has_perm("support.request_talent"),
            **kwargs,
        )


class _RequestFormMixin(ServiceFormMixin):
    form_class = TalentRequestForm
    template_name = "support/requests/request_form.html"

    def run(self, form, call):
        request = self.run_service(form, call)
        if request is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The request was saved."))
        return redirect(request.get_absolute_url())

    def fields_from(self, form):
        return {name: form.cleaned_data.get(name) for name in _FORM_FIELDS}


class TalentRequestCreateView(PermissionRequiredMixin, _RequestFormMixin, FormView):
    permission_required = "support.request_talent"

    def get_form_kwargs(self):
        user = self.request.user
        snapshot = roles_of(user)
        if snapshot.is_secretariat:
            organizations = Organization.objects.all()
        else:
            organizations = Organization.objects.filter(
                pk__in=snapshot.represented_org_ids
            )
        return {
            **super().get_form_kwargs(),
            "organizations": organizations,
            "own_work": user.has_perm("support.request_talent_for_own_work"),
        }

    def form_valid(self, form):
        return self.run(
            form,
            lambda: services.talent_request_create(
                actor=self.request.user,
                organization=form.cleaned_data.get("organization"),
                **self.fields_from(form),
            ),
        )


class RequestMixin(LoginRequiredMixin, InReachMixin):
    perm = "support.view_talent_request"
    perms = ()
    details = True

    def get_object(self):
        return matching.talent_request_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perm=self.perm,
            perms=self.perms,
            details=self.details,
        )


# What a request's ranked candidates are made of.
CANDIDATE_VERSIONS = (
    "support.talentrequest",
    "support.talentprofile",
    "support.talentskill",
    "support.heldqualification",
    "support.qualification",
    "support.talentproposal",
    "members.person",
)


class TalentRequestDetailView(CachedPageMixin, RequestMixin, TemplateView):
    template_name = "support/requests/request_detail.html"
    # The talent bank's records and the registry (the requester, the people):
    # not the rest of the support section, whose applications change all day.
    page_depends_on = (*CANDIDATE_VERSIONS, "members", "core")
    # Its qualifications and areas are read only if the page is rendered.
    details = False

    def get_context_data(self, **kwargs):
        request = matching.talent_request_with_details(self.object)
        user = self.request.user
        coordinator = user.has_perm("support.coordinate_talent")
        show_candidates = coordinator and request.state == TalentRequest.State.OPEN
        limit = matching.SHOWN_MORE if self.request.GET.get("more") else matching.SHOWN

        def rank():
            candidates = matching.candidates_for(request, limit=limit)
            return {
                "candidates": candidates,
                "more": limit == matching.SHOWN and len(candidates) == limit,
            }

        proposals = matching.proposals_of_request(request=request, user=user)
        accepted = sum(p.state in TalentProposal.ACCEPTED_STATES for p in proposals)
        return super().get_context_data(
            talent_request=request,
            grid=slot_grid(set(availability_codes(request.availability))),
            proposals=proposals,
            accepted=accepted,
            show_candidates=show_candidates,
            # The ranking is the same for every coordinator until a profile, a
            # qualification, a skill, a proposal or the request changes (or the day,
            # which decides consents and expiries): rendered once per coordinator's
            # session (its forms carry their token) and kept (core.fragments).
            candidates_stamp=fragments.stamp(
                self.request,
                depends_on=CANDIDATE_VERSIONS,
                vary=(request.pk, limit),
            )
            if show_candidates
            else "",
            ranking=SimpleLazyObject(rank),
            coordinator=coordinator,
            may_edit=user.has_perm("support.edit_talent_request", request),
            propose_form=ProposeForm(),
            **kwargs,
        )


class TalentRequestEditView(RequestMixin, _RequestFormMixin, FormView):
    perm = "support.edit_talent_request"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editing": True}

    def get_initial(self):
        request = self.object
        initial = {name: getattr(request, name, None) for name in _FORM_FIELDS}
        initial.update(
            qualifications=list(request.qualifications.all()),
            areas=list(request.areas.all()),
            slots=availability_codes(request.availability),
        )
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(talent_request=self.object, **kwargs)

    def form_valid(self, form):
        return self.run(
            form,
            lambda: services.talent_request_edit(
                actor=self.request.user,
                request=self.object,
                **self.fields_from(form),
            ),
        )


class TalentRequestCloseView(RequestMixin, ServiceActionMixin, View):
    perm = "support.edit_talent_request"

    def post(self, request, pk):
        done, _result = self.run_action(
            lambda: services.talent_request_close(
                actor=request.user, request=self.object
            )
        )
        if done:
            messages.success(request, _("The request was closed."))
        return redirect(self.object.get_absolute_url())


class TalentProposeView(RequestMixin, ServiceActionMixin, View):
    perms = ("support.coordinate_talent",)

    def post(self, request, pk):
        form = ProposeForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a candidate from the list."))
            return redirect(self.object.get_absolute_url())
        profile = (
            TalentProfile.objects.select_related("person")
            .filter(pk=form.cleaned_data["profile"])
            .first()
        )
        if profile is None:
            messages.error(request, _("Choose a candidate from the list."))
            return redirect(self.object.get_absolute_url())
        done, _result = self.run_action(
            lambda: services.talent_propose(
                actor=request.user,
                request=self.object,
                profile=profile,
                message=form.cleaned_data["message"],
            )
        )
        if done:
            messages.success(
                request,
                _("%(name)s was proposed and asked by email.")
                % {"name": profile.person.full_name},
            )
        return redirect(self.object.get_absolute_url())


# --- Proposals -----------------------------------------------------------------------------


class ProposalMixin(LoginRequiredMixin, InReachMixin):
    perm = "support.view_proposal"
    perms = ()

    def get_object(self):
        return matching.proposal_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perm=self.perm,
            perms=self.perms,
        )

    def proposal_context(self):
        proposal = self.object
        user = self.request.user
        return {
            "proposal": proposal,
            "talent_request": proposal.request,
            "grid": slot_grid(set(availability_codes(proposal.request.availability))),
            "is_candidate": proposal.profile.person_id == roles_of(user).person_id,
            "coordinator": user.has_perm("support.coordinate_talent"),
            "sees_profile": user.has_perm("support.view_proposal_profile", proposal),
            "may_record": user.has_perm("support.record_proposal_outcome", proposal),
        }


class TalentProposalDetailView(ProposalMixin, TemplateView):
    template_name = "support/requests/proposal_detail.html"

    def get_context_data(self, **kwargs):
        context = self.proposal_context()
        if context["sees_profile"]:
            context["profile"] = matching.profile_for_sheet(self.object)
            context["profile_url"] = (
                self.object.profile.get_absolute_url() if context["coordinator"] else ""
            )
        return super().get_context_data(**context, **kwargs)


class TalentProposalAnswerView(ServiceActionMixin, TemplateView):
    """The candidate's answer: from the email's signed link (no sign-in), or signed
    in on their own proposal."""

    template_name = "support/requests/proposal_answer.html"

    def dispatch(self, request, *args, **kwargs):
        self.token = request.POST.get("t") or request.GET.get("t") or ""
        self.object = None
        if self.token:
            self.object = services.proposal_from_token(self.token, pk=kwargs["pk"])
        if self.object is None:
            self.token = ""
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            self.object = matching.proposal_get_for(
                user=request.user, pk=kwargs["pk"], perm="support.answer_proposal"
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        proposal = self.object
        return super().get_context_data(
            proposal=proposal,
            talent_request=proposal.request,
            grid=slot_grid(set(availability_codes(proposal.request.availability))),
            token=self.token,
            **kwargs,
        )

    def post(self, request, pk):
        form = AnswerForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose whether you agree."))
            return self.get(request, pk=pk)
        agree = form.cleaned_data["answer"] == "agree"
        done, _result = self.run_action(
            lambda: services.talent_proposal_answer(
                actor=request.user,
                proposal=self.object,
                agree=agree,
                token=self.token or None,
            )
        )
        if done:
            messages.success(
                request,
                _(
                    "Thank you. We told the requester that you agreed; they will contact you."
                )
                if agree
                else _("Thank you for your answer. You declined this proposal."),
            )
        self.object.refresh_from_db()
        return self.get(request, pk=pk)


class TalentProposalSheetView(ProposalMixin, View):
    """The 紹介シート: the candidate's profile on one page, for the requester once
    the candidate agreed. Every download is logged as an export of personal data."""

    perm = "support.view_proposal_profile"

    def get(self, request, pk):
        proposal = self.object
        profile = matching.profile_for_sheet(proposal)
        services.talent_sheet_logged(actor=request.user, proposal=proposal)
        content = render_pdf(
            "support/pdf/talent_sheet.html",
            {
                "proposal": proposal,
                "talent_request": proposal.request,
                "profile": profile,
                "person": profile.person,
                "grid": slot_grid(set(profile.availability_codes)),
                "issued": timezone.localdate(),
            },
        )
        return pdf_response(content, f"talent-sheet-{proposal.pk}.pdf")


class _ProposalFormView(ProposalMixin, ServiceFormMixin, FormView):
    perm = "support.record_proposal_outcome"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.proposal_context(), **kwargs)

    def form_valid(self, form):
        result = self.run_service(form, lambda: self.perform(form.cleaned_data))
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Recorded."))
        return redirect(self.object.get_absolute_url())


class TalentProposalMeetingView(_ProposalFormView):
    form_class = MeetingForm
    template_name = "support/requests/proposal_meeting.html"

    def perform(self, data):
        return services.talent_proposal_meeting(
            actor=self.request.user,
            proposal=self.object,
            kind=data["kind"],
            on=data["on"],
        )


class TalentProposalOutcomeView(_ProposalFormView):
    form_class = OutcomeForm
    template_name = "support/requests/proposal_outcome.html"

    def perform(self, data):
        return services.talent_proposal_outcome(
            actor=self.request.user,
            proposal=self.object,
            hired=data["outcome"] == "hired",
            reason=data.get("reason") or "",
            note=data.get("note") or "",
        )


class TalentProposalWithdrawView(ProposalMixin, ServiceActionMixin, View):
    perms = ("support.coordinate_talent",)

    def post(self, request, pk):
        done, _result = self.run_action(
            lambda: services.talent_proposal_withdraw(
                actor=request.user, proposal=self.object
            )
        )
        if done:
            messages.success(request, _("The proposal was withdrawn."))
        return redirect(self.object.request.get_absolute_url())
