"""A W.Co's people: adding someone, confirming or ending a place, and asking to be
recorded as a member of one's W.Co."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.throttle import Throttle, ThrottledFormMixin
from wco_sse.core.views import ServiceActionMixin, ServiceFormMixin

from .. import selectors, services
from ..forms import AffiliationAddForm, AffiliationRequestForm
from .base import InReachMixin
from .organizations import OrganizationMixin


class AffiliationAddView(OrganizationMixin, ServiceFormMixin, FormView):
    reach = "members.manage_affiliations"
    form_class = AffiliationAddForm
    template_name = "members/affiliation_add.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "can_choose_existing": self.request.user.has_perm(
                "members.change_registry"
            ),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        affiliation = self.run_service(
            form,
            lambda: services.organization_member_add(
                actor=self.request.user,
                organization=self.organization,
                person=data.get("person"),
                person_data=data,
                position=data["position"],
                start=data.get("start"),
            ),
        )
        if affiliation is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(person)s was added to %(organization)s.")
            % {"person": affiliation.person, "organization": self.organization},
        )
        return redirect("members:organization_detail", pk=self.organization.pk)


class AffiliationActionView(InReachMixin, ServiceActionMixin, View):
    """Confirm or end an affiliation (POST): the W.Co's representative or the secretariat."""

    action = None

    def resolve_object(self):
        self.affiliation = selectors.affiliation_get_for(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def post(self, request, pk):
        affiliation = self.affiliation
        names = {
            "person": affiliation.person,
            "organization": affiliation.organization,
        }
        if self.action == "confirm":
            done, _result = self.run_action(
                lambda: services.affiliation_confirm(
                    actor=request.user, affiliation=affiliation
                )
            )
            message = _("%(person)s is now confirmed as a member of %(organization)s.")
        else:
            done, _result = self.run_action(
                lambda: services.affiliation_end(
                    actor=request.user, affiliation=affiliation
                )
            )
            message = _(
                "The affiliation of %(person)s with %(organization)s was ended."
            )
        if done:
            messages.success(request, message % names)
        if request.POST.get("next") == "mypage":
            return redirect("members:mypage")
        return redirect("members:organization_detail", pk=affiliation.organization_id)


class AffiliationRequestView(
    PermissionRequiredMixin, ThrottledFormMixin, ServiceFormMixin, FormView
):
    """A signed-up person asks to be recorded as a member of their W.Co."""

    permission_required = "members.request_affiliation"
    form_class = AffiliationRequestForm
    template_name = "members/affiliation_request.html"
    throttle = Throttle("affiliation_request", per_account=5, per_address=20)

    def form_valid(self, form):
        if self.throttled(form):
            return self.form_invalid(form)
        affiliation = self.run_service(
            form,
            lambda: services.affiliation_request(
                actor=self.request.user,
                person=selectors.person_for_user(self.request.user),
                organization=form.cleaned_data["organization"],
            ),
        )
        if affiliation is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Your request was sent. The representative of %(organization)s will "
                "confirm it."
            )
            % {"organization": affiliation.organization},
        )
        return redirect("members:mypage")
