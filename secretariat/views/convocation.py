"""The convocation: a preview (the text, the recipients by channel, the lateness)
then its confirmation; the printable list and labels for those who get it on paper;
and the follow-up notice (追加送付) after the agenda changed."""

from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from members.models import Organization, Person
from members.prints import print_labels
from wco_sse.core.emails import email_render
from wco_sse.core.pdf import pdf_response

from .. import selectors, services
from ..forms.common import ConfirmForm
from ..models import Meeting
from ..services.convocation import (
    Channel,
    agenda_changes,
    convocation_context,
)
from .base import GovernanceMixin
from .meetings import MeetingActionView


def _preview(meeting, addressees, *, template, changes=None):
    """(subject, text) of the notice as its first email recipient gets it."""
    first = next((a for a in addressees if a.channel == Channel.EMAIL), None)
    name = first.name if first else _("(the recipient's name)")
    subject, text, _html = email_render(
        template=template,
        context=convocation_context(meeting, recipient_name=name, changes=changes),
        language="ja",
    )
    return subject, text


def _by_channel(addressees):
    groups = {Channel.EMAIL: [], Channel.POST: [], Channel.FAX: []}
    for addressee in addressees:
        groups[addressee.channel].append(addressee)
    return groups


class ConvocationView(MeetingActionView):
    """GET: what will be sent, to whom, how, and whether it is late; POST with the
    box ticked: send it (meeting_convene)."""

    form_class = ConfirmForm
    template_name = "secretariat/convocation.html"
    page_title = _("Send the convocation")

    def get(self, request, *args, **kwargs):
        if self.object.status != Meeting.Status.SCHEDULED:
            return redirect("secretariat:meeting_detail", self.object.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        meeting = self.object
        addressees = services.convocation_addressees(meeting)
        subject, text = _preview(
            meeting, addressees, template="secretariat/convocation"
        )
        today = timezone.localdate()
        return super().get_context_data(
            meeting=meeting,
            subject=subject,
            text=text,
            groups=_by_channel(addressees),
            count=len(addressees),
            late=today > meeting.notice_deadline,
            late_days=(today - meeting.notice_deadline).days,
            **kwargs,
        )

    def perform(self, form):
        return services.meeting_convene(actor=self.request.user, meeting=self.object)

    def success_message(self, result):
        paper = result.dispatches.last().paper_recipients
        if result.convened_late:
            message = _(
                "The convocation was sent, later than the body's notice period: "
                "this is flagged on the meeting."
            )
        else:
            message = _("The convocation was sent.")
        if paper:
            message = _(
                "%(message)s %(count)s recipients get it on paper: print their "
                "list and labels from the meeting page."
            ) % {"message": message, "count": len(paper)}
        return message


class FollowUpView(MeetingActionView):
    """GET: what changed in the agenda since the last notice, and the text; POST with
    the box ticked: send the follow-up notice (追加送付) to the same recipients."""

    form_class = ConfirmForm
    template_name = "secretariat/convocation_follow_up.html"
    page_title = _("Send a follow-up notice")

    def get_context_data(self, **kwargs):
        meeting = self.object
        last = meeting.dispatches.order_by("sent_at", "pk").last()
        changes = agenda_changes(meeting, last) if last else {}
        first = meeting.dispatches.order_by("sent_at", "pk").first()
        recipients = first.recipients if first else []
        subject = text = ""
        if changes:
            email = next((r for r in recipients if r["channel"] == Channel.EMAIL), None)
            subject, text, _html = email_render(
                template="secretariat/convocation_follow_up",
                context=convocation_context(
                    meeting,
                    recipient_name=email["name"]
                    if email
                    else _("(the recipient's name)"),
                    changes=changes,
                ),
            )
        return super().get_context_data(
            meeting=meeting,
            sent=last,
            changes=changes,
            recipients=recipients,
            paper=[r for r in recipients if r["channel"] != Channel.EMAIL],
            subject=subject,
            text=text,
            **kwargs,
        )

    def perform(self, form):
        return services.meeting_follow_up(actor=self.request.user, meeting=self.object)

    def success_message(self, result):
        paper = result.paper_recipients
        message = _("The follow-up notice was sent.")
        if paper:
            message = _(
                "%(message)s %(count)s recipients get it on paper: print their "
                "list and labels from the meeting page."
            ) % {"message": message, "count": len(paper)}
        return message


class ConvocationPrintView(GovernanceMixin, TemplateView):
    """A print-friendly page: who gets the convocation (or a follow-up) on paper,
    with their address or FAX number, and the text to send them. Before the
    convocation is sent, the list as it would be."""

    permission = "secretariat.run_meeting"
    template_name = "secretariat/convocation_print.html"

    def get_object(self):
        return selectors.meeting_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perms=(self.permission,)
        )

    def dispatch_record(self):
        pk = self.request.GET.get("dispatch", "")
        dispatches = self.object.dispatches.order_by("sent_at", "pk")
        if pk.isdecimal():
            return dispatches.filter(pk=int(pk)).first()
        return dispatches.last()

    def get_context_data(self, **kwargs):
        meeting = self.object
        sent = self.dispatch_record()
        if sent is not None:
            recipients = [r for r in sent.recipients if r["channel"] != Channel.EMAIL]
            template = (
                "secretariat/convocation_follow_up"
                if sent.kind == sent.Kind.FOLLOW_UP
                else "secretariat/convocation"
            )
            changes = sent.changes or None
        else:
            recipients = [
                a.as_sent()
                for a in services.convocation_addressees(meeting)
                if a.channel != Channel.EMAIL
            ]
            template, changes = "secretariat/convocation", None
        subject, text, _html = email_render(
            template=template,
            context=convocation_context(
                meeting, recipient_name=_("(the recipient's name)"), changes=changes
            ),
        )
        return super().get_context_data(
            meeting=meeting,
            sent=sent,
            recipients=recipients,
            subject=subject,
            text=text,
            **kwargs,
        )


class ConvocationLabelsView(GovernanceMixin, View):
    """Address labels (PDF) for those who get the convocation by post."""

    permission = "secretariat.run_meeting"

    def get_object(self):
        return selectors.meeting_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perms=(self.permission,)
        )

    def get(self, request, pk):
        sent = self.object.dispatches.order_by("sent_at", "pk").first()
        recipients = (
            sent.recipients
            if sent
            else [a.as_sent() for a in services.convocation_addressees(self.object)]
        )
        keys = [r["key"] for r in recipients if r["channel"] == Channel.POST]
        people = [int(k[2:]) for k in keys if k.startswith("p:")]
        organizations = [int(k[2:]) for k in keys if k.startswith("o:")]
        pdf = print_labels(
            actor=request.user,
            people=Person.objects.filter(pk__in=people)
            .select_related("municipality__parent")
            .order_by("sort_key", "pk"),
            organizations=Organization.objects.filter(pk__in=organizations)
            .select_related("municipality__parent")
            .order_by("sort_key", "pk"),
            filters=f"convocation:{self.object.pk}",
        )
        return pdf_response(pdf, f"convocation-labels-{pk}.pdf")
