from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wco_sse.core.landing import SectionPart

PARTS = (
    SectionPart(
        _("W.Co School"),
        _(
            "Start-up support and management training courses run by the operating committee."
        ),
        reverse_lazy("support:course_list"),
    ),
    SectionPart(
        _("Consultation desk"),
        _(
            "Consultations from citizens and W.Cos, including the finance consultation desk, with appointment slots."
        ),
        reverse_lazy("support:consultation_home"),
    ),
    SectionPart(
        _("Industry meetings"),
        _("Meetings per industry to share problems, learn together and cooperate."),
    ),
    SectionPart(
        _("Projects"),
        _("Projects formed when a specialist question needs one."),
    ),
    SectionPart(
        _("Talent bank and skill registry"),
        _("People and skills the W.Cos can call on."),
    ),
)


class IndexView(TemplateView):
    template_name = "support/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(parts=PARTS, **kwargs)
