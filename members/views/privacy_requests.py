"""Personal-data requests (開示・訂正・削除, issue 16): a person's own page and their
requests; the secretariat's queue, a request's page, answering and declining.

A request is its person's and the secretariat's; to anyone else its id answers 404.
"""

import django_filters
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.audit import audit_entries_for
from wco_sse.core.views import InReachMixin, ServiceActionMixin, ServiceFormMixin

from ..filters import BootstrapFilterSet
from ..models import PrivacyRequest
from ..personal_data import requests as services
from ..personal_data.requests_forms import (
    PrivacyAnswerForm,
    PrivacyRefuseForm,
    PrivacyRequestForm,
    PrivacyRequestRecordForm,
)
from ..roles import roles_of
from .base import QueryMixin

Kind = PrivacyRequest.Kind


class PrivacyMineView(PermissionRequiredMixin, TemplateView):
    """My requests, and the three ways to ask."""

    permission_required = "members.request_own_privacy"
    template_name = "members/privacy/requests_mine.html"

    def get_context_data(self, **kwargs):
        person_id = roles_of(self.request.user).person_id
        requests = list(services.privacy_requests_of(person_id=person_id))
        open_kinds = {r.kind for r in requests if r.is_open}
        return super().get_context_data(
            requests=requests,
            kinds=[(kind, kind in open_kinds) for kind in Kind],
            **kwargs,
        )


class PrivacyRequestNewView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Ask for an export, a correction or an erasure of my own data."""

    permission_required = "members.request_own_privacy"
    template_name = "members/privacy/requests_new.html"
    form_class = PrivacyRequestForm

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in Kind.values:
            raise Http404
        self.kind = Kind(kwargs["kind"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.kind}

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind=self.kind, **kwargs)

    def form_valid(self, form):
        request = self.run_service(
            form,
            lambda: services.privacy_request_create(
                actor=self.request.user,
                kind=self.kind,
                details=form.cleaned_data["details"],
                correction=form.correction(),
            ),
        )
        if request is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Your request was received. The secretariat will contact you; you "
                "can follow it on this page."
            ),
        )
        return redirect("members:privacy_mine")


class RequestInReach(LoginRequiredMixin, InReachMixin):
    perm = "members.view_privacy_request"

    def get_object(self):
        return services.privacy_request_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.perm
        )


class PrivacyRequestWithdrawView(RequestInReach, ServiceActionMixin, View):
    """The person withdraws their open request (a button on their page)."""

    perm = "members.withdraw_privacy_request"

    def post(self, request, pk):
        done, _result = self.run_action(
            lambda: services.privacy_request_withdraw(
                actor=request.user, request=self.object
            )
        )
        if done:
            messages.success(request, _("The request was withdrawn."))
        return redirect("members:privacy_mine")


# --- The secretariat ------------------------------------------------------------------------


class PrivacyRequestFilter(BootstrapFilterSet):
    kind = django_filters.ChoiceFilter(
        label=pgettext_lazy("privacy request", "Request"),
        choices=Kind.choices,
        empty_label=gettext_lazy("All"),
    )
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"),
        choices=PrivacyRequest.State.choices,
        empty_label=gettext_lazy("All"),
    )

    class Meta:
        model = PrivacyRequest
        fields = []


class PrivacyRequestListView(PermissionRequiredMixin, QueryMixin, FilterView):
    permission_required = "members.list_privacy_requests"
    filterset_class = PrivacyRequestFilter
    template_name = "members/privacy/requests_list.html"
    paginate_by = 50
    context_object_name = "requests"

    def get_queryset(self):
        return services.privacy_requests_queue()


class PrivacyRequestRecordView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Record a request for someone who phoned, wrote or came."""

    permission_required = "members.record_privacy_request"
    template_name = "members/privacy/requests_record.html"
    form_class = PrivacyRequestRecordForm

    def form_valid(self, form):
        data = form.cleaned_data
        request = self.run_service(
            form,
            lambda: services.privacy_request_record(
                actor=self.request.user,
                person=data["person"],
                kind=data["kind"],
                channel=data["channel"],
                details=data["details"],
                correction=form.correction(),
            ),
        )
        if request is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The request was recorded."))
        return redirect("members:privacy_request", request.pk)


def _next_step(request, user):
    """The page that carries out an export (and keeps its file) or an erasure, for
    the secretary-general, who alone runs them."""
    if (
        request.kind == Kind.EXPORT
        and user.has_perm("members.run_privacy_export", request)
        and (request.is_open or request.state == request.State.DONE)
    ):
        return reverse("members:privacy_export", args=[request.pk])
    if (
        request.kind == Kind.ERASURE
        and request.is_open
        and user.has_perm("members.erase_person", request)
    ):
        return reverse("members:privacy_erasure", args=[request.pk])
    return ""


class PrivacyRequestDetailView(RequestInReach, TemplateView):
    template_name = "members/privacy/requests_detail.html"
    answer_form = None
    refuse_form = None

    def get_context_data(self, **kwargs):
        request, user = self.object, self.request.user
        is_secretariat = user.has_perm("members.list_privacy_requests")
        can_answer = user.has_perm("members.handle_privacy_correction", request)
        can_refuse = user.has_perm("members.refuse_privacy_request", request)
        answer_form = self.answer_form
        if answer_form is None and can_answer:
            answer_form = PrivacyAnswerForm(initial={"answer": request.answer})
        refuse_form = self.refuse_form
        if refuse_form is None and can_refuse:
            refuse_form = PrivacyRefuseForm()
        return super().get_context_data(
            request_obj=request,
            is_secretariat=is_secretariat,
            history=audit_entries_for(request) if is_secretariat else (),
            answer_form=answer_form if can_answer else None,
            refuse_form=refuse_form if can_refuse else None,
            next_step=_next_step(request, user),
            **kwargs,
        )


class PrivacyRequestAnswerView(ServiceFormMixin, PrivacyRequestDetailView):
    """The secretariat answers a correction (the request's page with its form)."""

    perm = "members.handle_privacy_correction"

    def post(self, request, pk):
        form = PrivacyAnswerForm(request.POST)
        if form.is_valid():
            done = self.run_service(
                form,
                lambda: services.privacy_request_answer(
                    actor=request.user,
                    request=self.object,
                    state=form.cleaned_data["state"],
                    answer=form.cleaned_data["answer"],
                ),
            )
            if done is not None:
                messages.success(request, _("The answer was saved."))
                return redirect("members:privacy_request", pk)
        self.answer_form = form
        # ``form``: the bound form whose errors the page shows.
        return self.render_to_response(self.get_context_data(form=form))


class PrivacyRequestRefuseView(ServiceFormMixin, PrivacyRequestDetailView):
    """Decline a request with the reason (the request's page with its form)."""

    perm = "members.refuse_privacy_request"

    def post(self, request, pk):
        form = PrivacyRefuseForm(request.POST)
        if form.is_valid():
            done = self.run_service(
                form,
                lambda: services.privacy_request_refuse(
                    actor=request.user,
                    request=self.object,
                    answer=form.cleaned_data["answer"],
                ),
            )
            if done is not None:
                messages.success(request, _("The request was declined."))
                return redirect("members:privacy_request", pk)
        self.refuse_form = form
        return self.render_to_response(self.get_context_data(form=form))
