"""Projects' services: recording one (from an issue too), its states, its team,
milestones, and the agenda items that start and close it."""

import datetime

import pytest
from django.utils import timezone

from secretariat.models import AgendaItem, Body, BodyMember, Source
from support.models import Milestone, Project, SharedIssue
from support.services import projects as services
from wco_sse.core.errors import ServiceError
from wco_sse.core.models import AuditEntry

from .helpers import decide, milestone, person, project, shared_issue

pytestmark = pytest.mark.django_db


def test_a_project_is_recorded_as_proposed(demo):
    made = project(demo)
    assert made.state == Project.State.PROPOSED
    assert made.lead == person(demo, "member")
    assert AuditEntry.objects.filter(action="project.create").exists()


def test_only_the_section_and_the_secretariat_record_projects(demo):
    with pytest.raises(ServiceError):
        project(demo, by="member")
    with pytest.raises(ServiceError):
        project(demo, by="board")
    assert project(demo, by="staff").pk


def test_an_end_before_the_start_is_refused_at_the_field(demo):
    today = timezone.localdate()
    with pytest.raises(ServiceError) as refused:
        project(demo, start=today, planned_end=today - datetime.timedelta(days=1))
    assert refused.value.field == "planned_end"
    assert not Project.objects.exists()


def test_a_project_from_an_issue_makes_the_issue_a_project(demo):
    issue = shared_issue(demo)
    made = project(demo, origin=Project.Origin.ISSUE, origin_issue=issue)
    issue.refresh_from_db()
    assert issue.state == SharedIssue.State.PROJECT
    assert issue.project == made
    assert made.origin_issue == issue


def test_a_closed_issue_makes_no_project_and_nothing_is_saved(demo):
    issue = shared_issue(demo, state=SharedIssue.State.CLOSED)
    with pytest.raises(ServiceError) as refused:
        project(demo, origin=Project.Origin.ISSUE, origin_issue=issue)
    assert refused.value.field == "origin_issue"
    assert not Project.objects.exists()
    issue.refresh_from_db()
    assert issue.project is None


def test_a_consultation_topic_is_a_choice_and_references_are_cleared(demo):
    issue = shared_issue(demo)
    made = project(
        demo, origin=Project.Origin.TOPIC, origin_topic="labour", origin_issue=issue
    )
    assert made.origin_topic == "labour"
    assert made.origin_issue is None
    with pytest.raises(ServiceError) as refused:
        project(demo, origin=Project.Origin.TOPIC, origin_topic="case-42")
    assert refused.value.field == "origin_topic"


def test_a_board_decision_must_be_an_adopted_board_item(demo):
    from tests.secretariat.helpers import item

    draft = item(demo)
    with pytest.raises(ServiceError) as refused:
        project(demo, origin=Project.Origin.DECISION, origin_item=draft)
    assert refused.value.field == "origin_item"


def test_states_follow_the_transitions(demo):
    made = project(demo)
    with pytest.raises(ServiceError):
        services.project_move(
            actor=demo["support"], project=made, to_state=Project.State.ACTIVE
        )
    for state in (
        Project.State.APPROVED,
        Project.State.ACTIVE,
        Project.State.REPORTED,
        Project.State.CLOSED,
    ):
        made = services.project_move(
            actor=demo["support"], project=made, to_state=state
        )
    assert made.state == Project.State.CLOSED
    with pytest.raises(ServiceError):
        services.project_move(
            actor=demo["support"], project=made, to_state=Project.State.ACTIVE
        )


def test_the_lead_moves_their_project_and_others_may_not(demo):
    made = project(demo, lead="member")
    services.project_move(
        actor=demo["support"], project=made, to_state=Project.State.APPROVED
    )
    services.project_move(
        actor=demo["member"], project=made, to_state=Project.State.ACTIVE
    )
    with pytest.raises(ServiceError):
        services.project_move(
            actor=demo["rep"], project=made, to_state=Project.State.REPORTED
        )


def test_the_lead_alone_does_not_approve_their_project(demo):
    """Approval is the section's or the board's: the lead who is no coordinator
    neither sees the button nor gets the move."""
    made = project(demo, lead="member")
    assert Project.State.APPROVED not in services.manual_next_states(
        demo["member"], made
    )
    with pytest.raises(ServiceError) as refused:
        services.project_move(
            actor=demo["member"], project=made, to_state=Project.State.APPROVED
        )
    assert refused.value.field == "state"
    made.refresh_from_db()
    assert made.state == Project.State.PROPOSED


def test_an_item_asking_the_board_to_start_the_project_waits_for_its_decision(demo):
    made = project(demo)
    services.project_draft_item(actor=demo["support"], project=made, kind="start")
    made.refresh_from_db()
    assert Project.State.APPROVED not in services.manual_next_states(
        demo["support"], made
    )
    with pytest.raises(ServiceError):
        services.project_move(
            actor=demo["support"], project=made, to_state=Project.State.APPROVED
        )
    made.refresh_from_db()
    assert made.state == Project.State.PROPOSED


def test_the_team_is_a_support_body_with_the_lead_seated(demo):
    made = project(demo)
    body = services.project_team_create(actor=demo["support"], project=made)
    made.refresh_from_db()
    assert made.team == body
    assert body.section == "support"
    assert body.category == Body.Category.PROJECT_TEAM
    assert body.name == f"{made.title} project team"
    assert BodyMember.objects.filter(body=body, person=made.lead).exists()
    with pytest.raises(ServiceError):
        services.project_team_create(actor=demo["support"], project=made)
    assert Body.objects.filter(category=Body.Category.PROJECT_TEAM).count() == 1


def test_milestones_are_added_marked_and_deleted(demo):
    made = project(demo)
    due = timezone.localdate() - datetime.timedelta(days=1)
    added = services.milestone_add(
        actor=demo["member"], project=made, title="アンケート", due=due
    )
    assert added.is_overdue
    done = services.milestone_mark(actor=demo["member"], milestone=added, done=True)
    assert done.is_done and not done.is_overdue
    undone = services.milestone_mark(actor=demo["member"], milestone=done, done=False)
    assert undone.done_on is None
    services.milestone_update(
        actor=demo["member"], milestone=undone, title="調査", due=due, note="延期"
    )
    services.milestone_delete(actor=demo["member"], milestone=undone)
    assert not Milestone.objects.exists()
    with pytest.raises(ServiceError) as refused:
        services.milestone_add(actor=demo["member"], project=made, title=" ", due=due)
    assert refused.value.field == "title"


def test_drafting_the_start_item_links_it(demo):
    made = project(demo)
    item = services.project_draft_item(
        actor=demo["support"], project=made, kind="start"
    )
    made.refresh_from_db()
    assert made.start_item == item
    assert item.source == Source.SUPPORT
    assert item.kind == AgendaItem.Kind.DELIBERATION
    assert made.title in item.title
    assert made.question in item.body
    assert item.subject_id == made.pk
    with pytest.raises(ServiceError):
        services.project_draft_item(actor=demo["support"], project=made, kind="start")


def test_the_close_item_waits_for_a_project_in_progress(demo):
    made = project(demo)
    with pytest.raises(ServiceError):
        services.project_draft_item(actor=demo["support"], project=made, kind="close")
    assert not AgendaItem.objects.filter(subject_id=made.pk).exists()


def test_adopting_the_start_item_approves_the_project(demo):
    made = project(demo)
    item = services.project_draft_item(
        actor=demo["support"], project=made, kind="start"
    )
    decide(demo, item)
    made.refresh_from_db()
    assert made.state == Project.State.APPROVED


def test_receiving_the_close_report_closes_the_project(demo):
    made = project(demo, state=Project.State.REPORTED)
    item = services.project_draft_item(
        actor=demo["support"], project=made, kind="close"
    )
    assert item.kind == AgendaItem.Kind.REPORT
    decide(demo, item, result="report")
    made.refresh_from_db()
    assert made.state == Project.State.CLOSED


def test_a_deferred_start_item_changes_nothing(demo):
    made = project(demo)
    item = services.project_draft_item(
        actor=demo["support"], project=made, kind="start"
    )
    decide(demo, item, result="defer")
    made.refresh_from_db()
    assert made.state == Project.State.PROPOSED


def test_an_output_is_attached_by_the_lead(demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.permission_vocabulary import PDF_BYTES
    from wco_sse.core.files import files_attached_to

    made = project(demo)
    services.project_file_attach(
        actor=demo["member"],
        project=made,
        uploaded=SimpleUploadedFile("manual.pdf", PDF_BYTES, "application/pdf"),
        description="衛生管理マニュアル",
    )
    assert [f.original_name for f in files_attached_to(made)] == ["manual.pdf"]
    with pytest.raises(ServiceError):
        services.project_file_attach(
            actor=demo["rep"],
            project=made,
            uploaded=SimpleUploadedFile("x.pdf", PDF_BYTES, "application/pdf"),
        )


def test_milestone_helper_counts_as_overdue(demo):
    made = project(demo)
    assert milestone(made, days=-3).is_overdue


def test_the_lead_keeps_their_project_but_does_not_hand_it_on(demo):
    """A lead who is no coordinator edits the project but cannot name another lead
    (they would lose the project's page); the section can."""
    made = project(demo, lead="member")
    data = {
        "title": made.title,
        "question": made.question,
        "origin": made.origin,
        "origin_topic": made.origin_topic,
        "lead": person(demo, "rep"),
        "start": made.start,
        "planned_end": made.planned_end,
        "report": "",
    }
    with pytest.raises(ServiceError) as refused:
        services.project_update(actor=demo["member"], project=made, data=data)
    assert refused.value.field == "lead"
    made.refresh_from_db()
    assert made.lead == person(demo, "member")
    services.project_update(
        actor=demo["member"],
        project=made,
        data={**data, "lead": made.lead, "title": "新"},
    )
    made.refresh_from_db()
    assert made.title == "新"
    services.project_update(actor=demo["support"], project=made, data=data)
    made.refresh_from_db()
    assert made.lead == person(demo, "rep")
