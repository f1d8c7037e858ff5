"""Projects (各種プロジェクト): recording one (from an industry meeting's issue, a board
decision or a consultation topic), its team, milestones, outputs, its state, and the
agenda items that start and close it.

Lock order within the support section: SharedIssue → Project → Milestone (an issue
becomes a project; a project is a milestone's parent). The secretariat's rows (the
team body, the agenda item) come first where a service takes both.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Section
from secretariat.models import AgendaItem, Body, BodyMember, Source
from secretariat.services import (
    agenda_item_create_within,
    draftable_sources,
    section_body_create_within,
)
from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.files import file_attach
from wco_sse.core.transactions import service_transaction

from ..models import Consultation, Milestone, Project, SharedIssue

# What the form and the service read and write (the rest is the service's own).
PROJECT_FIELDS = (
    "title",
    "question",
    "origin",
    "origin_issue",
    "origin_item",
    "origin_topic",
    "origin_note",
    "lead",
    "start",
    "planned_end",
)
EDIT_FIELDS = (*PROJECT_FIELDS, "report")
ITEM_KINDS = ("start", "close")


def _lock_project(pk) -> Project:
    return Project.objects.select_for_update(of=("self",)).get(pk=pk)


def _lock_issue(pk) -> SharedIssue:
    return SharedIssue.objects.select_for_update(of=("self",)).get(pk=pk)


def decided_board_items():
    """Board decisions a project may come from: adopted items of a board meeting."""
    return AgendaItem.objects.filter(
        status__in=AgendaItem.ADOPTED, meeting__body__kind=Body.Kind.BOARD
    )


def _check_origin(actor, data):
    """The origin and its one reference; the other references are cleared."""
    origin = data.get("origin") or Project.Origin.OTHER
    if origin not in Project.Origin.values:
        raise ServiceError(_("Choose where the project came from."), field="origin")
    issue = data.get("origin_issue") if origin == Project.Origin.ISSUE else None
    item = data.get("origin_item") if origin == Project.Origin.DECISION else None
    topic = data.get("origin_topic", "") if origin == Project.Origin.TOPIC else ""
    if origin == Project.Origin.ISSUE and (
        issue is None or not actor.has_perm("support.view_issue", issue)
    ):
        raise ServiceError(
            _("Choose the industry meeting's issue."), field="origin_issue"
        )
    if origin == Project.Origin.DECISION and (
        item is None or not decided_board_items().filter(pk=item.pk).exists()
    ):
        raise ServiceError(
            _("Choose an agenda item the board adopted."), field="origin_item"
        )
    if origin == Project.Origin.TOPIC and topic not in Consultation.Topic.values:
        raise ServiceError(_("Choose the consultation topic."), field="origin_topic")
    return {
        "origin": origin,
        "origin_issue": issue,
        "origin_item": item,
        "origin_topic": topic,
    }


def _check_fields(data):
    title = (data.get("title") or "").strip()
    if not title:
        raise ServiceError(_("Give the project a title."), field="title")
    if not (data.get("question") or "").strip():
        raise ServiceError(_("Write the specialist question."), field="question")
    if data.get("lead") is None:
        raise ServiceError(_("Choose the project's lead."), field="lead")
    start, end = data.get("start"), data.get("planned_end")
    if start and end and end < start:
        raise ServiceError(
            _("The planned end comes before the start."), field="planned_end"
        )


def _values(actor, data, names):
    _check_fields(data)
    values = {name: data.get(name) for name in names if name in data}
    values.update(_check_origin(actor, data))
    values["title"] = values["title"].strip()
    values["origin_note"] = (data.get("origin_note") or "").strip()
    for name in ("start", "planned_end"):
        values[name] = data.get(name)
    return values


def project_create(*, actor, data) -> Project:
    """Record a project (提案). Made from an industry meeting's issue, the issue
    becomes a project (プロジェクト化) and names it, in the same transaction."""
    require(actor, "support.create_project")
    values = _values(actor, data, PROJECT_FIELDS)
    with service_transaction():
        issue = values["origin_issue"]
        if issue is not None:
            issue = _lock_issue(issue.pk)
            if issue.state not in SharedIssue.OPEN_STATES:
                raise ServiceError(
                    _("This issue is no longer open (it is %(state)s).")
                    % {"state": issue.get_state_display()},
                    field="origin_issue",
                )
            values["origin_issue"] = issue
        project = Project.objects.create(created_by=actor, **values)
        if issue is not None:
            issue.state = SharedIssue.State.PROJECT
            issue.project = project
            issue.save(update_fields=["state", "project", "updated_at"])
            audit_record(
                actor=actor,
                action="project.from_issue",
                target=issue,
                data={"project": project.pk},
            )
        audit_record(actor=actor, action="project.create", target=project)
    return project


def project_update(*, actor, project, data) -> Project:
    """Change what the project is (not its state, nor what it came from once it came
    from an issue: that issue names it)."""
    require(actor, "support.manage_project", project)
    with service_transaction():
        locked = _lock_project(project.pk)
        if locked.origin_issue_id is not None:
            data = {
                **data,
                "origin": Project.Origin.ISSUE,
                "origin_issue": locked.origin_issue,
            }
        values = _values(actor, data, EDIT_FIELDS)
        if values.get("lead") not in (None, locked.lead) and not actor.has_perm(
            "support.create_project"
        ):
            raise ServiceError(
                _("The support section or the secretariat names the project's lead."),
                field="lead",
            )
        values["report"] = (data.get("report") or "").strip()
        changed = [n for n, v in values.items() if getattr(locked, n) != v]
        for name in changed:
            setattr(locked, name, values[name])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
            audit_record(
                actor=actor,
                action="project.update",
                target=locked,
                message=", ".join(sorted(changed)),
            )
    return locked


def _move_within(*, actor, project, to_state, why=""):
    from_state = project.state
    if to_state not in project.next_states():
        raise ServiceError(
            _("A project %(from)s cannot become %(to)s.")
            % {
                "from": project.get_state_display(),
                "to": Project.State(to_state).label
                if to_state in Project.State.values
                else to_state,
            },
            field="state",
        )
    project.state = to_state
    project.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action="project.move",
        target=project,
        message=why,
        data={"from": from_state, "to": to_state},
    )
    return project


def may_approve_by_hand(actor, project) -> bool:
    """Approval is the coordinators' (the section, the secretariat), not the lead's
    alone, and waits for the board while an item asking it to start the project is
    on its way (the item's decision approves it)."""
    return actor.has_perm("support.create_project") and project.start_item_id is None


def manual_next_states(actor, project) -> list:
    """The states ``actor`` may move ``project`` to by hand."""
    return [
        Project.State(state)
        for state in project.next_states()
        if state != Project.State.APPROVED or may_approve_by_hand(actor, project)
    ]


def project_move(*, actor, project, to_state) -> Project:
    """Move the project on, as ``Project.TRANSITIONS`` allow; approval by hand as
    ``may_approve_by_hand`` says."""
    require(actor, "support.manage_project", project)
    with service_transaction():
        locked = _lock_project(project.pk)
        if to_state == Project.State.APPROVED and not may_approve_by_hand(
            actor, locked
        ):
            raise ServiceError(
                _(
                    "The project is approved by the support section or by the board's decision on the item that starts it."
                ),
                field="state",
            )
        return _move_within(actor=actor, project=locked, to_state=to_state)


def team_name(project) -> str:
    return _("%(title)s project team") % {"title": project.title}


def project_team_create(*, actor, project) -> Body:
    """Make the project's team (a support-section body, category プロジェクトチーム)
    and seat the lead on it; its meetings and minutes are the secretariat's."""
    require(actor, "support.manage_project", project)
    with service_transaction():
        locked = _lock_project(project.pk)
        if locked.team_id is not None:
            raise ServiceError(_("The project already has a team."))
        body = section_body_create_within(
            actor=actor,
            section=Section.SUPPORT,
            category=Body.Category.PROJECT_TEAM,
            name=team_name(locked)[:100],
            description=locked.question[:1000],
        )
        # A new body has no seats yet: the lead takes the first one.
        BodyMember.objects.create(
            body=body, person=locked.lead, start=timezone.localdate()
        )
        audit_record(
            actor=actor, action="body.member_add", target=body, message=str(locked.lead)
        )
        locked.team = body
        locked.save(update_fields=["team", "updated_at"])
        audit_record(
            actor=actor, action="project.team", target=locked, data={"body": body.pk}
        )
    return body


# --- Milestones ---------------------------------------------------------------------------


def _check_milestone(title, due):
    if not (title or "").strip():
        raise ServiceError(_("Give the milestone a title."), field="title")
    if not isinstance(due, datetime.date):
        raise ServiceError(_("Give the milestone's due date."), field="due")


def milestone_add(*, actor, project, title, due, note="") -> Milestone:
    require(actor, "support.manage_project", project)
    _check_milestone(title, due)
    with service_transaction():
        locked = _lock_project(project.pk)
        milestone = Milestone.objects.create(
            project=locked, title=title.strip(), due=due, note=(note or "").strip()
        )
        audit_record(
            actor=actor, action="milestone.add", target=locked, message=milestone.title
        )
    return milestone


def _lock_milestone(milestone) -> tuple[Project, Milestone]:
    """The project locked, then the milestone (still the project's)."""
    project = _lock_project(milestone.project_id)
    locked = Milestone.objects.select_for_update(of=("self",)).get(
        pk=milestone.pk, project=project
    )
    return project, locked


def milestone_update(*, actor, milestone, title, due, note="") -> Milestone:
    require(actor, "support.manage_project", milestone.project)
    _check_milestone(title, due)
    with service_transaction():
        project, locked = _lock_milestone(milestone)
        locked.title, locked.due, locked.note = title.strip(), due, (note or "").strip()
        locked.save(update_fields=["title", "due", "note"])
        audit_record(
            actor=actor, action="milestone.update", target=project, message=locked.title
        )
    return locked


def milestone_mark(*, actor, milestone, done: bool, day=None) -> Milestone:
    """Mark the milestone done (today, or ``day``) or not done again."""
    require(actor, "support.manage_project", milestone.project)
    with service_transaction():
        project, locked = _lock_milestone(milestone)
        locked.done_on = (day or timezone.localdate()) if done else None
        locked.save(update_fields=["done_on"])
        audit_record(
            actor=actor,
            action="milestone.done" if done else "milestone.undone",
            target=project,
            message=locked.title,
        )
    return locked


def milestone_delete(*, actor, milestone) -> None:
    require(actor, "support.manage_project", milestone.project)
    with service_transaction():
        project, locked = _lock_milestone(milestone)
        title = locked.title
        locked.delete()
        audit_record(
            actor=actor, action="milestone.delete", target=project, message=title
        )


# --- Outputs --------------------------------------------------------------------------------


def project_file_attach(*, actor, project, uploaded, description=""):
    """Keep an output of the project (a report, a manual, a survey)."""
    require(actor, "support.manage_project", project)
    with service_transaction():
        locked = _lock_project(project.pk)
        return file_attach(
            actor=actor, target=locked, uploaded=uploaded, description=description
        )


# --- Agenda items ---------------------------------------------------------------------------


def item_title(project, kind) -> str:
    if kind == "start":
        text = _("Approval of the project “%(title)s”")
    else:
        text = _("Report and close of the project “%(title)s”")
    return (text % {"title": project.title})[:200]


def item_body(project, kind) -> str:
    lines = [
        _("Specialist question: %(question)s") % {"question": project.question},
        _("Lead: %(lead)s") % {"lead": project.lead.full_name},
    ]
    if project.start or project.planned_end:
        lines.append(
            _("Period: %(start)s – %(end)s")
            % {
                "start": project.start.isoformat() if project.start else "—",
                "end": project.planned_end.isoformat() if project.planned_end else "—",
            }
        )
    if kind == "close" and project.report:
        lines.append(_("Report: %(report)s") % {"report": project.report})
    return "\n\n".join(lines)


def project_draft_item(*, actor, project, kind) -> AgendaItem:
    """Draft the agenda item that starts the project (for decision: 承認) or closes
    it (a report: 報告), about the project, pre-filled and linked to it."""
    require(actor, "support.manage_project", project)
    if kind not in ITEM_KINDS:
        raise ServiceError(_("Choose which agenda item to draft."), field="kind")
    sources = draftable_sources(actor)
    source = Source.SUPPORT if Source.SUPPORT in sources else Source.SECRETARIAT
    with service_transaction():
        locked = _lock_project(project.pk)
        field = f"{kind}_item"
        if getattr(locked, f"{field}_id") is not None:
            raise ServiceError(_("That agenda item has already been drafted."))
        if kind == "start" and locked.state != Project.State.PROPOSED:
            raise ServiceError(_("Only a proposed project is put to the board."))
        if kind == "close" and locked.state not in (
            Project.State.ACTIVE,
            Project.State.REPORTED,
        ):
            raise ServiceError(
                _("Only a project in progress or reported is closed by a report.")
            )
        item = agenda_item_create_within(
            actor=actor,
            source=source,
            kind=AgendaItem.Kind.DELIBERATION
            if kind == "start"
            else AgendaItem.Kind.REPORT,
            title=item_title(locked, kind),
            body=item_body(locked, kind),
            subject=locked,
        )
        setattr(locked, field, item)
        locked.save(update_fields=[field, "updated_at"])
        audit_record(
            actor=actor,
            action="project.draft_item",
            target=locked,
            message=kind,
            data={"item": item.pk},
        )
    return item


def project_decided(*, item, decision, subject, actor) -> None:
    """The subject handler: inside the decision's transaction, an adopted start item
    approves a proposed project; an adopted (or reported) close item closes it."""
    outcome = decision.outcome
    locked = _lock_project(subject.pk)
    if item.pk == locked.start_item_id:
        if outcome in AgendaItem.ADOPTED and locked.state == Project.State.PROPOSED:
            _move_within(
                actor=actor,
                project=locked,
                to_state=Project.State.APPROVED,
                why=item.title,
            )
    elif item.pk == locked.close_item_id:
        done = (*AgendaItem.ADOPTED, AgendaItem.Status.REPORTED)
        if outcome in done and locked.state != Project.State.CLOSED:
            _move_within(
                actor=actor,
                project=locked,
                to_state=Project.State.CLOSED,
                why=item.title,
            )
