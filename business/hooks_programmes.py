"""What the programmes part of the business section plugs into (file owners, panels,
audit words, subject handlers): imported by `BusinessConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from members.panels import ORGANIZATION_PAGE, Panel, register_panel
from secretariat.subjects import SubjectHandler, register_subject_handler
from wco_sse.core.audit import register_audit_actions
from wco_sse.core.files import register_file_owner

from .models import Programme

AUDIT_ACTIONS = {
    "programme_kind.create": _("added a programme kind"),
    "programme_kind.update": _("changed a programme kind"),
    "programme.create": _("recorded the programme"),
    "programme.update": _("changed the programme"),
    "programme.move": _("changed the programme's state"),
    "programme.partner_add": _("added a partner to the programme"),
    "programme.partner_remove": _("removed a partner from the programme"),
    "programme.draft_item": _("drafted an agenda item on the programme"),
}


def _decided(*, item, decision, subject, actor):
    from .services.programmes import programme_decided

    programme_decided(item=item, decision=decision, subject=subject, actor=actor)


def _subject_panel_context(*, item, subject, user):
    """On the item's page: the programme, for those who may read it."""
    if not user.has_perm("business.view_programme", subject):
        return None
    return {"programme": subject}


def _organization_programmes(organization, user):
    """The programmes, contracts and sites the W.Co takes part in (four queries);
    hidden when it takes part in none. Amounts only for those who read contracts."""
    from .selectors.programmes import organization_programmes

    programmes, contracts, sites = organization_programmes(organization)
    if not (programmes or sites):
        return None
    return {
        "organization": organization,
        "programmes": programmes,
        "contracts": contracts,
        "sites": sites,
        "can_open_contracts": user.has_perm("business.view_contract"),
    }


register_audit_actions(AUDIT_ACTIONS)
register_file_owner(
    Programme, view="business.view_programme", edit="business.manage_programme"
)
register_subject_handler(
    Programme,
    SubjectHandler(
        decided=_decided,
        panel="business/panels/programme_subject.html",
        panel_context=_subject_panel_context,
    ),
)
register_panel(
    ORGANIZATION_PAGE,
    Panel(
        "business-programmes",
        _("Business programmes"),
        "business/panels/organization_programmes.html",
        _organization_programmes,
        order=75,
        permission="business.view_organization_programmes",
        depends_on=("business", "members.organization"),
    ),
)
