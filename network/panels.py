"""The network section's panels on the registry's organization page."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.panels import ORGANIZATION_PAGE, Panel, register_panel

from .selectors import organization_contacts
from .selectors_initiatives import organization_initiatives

PANEL_CONTACTS = 10


def _organization_relations(organization, user):
    contacts = organization_contacts(organization=organization, limit=PANEL_CONTACTS)
    return {
        "organization": organization,
        "contacts": contacts,
        "can_add": user.has_perm("network.add_contact", organization),
    }


register_panel(
    ORGANIZATION_PAGE,
    Panel(
        "relations",
        _("Relations"),
        "network/panels/organization_relations.html",
        _organization_relations,
        order=70,
        permission="network.view_contacts",
        depends_on=("network", "members"),
    ),
)


def _organization_initiatives(organization, user):
    initiatives = organization_initiatives(organization)
    return {"initiatives": initiatives} if initiatives else None


register_panel(
    ORGANIZATION_PAGE,
    Panel(
        "initiative",
        pgettext_lazy("panel", "Initiative"),
        "network/panels/organization_initiative.html",
        _organization_initiatives,
        order=71,
        permission="network.change_initiative",
        depends_on=("network", "members"),
    ),
)
