"""The talent bank's demo data (人材バンク, issue 15): forty profiles of the registry's
people around Kanagawa with skills and qualifications, requests in every state and
proposals in every state.

member@'s person keeps a profile with 調理師 (verified) in 青葉区, and rep@'s open
request for the home W.Co asks for a 調理師 there without proposing them yet: the
browser test proposes them.

Built at the model level (no email); profiles are one per person, requests are
looked up by title and proposals by (request, profile), so a second run adds
nothing. The services' rules hold: active profiles' consent runs to the end of the
fiscal year, never more accepted proposals than a request's headcount, and a
qualification expires after it was obtained.
"""

import datetime
from typing import NamedTuple

from django.utils import timezone

from members.models import Affiliation, Industry, Municipality, Person

from ..models import (
    HeldQualification,
    Qualification,
    TalentProfile,
    TalentProposal,
    TalentRequest,
    TalentSkill,
)
from ..models.talent import availability_mask, end_of_fiscal_year
from ..reference import QUALIFICATIONS

PROFILES = 40
AOBA = "14117"
# Areas people work in: Yokohama's wards, Kawasaki, Sagamihara, Fujisawa and others.
AREAS = (
    ("14117", "14118", "14109"),  # 青葉区, 都筑区, 港北区
    ("14130",),  # 川崎市
    ("14133", "14134"),  # 中原区, 高津区
    ("14150",),  # 相模原市
    ("14205", "14207"),  # 藤沢市, 茅ヶ崎市
    ("14110", "14111"),  # 戸塚区, 港南区
    ("14104", "14102"),  # 中区, 神奈川区
    ("14137", "14136"),  # 麻生区, 宮前区
    ("14204",),  # 鎌倉市
    ("14113", "14117"),  # 緑区, 青葉区
)
WEEKDAY_DAYTIME = ["0-0", "0-1", "1-0", "1-1", "2-0", "2-1", "3-0", "3-1", "4-0", "4-1"]
AVAILABILITY = (
    WEEKDAY_DAYTIME,
    ["0-0", "1-0", "2-0", "3-0", "4-0"],
    ["0-1", "2-1", "4-1"],
    ["5-0", "5-1", "6-0", "6-1"],
    ["1-2", "3-2", "5-2"],
    ["0-0", "0-1", "0-2", "3-0", "3-1", "3-2"],
)
HOURS = (20, 12, 30, 8, 16, 24)
INDUSTRIES = ("配食", "介護・福祉", "子育て支援", "清掃", "居場所・カフェ")
# (skills with years, qualifications, 自己紹介) by the kind of work.
KINDS = (
    (
        (("調理", 12), ("献立づくり", 5)),
        ("調理師", "食品衛生責任者"),
        "配食のW.Coで長く調理を担当してきました。大量調理と献立づくりが得意です。",
    ),
    (
        (("配達", 6), ("運転", 15)),
        ("普通自動車運転免許",),
        "お弁当の配達を続けています。土地勘のある地域なら安心してお任せください。",
    ),
    (
        (("介護", 10), ("家事援助", 8)),
        ("介護福祉士", "普通救命講習", "普通自動車運転免許"),
        "訪問介護の経験があります。利用者さんの暮らしに寄り添うことを大切にしています。",
    ),
    (
        (("保育", 7), ("子どもの見守り", 4)),
        ("保育士", "子育て支援員"),
        "一時保育と学童で子どもたちと過ごしてきました。講座の託児もお手伝いできます。",
    ),
    (
        (("清掃", 9), ("整理収納", 3)),
        ("普通自動車運転免許",),
        "ハウスクリーニングの仕事をしています。丁寧な作業を心がけています。",
    ),
    (
        (("経理", 14), ("パソコン入力", 10)),
        (),
        "W.Coの経理を長く担当しました。会計ソフトでの入力と決算の準備ができます。",
    ),
    (
        (("介護", 3),),
        ("介護職員初任者研修", "介護支援専門員", "普通自動車運転免許"),
        "ケアマネジャーとして働いています。空いた時間に地域のお手伝いをしたいです。",
    ),
    (
        (("カフェの接客", 5), ("調理", 4)),
        ("調理師", "食品衛生責任者"),
        "地域のカフェで接客と軽食づくりをしています。人と話すことが好きです。",
    ),
)
MEMBER_PROFILE = (
    (("調理", 8), ("配達", 3)),
    "配食サービスあおばで調理を担当しています。平日の午前中なら調理や配達をお手伝いできます。",
)


def _municipalities():
    codes = {code for row in AREAS for code in row}
    found = {}
    for municipality in Municipality.objects.all():
        for code in codes:
            if municipality.code.startswith(code):
                found[code] = municipality
    return found


def _people(ctx):
    """member@'s person, then people of the demo W.Cos without an account (the
    W.Co School's learners after them if the W.Cos run short)."""
    member = ctx.accounts["member@example.org"]
    wco_people = (
        Person.objects.filter(
            account__isnull=True,
            affiliations__organization__kind="wco",
            affiliations__confirmed=True,
        )
        .exclude(email__endswith="@scale.example.org")
        .distinct()
        .order_by("pk")
    )
    people = [member, *wco_people[: PROFILES - 1]]
    if len(people) < PROFILES:
        others = (
            Person.objects.filter(account__isnull=True)
            .exclude(pk__in=[p.pk for p in people])
            .order_by("pk")
        )
        people += list(others[: PROFILES - len(people)])
    return people


def _qualifications():
    """The secretariat's list (the migration's, made again where a test database was
    flushed)."""
    for order, (name, expires) in enumerate(QUALIFICATIONS, start=1):
        Qualification.objects.get_or_create(
            name=name, defaults={"expires": expires, "order": order * 10}
        )
    return {q.name: q for q in Qualification.objects.all()}


def _held(profile, qualification, *, index, today, staff, verified=False):
    """A held qualification; those that expire: some within sixty days."""
    obtained = today - datetime.timedelta(days=365 * (2 + index % 9) + index)
    expires = None
    if qualification.expires:
        expires = (
            today + datetime.timedelta(days=20 + index % 35)
            if index % 3 == 0
            else today + datetime.timedelta(days=400 + index * 10)
        )
    return HeldQualification(
        profile=profile,
        qualification=qualification,
        obtained_on=obtained,
        expires_on=expires,
        number=f"第{100000 + index * 37}号" if index % 2 == 0 else "",
        verified_at=timezone.now() if verified else None,
        verified_by=staff if verified else None,
    )


def _profile(person, index, *, today, now, staff):
    """Most active and open to proposals; every fifth for coordinators only; the
    last two dormant and withdrawn."""
    state = TalentProfile.State.ACTIVE
    if index == PROFILES - 2:
        state = TalentProfile.State.DORMANT
    elif index == PROFILES - 1:
        state = TalentProfile.State.WITHDRAWN
    scope = (
        TalentProfile.Scope.COORDINATORS
        if index % 5 == 4
        else TalentProfile.Scope.PROPOSE
    )
    by_staff = index % 4 == 2
    return TalentProfile.objects.create(
        person=person,
        state=state,
        consent_scope=scope,
        consent_method=TalentProfile.ConsentMethod.VERBAL
        if by_staff
        else TalentProfile.ConsentMethod.SELF,
        consent_at=now - datetime.timedelta(days=30 + index),
        consent_recorded_by=staff if by_staff else None,
        consent_expires=end_of_fiscal_year(today),
        availability=availability_mask(AVAILABILITY[index % len(AVAILABILITY)]),
        hours_per_week=HOURS[index % len(HOURS)],
        confirmed_on=today - datetime.timedelta(days=30 + index),
        state_changed_on=None
        if state == TalentProfile.State.ACTIVE
        else today - datetime.timedelta(days=10),
    )


def seed_profiles(ctx, *, today):
    """The forty profiles; how many were added."""
    now = timezone.now()
    staff = ctx.accounts["staff@example.org"].account
    places = _municipalities()
    qualifications = _qualifications()
    industries = {i.name: i for i in Industry.objects.filter(name__in=INDUSTRIES)}
    added = 0
    for index, person in enumerate(_people(ctx)):
        if TalentProfile.objects.filter(person=person).exists():
            continue
        added += 1
        profile = _profile(person, index, today=today, now=now, staff=staff)
        if index == 0:  # member@: 調理師 verified and a driving licence, in 青葉区
            skills, introduction = MEMBER_PROFILE
            held = [
                _held(profile, qualifications["調理師"], index=1, today=today,
                      staff=staff, verified=True),
                _held(profile, qualifications["普通自動車運転免許"], index=1,
                      today=today, staff=staff),
            ]  # fmt: skip
            areas = AREAS[0]
            preferred = ["配食"]
        else:
            skills, names, introduction = KINDS[index % len(KINDS)]
            held = [
                _held(profile, qualifications[name], index=index + n, today=today,
                      staff=staff, verified=index % 3 == 1)
                for n, name in enumerate(names) if name in qualifications
            ]  # fmt: skip
            if index == 3:  # studying for 保育士: expected (見込み)
                held = [h for h in held if h.qualification.name != "保育士"]
                held.append(
                    HeldQualification(
                        profile=profile,
                        qualification=qualifications["保育士"],
                        state=HeldQualification.State.EXPECTED,
                        expires_on=None,
                    )
                )
            areas = AREAS[index % len(AREAS)]
            preferred = [INDUSTRIES[index % len(INDUSTRIES)]]
        profile.introduction = introduction
        profile.save(update_fields=["introduction", "updated_at"])
        HeldQualification.objects.bulk_create(held)
        TalentSkill.objects.bulk_create(
            TalentSkill(profile=profile, name=name, years=years)
            for name, years in skills
        )
        profile.areas.set([places[code] for code in areas if code in places])
        profile.preferred_industries.set(
            [industries[name] for name in preferred if name in industries]
        )
    return added


# --- Requests and proposals -------------------------------------------------------------


class RequestSpec(NamedTuple):
    title: str
    by: str  # "rep" (for the home W.Co), "support", "staff" or "wco" (another W.Co)
    industry: str
    qualifications: tuple
    areas: tuple
    slots: tuple
    headcount: int
    state: str
    description: str
    # proposal states, each for the next candidate that fits
    proposals: tuple


P = TalentProposal.State
R = TalentRequest.State
REQUESTS = [
    RequestSpec(*row)
    for row in (
        (
            "調理スタッフ（調理師）の募集",
            "rep",
            "配食",
            ("調理師",),
            (AOBA,),
            ("0-0", "1-0", "2-0"),
            2,
            R.OPEN,
            "お弁当の調理を担当していただける方を探しています。平日の午前中、週3日程度です。",
            (P.DECLINED,),
        ),
        (
            "W.Coスクール講座の託児スタッフ",
            "support",
            "子育て支援",
            ("保育士",),
            ("14109", AOBA),
            ("5-0", "5-1"),
            2,
            R.OPEN,
            "土曜日の講座の間、受講者のお子さんを見守っていただきます。",
            (P.AGREED, P.MEETING, P.PROPOSED, P.DECLINED),
        ),
        (
            "事務局の経理補助",
            "staff",
            "",
            (),
            ("14109",),
            ("1-0", "3-0"),
            1,
            R.FILLED,
            "決算期の伝票の整理と会計ソフトへの入力をお願いします。",
            (P.NOT_HIRED, P.HIRED),
        ),
        (
            "訪問介護のヘルパー",
            "wco",
            "介護・福祉",
            ("介護福祉士",),
            ("14109", "14118"),
            ("0-1", "2-1", "4-1"),
            1,
            R.CLOSED,
            "利用者さんのお宅で身体介護と家事援助をしていただきます。",
            (P.WITHDRAWN, P.DECLINED),
        ),
    )
]


def _requester(ctx, spec):
    if spec.by == "rep":
        return ctx.accounts["rep@example.org"], ctx.data.get("home_wco")
    if spec.by in ("support", "staff"):
        return ctx.accounts[f"{spec.by}@example.org"], None
    seat = (
        Affiliation.objects.current()
        .filter(
            organization__industry__name=spec.industry,
            organization__kind="wco",
            confirmed=True,
            position=Affiliation.Position.REPRESENTATIVE,
        )
        .select_related("person", "organization")
        .order_by("pk")
        .first()
    )
    if seat is None:
        return ctx.accounts["staff@example.org"], None
    return seat.person, seat.organization


def _candidates(ctx, today):
    """Profiles that may be proposed, member@'s kept out (the browser test proposes
    them)."""
    member = ctx.accounts["member@example.org"]
    return [
        profile
        for profile in TalentProfile.objects.filter(
            state=TalentProfile.State.ACTIVE,
            consent_scope=TalentProfile.Scope.PROPOSE,
            consent_expires__gte=today,
        )
        .exclude(person=member)
        .exclude(person__email__endswith="@scale.example.org")
        .order_by("pk")
        if profile.may_be_proposed(today)
    ]


def _request(ctx, spec, *, today, places, qualifications):
    found = TalentRequest.objects.filter(title=spec.title).first()
    if found is not None:
        return found, False
    by, organization = _requester(ctx, spec)
    request = TalentRequest.objects.create(
        title=spec.title,
        organization=organization,
        requested_by=by,
        description=spec.description,
        industry=Industry.objects.filter(name=spec.industry).first()
        if spec.industry
        else None,
        availability=availability_mask(spec.slots),
        hours_per_week=12,
        headcount=spec.headcount,
        pay_min=1100,
        pay_max=1300,
        start=today + datetime.timedelta(days=14)
        if spec.state == R.OPEN
        else today - datetime.timedelta(days=60),
        state=spec.state,
        coordinator=ctx.accounts["support@example.org"],
        created_by=by.account if by.account_id else None,
    )
    request.qualifications.set(
        [qualifications[n] for n in spec.qualifications if n in qualifications]
    )
    request.areas.set([places[code] for code in spec.areas if code in places])
    return request, True


def _proposal(request, profile, state, *, coordinator, now, today):
    answered = state not in (P.PROPOSED, P.WITHDRAWN)
    concluded = state in (P.HIRED, P.NOT_HIRED)
    met = state in (P.MEETING, P.HIRED, P.NOT_HIRED)
    return TalentProposal(
        request=request,
        profile=profile,
        state=state,
        proposed_by=coordinator,
        message="ご経験を生かせるお仕事だと思い、ご紹介します。ご検討ください。",
        answered_at=now - datetime.timedelta(days=5) if answered else None,
        meeting_kind=TalentProposal.Meeting.INTERVIEW if met else "",
        meeting_on=today + datetime.timedelta(days=7)
        if state == P.MEETING
        else (today - datetime.timedelta(days=20) if met else None),
        outcome_reason=TalentProposal.Reason.MISMATCH if state == P.NOT_HIRED else "",
        outcome_note="希望する曜日が合いませんでした。" if state == P.NOT_HIRED else "",
        outcome_at=now - datetime.timedelta(days=15) if concluded else None,
    )


def seed_requests(ctx, *, today):
    """The requests and their proposals; how many requests were added."""
    now = timezone.now()
    places = _municipalities()
    qualifications = _qualifications()
    coordinator = ctx.accounts["support@example.org"]
    candidates = _candidates(ctx, today)
    added = 0
    offset = 0
    for spec in REQUESTS:
        request, created = _request(
            ctx, spec, today=today, places=places, qualifications=qualifications
        )
        added += created
        if not created:
            offset += len(spec.proposals)
            continue
        proposals = []
        for state in spec.proposals:
            if not candidates:
                break
            profile = candidates[offset % len(candidates)]
            offset += 1
            proposals.append(
                _proposal(
                    request, profile, state, coordinator=coordinator, now=now,
                    today=today,
                )
            )  # fmt: skip
        accepted = [p for p in proposals if p.state in TalentProposal.ACCEPTED_STATES]
        assert len(accepted) <= request.headcount, spec.title
        TalentProposal.objects.bulk_create(proposals)
    return added


def seed_talent(ctx, *, today):
    return seed_profiles(ctx, today=today), seed_requests(ctx, today=today)
