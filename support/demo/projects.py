"""The projects' demo data (各種プロジェクト, issue 15): one in progress, made from the
配食 industry meeting's issue, with its team and milestones (one done, one overdue);
one closed, whose report the board received (its close item 報告済).

Built at the model level (no email); each project is looked up by its title first.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max

from members.models import Affiliation
from secretariat.demo.builder import at
from secretariat.models import AgendaItem, Body, BodyMember, Decision, Meeting

from ..models import Milestone, Project

ACTIVE_TITLE = "配食の担い手確保プロジェクト"
CLOSED_TITLE = "W.Co向け労務規程ひな形づくり"

# (title, due in days from today, done days from today or None)
MILESTONES = (
    ("各W.Coの担い手の状況を集計する", -60, -55),
    ("担い手募集の共同チラシを作る", -10, None),
    ("合同説明会を開く", 45, None),
)
CLOSED_MILESTONES = (
    ("各W.Coの就業規則を集める", -300, -290),
    ("ひな形の案をまとめる", -200, -190),
)
REPORT = (
    "W.Coの働き方に合った労務規程のひな形を作りました。\n\n"
    "1. 12のW.Coから就業規則を集め、共通する項目と違いを整理しました。\n"
    "2. 社会保険労務士の助言を受け、ひな形と解説をまとめました。\n"
    "3. ひな形はW.Coスクールの「労務管理の基礎」講座の教材としても使っています。\n\n"
    "今後は事務局が改正に合わせてひな形を更新します。"
)


def _team(title, people, *, start, active=True):
    """The project's team body (category プロジェクトチーム) with ``people``."""
    name = f"{title}チーム"
    body = Body.objects.filter(
        name=name, section="support", category=Body.Category.PROJECT_TEAM
    ).first()
    if body is None:
        body = Body.objects.create(
            name=name,
            kind=Body.Kind.AD_HOC,
            section="support",
            category=Body.Category.PROJECT_TEAM,
            description=f"{title}を進めるチームです。",
            is_active=active,
        )
    for person in people:
        if not BodyMember.objects.filter(
            body=body, person=person, end__isnull=True
        ).exists():
            BodyMember.objects.create(body=body, person=person, start=start)
    return body


def _milestones(project, rows, today):
    for title, due, done in rows:
        Milestone.objects.get_or_create(
            project=project,
            title=title,
            defaults={
                "due": today + datetime.timedelta(days=due),
                "done_on": None
                if done is None
                else today + datetime.timedelta(days=done),
            },
        )


def _team_people(ctx, issue):
    people = [
        ctx.accounts["support@example.org"],
        ctx.accounts["rep@example.org"],
        ctx.accounts["member@example.org"],
    ]
    if issue is not None:
        other = (
            Affiliation.objects.current()
            .filter(
                organization__industry=issue.industry_meeting.industry,
                confirmed=True,
                position=Affiliation.Position.REPRESENTATIVE,
            )
            .exclude(person__in=people)
            .select_related("person")
            .order_by("pk")
            .first()
        )
        if other is not None:
            people.append(other.person)
    return people


def active_project(ctx, issue, *, today):
    found = Project.objects.filter(title=ACTIVE_TITLE).first()
    if found is not None:
        return found
    start = today - datetime.timedelta(days=90)
    project = Project.objects.create(
        title=ACTIVE_TITLE,
        question="配達や調理を担うメンバーの高齢化が進むなか、地域で新しい担い手を"
        "どう見つけ、育てていくか。",
        origin=Project.Origin.ISSUE if issue is not None else Project.Origin.OTHER,
        origin_issue=issue,
        origin_note="配食 業種別会議で共有された課題から",
        lead=ctx.accounts["support@example.org"],
        team=_team(ACTIVE_TITLE, _team_people(ctx, issue), start=start),
        state=Project.State.ACTIVE,
        start=start,
        planned_end=today + datetime.timedelta(days=180),
        created_by=ctx.accounts["support@example.org"].account,
    )
    _milestones(project, MILESTONES, today)
    return project


def _past_board_meeting(ctx, today):
    """The board meeting that received the report: the latest one held (the
    secretariat's demo), or one made for it where there is none (the test suite)."""
    board = Body.objects.statutory(Body.Kind.BOARD)
    held = (
        Meeting.objects.filter(
            body=board,
            status__in=Meeting.HAS_TAKEN_PLACE,
            starts_at__lt=at(today, 0),
        )
        .order_by("-starts_at")
        .first()
    )
    if held is not None:
        return held
    day = today - datetime.timedelta(days=30)
    meeting, _created = Meeting.objects.get_or_create(
        body=board,
        title="理事会（プロジェクトの報告）",
        defaults={
            "starts_at": at(day),
            "ends_at": at(day, 16),
            "place": "W.Co SSE 事務所 会議室（横浜市）",
            "status": Meeting.Status.HELD,
            "submission_deadline": at(day) - datetime.timedelta(days=14),
            "convened_at": at(day) - datetime.timedelta(days=10),
            "created_by": ctx.accounts["staff@example.org"].account,
        },
    )
    return meeting


def _close_item(ctx, project, today):
    """The report item, placed on a held board meeting and reported (報告済)."""
    meeting = _past_board_meeting(ctx, today)
    order = (meeting.items.aggregate(top=Max("order"))["top"] or 0) + 1
    item = AgendaItem.objects.create(
        source="support",
        kind=AgendaItem.Kind.REPORT,
        title=f"{project.title}の終了報告",
        body=project.report,
        status=AgendaItem.Status.REPORTED,
        target_meeting=meeting,
        meeting=meeting,
        order=order,
        submitted_at=meeting.starts_at - datetime.timedelta(days=20),
        subject_type=ContentType.objects.get_for_model(Project),
        subject_id=project.pk,
        created_by=ctx.accounts["support@example.org"].account,
    )
    Decision.objects.create(
        item=item,
        meeting=meeting,
        outcome=AgendaItem.Status.REPORTED,
        discussion="プロジェクトの終了と成果の報告を受けた。",
        agenda_order=order,
        decided_on=meeting.day,
        recorded_by=ctx.accounts["staff@example.org"].account,
    )
    return item


def closed_project(ctx, *, today):
    found = Project.objects.filter(title=CLOSED_TITLE).first()
    if found is not None:
        return found
    start = today - datetime.timedelta(days=330)
    project = Project.objects.create(
        title=CLOSED_TITLE,
        question="小さなW.Coでも使える、働き方に合った労務規程のひな形をどう作るか。",
        origin=Project.Origin.TOPIC,
        origin_topic="labour",
        lead=ctx.accounts["support@example.org"],
        team=_team(
            CLOSED_TITLE,
            [ctx.accounts["support@example.org"], ctx.accounts["advisor@example.org"]],
            start=start,
            active=False,
        ),
        state=Project.State.CLOSED,
        start=start,
        planned_end=today - datetime.timedelta(days=60),
        report=REPORT,
        created_by=ctx.accounts["support@example.org"].account,
    )
    _milestones(project, CLOSED_MILESTONES, today)
    project.close_item = _close_item(ctx, project, today)
    project.save(update_fields=["close_item", "updated_at"])
    return project


def seed_projects(ctx, issue, *, today):
    return active_project(ctx, issue, today=today), closed_project(ctx, today=today)
