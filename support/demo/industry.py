"""The industry meetings' demo data (業種別会議, issue 15): one body each for 配食,
介護・福祉 and 子育て支援 with the seats of their member W.Cos, a meeting held last
month (attendance, confirmed minutes, action items, the issues W.Cos shared there)
and one next month; and the W.Co School's 運営委員会 with its members and a meeting.

Built at the model level (no email); each record is looked up by its name, title or
text first, so a second run adds nothing. The seats keep the services' rule: one
open seat per W.Co per body, and a person sits once.
"""

import datetime
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from members.demo.people import TERM_START
from members.demo.people import person as demo_person
from members.demo.people import role as demo_role
from members.models import Affiliation, Industry, Organization, Person, Role
from secretariat.demo.builder import at, month_day
from secretariat.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    BodyMember,
    Meeting,
    Minutes,
    MinutesSignatory,
)

from ..models import IndustryMeeting, SchoolCommittee, SharedIssue
from ..reference import SCHOOL_COMMITTEE_DESCRIPTION, SCHOOL_COMMITTEE_NAME

PLACE = "W.Co SSE 事務所 会議室（横浜市）"
INDUSTRIES = ("配食", "介護・福祉", "子育て支援")
MEMBER_CLASSES = (
    Organization.MembershipClass.REGULAR,
    Organization.MembershipClass.SUPPORTING,
)
# A W.Co of another industry seated by hand (bread and side dishes go with meals).
GUEST_WCO = ("配食", "ワーカーズ・コレクティブ パン工房 むぎ", "食品製造の立場から参加")


def meeting_name(industry):
    return f"{industry} 業種別会議"


class IssueSpec(NamedTuple):
    industry: str
    raised_by: int  # index among the body's seated W.Cos (0: the first, or home)
    title: str
    text: str
    state: str
    outcome: str


S = SharedIssue.State
ISSUES = [
    IssueSpec(*row)
    for row in (
        (
            "配食",
            0,
            "配達スタッフの高齢化と担い手不足",
            "配達を担うメンバーの平均年齢が上がり、早朝と夕方の配達の担い手が足りません。"
            "各W.Coで同じ悩みがあると思います。",
            S.PROJECT,
            "各W.Coの状況を持ち寄り、担い手確保のプロジェクトとして取り組むことになりました。",
        ),
        (
            "配食",
            1,
            "食材価格の高騰への対応",
            "この一年で食材の仕入れ価格が大きく上がり、お弁当の価格を見直すか検討しています。",
            S.CONSIDERING,
            "",
        ),
        (
            "配食",
            2,
            "衛生管理マニュアルの共通化",
            "HACCPに沿った衛生管理のマニュアルを各W.Coで作っていますが、共通のひな形があると助かります。",
            S.RESOLVED,
            "事務局が共通のひな形を用意し、共有フォルダに置きました。",
        ),
        (
            "配食",
            3,
            "配食車両の共同購入",
            "配食車両の買い替え時期が重なっています。共同で購入できれば費用を抑えられます。",
            S.AGENDA,
            "共同購入の仕組みを理事会に諮る議案の下書きを作りました。",
        ),
        (
            "配食",
            1,
            "行政の配食サービス事業の委託単価",
            "市の配食サービス事業の委託単価が長く据え置かれています。",
            S.SHARED,
            "",
        ),
        (
            "介護・福祉",
            0,
            "介護報酬改定への対応",
            "報酬改定で訪問介護の単価が下がり、事業の継続に不安があります。",
            S.CONSIDERING,
            "",
        ),
        (
            "介護・福祉",
            1,
            "ヘルパーの研修機会",
            "新しいメンバーが実務者研修を受ける機会が少なく、合同で研修を開けないでしょうか。",
            S.SHARED,
            "",
        ),
        (
            "子育て支援",
            0,
            "保育士の確保",
            "保育士の資格を持つメンバーが足りず、一時保育の受け入れを増やせません。",
            S.SHARED,
            "",
        ),
    )
]

# (text, owner: "rep" / "member" / "support", days after the meeting, state)
TASKS = (
    (
        "各W.Coの配達スタッフの人数と年齢構成を集める",
        "support",
        14,
        ActionItem.State.DONE,
    ),
    ("食材の仕入れ先と価格の変化を共有する", "rep", 30, ActionItem.State.OPEN),
    ("共同購入できる車両の条件を確認する", "member", 10, ActionItem.State.OPEN),
)


def _today_and_since(today):
    """The seats run from a year ago, before last month's meeting."""
    return month_day(today, -12, day=1)


# --- Bodies and seats -----------------------------------------------------------------


def industry_meeting_get_or_create(industry):
    found = (
        IndustryMeeting.objects.filter(industry=industry).select_related("body").first()
    )
    if found is not None:
        return found
    body = Body.objects.create(
        name=meeting_name(industry.name),
        kind=Body.Kind.AD_HOC,
        section="support",
        category=Body.Category.INDUSTRY,
        description=f"{industry.name}のW.Coが集まり、課題を共有して解決を考える会議です。",
    )
    return IndustryMeeting.objects.create(body=body, industry=industry)


def _delegate(organization, ctx):
    """The home W.Co sends member@; the others a confirmed member (else their
    representative)."""
    home = ctx.data.get("home_wco")
    if home is not None and organization.pk == home.pk:
        return ctx.accounts["member@example.org"]
    affiliations = (
        Affiliation.objects.current()
        .filter(organization=organization, confirmed=True)
        .select_related("person")
        .order_by("pk")
    )
    members = [a for a in affiliations if a.position == Affiliation.Position.MEMBER]
    chosen = members or list(affiliations)
    return chosen[0].person if chosen else None


def seat(body, organization, person, *, start, note=""):
    """An open seat for ``organization`` with ``person`` as its delegate, unless the
    W.Co or the person already sits."""
    open_seats = BodyMember.objects.filter(body=body, end__isnull=True)
    if open_seats.filter(Q(organization=organization) | Q(person=person)).exists():
        return None
    return BodyMember.objects.create(
        body=body, person=person, organization=organization, start=start, note=note
    )


def seat_industry(ctx, industry_meeting, *, start):
    wcos = Organization.objects.filter(
        kind=Organization.Kind.WCO,
        industry=industry_meeting.industry,
        membership_class__in=MEMBER_CLASSES,
        status=Organization.Status.ACTIVE,
    ).order_by("pk")
    for organization in wcos:
        person = _delegate(organization, ctx)
        if person is not None:
            seat(industry_meeting.body, organization, person, start=start)


# --- Meetings ---------------------------------------------------------------------------


def meeting_get_or_create(body, title, day, *, chair, created_by, status):
    found = Meeting.objects.filter(body=body, title=title).first()
    if found is not None:
        return found, False
    starts = at(day)
    convened = status != Meeting.Status.SCHEDULED
    return (
        Meeting.objects.create(
            body=body,
            title=title,
            starts_at=starts,
            ends_at=at(day, 16),
            place=PLACE,
            chair=chair,
            status=status,
            submission_deadline=starts - datetime.timedelta(days=body.submission_days),
            convened_at=starts - datetime.timedelta(days=10) if convened else None,
            created_by=created_by,
        ),
        True,
    )


def hold_with_minutes(meeting, members, *, opening, other, writer, recorded_by):
    """Attendance (one in four away), and confirmed minutes signed by the chair."""
    for index, person in enumerate(members):
        Attendance.objects.get_or_create(
            meeting=meeting,
            person=person,
            defaults={
                "capacity": Attendance.Capacity.MEMBER,
                "kind": Attendance.Kind.ABSENT
                if index % 4 == 3
                else Attendance.Kind.PRESENT,
                "recorded_by": recorded_by,
            },
        )
    confirmed = meeting.starts_at + datetime.timedelta(days=7)
    minutes, created = Minutes.objects.get_or_create(
        meeting=meeting,
        defaults={
            "status": Minutes.Status.CONFIRMED,
            "opening": opening,
            "other_matters": other,
            "writer": writer,
            "finalized_at": meeting.starts_at + datetime.timedelta(days=3),
            "confirmed_at": confirmed,
            "created_by": recorded_by,
        },
    )
    if created and meeting.chair_id:
        MinutesSignatory.objects.create(
            minutes=minutes,
            person=meeting.chair,
            capacity="議長",
            order=1,
            method=MinutesSignatory.Method.SEAL,
            signed_on=confirmed.date(),
            recorded_by=recorded_by,
        )
    return minutes


def _meetings(ctx, industry_meeting, today):
    body = industry_meeting.body
    support = ctx.accounts["support@example.org"]
    name = industry_meeting.industry.name
    past, created = meeting_get_or_create(
        body,
        f"第1回{name}業種別会議",
        month_day(today, -1, day=15),
        chair=support,
        created_by=support.account,
        status=Meeting.Status.CLOSED,
    )
    if created:
        members = [
            m.person
            for m in body.members.filter(end__isnull=True).select_related("person")
        ]
        hold_with_minutes(
            past,
            members,
            opening=f"定刻、支援セクションの{support.full_name}が議長となり開会し、"
            "出席したW.Coの近況を順に報告した。",
            other="各W.Coから課題が出され、次回までの宿題を確認した。次回は来月に開く。",
            writer=support,
            recorded_by=support.account,
        )
    meeting_get_or_create(
        body,
        f"第2回{name}業種別会議",
        month_day(today, 1, day=15),
        chair=support,
        created_by=support.account,
        status=Meeting.Status.SCHEDULED,
    )
    return past


def _tasks(ctx, meeting, today):
    people = {
        "rep": ctx.accounts["rep@example.org"],
        "member": ctx.accounts["member@example.org"],
        "support": ctx.accounts["support@example.org"],
    }
    home = ctx.data.get("home_wco")
    runner = people["support"].account
    for text, who, days, state in TASKS:
        if ActionItem.objects.filter(meeting=meeting, text=text).exists():
            continue
        done = state == ActionItem.State.DONE
        ActionItem.objects.create(
            meeting=meeting,
            text=text,
            owner=people[who],
            organization=home if who in ("rep", "member") else None,
            due_on=meeting.day + datetime.timedelta(days=days),
            state=state,
            state_note="集計表を共有フォルダに置きました。" if done else "",
            created_by=runner,
            closed_by=runner if done else None,
            closed_at=meeting.starts_at + datetime.timedelta(days=days)
            if done
            else None,
        )


# --- Shared issues ------------------------------------------------------------------------


def draft_item_for_issue(ctx, issue):
    """The support section's draft agenda item the issue became (議案化)."""
    title = f"{issue.title}について"
    found = AgendaItem.objects.filter(title=title, source="support").first()
    if found is not None:
        return found
    return AgendaItem.objects.create(
        source="support",
        kind=AgendaItem.Kind.DELIBERATION,
        title=title,
        body=f"{issue.industry_meeting}で共有された課題「{issue.title}」について、"
        "協会として取り組むことを提案します。\n\n" + issue.text,
        status=AgendaItem.Status.DRAFT,
        subject_type=ContentType.objects.get_for_model(SharedIssue),
        subject_id=issue.pk,
        created_by=ctx.accounts["support@example.org"].account,
    )


def _issues(ctx, industry_meeting, meeting):
    """The issues raised at ``meeting``; those that become a project stay 検討中
    until the project is made (``link_issue_to_project``)."""
    seated = [
        s.organization
        for s in industry_meeting.body.members.filter(
            end__isnull=True, organization__isnull=False
        )
        .select_related("organization")
        .order_by("pk")
    ]
    if not seated:
        return
    name = industry_meeting.industry.name
    recorder = ctx.accounts["support@example.org"].account
    for spec in ISSUES:
        if spec.industry != name:
            continue
        if SharedIssue.objects.filter(
            industry_meeting=industry_meeting, title=spec.title
        ).exists():
            continue
        state = S.CONSIDERING if spec.state in (S.PROJECT, S.AGENDA) else spec.state
        issue = SharedIssue.objects.create(
            industry_meeting=industry_meeting,
            meeting=meeting,
            raised_by=seated[spec.raised_by % len(seated)],
            title=spec.title,
            text=spec.text,
            state=state,
            outcome=spec.outcome if state == S.RESOLVED else "",
            created_by=recorder,
        )
        if spec.state == S.AGENDA:
            issue.agenda_item = draft_item_for_issue(ctx, issue)
            issue.state = S.AGENDA
            issue.outcome = spec.outcome
            issue.save(update_fields=["agenda_item", "state", "outcome", "updated_at"])


def project_issue():
    """The 配食 issue a project is made from."""
    spec = next(s for s in ISSUES if s.state == S.PROJECT)
    return SharedIssue.objects.filter(
        industry_meeting__industry__name=spec.industry, title=spec.title
    ).first()


def link_issue_to_project(issue, project):
    if issue is None or issue.state == S.PROJECT:
        return
    spec = next(s for s in ISSUES if s.title == issue.title)
    issue.project = project
    issue.state = S.PROJECT
    issue.outcome = spec.outcome
    issue.save(update_fields=["project", "state", "outcome", "updated_at"])


# --- Everything ---------------------------------------------------------------------------


def seed_industry_meetings(ctx, *, today):
    """The three industry meetings; how many seats were added."""
    start = _today_and_since(today)
    before = BodyMember.objects.count()
    bodies = {}
    for name in INDUSTRIES:
        industry = Industry.objects.filter(name=name).first()
        if industry is None:
            continue
        bodies[name] = industry_meeting = industry_meeting_get_or_create(industry)
        seat_industry(ctx, industry_meeting, start=start)
    guest_industry, guest_name, note = GUEST_WCO
    guest = Organization.objects.filter(name=guest_name).first()
    if guest is not None and guest_industry in bodies:
        person = _delegate(guest, ctx)
        if person is not None:
            seat(bodies[guest_industry].body, guest, person, start=start, note=note)
    for name, industry_meeting in bodies.items():
        past = _meetings(ctx, industry_meeting, today)
        if name == INDUSTRIES[0]:
            _tasks(ctx, past, today)
        _issues(ctx, industry_meeting, past)
    return BodyMember.objects.count() - before


# --- The W.Co School's operating committee -------------------------------------------

# Committee members besides school@ (no account): they hold the school committee role.
COMMITTEE_PEOPLE = (
    ("大川", "啓子", "オオカワ", "ケイコ"),
    ("竹内", "みどり", "タケウチ", "ミドリ"),
)


def school_committee():
    found = SchoolCommittee.objects.select_related("body").first()
    if found is not None:
        return found
    body = Body.objects.create(
        name=SCHOOL_COMMITTEE_NAME,
        kind=Body.Kind.AD_HOC,
        section="support",
        category=Body.Category.COMMITTEE,
        description=SCHOOL_COMMITTEE_DESCRIPTION,
    )
    return SchoolCommittee.objects.create(body=body)


def seed_school_committee(ctx, *, today):
    committee = school_committee()
    body = committee.body
    for names in COMMITTEE_PEOPLE:
        demo_role(demo_person(*names), Role.SCHOOL_COMMITTEE, "", TERM_START)
    holders = (
        Person.objects.filter(
            role_assignments__role=Role.SCHOOL_COMMITTEE,
            role_assignments__end__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )
    people = [*holders, ctx.accounts["staff@example.org"]]
    start = _today_and_since(today)
    for member in people:
        if not BodyMember.objects.filter(
            body=body, person=member, end__isnull=True
        ).exists():
            BodyMember.objects.create(body=body, person=member, start=start)
    chair = ctx.accounts["school@example.org"]
    meeting, created = meeting_get_or_create(
        body,
        "第1回W.Coスクール運営委員会",
        month_day(today, -2, day=10),
        chair=chair,
        created_by=ctx.accounts["staff@example.org"].account,
        status=Meeting.Status.CLOSED,
    )
    if created:
        hold_with_minutes(
            meeting,
            people,
            opening=f"定刻、{chair.full_name}が議長となり開会した。"
            "前期の講座の申込と出席の状況を事務局が報告した。",
            other="来期は会計・税務と労務の講座を増やすことを確認した。",
            writer=ctx.accounts["staff@example.org"],
            recorded_by=ctx.accounts["staff@example.org"].account,
        )
    return committee
