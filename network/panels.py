"""The network section's panels on the registry's organization page."""

from django.utils.translation import gettext_lazy as _

from members.panels import ORGANIZATION_PAGE, Panel, register_panel

from .selectors import organization_contacts

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
