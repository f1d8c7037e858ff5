from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members.models import Section
from secretariat.selectors import section_bodies_for
from wco_sse.core.landing import SectionPart

PARTS = (
    SectionPart(
        _("Liaison council of full-member W.Cos"),
        _("Community building and social common capital."),
    ),
    SectionPart(
        _("Community-building council with Seikatsu Club"),
        _(
            "Vision, new associations, start-up and continuation support, and coordination with regional co-ops."
        ),
    ),
    SectionPart(
        _("Social Solidarity Economy Fund"),
        _(
            "Contributions, applications for grants and loans, reviews, decisions and the ledger."
        ),
    ),
    SectionPart(
        _("Policy and research"),
        _("Links with the capital and public sectors, policy proposals and research."),
    ),
    SectionPart(
        _("Co-operative links"),
        _("Work with workers' co-ops and other co-operatives."),
    ),
)


class IndexView(PermissionRequiredMixin, TemplateView):
    permission_required = "network.view_index"
    template_name = "network/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            parts=PARTS,
            bodies=section_bodies_for(user=self.request.user, section=Section.NETWORK),
            **kwargs,
        )
