"""Consultation desk pages: requests, intake, the queue, slots, bookings and the
confidential case records."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members.models import Desk, Organization, Person
from members.roles import roles_of
from wco_sse.core import fragments
from wco_sse.core.audit import audit_entries_for
from wco_sse.core.errors import ServiceError
from wco_sse.core.exports import Column, export_response
from wco_sse.core.japan import format_fiscal_year
from wco_sse.core.views import ServiceFormMixin

from .. import selectors, services
from ..calendar import appointment_calendar, ics_response
from ..forms import (
    AssignForm,
    BookForm,
    CloseForm,
    ConsultationIntakeForm,
    ConsultationRequestForm,
    RecordForm,
    ReferForm,
    SlotForm,
)
from ..models import Appointment, AppointmentSlot, Consultation
from ..services.consultations import APPOINTMENT_ICS_SALT
from .courses import _year_from, sheet_safe

__all__ = [
    "AppointmentCancelView",
    "AppointmentIcsView",
    "AssignedCasesView",
    "ConsultationAssignView",
    "ConsultationBookView",
    "ConsultationCloseView",
    "ConsultationDetailView",
    "ConsultationHomeView",
    "ConsultationIntakeView",
    "ConsultationQueueView",
    "ConsultationRecordsView",
    "ConsultationReferView",
    "ConsultationRequestView",
    "ConsultationStatsView",
    "DisclosureExportView",
    "SlotListView",
    "SlotWithdrawView",
]


class ConsultationHomeView(TemplateView):
    """相談窓口: what the desk is, and the way in for each kind of user."""

    template_name = "support/consultation_home.html"


class ConsultationRequestView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "support.request_consultation"
    form_class = ConsultationRequestForm
    template_name = "support/consultation_request.html"

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
        data = form.cleaned_data
        consultation = self.run_service(
            form,
            lambda: services.consultation_request(
                actor=self.request.user,
                desk=data["desk"],
                topic=data["topic"],
                description=data["description"],
                preferred_times=data["preferred_times"],
                organization=data["organization"],
                consent=data["consent"],
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
    """相談受付 by the secretariat: a request by phone, at a visit or by email."""

    permission_required = "support.intake_consultation"
    form_class = ConsultationIntakeForm
    template_name = "support/consultation_intake.html"

    @cached_property
    def search(self):
        # A NUL can't be part of a query on PostgreSQL, not even of its pattern.
        return self.request.GET.get("q", "").replace("\x00", "").strip()[:60]

    def get_form_kwargs(self):
        if self.request.method == "POST":
            people = Person.objects.all()
        elif self.search:
            people = Person.objects.filter(
                Q(family_name__icontains=self.search)
                | Q(given_name__icontains=self.search)
                | Q(family_name_kana__icontains=self.search)
                | Q(given_name_kana__icontains=self.search)
                | Q(phone__icontains=self.search)
                | Q(email__icontains=self.search)
            ).order_by("family_name_kana", "given_name_kana", "pk")[:30]
        else:
            people = Person.objects.none()
        return {**super().get_form_kwargs(), "people": people}

    def get_initial(self):
        return {"channel": Consultation.Channel.PHONE, "consent_method": "verbal"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(search=self.search, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        user = self.request.user

        @transaction.atomic  # a new person is recorded with their request, or not at all
        def call():
            person = data["person"] or services.person_create_for_proxy(
                actor=user,
                family_name=data["family_name"],
                given_name=data["given_name"],
                family_name_kana=data["family_name_kana"],
                given_name_kana=data["given_name_kana"],
                phone=data["phone"],
                email=data["email"],
            )
            return services.consultation_intake(
                actor=user,
                person=person,
                channel=data["channel"],
                desk=data["desk"],
                topic=data["topic"],
                description=data["description"],
                preferred_times=data["preferred_times"],
                organization=data["organization"],
                consent_method=data["consent_method"],
                consent=data["consent"],
            )

        consultation = self.run_service(form, call)
        if consultation is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The request was recorded."))
        return redirect("support:consultation_detail", pk=consultation.pk)


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
            # The rows for this viewer and query, until a case or a person changes.
            rows_stamp=fragments.stamp(
                self.request,
                depends_on=("support", "members"),
                vary=(self.request.GET.urlencode(), page.number),
            ),
        )
        return context


class AssignedCasesView(PermissionRequiredMixin, TemplateView):
    permission_required = "support.view_assigned_cases"
    template_name = "support/assigned_cases.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = Person(pk=roles_of(self.request.user).person_id)
        show_closed = self.request.GET.get("closed") == "1"
        context.update(
            consultations=list(
                selectors.consultations_assigned_to(
                    person=person, include_closed=show_closed
                )
            ),
            show_closed=show_closed,
        )
        return context


class ConsultationDetailView(LoginRequiredMixin, TemplateView):
    template_name = "support/consultation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        consultation = selectors.consultation_get_for(user=user, pk=kwargs["pk"])
        appointment = selectors.live_appointment_of(consultation)
        staff = user.has_perm("support.view_consultation_queue")
        context.update(
            consultation=consultation,
            appointment=appointment,
            can_change_appointment=appointment is not None
            and (staff or appointment.changeable_at()),
            is_requester=consultation.requester_id == roles_of(user).person_id,
            staff=staff,
            history=audit_entries_for(consultation) if staff else None,
        )
        return context


class _ConsultationFormView(LoginRequiredMixin, ServiceFormMixin, FormView):
    perm = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.consultation = selectors.consultation_get_for(
                user=request.user, pk=kwargs["pk"]
            )
            if not request.user.has_perm(self.perm, self.consultation):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(consultation=self.consultation, **kwargs)

    def done(self, message):
        messages.success(self.request, message)
        return redirect("support:consultation_detail", pk=self.consultation.pk)


class ConsultationAssignView(_ConsultationFormView):
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

    def form_valid(self, form):
        consultation = self.run_service(
            form,
            lambda: services.consultation_assign(
                actor=self.request.user,
                consultation=self.consultation,
                advisor=form.cleaned_data["advisor"],
            ),
        )
        if consultation is None:
            return self.form_invalid(form)
        return self.done(
            _("The consultation is assigned to %(person)s.")
            % {"person": consultation.advisor}
        )


class ConsultationBookView(_ConsultationFormView):
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

    def form_valid(self, form):
        appointment = self.run_service(
            form,
            lambda: services.appointment_book(
                actor=self.request.user,
                consultation=self.consultation,
                slot=form.cleaned_data["slot"],
            ),
        )
        if appointment is None:
            return self.form_invalid(form)
        return self.done(
            _("The appointment on %(slot)s is booked.") % {"slot": appointment.slot}
        )


class AppointmentCancelView(LoginRequiredMixin, View):
    def post(self, request, pk, appointment_pk):
        consultation = selectors.consultation_get_for(user=request.user, pk=pk)
        if not request.user.has_perm("support.book_appointment", consultation):
            raise PermissionDenied
        appointment = get_object_or_404(
            Appointment.objects.select_related("slot", "consultation"),
            pk=appointment_pk,
            consultation=consultation,
        )
        try:
            services.appointment_cancel(actor=request.user, appointment=appointment)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The appointment was cancelled."))
        return redirect("support:consultation_detail", pk=consultation.pk)


class ConsultationRecordsView(_ConsultationFormView):
    """相談記録（非公開）: reading them is logged, in the same transaction."""

    perm = "support.read_consultation_records"
    form_class = RecordForm
    template_name = "support/consultation_records.html"

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

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(
            "support.write_consultation_record", self.consultation
        ):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        record = self.run_service(
            form,
            lambda: services.consultation_record_add(
                actor=self.request.user,
                consultation=self.consultation,
                body=form.cleaned_data["body"],
            ),
        )
        if record is None:
            return self.form_invalid(form)
        messages.success(self.request, _("The record was saved."))
        return redirect("support:consultation_records", pk=self.consultation.pk)


class ConsultationReferView(_ConsultationFormView):
    perm = "support.refer_consultation"
    form_class = ReferForm
    template_name = "support/consultation_refer.html"

    def form_valid(self, form):
        consultation = self.run_service(
            form,
            lambda: services.consultation_refer(
                actor=self.request.user,
                consultation=self.consultation,
                referred_to=form.cleaned_data["referred_to"],
                consent=form.cleaned_data["consent"],
            ),
        )
        if consultation is None:
            return self.form_invalid(form)
        return self.done(_("The referral was recorded."))


class ConsultationCloseView(_ConsultationFormView):
    perm = "support.close_consultation"
    form_class = CloseForm
    template_name = "support/consultation_close.html"

    def form_valid(self, form):
        consultation = self.run_service(
            form,
            lambda: services.consultation_close(
                actor=self.request.user,
                consultation=self.consultation,
                outcome=form.cleaned_data["outcome"],
            ),
        )
        if consultation is None:
            return self.form_invalid(form)
        return self.done(_("The consultation is closed."))


# --- Advisors' slots ---------------------------------------------------------------------


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


class SlotWithdrawView(PermissionRequiredMixin, View):
    permission_required = "support.publish_slots"

    def post(self, request, pk):
        slot = get_object_or_404(
            AppointmentSlot, pk=pk, advisor_id=roles_of(request.user).person_id
        )
        try:
            services.slot_withdraw(actor=request.user, slot=slot)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The slot was withdrawn."))
        return redirect("support:slot_list")


class AppointmentIcsView(View):
    """The appointment's iCal file, at the signed link its emails carry. It names
    no one and says nothing of the consultation."""

    def get(self, request, token):
        try:
            data = signing.Signer(salt=APPOINTMENT_ICS_SALT).unsign_object(token)
        except signing.BadSignature as error:
            raise Http404 from error
        appointment = get_object_or_404(
            Appointment.objects.select_related("slot"), pk=data.get("a")
        )
        content = appointment_calendar(
            appointment, summary=services.appointment_summary()
        )
        return ics_response(content, f"appointment-{appointment.pk}.ics")


# --- Statistics and disclosure -----------------------------------------------------------


class ConsultationStatsView(PermissionRequiredMixin, TemplateView):
    permission_required = "support.view_consultation_stats"
    template_name = "support/consultation_stats.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, years = _year_from(self.request)
        stats = selectors.consultation_statistics(year=year)
        context.update(
            year=year,
            years=years,
            year_label=format_fiscal_year(year),
            stats=stats,
            tallies=[
                (_("By topic"), stats["by_topic"]),
                (_("By channel"), stats["by_channel"]),
                (_("By state"), stats["by_status"]),
                (_("By outcome (closed cases)"), stats["by_outcome"]),
            ],
        )
        return context


class DisclosureExportView(PermissionRequiredMixin, View):
    """A person's own consultations with their confidential records, for a
    disclosure request (APPI): run by the secretary-general; the export and each
    case's read are logged."""

    permission_required = "support.export_disclosure"

    def get(self, request, pk):
        person = get_object_or_404(Person, pk=pk)
        file_format = request.GET.get("format", "xlsx")
        file_format = file_format if file_format in {"xlsx", "csv"} else "xlsx"
        rows = []
        for consultation in Consultation.objects.filter(
            requester=person
        ).select_related("advisor", "organization"):
            records = selectors.consultation_records_read(
                user=request.user, consultation=consultation, purpose="disclosure"
            )
            base = {"consultation": consultation}
            if not records:
                rows.append({**base, "record": None})
            rows.extend({**base, "record": record} for record in records)

        def when(value):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

        columns = [
            Column(_("Consultation"), lambda r: r["consultation"].pk),
            Column(_("Received at"), lambda r: when(r["consultation"].created_at)),
            Column(_("Desk"), lambda r: r["consultation"].get_desk_display()),
            Column(_("Topic"), lambda r: r["consultation"].get_topic_display()),
            Column(_("Channel"), lambda r: r["consultation"].get_channel_display()),
            Column(_("What it is about"), lambda r: r["consultation"].description),
            Column(_("State"), lambda r: r["consultation"].get_status_display()),
            Column(_("Outcome"), lambda r: r["consultation"].get_outcome_display()),
            Column(_("Referred to"), lambda r: r["consultation"].referred_to),
            Column(
                _("Advisor"),
                lambda r: str(r["consultation"].advisor or ""),
            ),
            Column(
                _("Record written at"),
                lambda r: when(r["record"].created_at) if r["record"] else "",
            ),
            Column(_("Record"), lambda r: r["record"].body if r["record"] else ""),
        ]
        return export_response(
            actor=request.user,
            what=sheet_safe(
                _("Disclosure of the consultations of %(person)s") % {"person": person}
            ),
            columns=columns,
            rows=rows,
            file_format=file_format,
            filename=f"disclosure-consultations-{person.pk}",
            filters=f"person={person.pk}",
        )
