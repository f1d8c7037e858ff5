"""The demo data of issue 15: industry meetings with seats, meetings and shared
issues, the school's operating committee, two projects, and the talent bank with
requests and proposals; a second run adds nothing; ``--scale`` tops up."""

import datetime

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from members.demo import SeedContext, load_context
from members.demo import seed_scale as members_seed_scale
from secretariat.models import (
    ActionItem,
    AgendaItem,
    Body,
    BodyMember,
    Meeting,
    Minutes,
)
from support import demo as support_demo
from support.demo import scale as support_scale
from support.models import (
    HeldQualification,
    IndustryMeeting,
    Milestone,
    Project,
    SchoolCommittee,
    SharedIssue,
    TalentProfile,
    TalentProposal,
    TalentRequest,
)
from wco_sse.core.transactions import composing

pytestmark = pytest.mark.django_db

SCALE = "@scale.example.org"


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Body,
            BodyMember,
            Meeting,
            Minutes,
            ActionItem,
            AgendaItem,
            IndustryMeeting,
            SharedIssue,
            Project,
            Milestone,
            TalentProfile,
            HeldQualification,
            TalentRequest,
            TalentProposal,
        )
    }


def _seed(ctx):
    with composing():
        support_demo.seed_issue15(ctx, today=timezone.localdate())


def test_the_issue15_demo_is_complete_and_a_rerun_adds_nothing(demo):
    _seed(demo.ctx)
    after_first = _counts()
    _seed(demo.ctx)
    assert _counts() == after_first

    today = timezone.localdate()
    home = demo.ctx.data["home_wco"]
    rep, member = demo["rep"], demo["member"]

    # Three industry meetings, each with seats, a meeting held with minutes and
    # one to come.
    meetings = IndustryMeeting.objects.select_related("body", "industry")
    assert {m.industry.name for m in meetings} == set(support_demo.INDUSTRIES)
    for industry_meeting in meetings:
        body = industry_meeting.body
        assert (body.section, body.category) == ("support", Body.Category.INDUSTRY)
        seats = body.members.filter(end__isnull=True)
        assert seats.filter(organization__isnull=False).count() >= 3
        # One open seat per W.Co.
        assert not (
            seats.values("organization")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .exists()
        )
        held = body.meetings.get(starts_at__date__lt=today)
        assert held.status == Meeting.Status.CLOSED
        assert held.minutes.opening
        assert held.attendances.exists()
        assert body.meetings.filter(starts_at__date__gt=today).exists()

    catering = IndustryMeeting.objects.get(industry__name="配食")
    seat = BodyMember.objects.get(
        body=catering.body, organization=home, end__isnull=True
    )
    assert seat.person == member.person
    # A W.Co of another industry sits on it too.
    assert (
        catering.body.members.filter(end__isnull=True)
        .exclude(organization__industry__name="配食")
        .exists()
    )
    # The representative sees it as representative, the member as its delegate.
    assert rep.has_perm("support.view_industry_meeting", catering)
    assert member.has_perm("support.view_industry_meeting", catering)
    assert not demo["citizen"].has_perm("support.view_industry_meeting", catering)

    states = set(catering.issues.values_list("state", flat=True))
    assert {"shared", "considering", "resolved", "project", "agenda"} <= states
    agenda_issue = catering.issues.get(state="agenda")
    assert agenda_issue.agenda_item.source == "support"
    assert agenda_issue.agenda_item.status == AgendaItem.Status.DRAFT
    assert set(
        ActionItem.objects.filter(meeting__body=catering.body).values_list(
            "state", flat=True
        )
    ) == {"open", "done"}

    # The school's operating committee: its role holders and a secretariat person.
    committee = SchoolCommittee.objects.get().body
    members = set(
        committee.members.filter(end__isnull=True).values_list("person", flat=True)
    )
    assert {demo["school"].person.pk, demo["staff"].person.pk} <= members
    assert len(members) >= 3
    assert Minutes.objects.filter(meeting__body=committee).exists()

    # Two projects: one in progress from the 配食 issue, one closed with its report.
    active = Project.objects.get(title=support_demo.ACTIVE_TITLE)
    assert active.state == Project.State.ACTIVE
    assert active.lead == demo["support"].person
    assert active.origin_issue == catering.issues.get(state="project")
    assert catering.issues.get(state="project").project == active
    assert active.team.category == Body.Category.PROJECT_TEAM
    assert active.team.members.count() >= 3
    milestones = list(active.milestones.all())
    assert any(m.is_overdue for m in milestones)
    assert any(m.is_done for m in milestones)
    closed = Project.objects.get(title=support_demo.CLOSED_TITLE)
    assert closed.state == Project.State.CLOSED and closed.report
    assert closed.close_item.status == AgendaItem.Status.REPORTED
    assert closed.close_item.decisions.exists()


def test_the_talent_bank_demo(demo):
    _seed(demo.ctx)
    today = timezone.localdate()
    profiles = TalentProfile.objects.exclude(person__email__endswith=SCALE)
    assert profiles.count() == support_demo.PROFILES == 40
    assert profiles.filter(state=TalentProfile.State.DORMANT).count() == 1
    assert profiles.filter(state=TalentProfile.State.WITHDRAWN).count() == 1
    assert profiles.filter(consent_scope=TalentProfile.Scope.COORDINATORS).exists()
    active = profiles.filter(state=TalentProfile.State.ACTIVE)
    assert not active.filter(consent_expires__lt=today).exists()
    held = HeldQualification.objects.filter(profile__in=profiles)
    assert held.filter(state=HeldQualification.State.EXPECTED).count() == 1
    assert held.filter(verified_at__isnull=False).exists()
    assert held.filter(
        expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=60)
    ).exists()
    assert not held.filter(expires_on__lt=F("obtained_on")).exists()

    # member@ can be proposed for rep@'s open request: 調理師 (verified) in 青葉区.
    mine = TalentProfile.objects.get(person=demo["member"].person)
    assert mine.may_be_proposed(today)
    cook = mine.qualifications.get(qualification__name="調理師")
    assert cook.is_verified
    assert mine.qualifications.filter(qualification__name="普通自動車運転免許").exists()
    assert mine.areas.filter(code__startswith="14117").exists()
    request = TalentRequest.objects.get(
        requested_by=demo["rep"].person, organization=demo.ctx.data["home_wco"]
    )
    assert request.state == TalentRequest.State.OPEN
    assert request.qualifications.filter(name="調理師").exists()
    assert request.areas.filter(code__startswith="14117").exists()
    assert not request.proposals.filter(profile=mine).exists()
    assert demo["rep"].has_perm("support.view_talent_request", request)

    # Requests and proposals in every state; never more accepted than the headcount.
    assert set(TalentRequest.objects.values_list("state", flat=True)) == set(
        TalentRequest.State.values
    )
    states = set(TalentProposal.objects.values_list("state", flat=True))
    assert set(TalentProposal.State.values) - {"withdrawn"} <= states
    assert not TalentProposal.objects.filter(
        state="not_hired", outcome_reason=""
    ).exists()
    over = TalentRequest.objects.annotate(
        accepted=Count(
            "proposals",
            filter=Q(proposals__state__in=TalentProposal.ACCEPTED_STATES),
        )
    ).filter(accepted__gt=F("headcount"))
    assert not over.exists()
    assert set(TalentRequest.objects.values_list("coordinator", flat=True)) == {
        demo["support"].person.pk
    }


def test_a_small_scale_run_tops_up_profiles_and_requests(demo):
    ctx = SeedContext(password_hash="!", scale=1)
    assert load_context(ctx)
    members_seed_scale(ctx)
    support_scale.seed_scale(ctx)

    def scale_counts():
        return (
            TalentProfile.objects.filter(person__email__endswith=SCALE).count(),
            TalentRequest.objects.filter(
                title__startswith=support_demo.SCALE_REQUEST_PREFIX
            ).count(),
            TalentProposal.objects.filter(
                request__title__startswith=support_demo.SCALE_REQUEST_PREFIX
            ).count(),
        )

    profiles, requests, proposals = scale_counts()
    assert profiles == support_demo.SCALE_PROFILES
    assert requests == support_demo.SCALE_REQUESTS
    assert proposals == 3 * requests
    scaled = TalentProfile.objects.filter(person__email__endswith=SCALE)
    assert not scaled.filter(areas__isnull=True).exists()
    assert not scaled.filter(qualifications__isnull=True).exists()
    # Each scale request asks for a qualification, areas and days, and finds people.
    from support.models import Project
    from support.selectors.matching import candidates_for

    first = (
        TalentRequest.objects.filter(
            title__startswith=support_demo.SCALE_REQUEST_PREFIX
        )
        .order_by("pk")
        .first()
    )
    assert first.qualifications.exists() and first.areas.count() == 8
    assert first.availability
    projects = Project.objects.filter(
        title__startswith=support_scale.SCALE_PROJECT_PREFIX
    )
    assert projects.count() == support_scale.SCALE_PROJECTS
    assert projects.first().milestones.count() == 3
    support_scale.seed_scale(ctx)  # a rerun adds nothing
    assert scale_counts() == (profiles, requests, proposals)
    assert projects.count() == support_scale.SCALE_PROJECTS
    assert candidates_for(first)  # the first asks for what some scale people have
