from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members.landing import SectionPart

PARTS = (
    SectionPart(
        _("Bodies and meetings"),
        _(
            "The board, the operations council, the general assembly and the committees: convocations, attendance and quorum."
        ),
    ),
    SectionPart(
        _("Agenda items"),
        _(
            "Items drafted by the sections, coordinated by the operations council and placed on the board's agenda by the secretariat."
        ),
    ),
    SectionPart(
        _("Board decisions"),
        _(
            "Per-item quorum and votes, special-interest directors, and resolutions without a meeting (deemed resolutions)."
        ),
    ),
    SectionPart(
        _("Minutes and papers"),
        _("Minutes with their signatories, board packets and tally sheets as PDF."),
    ),
    SectionPart(
        _("Notices"),
        _("Notices to members, to a body or to staff, on their pages and by email."),
    ),
)


class IndexView(PermissionRequiredMixin, TemplateView):
    permission_required = "secretariat.view_index"
    template_name = "secretariat/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(parts=PARTS, **kwargs)
