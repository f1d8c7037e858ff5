"""Action items as XLSX or CSV under the registry's export rules (logged: they name
people). A body's items for those who run it; every item in reach for those who run
some body."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from members.views.base import FilteredExportView
from wco_sse.core.exports import Column

from .. import selectors
from ..filters import ActionItemFilter
from ..selectors.actions import action_items_for_export
from .base import GovernanceMixin


def _columns():
    today = timezone.localdate()
    return [
        Column(_("Body"), lambda i: i.meeting.body.name),
        Column(_("Meeting"), lambda i: i.meeting.title),
        Column(_("Meeting date"), lambda i: i.meeting.day),
        Column(pgettext("action item", "What is to be done"), lambda i: i.text),
        Column(pgettext("action item", "Owner"), lambda i: i.owner.full_name),
        Column(
            _("For the organization"),
            lambda i: i.organization.name if i.organization else "",
        ),
        Column(_("Due date"), lambda i: i.due_on),
        Column(_("State"), lambda i: i.get_state_display()),
        Column(
            _("Overdue"),
            lambda i: _("Yes") if i.is_open and i.due_on < today else "",
        ),
        Column(_("Note on the state"), lambda i: i.state_note),
        Column(
            _("Closed at"),
            lambda i: timezone.localtime(i.closed_at).date() if i.closed_at else "",
        ),
    ]


class _ActionItemExport(GovernanceMixin, FilteredExportView):
    """Sign-in and the reach come from ``GovernanceMixin`` (a body out of reach is
    404, a role without the page 403); the export itself from the registry's view."""

    filterset_class = ActionItemFilter
    what = gettext_lazy("Action items")
    filename = "action_items"

    def has_permission(self):
        return True  # checked by GovernanceMixin.dispatch, before this

    def get_columns(self):
        return _columns()

    def get(self, request, *args, **kwargs):
        return super().get(request)


class BodyActionItemExportView(_ActionItemExport):
    def get_object(self):
        return selectors.body_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perms=("secretariat.view_body", "secretariat.run_body"),
        )

    def get_queryset(self):
        return action_items_for_export(body=self.object)

    def back_url(self):
        return reverse("secretariat:body_detail", args=[self.object.pk])


class ActionItemExportView(_ActionItemExport):
    permission = "secretariat.run_some_body"

    def get_queryset(self):
        return action_items_for_export(user=self.request.user)

    def back_url(self):
        return reverse("secretariat:index")
