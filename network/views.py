from django.http import JsonResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from members import pickers
from members.models import Section
from secretariat.selectors import section_bodies_for
from wco_sse.core.landing import SectionPart
from wco_sse.core.views import CachedPageMixin

from .selectors import contact_people

# The section's parts (its councils are listed above them, as bodies), each with the permission its page needs (None: no page yet).
# A part whose page the viewer may not open is left out.
PARTS = (
    (
        SectionPart(
            _("Social Solidarity Economy Fund"),
            _(
                "Contributions, applications for grants and loans, reviews, decisions and the ledger."
            ),
        ),
        None,
    ),
    (
        SectionPart(
            _("Policy and research"),
            _(
                "Links with the capital and public sectors, policy proposals and research."
            ),
            reverse_lazy("network:proposal_list"),
        ),
        "network.view_proposals",
    ),
    (
        SectionPart(
            _("Co-operative links"),
            _("Work with workers' co-ops and other co-operatives."),
        ),
        None,
    ),
    (
        SectionPart(
            _("Contact log"),
            _(
                "Contacts with co-ops, municipalities, companies, finance and other co-operatives, with their follow-ups."
            ),
            reverse_lazy("network:contact_list"),
        ),
        "network.view_contacts",
    ),
    (
        SectionPart(
            _("New W.Cos and associations"),
            _(
                "Groups followed from an idea to a working organization and on: stages, support given, next steps."
            ),
            reverse_lazy("network:initiative_list"),
        ),
        "network.view_initiatives",
    ),
)


def parts_for(user):
    return [
        part
        for part, permission in PARTS
        if permission is None or user.has_perm(permission)
    ]


class IndexView(PermissionRequiredMixin, CachedPageMixin, TemplateView):
    permission_required = "network.view_index"
    template_name = "network/index.html"
    # The section's bodies and their next meetings (the secretariat's).
    page_depends_on = ("network", "secretariat", "members")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            parts=parts_for(self.request.user),
            bodies=section_bodies_for(user=self.request.user, section=Section.NETWORK),
            **kwargs,
        )


class PersonPickView(PermissionRequiredMixin, View):
    """The person picker of the section's forms (members.pickers), for those who keep
    its records: the initiative's founders in the registry (``scope`` empty), or "our
    people" of a contact (``scope=ours``: the section's members and the secretariat).
    The registry-wide picker of people's records stays the secretariat's."""

    permission_required = "network.pick_people"

    def get(self, request):
        within = contact_people() if request.GET.get("scope") == "ours" else None
        people = pickers.people_matching(request.GET.get("q", ""), within=within)
        response = JsonResponse(
            {"results": [pickers.person_choice(person) for person in people]}
        )
        response["Cache-Control"] = "private, no-store"
        return response
