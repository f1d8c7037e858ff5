import dataclasses

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wco_sse.core.landing import SectionPart

# The section's parts, each with its page and the permission that page needs (None:
# open to everyone). A part the viewer may not open is listed without a link, marked
# as for those involved.
PARTS = (
    (
        SectionPart(
            _("W.Co School"),
            _(
                "Start-up support and management training courses run by the operating committee."
            ),
            reverse_lazy("support:course_list"),
        ),
        None,
    ),
    (
        SectionPart(
            _("Consultation desk"),
            _(
                "Consultations from citizens and W.Cos, including the finance consultation desk, with appointment slots."
            ),
            reverse_lazy("support:consultation_home"),
        ),
        None,
    ),
    (
        SectionPart(
            _("Industry meetings"),
            _("Meetings per industry to share problems, learn together and cooperate."),
            reverse_lazy("support:industry_list"),
        ),
        "support.view_industry_meetings",
    ),
    (
        SectionPart(
            _("Projects"),
            _("Projects formed when a specialist question needs one."),
            reverse_lazy("support:project_list"),
        ),
        "support.view_projects",
    ),
    (
        SectionPart(
            _("Talent bank and skill registry"),
            _("People and skills the W.Cos can call on."),
            reverse_lazy("support:talent_my_profile"),
        ),
        "support.keep_own_talent_profile",
    ),
)


def parts_for(user):
    return [
        part
        if permission is None or user.has_perm(permission)
        else dataclasses.replace(part, url="", restricted=True)
        for part, permission in PARTS
    ]


class IndexView(TemplateView):
    template_name = "support/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(parts=parts_for(self.request.user), **kwargs)
