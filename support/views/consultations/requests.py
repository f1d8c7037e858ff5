"""相談窓口: the desk's front page, a request by the person themself, and 相談受付 by
the secretariat (a request by phone, at a visit or by email)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members.models import Desk, Organization, Person
from members.roles import roles_of
from wco_sse.core.throttle import Throttle, ThrottledFormMixin
from wco_sse.core.views import ServiceFormMixin

from ... import selectors, services
from ...forms import ConsultationIntakeForm, ConsultationRequestForm
from ...models import Consultation

__all__ = ["ConsultationHomeView", "ConsultationIntakeView", "ConsultationRequestView"]

# What a request and an intake both take from their form.
_REQUEST_FIELDS = ("desk", "topic", "description", "preferred_times", "organization")


class ConsultationHomeView(TemplateView):
    """相談窓口: what the desk is, and the way in for each kind of user."""

    template_name = "support/consultation_home.html"


class ConsultationRequestView(
    PermissionRequiredMixin, ThrottledFormMixin, ServiceFormMixin, FormView
):
    permission_required = "support.request_consultation"
    form_class = ConsultationRequestForm
    template_name = "support/consultation_request.html"
    throttle = Throttle("consultation_request", per_account=5, per_address=20)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organizations": Organization.objects.filter(
                pk__in=roles_of(self.request.user).affiliated_org_ids
            ),
        }

    def get_initial(self):
        desk = self.request.GET.get("desk", "")
        return {"desk": desk if desk in Desk.values else Desk.GENERAL}

    def form_valid(self, form):
        if self.throttled(form):
            return self.form_invalid(form)
        data = form.cleaned_data
        consultation = self.run_service(
            form,
            lambda: services.consultation_request(
                actor=self.request.user,
                consent=data["consent"],
                **{name: data[name] for name in _REQUEST_FIELDS},
            ),
        )
        if consultation is None:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Your request was received. The secretariat will assign an advisor and let you know."
            ),
        )
        return redirect("support:consultation_detail", pk=consultation.pk)


class ConsultationIntakeView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """相談受付 by the secretariat: a request by phone, at a visit or by email, for a
    person of the registry or a new one (recorded with the request)."""

    permission_required = "support.intake_consultation"
    form_class = ConsultationIntakeForm
    template_name = "support/consultation_intake.html"

    @cached_property
    def search(self):
        return selectors.search_text(self.request.GET.get("q"))

    def get_form_kwargs(self):
        # A POST names any person; the search only narrows what the page offers.
        people = (
            Person.objects.all()
            if self.request.method == "POST"
            else selectors.people_matching(self.search)
        )
        return {**super().get_form_kwargs(), "people": people}

    def get_initial(self):
        return {"channel": Consultation.Channel.PHONE, "consent_method": "verbal"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(search=self.search, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        consultation = self.run_service(
            form,
            lambda: services.consultation_intake(
                actor=self.request.user,
                channel=data["channel"],
                consent_method=data["consent_method"],
                consent=data["consent"],
                **{name: data[name] for name in _REQUEST_FIELDS},
                **form.person_or_new_person(),
            ),
        )
        if consultation is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The request was recorded."))
        return redirect("support:consultation_detail", pk=consultation.pk)
