"""What the support section's projects part plugs into registries (audit words, panels,
file owners, subject handlers); called from ``SupportConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "project.create": _("recorded the project"),
    "project.update": _("changed the project"),
    "project.move": _("changed the project's state"),
    "project.team": _("made the project team"),
    "project.draft_item": _("drafted an agenda item on the project"),
    "project.from_issue": _("made a project of the issue"),
    "milestone.add": _("added a milestone"),
    "milestone.update": _("changed a milestone"),
    "milestone.done": _("marked a milestone done"),
    "milestone.undone": _("marked a milestone not done"),
    "milestone.delete": _("deleted a milestone"),
}


def _lead_milestones(person, user):
    """The lead's overdue and upcoming milestones (one query); hidden for someone
    who leads nothing open."""
    from .selectors.projects import lead_milestones

    overdue, upcoming = lead_milestones(person=person)
    if not overdue and not upcoming:
        return None
    return {"overdue": overdue, "upcoming": upcoming}


def _subject_panel_context(*, item, subject, user):
    if not user.has_perm("support.view_project", subject):
        return None
    kind = (
        "start"
        if item.pk == subject.start_item_id
        else "close"
        if item.pk == subject.close_item_id
        else ""
    )
    return {"project": subject, "kind": kind}


def _decided(*, item, decision, subject, actor):
    from .services.projects import project_decided

    project_decided(item=item, decision=decision, subject=subject, actor=actor)


def ready():
    from members.panels import MY_PAGE, Panel, register_panel
    from secretariat.subjects import SubjectHandler, register_subject_handler
    from wco_sse.core.audit import register_audit_actions
    from wco_sse.core.files import register_file_owner

    from .models import Project

    register_audit_actions(AUDIT_ACTIONS)
    register_file_owner(
        Project, view="support.view_project", edit="support.manage_project"
    )
    register_subject_handler(
        Project,
        SubjectHandler(
            decided=_decided,
            panel="support/panels/project_subject.html",
            panel_context=_subject_panel_context,
        ),
    )
    register_panel(
        MY_PAGE,
        Panel(
            "project-milestones",
            _("Milestones of my projects"),
            "support/panels/project_milestones.html",
            _lead_milestones,
            order=45,
            # The milestones and the projects (their lead, state, title), and the
            # day: a milestone becomes overdue at midnight.
            depends_on=("support.milestone", "support.project"),
            dated=True,
        ),
    )
