"""面談枠 and bookings: a case books one of its advisor's slots, a booking is
cancelled, advisors publish and withdraw their slots, and the appointment's
calendar file opens at its signed link."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin

from members.models import Person
from members.roles import roles_of
from wco_sse.core.views import InReachMixin, ServiceActionMixin, ServiceFormMixin

from ... import selectors, services
from ...calendar import appointment_calendar, ics_response
from ...forms import BookForm, SlotForm
from .cases import CaseFormView, CaseMixin

__all__ = [
    "AppointmentCalendarLinkRenewView",
    "AppointmentCancelView",
    "AppointmentIcsView",
    "ConsultationBookView",
    "SlotListView",
    "SlotWithdrawView",
]


class ConsultationBookView(CaseFormView):
    perm = "support.book_appointment"
    form_class = BookForm
    template_name = "support/consultation_book.html"

    @cached_property
    def slots(self):
        return selectors.open_slots_for(self.consultation)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "slots": self.slots}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            slots=self.slots,
            appointment=selectors.live_appointment_of(self.consultation),
            **kwargs,
        )

    def perform(self, data):
        return services.appointment_book(
            actor=self.request.user, consultation=self.consultation, slot=data["slot"]
        )

    def success_message(self, appointment):
        return _("The appointment on %(slot)s is booked.") % {"slot": appointment.slot}


class AppointmentCancelView(CaseMixin, ServiceActionMixin, View):
    """Cancel a booking of the case (the case, then its appointment: 404 for
    another case's)."""

    perm = "support.book_appointment"

    def get_object(self):
        consultation = super().get_object()
        self.appointment = selectors.appointment_of(
            consultation=consultation, pk=self.kwargs["appointment_pk"]
        )
        return consultation

    def post(self, request, pk, appointment_pk):
        done, _appointment = self.run_action(
            lambda: services.appointment_cancel(
                actor=request.user, appointment=self.appointment
            )
        )
        if done:
            messages.success(request, _("The appointment was cancelled."))
        return redirect("support:consultation_detail", pk=self.consultation.pk)


class SlotListView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """面談枠: an advisor's own slots, and the form to publish another."""

    permission_required = "support.publish_slots"
    form_class = SlotForm
    template_name = "support/slot_list.html"

    def get_context_data(self, **kwargs):
        person = Person(pk=roles_of(self.request.user).person_id)
        return super().get_context_data(
            slots=list(selectors.advisor_slots(person=person)), **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        slot = self.run_service(
            form,
            lambda: services.slot_publish(
                actor=self.request.user,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                online=data["online"],
                online_url=data["online_url"],
            ),
        )
        if slot is None:
            return self.form_invalid(form)
        messages.success(
            self.request, _("The slot of %(slot)s was published.") % {"slot": slot}
        )
        return redirect("support:slot_list")


class SlotWithdrawView(LoginRequiredMixin, InReachMixin, ServiceActionMixin, View):
    """An advisor withdraws one of their own open slots (another's: 404)."""

    def get_object(self):
        return selectors.slot_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def post(self, request, pk):
        done, _result = self.run_action(
            lambda: services.slot_withdraw(actor=request.user, slot=self.object)
        )
        if done:
            messages.success(request, _("The slot was withdrawn."))
        return redirect("support:slot_list")


class AppointmentCalendarLinkRenewView(CaseMixin, ServiceActionMixin, View):
    """Withdraw the appointment's calendar link for a new one (a link passed on by
    mistake); 404 for another case's appointment."""

    perm = "support.renew_appointment_link"

    def get_object(self):
        consultation = super().get_object()
        self.appointment = selectors.appointment_of(
            consultation=consultation, pk=self.kwargs["appointment_pk"]
        )
        return consultation

    def post(self, request, pk, appointment_pk):
        done, _appointment = self.run_action(
            lambda: services.appointment_calendar_link_renew(
                actor=request.user, appointment=self.appointment
            )
        )
        if done:
            messages.success(
                request,
                _("The calendar link was renewed: the previous link no longer works."),
            )
        return redirect("support:consultation_detail", pk=self.consultation.pk)


class AppointmentIcsView(View):
    """The appointment's iCal file, at the signed link its emails carry. It names
    no one and says nothing of the consultation. A forged link is not found; a
    renewed one, or one whose appointment is over, is gone (410) and says so."""

    def get(self, request, token):
        try:
            appointment = services.appointment_for_ics_token(token)
        except services.CalendarLinkGone as gone:
            return render(
                request,
                "support/appointment_ics_gone.html",
                {"message": gone.message},
                status=410,
            )
        if appointment is None:
            raise Http404
        content = appointment_calendar(
            appointment, summary=services.appointment_summary()
        )
        return ics_response(content, f"appointment-{appointment.pk}.ics")
