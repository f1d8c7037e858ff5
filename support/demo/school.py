"""The W.Co School's demo data: a year of courses around today, with applications,
a waitlist and the attendance of the courses already held."""

import datetime
import random
from typing import NamedTuple

from django.utils import timezone

from members.models import Affiliation, Organization, Person

from ..models import Application, Attendance, Course, CourseCategory, CourseSession
from ..services import CourseData

CATEGORIES = [
    ("起業支援", 10),
    ("運営マネジメント", 20),
    ("会計・税務", 30),
    ("労務", 40),
    ("労働者協同組合への移行", 50),
]


class CourseSpec(NamedTuple):
    title: str
    category: int  # index in CATEGORIES
    capacity: int
    audience: str
    fee_member: int
    fee_general: int
    sessions: int


COURSES = [
    CourseSpec(*row)
    for row in (
        ("はじめてのワーカーズ・コレクティブ入門", 0, 20, "public", 0, 1000, 1),
        ("事業計画の立て方（全3回）", 0, 15, "public", 3000, 6000, 3),
        ("W.Coの会議とファシリテーション", 1, 12, "members", 1500, 1500, 2),
        ("はじめての会計・決算", 2, 10, "public", 2000, 4000, 2),
        ("労働者協同組合法のポイント", 4, 30, "public", 0, 1000, 1),
        ("労務管理の基礎：働き方と保険", 3, 12, "members", 1000, 1000, 1),
        ("インボイス制度と消費税", 2, 20, "public", 1000, 2000, 1),
        ("少人数で学ぶ資金計画", 2, 3, "public", 1000, 2000, 1),
        ("移行のための定款づくり実践", 4, 8, "members", 2000, 2000, 2),
        ("ハラスメントのない職場づくり", 3, 20, "public", 1000, 2000, 1),
        ("次世代へのバトン：事業承継", 1, 12, "public", 1500, 3000, 2),
        ("地域と広げる事業づくり", 1, 16, "public", 1500, 3000, 2),
    )
]

VENUES = [
    "かながわ県民センター 会議室",
    "生活クラブ 本部会議室",
    "横浜市市民活動支援センター",
]

INSTRUCTORS = ["W.Co協会 講師", "税理士 山田 花子", "社会保険労務士 森 一郎"]

LEARNERS = [
    ("佐々木", "陽子", "ササキ", "ヨウコ"),
    ("山崎", "裕美", "ヤマザキ", "ヒロミ"),
    ("阿部", "聡", "アベ", "サトシ"),
    ("石井", "久美子", "イシイ", "クミコ"),
    ("橋本", "由紀", "ハシモト", "ユキ"),
    ("小川", "浩", "オガワ", "ヒロシ"),
    ("岡田", "典子", "オカダ", "ノリコ"),
    ("後藤", "真由美", "ゴトウ", "マユミ"),
    ("長谷川", "恵", "ハセガワ", "メグミ"),
    ("村上", "亮", "ムラカミ", "リョウ"),
    ("近藤", "千春", "コンドウ", "チハル"),
    ("坂本", "修", "サカモト", "オサム"),
]

MEMBER = "member@example.org"


def local(day, hour, minute=0):
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def categories_get_or_create():
    return [
        CourseCategory.objects.get_or_create(name=name, defaults={"sort_order": order})[
            0
        ]
        for name, order in CATEGORIES
    ]


def _learners(ctx):
    """Twelve people without an account, each in one of the demo's W.Cos."""
    people = []
    wcos = ctx.data.get("wcos") or list(Organization.objects.filter(kind="wco"))
    for index, (family, given, fkana, gkana) in enumerate(LEARNERS):
        person, created = Person.objects.get_or_create(
            family_name=family,
            given_name=given,
            account__isnull=True,
            defaults={
                "family_name_kana": fkana,
                "given_name_kana": gkana,
                "phone": f"045-000-{1000 + index}",
            },
        )
        if created and wcos:
            Affiliation.objects.create(
                person=person,
                organization=wcos[index % len(wcos)],
                confirmed=True,
                start=datetime.date(2020, 4, 1),
            )
        people.append(person)
    return people


def _course(index, spec, *, category, first_day, instructor, secgen, today):
    """The course and its weekly sessions. Future courses take applications now,
    so the demo can be tried."""
    data = CourseData(
        title=spec.title,
        category=category,
        description=(
            f"{spec.title}。W.Coスクール運営委員会の講座です。"
            "はじめての方も歓迎します。資料は当日お配りします。"
        ),
        instructor=instructor,
        capacity=spec.capacity,
        audience=spec.audience,
        fee_member=spec.fee_member,
        fee_general=spec.fee_general,
        application_opens=local(
            min(
                first_day - datetime.timedelta(days=45),
                today - datetime.timedelta(days=14),
            ),
            9,
        ),
        application_closes=local(first_day - datetime.timedelta(days=2), 17),
        cancellation_deadline=local(first_day - datetime.timedelta(days=3), 17),
    )
    past = first_day < today
    course = Course.objects.create(
        **data.values(),
        status=Course.Status.FINISHED if past else Course.Status.PUBLISHED,
        created_by=secgen,
    )
    return course, _sessions(course, first_day, index=index, count=spec.sessions)


def _sessions(course, first_day, *, index, count):
    """One a week from ``first_day``; the first of every third course also online."""
    sessions = [
        CourseSession.objects.create(
            course=course,
            starts_at=local(first_day + datetime.timedelta(days=7 * n), 13, 30),
            ends_at=local(first_day + datetime.timedelta(days=7 * n), 16),
            venue=VENUES[(index + n) % len(VENUES)],
            online_url="https://meet.example.org/wco-school"
            if n == 0 and index % 3 == 0
            else "",
        )
        for n in range(count)
    ]
    course.first_session_at = sessions[0].starts_at
    course.save(update_fields=["first_session_at"])
    return sessions


def _applicants(ctx, index, spec, learners, *, rng, past):
    """Who applies, in order: up to two more than the seats (a waitlist), the
    member demo account in a few courses; the small course keeps one seat free
    for the demo accounts to try."""
    applicants = [
        p
        for p in learners
        if spec.audience == "public" or index % 2 == 0 or p.pk % 2 == 0
    ]
    rng.shuffle(applicants)
    if spec.capacity == 3:
        return applicants[:2]
    applicants = applicants[: min(len(applicants), spec.capacity + 2)]
    if index == 8:
        applicants.insert(0, ctx.accounts[MEMBER])
    if past and index in (4, 5):
        applicants.insert(0, ctx.accounts[MEMBER])
    return applicants


def _applications(ctx, course, sessions, applicants, *, rng, past, now):
    """Confirmed up to the seats, then waitlisted 1..k; attendance for the courses
    already held."""
    secgen = ctx.accounts["secgen@example.org"].account
    member = ctx.accounts[MEMBER]
    position = 0
    for number, person in enumerate(applicants):
        confirmed = number < course.capacity
        if not confirmed:
            position += 1
        by_proxy = number % 5 == 4
        application = Application.objects.create(
            course=course,
            person=person,
            status="confirmed" if confirmed else "waitlisted",
            waitlist_position=None if confirmed else position,
            channel="proxy" if by_proxy else "self",
            is_member_rate=True,
            fee=course.fee_member,
            fee_paid=past and confirmed,
            applied_by=secgen if by_proxy else getattr(person, "account", None),
            confirmed_at=now if confirmed else None,
        )
        if past and confirmed:
            for session in sessions:
                Attendance.objects.create(
                    session=session,
                    application=application,
                    present=rng.random() < 0.85 or person == member,
                    recorded_by=secgen,
                )


def _leaver(course, learners, applicants, *, now):
    """One cancelled application of a course held, to show in its history."""
    leaver = next((p for p in reversed(learners) if p not in applicants), None)
    if leaver is not None:
        Application.objects.create(
            course=course,
            person=leaver,
            status="cancelled",
            fee=course.fee_general,
            ended_at=now,
            end_reason="都合がつかなくなったため",
        )


def seed_courses(ctx, *, today, now):
    """Six months back and six ahead: a year of courses around today. Idempotent:
    a course is looked up by its title first. Returns how many were added."""
    rng = random.Random(2026)
    categories = categories_get_or_create()
    learners = _learners(ctx)
    secgen = ctx.accounts["secgen@example.org"].account
    added = 0
    for index, spec in enumerate(COURSES):
        if Course.objects.filter(title=spec.title).exists():
            continue
        added += 1
        first_day = today + datetime.timedelta(days=30 * (index - 6) + 3)
        past = first_day < today
        course, sessions = _course(
            index,
            spec,
            category=categories[spec.category],
            first_day=first_day,
            instructor=rng.choice(INSTRUCTORS),
            secgen=secgen,
            today=today,
        )
        applicants = _applicants(ctx, index, spec, learners, rng=rng, past=past)
        _applications(ctx, course, sessions, applicants, rng=rng, past=past, now=now)
        if past:
            _leaver(course, learners, applicants, now=now)
    return added
