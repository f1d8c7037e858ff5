from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.landing import SectionPart

# (title, text, URL name, the permission that opens it)
PARTS = (
    (
        _("Bodies and meetings"),
        _(
            "The board, the operations council, the general assembly and the committees: convocations, attendance and quorum."
        ),
        "secretariat:meeting_list",
        "secretariat.view_meetings",
    ),
    (
        _("Agenda items"),
        _(
            "Items drafted by the sections, coordinated by the operations council and placed on the board's agenda by the secretariat."
        ),
        "secretariat:item_list",
        "secretariat.view_items",
    ),
    (
        _("Board decisions"),
        _(
            "Per-item quorum and votes, special-interest directors, and resolutions without a meeting (deemed resolutions)."
        ),
        "secretariat:written_list",
        "secretariat.view_written",
    ),
    (
        _("Minutes and papers"),
        _("Minutes with their signatories, board packets and tally sheets as PDF."),
        "secretariat:meeting_list",
        "secretariat.view_meetings",
    ),
    (
        _("Notices"),
        _("Notices to members, to a body or to staff, on their pages and by email."),
        "secretariat:notice_list",
        "secretariat.view_notices",
    ),
)


def parts_for(user):
    """The parts ``user`` may open. Every part exists, so none is "in preparation":
    what a role may not use is left out rather than shown as not ready."""
    return [
        SectionPart(title, text, reverse(url))
        for title, text, url, perm in PARTS
        if user.has_perm(perm)
    ]


class IndexView(PermissionRequiredMixin, TemplateView):
    permission_required = "secretariat.view_index"
    template_name = "secretariat/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(parts=parts_for(self.request.user), **kwargs)
