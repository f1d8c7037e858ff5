"""Bulk courses with applications, consultations, talent profiles and talent
requests with proposals, for load tests (``seed_demo --scale N``).

Each kind is topped up to its count × scale and no further, so a rerun (or a
larger scale) adds only what is missing. Needs the registry's scale people.
"""

import datetime

from django.utils import timezone

from members.demo import SCALE_EMAIL_DOMAIN
from members.models import Desk, Industry, Municipality, Person

from ..models import (
    Application,
    Consultation,
    Course,
    CourseSession,
    HeldQualification,
    Milestone,
    Project,
    Qualification,
    TalentProfile,
    TalentProposal,
    TalentRequest,
    TalentSkill,
)
from ..models.talent import ALL_SLOTS_MASK, availability_mask, end_of_fiscal_year
from ..services import CourseData
from .school import VENUES, categories_get_or_create, local

SCALE_COURSES, SCALE_CAPACITY, SCALE_APPLICANTS = 50, 20, 25
SCALE_CONSULTATIONS = 125
SCALE_PREFIX = "負荷試験講座"
SCALE_CONSULTATION_PREFIX = "【負荷試験】"
_SCALE_TOPICS = [value for value, _label in Consultation.Topic.choices]
_SCALE_STATES = ("new", "assigned", "in_progress", "closed", "closed")
# The talent bank: profiles over the registry's scale people (one each, so no more
# than there are), and requests with a few proposals each.
SCALE_PROFILES, SCALE_REQUESTS, SCALE_PROJECTS = 125, 5, 5
SCALE_PROJECT_PREFIX = "【負荷試験】プロジェクト"
SCALE_REQUEST_PREFIX = "【負荷試験】人材募集"
_SCALE_SKILLS = ("調理", "配達", "介護", "保育", "清掃", "経理")
_SCALE_QUALIFICATIONS = (
    ("調理師", "食品衛生責任者"),
    ("普通自動車運転免許",),
    ("介護職員初任者研修", "普通救命講習"),
    ("保育士", "子育て支援員"),
)
_SCALE_PROPOSALS = (
    TalentProposal.State.PROPOSED,
    TalentProposal.State.AGREED,
    TalentProposal.State.DECLINED,
)


def _scale_people():
    return list(
        Person.objects.filter(email__endswith="@" + SCALE_EMAIL_DOMAIN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def seed_scale(ctx):
    people = _scale_people()
    if len(people) < SCALE_APPLICANTS:
        return
    categories = categories_get_or_create()
    today, now = timezone.localdate(), timezone.now()
    _seed_scale_courses(ctx, people, categories=categories, today=today, now=now)
    _seed_scale_consultations(ctx, people, now=now)
    _seed_scale_profiles(ctx, today=today, now=now)
    _seed_scale_requests(ctx, today=today)
    _seed_scale_projects(ctx, people, today=today)


# --- Courses ------------------------------------------------------------------------------


def _scale_course(number, *, categories, today):
    """Course ``number``: a year back to five months ahead, one in three in the
    future, one in four for members only; one evening session."""
    day = today + datetime.timedelta(days=(number % 500) - 350)
    start = local(day, 18, 30)
    data = CourseData(
        title=f"{SCALE_PREFIX} {number + 1:04d}",
        category=categories[number % len(categories)],
        description="負荷試験のための講座です。",
        capacity=SCALE_CAPACITY,
        audience="members" if number % 4 == 0 else "public",
        fee_member=1000,
        fee_general=2000,
        application_opens=start - datetime.timedelta(days=400),
        application_closes=start - datetime.timedelta(days=1),
        cancellation_deadline=start - datetime.timedelta(days=2),
    )
    return Course(
        **data.values(),
        status=Course.Status.FINISHED if day < today else Course.Status.PUBLISHED,
        first_session_at=start,
    )


def _scale_applications(course, index, people, *, now):
    """Twenty-five people, rotating through the scale people: twenty confirmed,
    five on the waitlist."""
    offset = (index * SCALE_APPLICANTS) % len(people)
    chosen = (people[offset:] + people[:offset])[:SCALE_APPLICANTS]
    for rank, pk in enumerate(chosen):
        confirmed = rank < SCALE_CAPACITY
        yield Application(
            course=course,
            person_id=pk,
            status="confirmed" if confirmed else "waitlisted",
            waitlist_position=None if confirmed else rank - SCALE_CAPACITY + 1,
            fee=1000,
            is_member_rate=True,
            confirmed_at=now if confirmed else None,
        )


def _seed_scale_courses(ctx, people, *, categories, today, now):
    want = SCALE_COURSES * ctx.scale
    have = Course.objects.filter(title__startswith=SCALE_PREFIX).count()
    if have >= want:
        return
    courses = [
        _scale_course(number, categories=categories, today=today)
        for number in range(have, want)
    ]
    Course.objects.bulk_create(courses, batch_size=1000)
    CourseSession.objects.bulk_create(
        [
            CourseSession(
                course=course,
                starts_at=course.first_session_at,
                ends_at=course.first_session_at + datetime.timedelta(hours=2),
                venue=VENUES[index % len(VENUES)],
            )
            for index, course in enumerate(courses)
        ],
        batch_size=2000,
    )
    applications = [
        application
        for index, course in enumerate(courses, start=have)
        for application in _scale_applications(course, index, people, now=now)
    ]
    Application.objects.bulk_create(applications, batch_size=5000)
    ctx.log(
        f"Scale {ctx.scale}: {len(courses)} W.Co School courses with "
        f"{len(applications)} applications added."
    )


# --- Consultations ------------------------------------------------------------------------


def _seed_scale_consultations(ctx, people, *, now):
    want = SCALE_CONSULTATIONS * ctx.scale
    existing = Consultation.objects.filter(
        description__startswith=SCALE_CONSULTATION_PREFIX
    )
    have = existing.count()
    if have >= want:
        return
    advisors = {
        Desk.GENERAL: ctx.accounts["advisor@example.org"],
        Desk.FINANCE: ctx.accounts["finance-advisor@example.org"],
    }
    staff = ctx.accounts["staff@example.org"].account
    consultations = []
    for number in range(have, want):
        desk = Desk.FINANCE if number % 5 == 0 else Desk.GENERAL
        status = _SCALE_STATES[number % len(_SCALE_STATES)]
        consultations.append(
            Consultation(
                requester_id=people[(number * 7) % len(people)],
                desk=desk,
                topic="finance"
                if desk == Desk.FINANCE
                else _SCALE_TOPICS[number % len(_SCALE_TOPICS)],
                channel="form" if number % 3 else "phone",
                description=f"{SCALE_CONSULTATION_PREFIX} 相談 {number + 1:05d}: "
                "事業の運営について相談したいことがあります。",
                preferred_times="平日の午後",
                consent_method="checkbox" if number % 3 else "verbal",
                consent_at=now,
                consent_recorded_by=None if number % 3 else staff,
                status=status,
                advisor=None if status == "new" else advisors[desk],
                assigned_at=None if status == "new" else now,
                outcome="advice" if status == "closed" else "",
                closed_at=now if status == "closed" else None,
                created_by=staff,
            )
        )
    Consultation.objects.bulk_create(consultations, batch_size=2000)
    ctx.log(f"Scale {ctx.scale}: {len(consultations)} consultations added.")


# --- The talent bank ------------------------------------------------------------------


def _scale_profiles():
    return TalentProfile.objects.filter(
        person__email__endswith="@" + SCALE_EMAIL_DOMAIN
    )


def _seed_scale_profiles(ctx, *, today, now):
    """Profiles up to SCALE_PROFILES × scale, as far as there are scale people: in
    one to two areas, each with a skill and a qualification or two."""
    want = SCALE_PROFILES * ctx.scale
    have = _scale_profiles().count()
    if have >= want:
        return
    people = list(
        Person.objects.filter(
            email__endswith="@" + SCALE_EMAIL_DOMAIN, talent_profile__isnull=True
        )
        .order_by("pk")
        .values_list("pk", flat=True)[: want - have]
    )
    if not people:
        return
    areas = list(Municipality.objects.order_by("code").values_list("pk", flat=True))
    qualifications = {q.name: q.pk for q in Qualification.objects.all()}
    expiring = set(
        Qualification.objects.filter(expires=True).values_list("pk", flat=True)
    )
    expires = end_of_fiscal_year(today)
    profiles = TalentProfile.objects.bulk_create(
        [
            TalentProfile(
                person_id=pk,
                state=TalentProfile.State.DORMANT
                if number % 25 == 24
                else TalentProfile.State.ACTIVE,
                consent_scope=TalentProfile.Scope.COORDINATORS
                if number % 5 == 4
                else TalentProfile.Scope.PROPOSE,
                consent_method=TalentProfile.ConsentMethod.SELF,
                consent_at=now,
                consent_expires=expires,
                availability=(ALL_SLOTS_MASK >> (number % 7)) & ALL_SLOTS_MASK,
                hours_per_week=8 + number % 25,
                introduction="負荷試験のための登録です。",
            )
            for number, pk in enumerate(people, start=have)
        ],
        batch_size=2000,
    )
    if not profiles[0].pk:  # a backend that returns no ids
        profiles = list(_scale_profiles().filter(person_id__in=people))
    through = TalentProfile.areas.through
    area_rows, skills, held = [], [], []
    for number, profile in enumerate(profiles, start=have):
        first = areas[number % len(areas)]
        second = areas[(number * 7 + 3) % len(areas)]
        for area in {first, second} if number % 2 else {first}:
            area_rows.append(through(talentprofile_id=profile.pk, municipality_id=area))
        skills.append(
            TalentSkill(
                profile_id=profile.pk,
                name=_SCALE_SKILLS[number % len(_SCALE_SKILLS)],
                years=number % 20,
            )
        )
        for name in _SCALE_QUALIFICATIONS[number % len(_SCALE_QUALIFICATIONS)]:
            pk = qualifications.get(name)
            if pk is None:
                continue
            obtained = today - datetime.timedelta(days=365 + number % 3000)
            held.append(
                HeldQualification(
                    profile_id=profile.pk,
                    qualification_id=pk,
                    obtained_on=obtained,
                    expires_on=today + datetime.timedelta(days=10 + number % 700)
                    if pk in expiring
                    else None,
                )
            )
    through.objects.bulk_create(area_rows, batch_size=5000)
    TalentSkill.objects.bulk_create(skills, batch_size=5000)
    HeldQualification.objects.bulk_create(held, batch_size=5000)
    ctx.log(
        f"Scale {ctx.scale}: {len(profiles)} talent profiles added "
        f"({have + len(profiles)} of {want}; one per scale person)."
    )


def _seed_scale_requests(ctx, *, today):
    """Open requests up to SCALE_REQUESTS × scale, by the section for its own work,
    each with three proposals (one awaiting, one agreed, one declined: one accepted of a
    headcount of two)."""
    want = SCALE_REQUESTS * ctx.scale
    have = TalentRequest.objects.filter(title__startswith=SCALE_REQUEST_PREFIX).count()
    candidates = list(
        _scale_profiles()
        .filter(
            state=TalentProfile.State.ACTIVE,
            consent_scope=TalentProfile.Scope.PROPOSE,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if have >= want or len(candidates) < len(_SCALE_PROPOSALS):
        return
    support = ctx.accounts["support@example.org"]
    industries = list(Industry.objects.order_by("pk").values_list("pk", flat=True))
    requests = TalentRequest.objects.bulk_create(
        [
            TalentRequest(
                title=f"{SCALE_REQUEST_PREFIX} {number + 1:05d}",
                requested_by=support,
                description="負荷試験のための募集です。",
                industry_id=industries[number % len(industries)]
                if industries
                else None,
                availability=availability_mask(("0-0", "0-1")),
                headcount=2,
                start=today + datetime.timedelta(days=number % 60),
                state=TalentRequest.State.OPEN,
                coordinator=support,
                created_by=support.account,
            )
            for number in range(have, want)
        ],
        batch_size=2000,
    )
    if not requests[0].pk:
        requests = list(
            TalentRequest.objects.filter(
                title__in=[r.title for r in requests]
            ).order_by("pk")
        )
    # What each asks for: one of the scale qualifications, eight neighbouring
    # municipalities (by code: a city's wards), Monday daytime.
    areas = list(Municipality.objects.order_by("code").values_list("pk", flat=True))
    qualifications = {q.name: q.pk for q in Qualification.objects.all()}
    area_rows, qualification_rows = [], []
    for number, request in enumerate(requests, start=have):
        start = (number * 5) % max(len(areas) - 8, 1)
        for area in areas[start : start + 8]:
            area_rows.append(
                TalentRequest.areas.through(
                    talentrequest_id=request.pk, municipality_id=area
                )
            )
        name = _SCALE_QUALIFICATIONS[number % len(_SCALE_QUALIFICATIONS)][0]
        if name in qualifications:
            qualification_rows.append(
                TalentRequest.qualifications.through(
                    talentrequest_id=request.pk, qualification_id=qualifications[name]
                )
            )
    TalentRequest.areas.through.objects.bulk_create(area_rows, batch_size=5000)
    TalentRequest.qualifications.through.objects.bulk_create(
        qualification_rows, batch_size=5000
    )
    proposals = [
        TalentProposal(
            request_id=request.pk,
            profile_id=candidates[(number * 3 + offset) % len(candidates)],
            state=state,
            proposed_by=support,
        )
        for number, request in enumerate(requests, start=have)
        for offset, state in enumerate(_SCALE_PROPOSALS)
    ]
    TalentProposal.objects.bulk_create(proposals, batch_size=5000)
    ctx.log(
        f"Scale {ctx.scale}: {len(requests)} talent requests with "
        f"{len(proposals)} proposals added."
    )


def _seed_scale_projects(ctx, people, *, today):
    """Projects up to SCALE_PROJECTS × scale in every state, led by scale people,
    each with three milestones (one done, one overdue, one ahead)."""
    want = SCALE_PROJECTS * ctx.scale
    have = Project.objects.filter(title__startswith=SCALE_PROJECT_PREFIX).count()
    if have >= want:
        return
    states = list(Project.State.values)
    projects = Project.objects.bulk_create(
        [
            Project(
                title=f"{SCALE_PROJECT_PREFIX} {number + 1:04d}",
                question="負荷試験のためのプロジェクトです。",
                origin=Project.Origin.OTHER,
                lead_id=people[number % len(people)],
                state=states[number % len(states)],
                start=today - datetime.timedelta(days=30 + number % 300),
                planned_end=today + datetime.timedelta(days=30 + number % 300),
            )
            for number in range(have, want)
        ],
        batch_size=2000,
    )
    if not projects[0].pk:
        projects = list(
            Project.objects.filter(title__in=[p.title for p in projects]).order_by("pk")
        )
    Milestone.objects.bulk_create(
        [
            Milestone(project=project, title=title, due=today + delta, done_on=done)
            for project in projects
            for title, delta, done in (
                ("聞き取り", datetime.timedelta(days=-60), today),
                ("中間まとめ", datetime.timedelta(days=-5), None),
                ("報告書", datetime.timedelta(days=90), None),
            )
        ],
        batch_size=5000,
    )
    ctx.log(f"Scale {ctx.scale}: {len(projects)} projects added.")
