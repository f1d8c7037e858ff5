"""Hostile input to the projects' forms (see ``forms_helpers``): dates out of range,
an end before the start, unknown origins and people, long text, direction controls.
Saved or refused with a message, never a server error; a refusal changes nothing."""

import pytest

from support.models import Milestone, Project, SharedIssue
from tests.hostile.forms_helpers import FormCase, row_of, run_case
from wco_sse.core.models import AuditEntry


def _person(demo, role):
    return demo.ctx.accounts[f"{role}@example.org"]


def project_values(demo, made):
    return {
        "title": "衛生管理マニュアルづくり",
        "question": "小規模事業所で続けられる手順は何か。",
        "origin": "topic",
        "origin_topic": "labour",
        "lead": _person(demo, "member").pk,
        "start": "2027-04-01",
        "planned_end": "2028-03-31",
    }


def a_project(demo):
    from tests.support.projects.helpers import project

    return {"kwargs": {"pk": project(demo, lead="member").pk}}


def a_milestone(demo):
    from tests.support.projects.helpers import milestone, project

    made = project(demo, lead="member")
    return {"kwargs": {"pk": made.pk, "milestone_pk": milestone(made).pk}}


def project_row(made):
    return row_of(Project, made["kwargs"]["pk"])


def milestone_row(made):
    return row_of(Milestone, made["kwargs"]["milestone_pk"])


def milestone_values(demo, made):
    return {"title": "調査票の作成", "due": "2027-05-31", "note": "第1回会議まで"}


CASES = (
    FormCase(
        "project_create",
        "support:project_create",
        "support",
        values=project_values,
        tables=(Project, SharedIssue),
    ),
    FormCase(
        "project_edit",
        "support:project_edit",
        "member",
        setup=a_project,
        values=lambda demo, made: {**project_values(demo, made), "report": "報告"},
        tables=(Project,),
        snapshot=project_row,
    ),
    FormCase(
        "milestone_create",
        "support:milestone_create",
        "member",
        setup=a_project,
        values=milestone_values,
        tables=(Milestone, AuditEntry),
    ),
    FormCase(
        "milestone_edit",
        "support:milestone_edit",
        "support",
        setup=a_milestone,
        values=milestone_values,
        tables=(Milestone,),
        snapshot=milestone_row,
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_project_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; hostile dates, choices and text are saved or
    refused with a message shown, never a server error, and a refusal changes
    nothing."""
    run_case(client, demo, case)
