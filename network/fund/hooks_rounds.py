"""What the fund's rounds part plugs into registries (called from ``NetworkConfig.ready()``):
page parts (``network.fund.parts``), panels, file owners, audit words, handlers."""

from django.utils.translation import gettext_lazy as _


def _organization_fund(organization, user):
    from .selectors_rounds import organization_applications

    applications = organization_applications(organization)
    if not applications:
        return None
    return {"organization": organization, "applications": applications}


AUDIT_ACTIONS = {
    "fund.programme_create": _("created a fund programme"),
    "fund.programme_update": _("changed a fund programme"),
    "fund.round_create": _("created a fund round"),
    "fund.round_update": _("changed a fund round"),
    "fund.round_allocate": _("allocated budget to a fund round"),
    "fund.round_publish": _("published a fund round"),
    "fund.round_review": _("started the review of a fund round"),
    "fund.round_close": _("closed a fund round"),
    "fund.application_start": _("started a fund application"),
    "fund.application_save": _("saved a fund application"),
    "fund.application_submit": _("submitted a fund application"),
    "fund.application_withdraw": _("withdrew a fund application"),
}


def register():
    from members.panels import ORGANIZATION_PAGE, Panel, register_panel
    from wco_sse.core.audit import register_audit_actions
    from wco_sse.core.files import register_file_owner

    from .models import FundApplication

    register_file_owner(
        FundApplication,
        view="network.view_fund_application",
        edit="network.edit_fund_application",
    )
    register_audit_actions(AUDIT_ACTIONS)
    register_panel(
        ORGANIZATION_PAGE,
        Panel(
            "fund",
            _("Social Solidarity Economy Fund"),
            "network/fund/rounds/panel_organization.html",
            _organization_fund,
            order=72,
            permission="network.view_fund_applications_of",
            depends_on=("network", "members"),
        ),
    )
