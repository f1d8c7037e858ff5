"""The support section's demo data: a year of W.Co School courses with applications
and attendance, advisors with slots, and consultations in every state.

Built directly (not through the services) so that seeding sends no email; the rows
keep the services' invariants (never more confirmed than seats, waitlist 1..k).
Idempotent: each course and consultation is looked up by its title or text first.
"""

import datetime
import random

from django.utils import timezone

from members.models import Affiliation, Desk, Organization, Person

from .models import (
    Application,
    Appointment,
    AppointmentSlot,
    Attendance,
    Consultation,
    ConsultationRecord,
    Course,
    CourseCategory,
    CourseSession,
)

CATEGORIES = [
    ("起業支援", 10),
    ("運営マネジメント", 20),
    ("会計・税務", 30),
    ("労務", 40),
    ("労働者協同組合への移行", 50),
]

# (title, category index, capacity, audience, member fee, general fee, sessions)
COURSES = [
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
]

VENUES = [
    "かながわ県民センター 会議室",
    "生活クラブ 本部会議室",
    "横浜市市民活動支援センター",
]

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


def _local(day, hour, minute=0):
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def _learners(ctx):
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


def seed(ctx):
    rng = random.Random(2026)
    categories = [
        CourseCategory.objects.get_or_create(name=name, defaults={"sort_order": order})[
            0
        ]
        for name, order in CATEGORIES
    ]
    learners = _learners(ctx)
    accounts = ctx.accounts
    secgen = accounts["secgen@example.org"].account
    today = timezone.localdate()
    now = timezone.now()
    created_courses = 0
    for index, (title, cat, capacity, audience, fee_m, fee_g, count) in enumerate(
        COURSES
    ):
        if Course.objects.filter(title=title).exists():
            continue
        created_courses += 1
        # Six months back and six ahead: a year of courses around today.
        first_day = today + datetime.timedelta(days=30 * (index - 6) + 3)
        past = first_day < today
        course = Course.objects.create(
            title=title,
            category=categories[cat],
            description=(
                f"{title}。W.Coスクール運営委員会の講座です。"
                "はじめての方も歓迎します。資料は当日お配りします。"
            ),
            instructor=rng.choice(
                ["W.Co協会 講師", "税理士 山田 花子", "社会保険労務士 森 一郎"]
            ),
            capacity=capacity,
            audience=audience,
            fee_member=fee_m,
            fee_general=fee_g,
            # Future courses take applications now, so the demo can be tried.
            application_opens=_local(
                min(
                    first_day - datetime.timedelta(days=45),
                    today - datetime.timedelta(days=14),
                ),
                9,
            ),
            application_closes=_local(first_day - datetime.timedelta(days=2), 17),
            cancellation_deadline=_local(first_day - datetime.timedelta(days=3), 17),
            status=Course.Status.FINISHED if past else Course.Status.PUBLISHED,
            created_by=secgen,
        )
        sessions = [
            CourseSession.objects.create(
                course=course,
                starts_at=_local(first_day + datetime.timedelta(days=7 * n), 13, 30),
                ends_at=_local(first_day + datetime.timedelta(days=7 * n), 16),
                venue=VENUES[(index + n) % len(VENUES)],
                online_url="https://meet.example.org/wco-school"
                if n == 0 and index % 3 == 0
                else "",
            )
            for n in range(count)
        ]
        course.first_session_at = sessions[0].starts_at
        course.save(update_fields=["first_session_at"])

        applicants = [
            p
            for p in learners
            if audience == "public" or index % 2 == 0 or p.pk % 2 == 0
        ]
        rng.shuffle(applicants)
        # The small course has one seat left for the demo accounts to try.
        if capacity == 3:
            applicants = applicants[:2]
        else:
            applicants = applicants[: min(len(applicants), capacity + 2)]
            if index == 8:
                applicants.insert(0, accounts["member@example.org"])
            if past and index in (4, 5):
                applicants.insert(0, accounts["member@example.org"])
        position = 0
        for number, person in enumerate(applicants):
            confirmed = number < capacity
            if not confirmed:
                position += 1
            application = Application.objects.create(
                course=course,
                person=person,
                status="confirmed" if confirmed else "waitlisted",
                waitlist_position=None if confirmed else position,
                channel="proxy" if number % 5 == 4 else "self",
                is_member_rate=True,
                fee=fee_m,
                fee_paid=past and confirmed,
                applied_by=secgen
                if number % 5 == 4
                else getattr(person, "account", None),
                confirmed_at=now if confirmed else None,
            )
            if past and confirmed:
                for session in sessions:
                    Attendance.objects.create(
                        session=session,
                        application=application,
                        present=rng.random() < 0.85
                        or person == accounts["member@example.org"],
                        recorded_by=secgen,
                    )
        # One cancelled application to show in the history.
        if past:
            leaver = next((p for p in reversed(learners) if p not in applicants), None)
            if leaver is not None:
                Application.objects.create(
                    course=course,
                    person=leaver,
                    status="cancelled",
                    fee=fee_g,
                    ended_at=now,
                    end_reason="都合がつかなくなったため",
                )
    _seed_consultations(ctx, today=today, now=now)
    ctx.log(f"W.Co School: {created_courses} courses added.")
    if ctx.scale:
        seed_scale(ctx)


CONSULTATIONS = [
    # (requester key, desk, topic, channel, status, description, outcome)
    (
        "citizen@example.org",
        Desk.GENERAL,
        "startup",
        "form",
        "new",
        "地域で配食のワーカーズ・コレクティブを立ち上げたいと考えています。何から始めればよいでしょうか。",
        "",
    ),
    (
        "member@example.org",
        Desk.GENERAL,
        "conversion",
        "form",
        "assigned",
        "私たちのW.Coを労働者協同組合に移行するか検討しています。手続きと費用を知りたいです。",
        "",
    ),
    (
        "rep@example.org",
        Desk.FINANCE,
        "finance",
        "phone",
        "in_progress",
        "配食車両の買い替えのため、融資を受けられるか相談したいです。",
        "",
    ),
    (
        "member@example.org",
        Desk.GENERAL,
        "labour",
        "visit",
        "closed",
        "メンバーの働き方と社会保険の扱いについて確認したいです。",
        "advice",
    ),
    (
        "citizen@example.org",
        Desk.FINANCE,
        "accounting",
        "email",
        "closed",
        "個人で始めた事業の記帳方法について教えてください。",
        "referred",
    ),
]


def _seed_consultations(ctx, *, today, now):
    accounts = ctx.accounts
    advisor = accounts["advisor@example.org"]
    finance = accounts["finance-advisor@example.org"]
    staff = accounts["staff@example.org"].account
    # Advisors' slots for the next two weeks (weekday afternoons).
    for person, hour in ((advisor, 14), (finance, 10)):
        if AppointmentSlot.objects.filter(advisor=person, starts_at__gt=now).exists():
            continue
        for offset in (2, 3, 6, 9, 13):
            day = today + datetime.timedelta(days=offset)
            AppointmentSlot.objects.create(
                advisor=person,
                starts_at=_local(day, hour),
                ends_at=_local(day, hour + 1),
                place="W.Co SSE 事務局 相談室",
                online=offset % 2 == 0,
            )
    for key, desk, topic, channel, status, text, outcome in CONSULTATIONS:
        if Consultation.objects.filter(description=text).exists():
            continue
        requester = accounts[key]
        phone = channel != "form"
        consultation = Consultation.objects.create(
            requester=requester,
            desk=desk,
            topic=topic,
            channel=channel,
            description=text,
            preferred_times="平日の午後",
            consent_method="verbal" if phone else "checkbox",
            consent_at=now,
            consent_recorded_by=staff if phone else None,
            status=status,
            advisor=None
            if status == "new"
            else (finance if desk == Desk.FINANCE else advisor),
            assigned_at=None if status == "new" else now,
            outcome=outcome,
            closed_at=now if status == "closed" else None,
            referred_to="神奈川県よろず支援拠点" if outcome == "referred" else "",
            referral_consent_at=now if outcome == "referred" else None,
            referral_consent_recorded_by=staff if outcome == "referred" else None,
            created_by=staff if phone else requester.account,
        )
        if status in ("in_progress", "closed"):
            ConsultationRecord.objects.create(
                consultation=consultation,
                author=consultation.advisor,
                body="初回面談。現状と課題を伺い、必要な資料を案内した。",
            )
        if status == "in_progress":
            slot = (
                AppointmentSlot.objects.filter(
                    advisor=consultation.advisor, starts_at__gt=now
                )
                .exclude(appointments__status="booked")
                .order_by("starts_at")
                .last()
            )
            if slot is not None:
                Appointment.objects.create(
                    slot=slot, consultation=consultation, booked_by=staff
                )


SCALE_COURSES, SCALE_CAPACITY, SCALE_APPLICANTS = 50, 20, 25
SCALE_CONSULTATIONS = 125
SCALE_PREFIX = "負荷試験講座"
SCALE_CONSULTATION_PREFIX = "【負荷試験】"
_SCALE_TOPICS = [value for value, _label in Consultation.Topic.choices]
_SCALE_STATES = ("new", "assigned", "in_progress", "closed", "closed")


def _scale_people():
    from members.demo import SCALE_EMAIL_DOMAIN

    return list(
        Person.objects.filter(email__endswith="@" + SCALE_EMAIL_DOMAIN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def seed_scale(ctx):
    """Bulk courses with applications and consultations for load tests.

    Each kind is topped up to its count × scale and no further, so a rerun (or a
    larger scale) adds only what is missing. Needs the registry's scale people.
    """
    people = _scale_people()
    if len(people) < SCALE_APPLICANTS:
        return
    categories = [
        CourseCategory.objects.get_or_create(name=name, defaults={"sort_order": order})[
            0
        ]
        for name, order in CATEGORIES
    ]
    today, now = timezone.localdate(), timezone.now()
    _seed_scale_courses(ctx, people, categories=categories, today=today, now=now)
    _seed_scale_consultations(ctx, people, now=now)


def _seed_scale_courses(ctx, people, *, categories, today, now):
    want = SCALE_COURSES * ctx.scale
    have = Course.objects.filter(title__startswith=SCALE_PREFIX).count()
    if have >= want:
        return
    courses = []
    for number in range(have, want):
        # A year back and five months ahead; one in three in the future.
        day = today + datetime.timedelta(days=(number % 500) - 350)
        start = _local(day, 18, 30)
        courses.append(
            Course(
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
                status=Course.Status.FINISHED
                if day < today
                else Course.Status.PUBLISHED,
                first_session_at=start,
            )
        )
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
    applications = []
    for index, course in enumerate(courses, start=have):
        offset = (index * SCALE_APPLICANTS) % len(people)
        chosen = (people[offset:] + people[:offset])[:SCALE_APPLICANTS]
        for rank, pk in enumerate(chosen):
            confirmed = rank < SCALE_CAPACITY
            applications.append(
                Application(
                    course=course,
                    person_id=pk,
                    status="confirmed" if confirmed else "waitlisted",
                    waitlist_position=None if confirmed else rank - SCALE_CAPACITY + 1,
                    fee=1000,
                    is_member_rate=True,
                    confirmed_at=now if confirmed else None,
                )
            )
    Application.objects.bulk_create(applications, batch_size=5000)
    ctx.log(
        f"Scale {ctx.scale}: {len(courses)} W.Co School courses with "
        f"{len(applications)} applications added."
    )


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
