"""The sites part's demo data (issue 17): a café run by a demo W.Co, a 子ども食堂
with its 食堂 and 学習支援, a food pantry the organization runs itself, and a pantry
run by the home W.Co that member@example.org records; a year of sessions with varied
counts (a seeded random, so the same every time), a city's 子ども食堂 subsidy whose
conditions one month misses, and two sites listed in the public directory.
``--scale`` adds sites with a year of weekly sessions. Idempotent: sites are found by
name, and a site with sessions gets no more.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from members.models import Affiliation, Municipality, Organization

from .models import (
    WEEKDAY_BITS,
    FundingCondition,
    Session,
    SessionType,
    Site,
    SiteRecorder,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
DAYS_OF_SESSIONS = 365


def _mask(*days):
    return sum(WEEKDAY_BITS[day] for day in days)


def _nth_weekday(day):
    """1 for the first such weekday of its month, 2 for the second …"""
    return (day.day - 1) // 7 + 1


# name: (kind, operator index in ctx.data["wcos"] or None for the organization,
#        opening days, opening pattern, public, [(type, starts, ends, which days)])
SITES = {
    "cafe": (
        "コミュニティカフェ まちの縁側",
        Site.Kind.CAFE,
        4,
        (TUE, THU, SAT),
        "火・木・土 10:00–16:00",
        True,
        (("カフェ営業", (10, 0), (16, 0), None),),
    ),
    "diner": (
        "みんなの食堂 ぽけっと",
        Site.Kind.CHILDREN_DINER,
        2,
        (SAT,),
        "毎月第2・第4土曜 11:00–14:00（学習支援 14:00–16:00）",
        True,
        (
            ("食堂", (11, 0), (14, 0), (2, 4)),
            ("学習支援", (14, 0), (16, 0), (2, 4)),
        ),
    ),
    "pantry_org": (
        "フードパントリー 港北",
        Site.Kind.PANTRY,
        None,
        (WED,),
        "毎月第1・第3水曜 13:00–15:00",
        False,
        (("パントリー", (13, 0), (15, 0), (1, 3)),),
    ),
    "pantry_home": (
        "フードパントリー あおば",
        Site.Kind.PANTRY,
        0,
        (FRI,),
        "毎週金曜 14:00–16:00",
        False,
        (("パントリー", (14, 0), (16, 0), None),),
    ),
}
# The 子ども食堂's month that misses the city's condition (months back from this one):
# its second session that month did not take place.
MISSED_MONTHS_BACK = 4


def _municipality(organization, fallback_code="14109"):
    if organization is not None and organization.municipality_id:
        return organization.municipality
    return Municipality.objects.filter(code__startswith=fallback_code).first()


def _counts(rng, type_name, day):
    """Realistic, varied counts for one session of ``type_name``."""
    season = 1.15 if day.month in (7, 8, 12) else 1.0
    if type_name == "カフェ営業":
        adults = int(rng.randint(8, 24) * season)
        children = rng.randint(0, 4)
        return {
            "adults": adults,
            "children": children,
            "households": None,
            "meals": rng.randint(4, 14),
            "food_packages": 0,
            "volunteers": rng.randint(1, 3),
            "staff": 2,
        }
    if type_name == "食堂":
        children = int(rng.randint(18, 34) * season)
        adults = rng.randint(8, 16)
        preschool = rng.randint(2, 6)
        secondary = rng.randint(1, 5)
        return {
            "adults": adults,
            "children": children,
            "children_preschool": preschool,
            "children_primary": children - preschool - secondary,
            "children_secondary": secondary,
            "households": rng.randint(14, 22),
            "meals": adults + children + rng.randint(0, 4),
            "food_packages": 0,
            "volunteers": rng.randint(5, 9),
            "staff": 2,
        }
    if type_name == "学習支援":
        children = rng.randint(5, 12)
        return {
            "adults": 0,
            "children": children,
            "children_primary": children - 2,
            "children_secondary": 2,
            "households": None,
            "meals": 0,
            "food_packages": 0,
            "volunteers": rng.randint(2, 4),
            "staff": 1,
        }
    households = int(rng.randint(18, 36) * season)
    return {
        "adults": households + rng.randint(0, 6),
        "children": rng.randint(2, 10),
        "households": households,
        "meals": 0,
        "food_packages": households,
        "volunteers": rng.randint(3, 7),
        "staff": 1,
    }


def _sessions(site, plan, *, types, first, last, rng, recorded_by, skip=None):
    rows = []
    day = first
    while day <= last:
        if site.opening_days & WEEKDAY_BITS[day.weekday()]:
            for type_name, starts, ends, which in plan:
                if which is not None and _nth_weekday(day) not in which:
                    continue
                if skip is not None and skip(day, type_name):
                    continue
                counts = _counts(rng, type_name, day)
                hours = ends[0] - starts[0]
                rows.append(
                    Session(
                        site=site,
                        date=day,
                        starts=datetime.time(*starts),
                        ends=datetime.time(*ends),
                        type=types[type_name],
                        volunteer_hours=Decimal(counts["volunteers"] * hours),
                        recorded_by=recorded_by,
                        **counts,
                    )
                )
        day += datetime.timedelta(days=1)
    Session.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _missed_month(today):
    month = today.replace(day=1)
    for _i in range(MISSED_MONTHS_BACK):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


def seed(ctx):
    programme = ctx.data["business_programmes"]["places"]
    wcos = ctx.data["wcos"]
    member = ctx.accounts["member@example.org"]
    lead = ctx.accounts["business@example.org"]
    today = timezone.localdate()
    first = today - datetime.timedelta(days=DAYS_OF_SESSIONS)
    last = today - datetime.timedelta(days=1)
    types = {t.name: t for t in SessionType.objects.all()}
    missed = _missed_month(today)
    made = {}
    for key, (name, kind, operator_index, days, pattern, public, plan) in SITES.items():
        operator = wcos[operator_index] if operator_index is not None else None
        site = Site.objects.filter(name=name).first()
        if site is None:
            site = Site.objects.create(
                programme=programme,
                name=name,
                kind=kind,
                operator=operator,
                municipality=_municipality(operator),
                address="1-2-3",
                opening_days=_mask(*days),
                opening_pattern=pattern,
                public=public,
            )
        made[key] = site
        if site.sessions.exists():
            continue
        rng = random.Random(f"business-sites-{name}")
        recorded_by = member.account if key == "pantry_home" else lead.account

        def skip(day, type_name, key=key):
            # The 子ども食堂's fourth Saturday of one month did not take place.
            return (
                key == "diner"
                and day.replace(day=1) == missed
                and _nth_weekday(day) == 4
            )

        _sessions(
            site,
            plan,
            types=types,
            first=first,
            last=last,
            rng=rng,
            recorded_by=recorded_by,
            skip=skip,
        )
    ctx.data["business_sites"] = made

    yokohama = Organization.objects.filter(name="横浜市").first()
    conditions = (
        (
            "diner",
            {
                "funder": yokohama,
                "funder_name": "" if yokohama else "横浜市",
                "sessions_per_month": 2,
                "hours_per_session": Decimal("2.0"),
                "meals_per_session": 20,
                "health_notice_required": True,
                "health_notice_on": first - datetime.timedelta(days=30),
            },
        ),
        (
            "cafe",
            {
                "funder": None,
                "funder_name": "区社会福祉協議会 地域の居場所助成",
                "sessions_per_month": 8,
                "hours_per_session": Decimal("4.0"),
            },
        ),
    )
    for key, values in conditions:
        if not FundingCondition.objects.filter(site=made[key]).exists():
            FundingCondition.objects.create(site=made[key], **values)

    recorders = [(made["pantry_home"], member)]
    # The café's recorder: someone of the W.Co that runs it.
    place = (
        Affiliation.objects.filter(organization=made["cafe"].operator)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    if place is not None:
        recorders.append((made["cafe"], place.person))
    for site, person in recorders:
        if not SiteRecorder.objects.filter(site=site, person=person).exists():
            SiteRecorder.objects.create(site=site, person=person, start=first)

    if ctx.scale:
        _seed_scale(ctx, programme, wcos, types, first, last, lead)


def _seed_scale(ctx, programme, wcos, types, first, last, lead):
    """``ctx.scale * 5`` more sites, each with a year of weekly sessions."""
    plan = (("食堂", (11, 0), (14, 0), None),)
    for number in range(1, ctx.scale * 5 + 1):
        name = f"地域の居場所 {number:04d}"
        if Site.objects.filter(name=name).exists():
            continue
        operator = wcos[number % len(wcos)]
        site = Site.objects.create(
            programme=programme,
            name=name,
            kind=Site.Kind.IBASHO,
            operator=operator,
            municipality=_municipality(operator),
            opening_days=_mask(number % 7),
            opening_pattern="毎週 11:00–14:00",
            public=number % 3 == 0,
        )
        _sessions(
            site,
            plan,
            types=types,
            first=first,
            last=last,
            rng=random.Random(f"business-sites-scale-{number}"),
            recorded_by=lead.account,
        )
