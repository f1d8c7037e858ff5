import dataclasses

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.landing import SectionPart

# The section's parts: each with its page (a URL name) and the permission that page
# needs. A part the viewer may not open is listed without a link, marked as for those
# involved; a page not built yet is marked as in preparation.
PARTS = (
    (
        SectionPart(
            pgettext_lazy("business", "Programmes"),
            _(
                "Municipal contracts, social workplaces, regional network projects, places and cafés: each programme with its partners, documents and the board's decisions."
            ),
        ),
        "business:programme_list",
        "business.view_programme_list",
    ),
    (
        SectionPart(
            _("Contracts and money"),
            _(
                "Contracts with the municipalities: budget, expenses, settlement, the people who handle personal information, incidents."
            ),
        ),
        "business:contract_list",
        "business.view_contract",
    ),
    (
        SectionPart(
            _("Period reports"),
            _(
                "Each period's report to the client (a month, a quarter or the year): the indicators' counts and rates, submission and acceptance, and the client's own spreadsheet filled in."
            ),
        ),
        "business:report_list",
        "business.view_report",
    ),
    (
        SectionPart(
            _("Places"),
            _(
                "Drop-in places, cafés, children's diners and pantries, with their sessions: visits, meals, food support and volunteer hours."
            ),
        ),
        "business:site_list",
        "business.view_site_list",
    ),
    (
        SectionPart(
            _("Indicator sets"),
            _(
                "What the period reports count, per kind of programme, versioned when a definition changes."
            ),
        ),
        "business:indicator_set_list",
        "business.view_indicators",
    ),
    (
        SectionPart(
            _("Programme kinds"),
            _(
                "The kinds of programme the section runs: a new kind is added here, no change to the portal needed."
            ),
        ),
        "business:kind_list",
        "business.manage_kinds",
    ),
    (
        SectionPart(
            _("Session types"),
            _(
                "What the places' sessions are recorded as (diner, pantry, study support …): add, rename or retire a type here."
            ),
        ),
        "business:session_type_list",
        "business.manage_session_types",
    ),
)


def _url(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def parts_for(user):
    parts = []
    for part, url_name, permission in PARTS:
        url = _url(url_name)
        if not url:
            parts.append(part)  # not built yet: in preparation
        elif user.has_perm(permission):
            parts.append(dataclasses.replace(part, url=url))
        else:
            parts.append(dataclasses.replace(part, restricted=True))
    return parts


class IndexView(PermissionRequiredMixin, TemplateView):
    permission_required = "business.view_index"
    template_name = "business/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(parts=parts_for(self.request.user), **kwargs)
