"""What the sites part of the business section plugs into (file owners, panels,
audit words, subject handlers): imported by `BusinessConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from members.panels import MY_PAGE, Panel, register_panel
from wco_sse.core.audit import register_audit_actions
from wco_sse.core.files import register_file_owner

from .models import FundingCondition, Site

AUDIT_ACTIONS = {
    "business_site.create": _("recorded the site"),
    "business_site.update": _("changed the site"),
    "business_site.condition_add": _("added a funding condition to the site"),
    "business_site.condition_update": _("changed a funding condition of the site"),
    "business_site.condition_delete": _("removed a funding condition of the site"),
    "business_site.recorder_add": _("named a recorder of the site"),
    "business_site.recorder_end": _("ended a recorder's term at the site"),
    "business_session.create": _("recorded a session"),
    "business_session.update": _("changed a session"),
    "business_session_type.create": _("added a session type"),
    "business_session_type.update": _("changed a session type"),
}


def _my_sites(person, user):
    """The open sites the person records today, each with a button for today's
    session; hidden for someone who records none."""
    from .selectors.sites import recorder_sites

    sites = recorder_sites(person=person)
    if not sites:
        return None
    return {"sites": sites}


register_audit_actions(AUDIT_ACTIONS)
register_file_owner(Site, view="business.view_site", edit="business.manage_site")
register_file_owner(
    FundingCondition,
    view="business.view_condition",
    edit="business.manage_condition",
)
register_panel(
    MY_PAGE,
    Panel(
        "business-my-sites",
        _("My sites"),
        "business/sites/panels/my_sites.html",
        _my_sites,
        # Near the top: a recorder comes to enter today's session.
        order=8,
        # The sites, who records them, and today's sessions; and the day.
        depends_on=("business.site", "business.siterecorder", "business.session"),
        dated=True,
    ),
)
