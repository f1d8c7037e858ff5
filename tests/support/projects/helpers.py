"""Projects made for the tests, through the services."""

import datetime

from django.utils import timezone

from secretariat import services as secretariat_services
from support.models import Milestone, Project
from support.services import projects as services
from tests.secretariat.helpers import attend, directors, held_meeting_from, meeting


def person(demo, role):
    return demo.ctx.accounts[f"{role}@example.org"]


def project(demo, *, lead="member", by="support", state=None, **extra):
    """A project recorded by the support section, led by ``lead`` (a demo role)."""
    data = {
        "title": "配食サービスの衛生管理マニュアル",
        "question": "小規模な配食事業所で続けられる衛生管理の手順は何か。",
        "origin": Project.Origin.OTHER,
        "lead": person(demo, lead),
        "start": timezone.localdate(),
        "planned_end": timezone.localdate() + datetime.timedelta(days=180),
        **extra,
    }
    made = services.project_create(actor=demo[by], data=data)
    if state is not None:
        Project.objects.filter(pk=made.pk).update(state=state)
        made.refresh_from_db()
    return made


def milestone(made, *, days=10, done=False, title="調査票の作成"):
    return Milestone.objects.create(
        project=made,
        title=title,
        due=timezone.localdate() + datetime.timedelta(days=days),
        done_on=timezone.localdate() if done else None,
    )


def decide(demo, item, *, result="vote"):
    """Put ``item`` (drafted by the support section) to a board meeting held today
    and record ``result`` (a vote all in favour, or a report received)."""
    author = demo["support"]
    item = secretariat_services.agenda_item_transition(
        actor=author, item=item, action="submit"
    )
    item = secretariat_services.agenda_item_transition(
        actor=demo["council"], item=item, action="accept"
    )
    board_meeting = meeting(demo)
    item = secretariat_services.agenda_item_place(
        actor=demo["staff"], item=item, meeting=board_meeting
    )
    held_meeting_from(demo, board_meeting)
    people = directors()
    attend(demo, board_meeting, people)
    extra = (
        {"votes_for": len(people), "votes_against": 0, "abstentions": 0}
        if result == "vote"
        else {}
    )
    return secretariat_services.decision_record(
        actor=demo["staff"], item=item, result=result, **extra
    )


def shared_issue(demo, *, state="shared"):
    """An issue raised by the demo's home W.Co at an industry meeting (made by hand:
    the industry meetings' services are another part's)."""
    from members.models import Industry, Section
    from secretariat.models import Body
    from support.models import IndustryMeeting, SharedIssue

    industry, _created = Industry.objects.get_or_create(name="配食（テスト）")
    meeting_body = Body.objects.create(
        name="配食業種別会議（テスト）",
        kind=Body.Kind.AD_HOC,
        section=Section.SUPPORT,
        category=Body.Category.INDUSTRY,
    )
    industry_meeting, _created = IndustryMeeting.objects.get_or_create(
        industry=industry, defaults={"body": meeting_body}
    )
    held = meeting(demo, body=industry_meeting.body, title="第1回配食業種別会議")
    return SharedIssue.objects.create(
        industry_meeting=industry_meeting,
        meeting=held,
        raised_by=demo.ctx.data["home_wco"],
        title="衛生管理の負担",
        text="小規模事業所では衛生管理の記録が負担になっている。",
        state=state,
    )
