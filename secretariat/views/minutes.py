"""Minutes (議事録) and the meeting's papers as PDF."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from wco_sse.core.files import files_attached_to
from wco_sse.core.forms import FileUploadForm
from wco_sse.core.pdf import pdf_response

from .. import documents, selectors, services
from ..forms import ConfirmForm, MinutesFinalizeForm, MinutesForm, SignForm
from ..models import Body, Minutes, MinutesSignatory
from .base import ActionView, GovernanceMixin


class MinutesStartView(ActionView):
    permission = "secretariat.run_meeting"
    form_class = ConfirmForm
    page_title = _("Write the minutes")

    def get_object(self):
        return selectors.meeting_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perms=(self.permission,)
        )

    def perform(self, form):
        self.minutes = services.minutes_start(
            actor=self.request.user, meeting=self.object
        )
        return self.minutes

    def get_success_url(self):
        if hasattr(self, "minutes"):
            return reverse("secretariat:minutes_detail", args=[self.minutes.pk])
        return reverse("secretariat:meeting_detail", args=[self.object.pk])


class MinutesDetailView(GovernanceMixin, TemplateView):
    template_name = "secretariat/minutes_detail.html"

    def get_object(self):
        return selectors.minutes_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        minutes = self.object
        return super().get_context_data(
            **documents.minutes_context(minutes),
            scans=files_attached_to(minutes),
            can_manage=self.request.user.has_perm(
                "secretariat.run_minutes_record", minutes
            ),
            upload_form=FileUploadForm(),
            **kwargs,
        )


class MinutesActionView(ActionView):
    """A base for the pages on minutes of those who run the body."""

    permission = "secretariat.run_minutes_record"

    def get_object(self):
        return selectors.minutes_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perms=(self.permission,)
        )

    def get_success_url(self):
        return reverse("secretariat:minutes_detail", args=[self.object.pk])


class MinutesEditView(MinutesActionView):
    form_class = MinutesForm
    page_title = _("Minutes")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "decisions": selectors.minutes_decisions(self.object),
        }

    def get_initial(self):
        minutes = self.object
        return {
            name: getattr(minutes, "writer_id" if name == "writer" else name)
            for name in Minutes.TEXT_FIELDS
        }

    def perform(self, form):
        return services.minutes_update(
            actor=self.request.user,
            minutes=self.object,
            **{name: form.cleaned_data[name] for name in Minutes.TEXT_FIELDS},
            discussions=form.discussions(),
        )

    def success_message(self, result):
        return _("The minutes were saved.")


class MinutesFinalizeView(MinutesActionView):
    form_class = MinutesFinalizeForm
    page_title = _("Send the minutes for signature")
    intro = _(
        "The text is fixed and the signatories are named by the body's rule. Attendance can no longer change."
    )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        meeting = self.object.meeting
        if (
            meeting
            and meeting.body.minutes_signers
            == Body.MinutesSigners.CHAIR_AND_SIGNATORIES
        ):
            kwargs["candidates"] = selectors.signatory_candidates(meeting)
        return kwargs

    def perform(self, form):
        return services.minutes_finalize(
            actor=self.request.user,
            minutes=self.object,
            extra_signatories=list(form.cleaned_data.get("signatories") or []),
        )

    def success_message(self, result):
        if result.status == Minutes.Status.CONFIRMED:
            return _("The minutes are confirmed.")
        return _("The minutes await their signatures.")


class MinutesSignView(MinutesActionView):
    form_class = SignForm
    page_title = _("Record a signature")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "signatories": self.object.signatories.filter(
                method=MinutesSignatory.Method.PENDING
            ).select_related("person"),
        }

    def get_initial(self):
        return {"signed_on": timezone.localdate()}

    def perform(self, form):
        return services.minutes_sign(
            actor=self.request.user,
            signatory=form.cleaned_data["signatory"],
            method=form.cleaned_data["method"],
            signed_on=form.cleaned_data["signed_on"],
        )

    def success_message(self, result):
        return _("The signature of %(person)s was recorded.") % {
            "person": result.person
        }


class MinutesScanView(MinutesActionView):
    form_class = FileUploadForm
    page_title = _("Upload the signed minutes")

    def perform(self, form):
        return services.minutes_scan_attach(
            actor=self.request.user,
            minutes=self.object,
            uploaded=form.cleaned_data["file"],
        )

    def success_message(self, result):
        return _("The signed minutes were uploaded.")


class MinutesPdfView(GovernanceMixin, View):
    def get_object(self):
        return selectors.minutes_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get(self, request, pk):
        return pdf_response(documents.minutes_pdf(self.object), f"minutes-{pk}.pdf")


class MeetingPacketView(GovernanceMixin, View):
    def get_object(self):
        return selectors.meeting_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perms=("secretariat.view_meeting_papers",),
        )

    def get(self, request, pk):
        return pdf_response(documents.packet_pdf(self.object), f"packet-{pk}.pdf")


class MeetingTallyView(GovernanceMixin, View):
    def get_object(self):
        return selectors.held_meeting_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perms=("secretariat.view_meeting_papers",),
        )

    def get(self, request, pk):
        return pdf_response(documents.tally_pdf(self.object), f"tally-{pk}.pdf")
