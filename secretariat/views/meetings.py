from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from members.models import Organization, Person
from members.roles import roles_of

from .. import selectors, services
from ..forms import (
    AttendanceForm,
    BodyForm,
    BodyMemberForm,
    MeetingForm,
    MeetingStatusForm,
)
from ..membership import body_seats
from ..models import Attendance, Body, Meeting
from ..tally import item_tally
from .base import ActionView, GovernanceMixin


class BodyListView(GovernanceMixin, ListView):
    permission = "secretariat.view_meetings"
    template_name = "secretariat/body_list.html"
    context_object_name = "bodies"

    def get_queryset(self):
        return Body.objects.all()


class BodyDetailView(GovernanceMixin, TemplateView):
    permission = "secretariat.view_meetings"
    template_name = "secretariat/body_detail.html"

    def get_object(self):
        return get_object_or_404(Body, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        body = self.object
        return super().get_context_data(
            body=body,
            seats=body_seats(body, timezone.localdate()),
            meetings=body.meetings.select_related("chair").order_by("-starts_at")[:20],
            **kwargs,
        )


class BodyEditView(ActionView):
    permission = "secretariat.manage_meetings"
    form_class = BodyForm
    page_title = _("Rules of the body")

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Body, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # The form only validates; the service saves (on a fresh, locked row).
        kwargs["instance"] = (
            Body.objects.get(pk=self.object.pk)
            if self.object
            else Body(kind=Body.Kind.AD_HOC)
        )
        return kwargs

    def get_page_title(self):
        return self.page_title

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if self.object is None:
            self.object = services.body_create(actor=self.request.user, **data)
            return self.object
        return services.body_update(actor=self.request.user, body=self.object, **data)

    def success_message(self, result):
        return _("The body was saved.")

    def get_success_url(self):
        if self.object:
            return reverse("secretariat:body_detail", args=[self.object.pk])
        return reverse("secretariat:body_list")


class BodyMemberAddView(ActionView):
    permission = "secretariat.manage_meetings"
    form_class = BodyMemberForm
    page_title = _("Add a member")

    def get_object(self):
        return get_object_or_404(Body, pk=self.kwargs["pk"])

    def perform(self, form):
        return services.body_member_add(
            actor=self.request.user,
            body=self.object,
            person=form.cleaned_data["person"],
            start=form.cleaned_data["start"],
            note=form.cleaned_data["note"],
        )

    def success_message(self, result):
        return _("%(person)s was added.") % {"person": result.person}

    def get_success_url(self):
        return reverse("secretariat:body_detail", args=[self.object.pk])


class MeetingListView(GovernanceMixin, ListView):
    permission = "secretariat.view_meetings"
    template_name = "secretariat/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 50

    def get_show(self):
        show = self.request.GET.get("show", "upcoming")
        return show if show in {"upcoming", "past", "all"} else "upcoming"

    def get_queryset(self):
        return selectors.meeting_list_for(user=self.request.user, show=self.get_show())

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.get_show(), **kwargs)


class MeetingDetailView(GovernanceMixin, TemplateView):
    template_name = "secretariat/meeting_detail.html"

    def get_object(self):
        return selectors.meeting_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        meeting = self.object
        seats = body_seats(meeting.body, meeting.day)
        attendances = list(meeting.attendances.all())
        items = selectors.meeting_agenda(meeting)
        rows = []
        for item in items:
            tally = item_tally(
                item,
                meeting,
                seats=seats,
                attendances=attendances,
                interested_ids={i.person_id for i in item.interests},
            )
            decision = item.decisions_here[0] if item.decisions_here else None
            rows.append({"item": item, "tally": tally, "decision": decision})
        # Auditors attend but never count (DESIGN).
        present = [
            a
            for a in attendances
            if a.is_present and a.capacity != Attendance.Capacity.AUDITOR
        ]
        minutes = getattr(meeting, "minutes", None) if meeting.has_taken_place else None
        return super().get_context_data(
            meeting=meeting,
            rows=rows,
            attendance_rows=selectors.attendance_rows(meeting, seats),
            present_count=len(present),
            seat_count=len([s for s in seats if s.votes]),
            minutes=minutes,
            can_manage=self.request.user.has_perm("secretariat.manage_meetings"),
            status_form=MeetingStatusForm(),
            **kwargs,
        )


class MeetingEditView(ActionView):
    permission = "secretariat.manage_meetings"
    form_class = MeetingForm
    page_title = _("Meeting")

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            Meeting.objects.select_related("body"), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editing": self.object is not None}

    def get_initial(self):
        if self.object is None:
            body = self.request.GET.get("body", "")
            return {"body": body} if body.isdecimal() else {}
        m = self.object
        return {
            name: getattr(m, name)
            for name in (
                "title",
                "kind",
                "starts_at",
                "ends_at",
                "place",
                "online_url",
                "online_method",
                "chair",
                "submission_deadline",
                "packet_wareki",
                "minutes_wareki",
                "tally_wareki",
            )
        }

    def perform(self, form):
        data = dict(form.cleaned_data)
        if self.object is None:
            self.object = services.meeting_create(actor=self.request.user, **data)
            return self.object
        if data.get("submission_deadline") is None:
            data["submission_deadline"] = services.default_submission_deadline(
                self.object.body, data["starts_at"]
            )
        return services.meeting_update(
            actor=self.request.user, meeting=self.object, **data
        )

    def success_message(self, result):
        return _("The meeting was saved.")

    def get_success_url(self):
        if self.object:
            return reverse("secretariat:meeting_detail", args=[self.object.pk])
        return reverse("secretariat:meeting_list")


class MeetingStatusView(ActionView):
    permission = "secretariat.manage_meetings"
    form_class = MeetingStatusForm
    page_title = _("Change the meeting's status")

    def get_object(self):
        return selectors.meeting_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def perform(self, form):
        action = form.cleaned_data["action"]
        user, meeting = self.request.user, self.object
        if action == form.CONVENE:
            return services.meeting_convene(actor=user, meeting=meeting)
        if action == form.HOLD:
            return services.meeting_hold(actor=user, meeting=meeting)
        if action == form.CANCEL:
            return services.meeting_cancel(
                actor=user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        if form.cleaned_data["starts_at"] is None:
            from wco_sse.core.errors import ServiceError

            raise ServiceError(_("Give the new date and time."), field="starts_at")
        self.new_meeting = services.meeting_postpone(
            actor=user,
            meeting=meeting,
            starts_at=form.cleaned_data["starts_at"],
            reason=form.cleaned_data["reason"],
        )
        return self.new_meeting

    def success_message(self, result):
        if result.status == Meeting.Status.CONVENED and result.convened_late:
            return _(
                "The convocation was sent, later than the body's notice period: this is flagged on the meeting."
            )
        return _("The meeting is now %(status)s.") % {
            "status": result.get_status_display()
        }

    def get_success_url(self):
        target = getattr(self, "new_meeting", None) or self.object
        return reverse("secretariat:meeting_detail", args=[target.pk])


class AttendanceView(ActionView):
    """The attendance sheet: one row per seat; each row's buttons post with htmx."""

    permission = "secretariat.manage_meetings"
    form_class = AttendanceForm
    template_name = "secretariat/attendance.html"
    htmx_template = "secretariat/attendance.html#attendance_row"

    def get_object(self):
        return selectors.meeting_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        meeting = self.object
        kinds = [
            Attendance.Kind.PRESENT,
            Attendance.Kind.ONLINE,
            Attendance.Kind.ABSENT,
        ]
        if meeting.body.is_assembly:
            kinds.append(Attendance.Kind.PROXY)
            if meeting.body.allows_written_votes:
                kinds.append(Attendance.Kind.WRITTEN)
        return super().get_context_data(
            meeting=meeting,
            rows=selectors.attendance_rows(meeting),
            kinds=[(k, Attendance.Kind(k).label) for k in kinds],
            **kwargs,
        )

    def perform(self, form):
        prefix, pk = form.cleaned_data["seat"].split(":")
        target = {}
        if prefix == "o":
            target["organization"] = get_object_or_404(Organization, pk=pk)
        else:
            target["person"] = get_object_or_404(Person, pk=pk)
        self.seat_key = (prefix, int(pk))
        return services.attendance_set(
            actor=self.request.user,
            meeting=self.object,
            kind=form.cleaned_data["kind"],
            acting_name=form.cleaned_data["acting_name"],
            note=form.cleaned_data["note"],
            **target,
        )

    def htmx_context(self):
        context = self.get_context_data()
        key = getattr(self, "seat_key", None)
        row = next((r for r in context["rows"] if r[0].key == key), None)
        if row is None:
            raise Http404
        return {**context, "seat": row[0], "attendance": row[1]}

    def get_success_url(self):
        return reverse("secretariat:meeting_attendance", args=[self.object.pk])


class AgendaView(GovernanceMixin, TemplateView):
    """All the items of a meeting at a glance, by state, filterable by section."""

    permission = "secretariat.view_items"
    template_name = "secretariat/agenda.html"

    def get_object(self):
        meeting = get_object_or_404(
            Meeting.objects.select_related("body"), pk=self.kwargs["pk"]
        )
        snapshot = roles_of(self.request.user)
        if not (
            self.request.user.has_perm("secretariat.view_meeting", meeting)
            or snapshot.has("section_member")
        ):
            raise Http404
        return meeting

    def get_context_data(self, **kwargs):
        section = self.request.GET.get("section", "")
        items = list(
            selectors.item_list_for(
                user=self.request.user, section=section, meeting=self.object
            )
        )
        from ..models import Source

        return super().get_context_data(
            meeting=self.object,
            groups=selectors.items_by_status(items),
            section=section,
            sources=Source.choices,
            count=len(items),
            **kwargs,
        )
