"""What the support section's industry part plugs into registries (audit words, panels,
subject handlers); called from ``SupportConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "industry_meeting.create": _("created the industry meeting"),
    "industry_meeting.invite": _("seated a W.Co of the industry"),
    "shared_issue.raise": _("shared an issue"),
    "shared_issue.update": _("changed the shared issue"),
    "shared_issue.move": _("changed the shared issue's state"),
    "shared_issue.agenda_item": _("drafted an agenda item from the shared issue"),
}


def organization_panel(organization, user):
    """The W.Co's seats on industry meetings and its open issues: for its
    representative, the secretariat and the support section (the panel's permission)."""
    from .selectors import industry as selectors

    seats = selectors.organization_industry_seats(organization=organization)
    issues = selectors.organization_open_issues(organization=organization)
    for seat in seats:
        seat.can_change_delegate = user.has_perm("secretariat.name_delegate", seat)
    return {"organization": organization, "seats": seats, "issues": issues}


def my_panel(person, user):
    """The industry meetings the person sits on as a W.Co's delegate (None hides
    the panel for everyone else)."""
    from .selectors import industry as selectors

    seats = selectors.person_industry_seats(person=person)
    if not seats:
        return None
    return {"seats": seats}


def _decided(*, item, decision, subject, actor):
    """The issue already says it became an agenda item; the decision is the item's."""


def subject_panel_context(*, item, subject, user):
    return {
        "issue": subject,
        "can_open": user.has_perm("support.view_issue", subject),
    }


# What the panels show: seats (the secretariat's BodyMember, the body's name), the
# industry meetings and their issues, and the names of the W.Cos and delegates; not
# the whole support app, whose course applications change all day. Seats begin and
# end by date, so the panels are dated too.
PANEL_DEPENDS_ON = (
    "secretariat.bodymember",
    "secretariat.body",
    "support.industrymeeting",
    "support.sharedissue",
    "members.person",
    "members.organization",
)


def ready():
    from members.panels import MY_PAGE, ORGANIZATION_PAGE, Panel, register_panel
    from secretariat.subjects import SubjectHandler, register_subject_handler
    from wco_sse.core.audit import register_audit_actions

    from .models import SharedIssue

    register_audit_actions(AUDIT_ACTIONS)
    register_panel(
        ORGANIZATION_PAGE,
        Panel(
            "industry-meetings",
            _("Industry meetings"),
            "support/panels/industry_organization.html",
            organization_panel,
            order=62,
            permission="support.view_organization_industry_meetings",
            depends_on=PANEL_DEPENDS_ON,
            dated=True,
        ),
    )
    register_panel(
        MY_PAGE,
        Panel(
            "industry-meetings",
            _("My industry meetings"),
            "support/panels/industry_mine.html",
            my_panel,
            order=44,
            depends_on=PANEL_DEPENDS_ON,
            dated=True,
        ),
    )
    register_subject_handler(
        SharedIssue,
        SubjectHandler(
            decided=_decided,
            panel="support/industry/_subject_panel.html",
            panel_context=subject_panel_context,
        ),
    )
