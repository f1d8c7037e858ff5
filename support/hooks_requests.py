"""What the support section's requests part plugs into registries (audit words, panels,
file owners, subject handlers); called from ``SupportConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "talent_request.create": _("asked for people"),
    "talent_request.edit": _("changed the request for people"),
    "talent_request.close": _("closed the request for people"),
    "talent_proposal.propose": _("proposed a candidate"),
    "talent_proposal.agree": _("agreed to the proposal"),
    "talent_proposal.decline": _("declined the proposal"),
    "talent_proposal.meeting": _("arranged a trial or interview"),
    "talent_proposal.hired": _("recorded the hiring"),
    "talent_proposal.not_hired": _("recorded that it did not work out"),
    "talent_proposal.withdraw": _("withdrew the proposal"),
}


def _proposals_to_me(person, user):
    from .selectors.matching import proposals_to_person

    proposals = proposals_to_person(person_id=person.pk)
    if not proposals:
        return None
    return {"proposals": proposals}


def _my_requests(person, user):
    from .selectors.matching import talent_requests_of

    requests = talent_requests_of(user=user)
    if not requests:
        return None
    return {"talent_requests": requests}


def ready():
    from members.panels import MY_PAGE, Panel, register_panel
    from wco_sse.core.audit import register_audit_actions

    register_audit_actions(AUDIT_ACTIONS)
    register_panel(
        MY_PAGE,
        Panel(
            "talent-proposals",
            _("Proposals to me"),
            "support/panels/request_proposals_to_me.html",
            _proposals_to_me,
            order=55,
            depends_on=("support.talentproposal", "support.talentrequest"),
        ),
    )
    register_panel(
        MY_PAGE,
        Panel(
            "talent-requests",
            _("My requests for people"),
            "support/panels/request_my_requests.html",
            _my_requests,
            order=56,
            permission="support.request_talent",
            depends_on=("support.talentrequest", "support.talentproposal"),
        ),
    )
