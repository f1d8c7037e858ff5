"""Meetings: their pages, the secretariat's edits and status changes, attendance, and
the agenda at a glance."""

from django.contrib import messages
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from members.models import Organization, Person
from wco_sse.core.views import CachedPageMixin

from .. import selectors, services
from ..forms import AttendanceForm, MeetingForm, MeetingStatusForm
from ..forms.meetings import meeting_may_be_held
from ..models import Attendance, Meeting, Source
from ..selectors.actions import meeting_page_action_items
from ..services.convocation import agenda_changes
from ..tally import agenda_tallies
from .base import ActionView, GovernanceMixin


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
        seats, attendances, rows = agenda_tallies(meeting)
        # Auditors attend but never count (DESIGN).
        present = [
            a
            for a in attendances
            if a.is_present and a.capacity != Attendance.Capacity.AUDITOR
        ]
        minutes = getattr(meeting, "minutes", None) if meeting.has_taken_place else None
        can_manage = self.request.user.has_perm("secretariat.run_meeting", meeting)
        dispatches = (
            list(meeting.dispatches.order_by("sent_at", "pk")) if can_manage else []
        )
        return super().get_context_data(
            meeting=meeting,
            rows=rows,
            attendance_rows=selectors.attendance_rows(meeting, seats),
            holdovers=[s for s in seats if s.holdover],
            present_count=len(present),
            seat_count=len([s for s in seats if s.votes]),
            minutes=minutes,
            can_manage=can_manage,
            may_be_held=meeting_may_be_held(meeting),
            dispatches=dispatches,
            agenda_changed=bool(
                meeting.status == Meeting.Status.CONVENED
                and dispatches
                and agenda_changes(meeting, dispatches[-1])
            ),
            notice_passed=meeting.notice_deadline < timezone.localdate(),
            # Action items: their own include on the page.
            **meeting_page_action_items(meeting, user=self.request.user),
            **kwargs,
        )


class MeetingActionView(ActionView):
    """A base for the pages on one meeting of those who run its body."""

    permission = "secretariat.run_meeting"

    def get_object(self):
        return selectors.meeting_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perms=(self.permission,)
        )

    def get_success_url(self):
        return reverse("secretariat:meeting_detail", args=[self.object.pk])


class MeetingEditView(MeetingActionView):
    """A new meeting, or the fields of one (``Meeting.EDITABLE_FIELDS``)."""

    form_class = MeetingForm
    page_title = _("Meeting")

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return super().get_object()

    def get_permission(self):
        # A new meeting: of one of the bodies the form offers (those one runs).
        return "secretariat.run_some_body" if self.object is None else self.permission

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "bodies": selectors.bodies_run_by(self.request.user),
            "editing": self.object is not None,
            "body": self.object.body if self.object is not None else None,
        }

    def get_initial(self):
        if self.object is None:
            body = self.request.GET.get("body", "")
            return {"body": body} if body.isdecimal() else {}
        return {name: getattr(self.object, name) for name in Meeting.EDITABLE_FIELDS}

    def perform(self, form):
        if self.object is None:
            self.object = services.meeting_create(
                actor=self.request.user, **form.cleaned_data
            )
            return self.object
        return services.meeting_update(
            actor=self.request.user, meeting=self.object, **form.cleaned_data
        )

    def success_message(self, result):
        return _("The meeting was saved.")

    def flash(self, result):
        super().flash(result)
        # What has already passed is said at once, not found out later.
        for warning in selectors.meeting_schedule_warnings(result):
            messages.warning(self.request, warning)

    def get_success_url(self):
        if self.object:
            return super().get_success_url()
        return reverse("secretariat:meeting_list")

    def get_back_url(self):
        """Back from a new meeting: the meetings for those who read them all; for a
        section member, the body it was scheduled from (else the governance index),
        not a list closed to them."""
        if self.object or self.request.user.has_perm("secretariat.view_meetings"):
            return self.get_success_url()
        body = self.request.GET.get("body", "")
        if body.isdecimal():
            found = selectors.bodies_run_by(self.request.user).filter(pk=body).first()
            if found is not None:
                return reverse("secretariat:body_detail", args=[found.pk])
        return reverse("secretariat:index")


class MeetingStatusView(MeetingActionView):
    """Hold, cancel or postpone. ``?action=hold`` opens the confirmation of the step
    that cannot be undone; it works without JavaScript."""

    form_class = MeetingStatusForm
    template_name = "secretariat/meeting_status.html"
    page_title = _("Change the meeting's status")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.object}

    def get_initial(self):
        action = self.request.GET.get("action", "")
        return {"action": action} if action in {"hold", "cancel", "postpone"} else {}

    def holding(self, form):
        if form.is_bound:
            return form.data.get("action") == form.HOLD
        return form.initial.get("action") == form.HOLD

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        holding = self.holding(form) and meeting_may_be_held(self.object)
        return {
            **context,
            "meeting": self.object,
            "holding": holding,
            "may_be_held": meeting_may_be_held(self.object),
            "page_title": _("Mark the meeting as held") if holding else self.page_title,
            "submit_label": _("Mark as held") if holding else _("Change the status"),
        }

    def perform(self, form):
        action = form.cleaned_data["action"]
        user, meeting = self.request.user, self.object
        if action == form.HOLD:
            return services.meeting_hold(actor=user, meeting=meeting)
        if action == form.CANCEL:
            return services.meeting_cancel(
                actor=user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        self.new_meeting = services.meeting_postpone(
            actor=user,
            meeting=meeting,
            starts_at=form.cleaned_data["starts_at"],
            reason=form.cleaned_data["reason"],
        )
        return self.new_meeting

    def success_message(self, result):
        return _("The meeting is now %(status)s.") % {
            "status": result.get_status_display()
        }

    def get_success_url(self):
        target = getattr(self, "new_meeting", None) or self.object
        return reverse("secretariat:meeting_detail", args=[target.pk])


class AttendanceView(MeetingActionView):
    """The attendance sheet: one row per seat; each row's buttons post with htmx."""

    form_class = AttendanceForm
    template_name = "secretariat/attendance.html"
    htmx_template = "secretariat/attendance.html#attendance_row"

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
        self.seat_key = (prefix, int(pk))
        # A seat that is not the body's is refused by the service, with its message.
        if prefix == "o":
            attendee = {"organization": Organization.objects.filter(pk=pk).first()}
        else:
            attendee = {"person": Person.objects.filter(pk=pk).first()}
        return services.attendance_set(
            actor=self.request.user,
            meeting=self.object,
            kind=form.cleaned_data["kind"],
            acting_name=form.cleaned_data["acting_name"],
            note=form.cleaned_data["note"],
            **attendee,
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


class AgendaView(GovernanceMixin, CachedPageMixin, TemplateView):
    """All the items of a meeting at a glance, by state, filterable by section."""

    template_name = "secretariat/agenda.html"
    # Items, their meeting and proposers (the registry).
    page_depends_on = ("secretariat", "members")

    def get_object(self):
        return selectors.meeting_agenda_get_for(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        section = self.request.GET.get("section", "")
        items = list(
            selectors.item_list_for(
                user=self.request.user, section=section, meeting=self.object
            )
        )
        return super().get_context_data(
            meeting=self.object,
            groups=selectors.items_by_status(items),
            section=section,
            sources=Source.choices,
            count=len(items),
            **kwargs,
        )
