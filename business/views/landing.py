from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.landing import SectionPart

PARTS = (
    SectionPart(
        _("Municipal contracts"),
        _(
            "Self-reliance support for people in hardship, employment preparation and other contracted programs, with their reports."
        ),
    ),
    SectionPart(
        _("Social workplaces"),
        _("Model projects of workplaces where people work together."),
    ),
    SectionPart(
        _("Regional network projects"),
        _("Contracted projects run with W.Cos, Seikatsu Club and citizens."),
    ),
    SectionPart(
        _("Drop-in places and cafés"),
        _("Sites with their daily visits, meals, food support and volunteer hours."),
    ),
)


class IndexView(PermissionRequiredMixin, TemplateView):
    permission_required = "business.view_index"
    template_name = "business/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(parts=PARTS, **kwargs)
