"""A case and its work: the intake queue, an advisor's cases, the case page, and the
forms that assign, write the confidential records, refer and close it."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members.models import Desk, Person
from members.roles import roles_of
from wco_sse.core import fragments
from wco_sse.core.audit import audit_entries_for
from wco_sse.core.views import InReachMixin, ServiceFormMixin

from ... import selectors, services
from ...forms import AssignForm, CloseForm, RecordForm, ReferForm
from ...models import Consultation

__all__ = [
    "AssignedCasesView",
    "ConsultationAssignView",
    "ConsultationCloseView",
    "ConsultationDetailView",
    "ConsultationQueueView",
    "ConsultationRecordsView",
    "ConsultationReferView",
]


class ConsultationQueueView(PermissionRequiredMixin, TemplateView):
    permission_required = "support.view_consultation_queue"
    template_name = "support/consultation_queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        desk = self.request.GET.get("desk", "")
        page = Paginator(
            selectors.consultation_queue(status=status, desk=desk), 50
        ).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            page_obj=page,
            consultations=page.object_list,
            is_paginated=page.has_other_pages(),
            query=query.urlencode(),
            status=status,
            desk=desk,
            statuses=Consultation.Status.choices,
            desks=Desk.choices,
            # The rows for this viewer and query, until a case or a person changes
            # (what the rows show; not the whole section, whose applications come
            # and go all day).
            rows_stamp=fragments.stamp(
                self.request,
                depends_on=("support.consultation", "members.person"),
                vary=(self.request.GET.urlencode(), page.number),
            ),
        )
        return context


class AssignedCasesView(PermissionRequiredMixin, TemplateView):
    permission_required = "support.view_assigned_cases"
    template_name = "support/assigned_cases.html"

    def get_context_data(self, **kwargs):
        person = Person(pk=roles_of(self.request.user).person_id)
        show_closed = self.request.GET.get("closed") == "1"
        return super().get_context_data(
            consultations=list(
                selectors.consultations_assigned_to(
                    person=person, include_closed=show_closed
                )
            ),
            show_closed=show_closed,
            **kwargs,
        )


class CaseMixin(LoginRequiredMixin, InReachMixin):
    """A page about one case: one the user may use this page for (``perm``: see
    it, assign it, book for it, …), else 404."""

    perm = "support.view_consultation"

    def get_perm(self):
        return self.perm

    def get_object(self):
        return selectors.consultation_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.get_perm()
        )

    @property
    def consultation(self):
        return self.object


class ConsultationDetailView(CaseMixin, TemplateView):
    template_name = "support/consultation_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        consultation = self.consultation
        appointment = selectors.live_appointment_of(consultation)
        staff = user.has_perm("support.view_consultation_queue")
        return super().get_context_data(
            consultation=consultation,
            appointment=appointment,
            ics_days_after=services.APPOINTMENT_ICS_DAYS_AFTER,
            can_change_appointment=appointment is not None
            and (staff or appointment.changeable_at()),
            is_requester=consultation.requester_id == roles_of(user).person_id,
            staff=staff,
            history=audit_entries_for(consultation) if staff else None,
            **kwargs,
        )


class CaseFormView(CaseMixin, ServiceFormMixin, FormView):
    """A form about one case; its service's refusal shows at the form."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(consultation=self.consultation, **kwargs)

    def form_valid(self, form):
        result = self.run_service(form, lambda: self.perform(form.cleaned_data))
        if result is None:
            return self.form_invalid(form)
        return self.done(result)

    def perform(self, data):
        """Call the page's service; returns what it made or changed."""
        raise NotImplementedError

    def done(self, result):
        messages.success(self.request, self.success_message(result))
        return redirect("support:consultation_detail", pk=self.consultation.pk)

    def success_message(self, result):
        raise NotImplementedError


class ConsultationAssignView(CaseFormView):
    perm = "support.assign_consultation"
    form_class = AssignForm
    template_name = "support/consultation_assign.html"

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "advisors": selectors.advisors_for_desk(self.consultation.desk),
        }

    def get_initial(self):
        return {"advisor": self.consultation.advisor_id}

    def perform(self, data):
        return services.consultation_assign(
            actor=self.request.user,
            consultation=self.consultation,
            advisor=data["advisor"],
        )

    def success_message(self, consultation):
        return _("The consultation is assigned to %(person)s.") % {
            "person": consultation.advisor
        }


class ConsultationRecordsView(CaseFormView):
    """相談記録（非公開）: reading them is logged, in the same transaction. Those
    who read them (the assigned advisor, the secretary-general) open the page; only
    the assigned advisor of an open case writes (a POST by anyone else: 404)."""

    form_class = RecordForm
    template_name = "support/consultation_records.html"

    def get_perm(self):
        if self.request.method == "POST":
            return "support.write_consultation_record"
        return "support.read_consultation_records"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            records=selectors.consultation_records_read(
                user=user, consultation=self.consultation
            ),
            can_write=user.has_perm(
                "support.write_consultation_record", self.consultation
            ),
            reads=selectors.consultation_record_reads(consultation=self.consultation),
            **kwargs,
        )

    def perform(self, data):
        return services.consultation_record_add(
            actor=self.request.user, consultation=self.consultation, body=data["body"]
        )

    def done(self, record):
        messages.success(self.request, _("The record was saved."))
        return redirect("support:consultation_records", pk=self.consultation.pk)


class ConsultationReferView(CaseFormView):
    perm = "support.refer_consultation"
    form_class = ReferForm
    template_name = "support/consultation_refer.html"

    def perform(self, data):
        return services.consultation_refer(
            actor=self.request.user,
            consultation=self.consultation,
            referred_to=data["referred_to"],
            consent=data["consent"],
        )

    def success_message(self, consultation):
        return _("The referral was recorded.")


class ConsultationCloseView(CaseFormView):
    perm = "support.close_consultation"
    form_class = CloseForm
    template_name = "support/consultation_close.html"

    def perform(self, data):
        return services.consultation_close(
            actor=self.request.user,
            consultation=self.consultation,
            outcome=data["outcome"],
        )

    def success_message(self, consultation):
        return _("The consultation is closed.")
