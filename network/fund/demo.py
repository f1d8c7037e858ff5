"""The fund's demo data (社会的連帯経済基金).

Three sources (会員募金, 生活クラブ募金キャンペーン and a named fund restricted to its
programme) with a fiscal year of contributions; two programmes; a finished round of
地域づくり助成 (reviewed, sent to the board one 審議事項 per application, decided at an
extraordinary board meeting, awarded, paid, reported and settled, one with money
returned); and an open round with an application in every state, the fund committee's
declarations (``fund@example.org`` conflicted on one) and scores, one item decided at
a held board meeting (修正可決: the award waits for its amount) and one drafted for an
upcoming one. ``rep@example.org`` drafts the home W.Co's application.

The fund's services are built elsewhere: this module writes the records the services
would write, at the model level, and books every money movement through
``network.fund.ledger`` in date order (journal numbers follow the dates). It keeps the
services' rules: statuses agree with each other, recommendations earmark their amount
until the board decides, no award over its round's budget or cap, no allocation over
its source's net assets, no payment over the cash or the award's unpaid amount, award
numbers 基金2026-001 and receipt numbers R2026-0001 per fiscal year (April to March),
payments prepared by one secretariat member and confirmed by another. The board's
side goes through the secretariat's services (drafted by the network section,
accepted, placed, held, decided, minuted) like the other demos.

Dates are counted back from today so the year reads naturally. Idempotent: nothing is
added when the fund has a source already (``--scale`` still tops up its rounds).
"""

import datetime
import random

from django.utils import timezone

from members.demo.people import role
from members.models import Affiliation, Organization, Role
from secretariat import services as secretariat_services
from secretariat.demo.builder import Builder, at
from secretariat.models import AgendaItem, Body, Meeting
from secretariat.subjects import subject_fields
from wco_sse.core.models import OutboundEmail

from . import ledger
from .demo_common import (
    CLUB,
    CLUB_SOURCE,
    MEMBERS_SOURCE,
    NAMED_PROGRAMME,
    NAMED_SOURCE,
    PROGRAMME,
    RUBRIC,
    Books,
    _check_cash,
    _check_source,
    _key,
    award_number,
    fiscal_year,
    plan_lines,
    receipt_number,
)
from .demo_scale import seed_scale
from .models import (
    Award,
    BudgetLine,
    ConflictDeclaration,
    Contribution,
    FinalReport,
    FundApplication,
    FundProgramme,
    FundRound,
    FundSource,
    Payment,
    Review,
    ReviewScore,
    Rubric,
)

A = FundApplication.Status
M = Contribution.Method
D = datetime.timedelta

BOARD_MEETING = "臨時理事会（社会的連帯経済基金 上期助成の審議）"
OPEN_BOARD_MEETING = "臨時理事会（社会的連帯経済基金 下期助成の審議）"
COMMITTEE_SINCE = datetime.date(2026, 4, 1)
# Registry W.Cos (demo_registry.WCOS positions) whose member sits on the fund
# committee beside fund@example.org: 轍, 編集工房 ことのは, たすけあい 戸塚.
COMMITTEE_WCOS = (36, 6, 12)
ELIGIBLE_COSTS = ["personnel", "honoraria", "supplies", "venue", "printing", "travel"]


# --- People ------------------------------------------------------------------------------


def committee(ctx):
    """fund@example.org and three W.Co members on the fund committee (基金運営委員)."""
    people = [ctx.accounts["fund@example.org"]]
    wcos = ctx.data["wcos"]
    for index in COMMITTEE_WCOS:
        found = (
            Affiliation.objects.filter(
                organization=wcos[index], position=Affiliation.Position.MEMBER
            )
            .select_related("person")
            .order_by("pk")
            .first()
        )
        if found is not None:
            people.append(found.person)
    for person in people:
        role(person, Role.FUND_COMMITTEE, "", COMMITTEE_SINCE)
    return people


def _representative(organization):
    found = (
        Affiliation.objects.filter(
            organization=organization, position=Affiliation.Position.REPRESENTATIVE
        )
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return found.person if found else None


# --- Records -----------------------------------------------------------------------------


def contribution(
    books, actor, source, amount, day, *, method=M.TRANSFER, note="", **donor
):
    """A contribution recorded and booked on ``day`` (receipt numbered then)."""

    def record():
        given = Contribution.objects.create(
            source=source,
            amount=amount,
            received_on=day,
            method=method,
            receipt_number=receipt_number(day),
            note=note,
            recorded_by=actor,
            **donor,
        )
        # Recorded the day it came in (the books themselves are never touched).
        Contribution.objects.filter(pk=given.pk).update(recorded_at=at(day, 10))
        ledger.book_contribution(given, actor=actor)

    books.on(day, record)


def allocation(books, actor, fund_round, source, amount, day):
    def record():
        _check_source(source, amount, day)
        ledger.book_allocation(fund_round, source, amount, actor=actor, on=day)

    books.on(day, record)


def make_round(
    programme, rubric, actor, *, title, opens, closes, project, cap, status, description
):
    return FundRound.objects.create(
        programme=programme,
        title=title,
        description=description,
        status=status,
        project_start=project[0],
        project_end=project[1],
        opens_at=at(opens, 9),
        closes_at=at(closes, 17),
        cap_per_grant=cap,
        eligible_costs=ELIGIBLE_COSTS,
        requires_prior_consultation=False,
        rubric=rubric,
        created_by=actor,
    )


def make_application(
    fund_round, organization, spec, *, status, submitted=None, created_by=None
):
    """An application as the applicant filled it in, with the registry's block copied
    and a plan whose lines add up to the total cost (``spec["amount"]`` of it asked
    from the fund)."""
    rep = _representative(organization)
    amount, total = spec["amount"], spec["total"]
    app = FundApplication.objects.create(
        round=fund_round,
        organization=organization,
        status=status,
        org_name=organization.name,
        org_name_kana=organization.name_kana,
        org_representative=rep.full_name if rep else "",
        org_address=getattr(organization, "full_address", "") or "",
        org_phone=organization.phone,
        org_email=organization.email,
        org_founded_on=organization.founded_on,
        org_member_count=organization.workers_count,
        contact_name=rep.full_name if rep else "",
        contact_phone=organization.phone,
        contact_email=(rep.email if rep and rep.email else "info@example.org"),
        accounting_name=spec.get("accounting", "会計担当"),
        project_title=spec["title"],
        is_continuing=spec.get("continuing", 0) > 0,
        continuing_year=spec.get("continuing") or None,
        purpose=spec["purpose"],
        content=spec["content"],
        project_start=fund_round.project_start,
        project_end=fund_round.project_end,
        expected_participants=spec.get("participants", 100),
        amount_requested=amount,
        total_cost=total,
        other_grants=spec.get("other_grants", ""),
        declares_no_antisocial_forces=True,
        declares_no_political_religious_aims=True,
        publish=dict.fromkeys(FundApplication.PUBLISHABLE, True),
        created_by=created_by,
        submitted_at=submitted,
        submitted_by=created_by if submitted else None,
    )
    lines = plan_lines(amount, total)
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                application=app,
                category=category,
                description=description,
                amount=line_total,
                from_fund=from_fund,
                order=order,
            )
            for order, (category, description, line_total, from_fund) in enumerate(
                lines, 1
            )
        ]
    )
    return app


def screen(app, staff, when):
    app.screened_at = when
    app.screened_by = staff
    app.save(update_fields=["screened_at", "screened_by"])


def review(app, reviewers, criteria, *, seed, conflicted=(), when=None, scored=None):
    """Each reviewer declares (conflicted or not) and the non-conflicted score the
    documents on the round's rubric."""
    rng = random.Random(seed)
    scored = reviewers if scored is None else scored
    declarations, reviews = [], []
    for person in reviewers:
        is_conflicted = person in conflicted
        declarations.append(
            ConflictDeclaration(
                application=app,
                reviewer=person,
                conflicted=is_conflicted,
                reason="申請団体の監事を務めているため" if is_conflicted else "",
            )
        )
        if not is_conflicted and person in scored:
            reviews.append(
                (
                    Review(
                        application=app,
                        reviewer=person,
                        stage=Review.Stage.DOCUMENTS,
                        comment=rng.choice(REVIEW_COMMENTS),
                    ),
                    [
                        min(c.max_score, max(1, rng.randint(2, c.max_score)))
                        for c in criteria
                    ],
                )
            )
    ConflictDeclaration.objects.bulk_create(declarations)
    for row, values in reviews:
        row.total = sum(values)
    Review.objects.bulk_create([row for row, _values in reviews])
    ReviewScore.objects.bulk_create(
        [
            ReviewScore(review=row, criterion=criterion, value=value)
            for row, values in reviews
            for criterion, value in zip(criteria, values, strict=True)
        ]
    )
    if when is not None:
        ConflictDeclaration.objects.filter(application=app).update(declared_at=when)
        Review.objects.filter(application=app).update(submitted_at=when)


REVIEW_COMMENTS = (
    "地域の課題をよく捉えており、実施体制も具体的です。",
    "先駆的な取り組みですが、参加者の見込みにやや根拠が不足しています。",
    "継続性が期待できます。会計の見通しをもう少し詳しく示してほしいです。",
    "必要性は高いと考えます。他団体との連携が広がるとより良いです。",
    "事業内容は妥当です。成果の測り方を事業開始前に決めておくとよいでしょう。",
)


def recommend(app, amount, reasons, by, when):
    """The committee's recommendation: ``amount`` (earmarked on the round) or none."""
    app.status = A.RECOMMENDED if amount else A.NOT_RECOMMENDED
    app.recommended_amount = amount
    app.earmarked = amount or 0
    app.recommendation_reasons = reasons
    app.recommended_at = when
    app.recommended_by = by
    app.save()


def _item_title(app):
    return f"社会的連帯経済基金 助成の交付決定（{app.org_name}「{app.project_title}」）"


def _item_body(app):
    return (
        f"{app.round.title}の申請について、基金運営委員会の推薦に基づき、"
        f"助成額 {app.recommended_amount:,}円の交付を決定する。\n"
        f"事業名: {app.project_title}\n申請額: {app.amount_requested:,}円"
    )


# --- The whole demo ----------------------------------------------------------------------


def seed(ctx):
    if not FundSource.objects.exists():
        seed_fund(ctx)
    if ctx.scale:
        seed_scale(ctx)


def seed_fund(ctx):
    first_email = (
        OutboundEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    )
    today = timezone.localdate()
    staff = ctx.accounts["staff@example.org"].account
    network = ctx.accounts["network@example.org"].account
    reviewers = committee(ctx)
    rubric = Rubric.objects.get(name=RUBRIC, version=1)
    criteria = list(rubric.criteria.order_by("order", "pk"))

    programme = FundProgramme.objects.create(
        name=PROGRAMME,
        purpose="W.Coやアソシエーションが地域の課題に取り組む事業を助成し、地域で働く場と"
        "支え合いの関係をつくります。",
        created_by=network,
    )
    named_programme = FundProgramme.objects.create(
        name=NAMED_PROGRAMME,
        purpose="故 石原とし子さんのご遺志により、子どもから高齢者までが集える地域の"
        "居場所づくりを助成します。",
        created_by=network,
    )
    members_source = FundSource.objects.create(
        name=MEMBERS_SOURCE,
        kind=FundSource.Kind.MEMBER_DONATIONS,
        description="会員W.Coと個人の皆さまからの募金です。",
    )
    club_source = FundSource.objects.create(
        name=CLUB_SOURCE,
        kind=FundSource.Kind.SEIKATSU_CLUB,
        description="生活クラブ生活協同組合（神奈川）の組合員募金キャンペーンからのご寄付です。",
    )
    named_source = FundSource.objects.create(
        name=NAMED_SOURCE,
        kind=FundSource.Kind.NAMED_FUND,
        programme=named_programme,
        description="居場所づくりに生涯をかけた石原とし子さんのご遺族からのご寄付による冠基金です。",
    )
    # The accounts in a readable order: cash, then the sources.
    ledger.cash_account()
    for source in (members_source, club_source, named_source):
        ledger.source_account(source)

    books = Books()
    _contributions(ctx, books, staff, today, members_source, club_source, named_source)
    finished = make_round(
        programme,
        rubric,
        network,
        title=f"{fiscal_year(today - D(days=240))}年度 地域づくり助成（上期）",
        opens=today - D(days=240),
        closes=today - D(days=200),
        project=(today - D(days=155), today - D(days=50)),
        cap=500_000,
        status=FundRound.Status.CLOSED,
        description="地域の課題に取り組む事業に、1件50万円を上限として助成します。"
        "申請は締切日の17時必着です。",
    )
    open_round = make_round(
        programme,
        rubric,
        network,
        title=f"{fiscal_year(today - D(days=66))}年度 地域づくり助成（下期）",
        opens=today - D(days=66),
        closes=today + D(days=40),
        project=(today + D(days=60), today + D(days=300)),
        cap=500_000,
        status=FundRound.Status.PUBLISHED,
        description="地域の課題に取り組む事業に、1件50万円を上限として助成します。"
        "申請は締切日の17時必着です。届いた申請から順に審査し、理事会で交付を決定します。",
    )
    allocation(books, staff, finished, club_source, 1_500_000, today - D(days=241))
    allocation(books, staff, finished, members_source, 300_000, today - D(days=185))
    allocation(books, staff, open_round, club_source, 1_000_000, today - D(days=70))
    allocation(books, staff, open_round, members_source, 500_000, today - D(days=70))
    wcos = ctx.data["wcos"]
    _finished_round(ctx, books, finished, wcos, reviewers, criteria, today)
    _open_round(ctx, open_round, wcos, reviewers, criteria, today)
    # Booked in date order: the journal numbers follow the days.
    books.book()
    for fund_round in (finished, open_round):
        if ledger.round_remaining(fund_round) < 0:
            raise AssertionError(f"{fund_round}: over-earmarked")
    OutboundEmail.objects.filter(pk__gt=first_email).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), sealed=""
    )
    ctx.log(
        f"Fund: 3 sources, {Contribution.objects.count()} contributions, a settled round "
        "and an open one with an application in every state."
    )


def _contributions(ctx, books, staff, today, members_source, club_source, named_source):
    """A fiscal year of gifts: the campaign's two transfers and its booths, the named
    fund's founding gift, and members' donations spread over the year."""
    start = today - D(days=245)
    span = (today - D(days=2) - start).days
    club = Organization.objects.filter(name=CLUB).first()
    wcos = ctx.data["wcos"]
    people = ctx.accounts

    def give(source, amount, offset, *, method=M.TRANSFER, note="", **donor):
        contribution(
            books,
            staff,
            source,
            amount,
            start + D(days=offset),
            method=method,
            note=note,
            **donor,
        )

    club_donor = {"organization": club} if club else {"donor_name": CLUB}
    give(
        club_source,
        1_500_000,
        2,
        note="2025年度 冬の組合員募金キャンペーン",
        **club_donor,
    )
    give(
        club_source,
        1_100_000,
        170,
        note="2026年度 夏の組合員募金キャンペーン",
        **club_donor,
    )
    for offset, name, amount in (
        (60, "生活クラブ 港北ブロック 組合員有志", 48_500),
        (95, "生活クラブ 湘南ブロック 組合員有志", 36_200),
        (160, "生活クラブ 川崎ブロック 組合員有志", 41_800),
        (200, "生活クラブ デポー都筑 店頭募金", 27_650),
    ):
        give(
            club_source,
            amount,
            offset,
            method=M.CASH,
            note="キャンペーン会場での募金",
            donor_name=name,
        )

    give(
        named_source,
        2_000_000,
        37,
        note="故 石原とし子さんのご遺志によるご寄付",
        donor_name="石原 健一",
    )
    give(named_source, 100_000, 95, donor_name="石原 美代子")
    give(named_source, 30_000, 120, person=people["board@example.org"])
    give(named_source, 25_000, 180, donor_name="地域の居場所づくり連絡会 有志")
    give(
        named_source,
        10_000,
        210,
        method=M.CASH,
        anonymous=True,
        note="追悼の集いでの募金箱",
    )

    # Members' donations: W.Cos (the 総会 season brings most), people, names, boxes.
    wco_gifts = (
        (0, 100_000), (1, 50_000), (2, 30_000), (3, 50_000), (5, 100_000),
        (8, 50_000), (9, 30_000), (10, 20_000), (11, 100_000), (12, 50_000),
        (13, 30_000), (14, 50_000), (15, 20_000), (17, 30_000), (18, 10_000),
        (22, 20_000), (23, 50_000), (25, 30_000), (28, 10_000), (33, 50_000),
        (36, 100_000), (37, 30_000), (38, 10_000),
    )  # fmt: skip
    for number, (index, amount) in enumerate(wco_gifts):
        give(
            members_source,
            amount,
            4 + number * span // len(wco_gifts),
            organization=wcos[index],
        )
    for number, (email, amount, method) in enumerate(
        (
            ("secgen@example.org", 10_000, M.TRANSFER),
            ("rep@example.org", 5_000, M.DIRECT_DEBIT),
            ("member@example.org", 3_000, M.DIRECT_DEBIT),
            ("council@example.org", 10_000, M.TRANSFER),
            ("network@example.org", 5_000, M.TRANSFER),
            ("advisor@example.org", 20_000, M.TRANSFER),
            ("citizen@example.org", 3_000, M.CASH),
        )
    ):
        give(
            members_source,
            amount,
            20 + number * 30,
            method=method,
            person=people[email],
        )
    for offset, name, amount in (
        (45, "小松 敏夫", 10_000),
        (110, "ワーカーズ・コレクティブ協会 OB会", 30_000),
        (150, "岡本 みどり", 5_000),
        (205, "横浜北部ワーカーズ連絡会", 20_000),
    ):
        give(members_source, amount, offset, donor_name=name)
    for offset, amount, note in (
        (75, 18_420, "通常総会会場の募金箱"),
        (190, 12_760, "W.Coまつり会場の募金箱"),
        (230, 6_300, "連携会議会場の募金箱"),
    ):
        give(members_source, amount, offset, method=M.CASH, anonymous=True, note=note)


FINISHED = (
    # (W.Co position, spec, recommended, outcome)
    (
        4,
        {
            "title": "縁側カフェの週末開放と多世代食堂",
            "purpose": "栄区の住宅地で、子育て世帯と一人暮らしの高齢者が気軽に立ち寄れる場をつくる。",
            "content": "毎週土曜日にカフェを開放し、月2回の多世代食堂を開く。地域包括支援センターと連携する。",
            "amount": 500_000, "total": 720_000, "participants": 600,
        },
        500_000, "settled",
    ),
    (
        26,
        {
            "title": "買い物困難地域のおでかけ支援ボランティア養成",
            "purpose": "秦野市の坂の多い団地で、買い物や通院に困る高齢者の外出を支える担い手を増やす。",
            "content": "運転ボランティア養成講座を全6回開き、修了者と送迎の試行運行を行う。",
            "amount": 450_000, "total": 560_000, "participants": 80,
        },
        400_000, "settled_after_report",
    ),
    (
        29,
        {
            "title": "空き店舗を活かした子ども食堂と学習支援",
            "purpose": "座間市の商店街の空き店舗で、放課後の子どもの居場所と食事を用意する。",
            "content": "週2回の子ども食堂と週1回の学習支援。商店会と大学ボランティアが協力する。",
            "amount": 450_000, "total": 600_000, "participants": 900, "continuing": 2,
        },
        450_000, "refund",
    ),
    (
        33,
        {
            "title": "地場産小麦のパンづくり体験講座",
            "purpose": "地域の農家とつながり、食と農への関心を広げる。",
            "content": "親子向けのパンづくり体験を年4回開く。",
            "amount": 300_000, "total": 380_000, "participants": 60,
        },
        None, "not_recommended",
    ),
    (
        34,
        {
            "title": "手づくり味噌の販路拡大",
            "purpose": "伝統的な味噌づくりを続け、働く場を守る。",
            "content": "直売会の開催とネット販売のための撮影・印刷物の作成。",
            "amount": 350_000, "total": 420_000, "participants": 200,
        },
        350_000, "rejected",
    ),
)  # fmt: skip


def _board_items(b, apps_with_how, meeting_day, title):
    """The network section drafts one 審議事項 per application, the council accepts
    them, the secretariat places them on an extraordinary board meeting, which is held
    and decides; the minutes are written. Returns {application pk: decision}.

    The item is linked to its application (the subject) after the decision, so that
    no subject handler runs here: this demo writes the award itself."""
    meeting = b.meeting(meeting_day, title)
    items = []
    for app, how in apps_with_how:
        item = b.item("network", _item_title(app), _item_body(app))
        secretariat_services.agenda_item_place(
            actor=b.staff, item=item, meeting=meeting
        )
        items.append((app, item, how))
    meeting = b.hold(meeting, b.cast.usual_attendance())
    decisions = {}
    cast = b.cast
    for app, item, how in items:
        if how == "approve":
            decision = secretariat_services.decision_record(
                actor=b.staff, item=item, result="vote", votes_for=4, votes_against=0,
                abstentions=0,
                discussion="基金運営委員会の審査結果と推薦理由の説明があり、質疑の後、全員一致で可決した。",
            )  # fmt: skip
        elif how == "amend":
            decision = secretariat_services.decision_record(
                actor=b.staff, item=item, result="vote", votes_for=3, votes_against=1,
                abstentions=0, dissenters=[cast.hayashi],
                amendment="助成額は、事業費の内訳を精査のうえ推薦額の範囲内で事務局が確定する。",
                discussion="人件費の積算根拠について質疑があり、助成額を精査する修正を加えて可決した。",
            )  # fmt: skip
        else:
            decision = secretariat_services.decision_record(
                actor=b.staff, item=item, result="vote", votes_for=0, votes_against=3,
                abstentions=1, dissenters=[cast.hayashi, cast.yamaguchi, cast.representative],
                discussion="販路拡大は団体の通常の事業活動にあたり、基金の趣旨に照らして助成の対象としないとの意見が多数を占め、否決した。",
            )  # fmt: skip
        b.backdate(item, meeting)
        AgendaItem.objects.filter(pk=item.pk).update(**subject_fields(app))
        app.agenda_item = item
        app.save(update_fields=["agenda_item"])
        decisions[app.pk] = decision
    b.minutes(meeting)
    return meeting, decisions


def _award(books, app, decision, day, *, amount, actor, report_due):
    """The award the board's decision makes: 可決 books the recommended amount and
    frees the earmark; 修正可決 waits for the secretariat's amount (the earmark stays)."""
    awaiting = amount is None
    award = Award.objects.create(
        application=app,
        number=award_number(day),
        status=Award.Status.AWAITING_AMOUNT if awaiting else Award.Status.AWARDED,
        amount=amount,
        decided_on=day,
        decision=decision,
        report_due=report_due,
    )
    app.status = A.AWARDED
    if not awaiting:
        app.earmarked = 0
    app.save(update_fields=["status", "earmarked"])
    if not awaiting:
        fund_round = app.round

        def record():
            if ledger.round_budget(fund_round) < amount:
                raise AssertionError(f"{fund_round}: over budget")
            ledger.book_award(award, amount, actor=actor, on=day)

        books.on(day, record)
    return award


def pay(books, award, amount, day, kind, *, prepared_by, confirmed_by):
    """A payment prepared by one secretariat member and confirmed by another."""
    payment = Payment.objects.create(
        award=award,
        kind=kind,
        amount=amount,
        pay_on=day,
        idempotency_key=_key(),
        prepared_by=prepared_by,
        confirmed_by=confirmed_by,
        status=Payment.Status.CONFIRMED,
        confirmed_at=at(day, 11),
    )
    Payment.objects.filter(pk=payment.pk).update(prepared_at=at(day - D(days=2), 15))

    def record():
        _check_cash(amount, day)
        if ledger.award_unpaid(award) < amount:
            raise AssertionError(f"{award}: paid over the award")
        ledger.book_payment(payment, actor=confirmed_by, on=day)

    books.on(day, record)
    return payment


def _finished_round(ctx, books, fund_round, wcos, reviewers, criteria, today):
    staff = ctx.accounts["staff@example.org"].account
    secgen = ctx.accounts["secgen@example.org"].account
    fund = ctx.accounts["fund@example.org"].account
    apps = []
    for number, (index, spec, recommended, outcome) in enumerate(FINISHED):
        organization = wcos[index]
        submitted = at(today - D(days=215 - number * 3), 16)
        app = make_application(
            fund_round, organization, spec, status=A.IN_REVIEW, submitted=submitted
        )
        screen(app, staff, submitted + D(days=4))
        review(
            app,
            reviewers,
            criteria,
            seed=100 + number,
            when=at(today - D(days=190), 18),
        )
        reasons = (
            "地域の課題に根ざした事業で、実施体制と予算が具体的であり、推薦します。"
            if recommended
            else "事業の意義は認められますが、今回は地域課題への波及効果がより大きい申請を優先しました。"
        )
        recommend(app, recommended, reasons, fund, at(today - D(days=180), 19))
        apps.append((app, outcome))

    # Sent to the board: one 審議事項 per recommended application.
    for app, _outcome in apps:
        if app.status == A.RECOMMENDED:
            app.status = A.AT_BOARD
            app.save(update_fields=["status"])
    b = Builder(ctx)
    board_day = today - D(days=160)
    to_board = [
        (app, "reject" if outcome == "rejected" else "approve")
        for app, outcome in apps
        if app.status == A.AT_BOARD
    ]
    _meeting, decisions = _board_items(b, to_board, board_day, BOARD_MEETING)

    start, end = fund_round.project_start, fund_round.project_end
    for app, outcome in apps:
        if outcome == "not_recommended":
            continue
        decision = decisions[app.pk]
        if outcome == "rejected":
            app.status = A.REJECTED
            app.earmarked = 0
            app.save(update_fields=["status", "earmarked"])
            continue
        amount = app.recommended_amount
        award = _award(
            books,
            app,
            decision,
            board_day,
            amount=amount,
            actor=staff,
            report_due=end + D(days=30),
        )
        advance = {
            "settled": amount,
            "settled_after_report": 300_000,
            "refund": 360_000,
        }[outcome]
        pay(
            books,
            award,
            advance,
            start + D(days=3),
            Payment.Kind.ADVANCE,
            prepared_by=staff,
            confirmed_by=secgen,
        )
        # The final report: what was spent, line by line.
        spent = {"settled": amount, "settled_after_report": amount, "refund": 300_000}[
            outcome
        ]
        _report(
            app, award, spent=spent, paid=advance, staff=secgen, end=end, today=today
        )
        accepted = today - D(days=25)
        if outcome == "settled_after_report":
            pay(
                books,
                award,
                amount - advance,
                today - D(days=20),
                Payment.Kind.SETTLEMENT,
                prepared_by=staff,
                confirmed_by=secgen,
            )
            settled = today - D(days=20)
        elif outcome == "refund":
            # The part never paid goes back to the budget; the unspent advance is returned.
            books.on(
                accepted,
                lambda award=award, n=amount - advance, on=accepted: (
                    ledger.book_release(award, n, actor=staff, on=on)
                ),
            )
            refund_day = today - D(days=18)
            books.on(
                refund_day,
                lambda award=award, n=advance - spent, on=refund_day: (
                    ledger.book_refund(award, n, actor=staff, on=on)
                ),
            )
            FinalReport.objects.filter(award=award).update(
                refund_received_on=refund_day
            )
            settled = refund_day
        else:
            settled = accepted
        award.status = Award.Status.SETTLED
        award.settled_at = at(settled, 15)
        award.save(update_fields=["status", "settled_at"])


def _report(app, award, *, spent, paid, staff, end, today):
    """The accepted final report with the actual lines (the fund's part adds up to
    ``spent``) and what is to be returned."""
    total = app.total_cost
    lines = plan_lines(spent, max(total - (app.amount_requested - spent), spent))
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                application=app,
                stage=BudgetLine.Stage.ACTUAL,
                category=category,
                description=description,
                amount=line_total,
                from_fund=from_fund,
                order=order,
            )
            for order, (category, description, line_total, from_fund) in enumerate(
                lines, 1
            )
        ]
    )
    FinalReport.objects.create(
        award=award,
        status=FinalReport.Status.ACCEPTED,
        summary="計画どおり事業を実施しました。参加者アンケートでは9割が「また参加したい」と答えました。",
        outcomes="新たな担い手が5人加わり、来年度も自主財源と会費で継続する見通しです。",
        participants=app.expected_participants,
        submitted_at=at(end + D(days=14), 16),
        accepted_by=staff,
        accepted_at=at(today - D(days=25), 14),
        refund_due=max(paid - spent, 0),
    )


OPEN = (
    # (W.Co position or "home", status, spec, recommended)
    (
        "home", A.DRAFT,
        {
            "title": "配食ボランティアと見守りネットワークづくり",
            "purpose": "青葉区で配食を届ける高齢者の見守りを、地域のボランティアと一緒に広げる。",
            "content": "見守りボランティア講座を全4回開き、配食ルートごとに見守り協力者を置く。",
            "amount": 400_000, "total": 520_000, "participants": 150,
        },
        None,
    ),
    (
        2, A.SUBMITTED,
        {
            "title": "子育てひろばの出張開催",
            "purpose": "緑区の駅から遠い団地の子育て世帯にも、ひろばを届ける。",
            "content": "月2回、団地の集会所でひろばを出張開催し、保健師の相談会を併設する。",
            "amount": 280_000, "total": 350_000, "participants": 300,
        },
        None,
    ),
    (
        7, A.INELIGIBLE,
        {
            "title": "店舗の改装と冷蔵設備の更新",
            "purpose": "惣菜の製造量を増やす。",
            "content": "厨房の改装と業務用冷蔵庫の購入。",
            "amount": 500_000, "total": 1_200_000, "participants": 0,
        },
        None,
    ),
    (
        1, A.IN_REVIEW,
        {
            "title": "介護の担い手を育てるヘルパー入門講座",
            "purpose": "港北区で在宅介護の担い手を地域で育てる。",
            "content": "介護職員初任者研修の前段となる入門講座を全8回開き、修了者の就労を支える。",
            "amount": 450_000, "total": 600_000, "participants": 40,
        },
        None,
    ),
    (
        27, A.RECOMMENDED,
        {
            "title": "カフェを拠点にした認知症カフェの開設",
            "purpose": "泉区で認知症の人と家族が安心して過ごせる場をつくる。",
            "content": "月2回、カフェの定休日に認知症カフェを開き、専門職の相談を受けられるようにする。",
            "amount": 300_000, "total": 380_000, "participants": 240,
        },
        300_000,
    ),
    (
        31, A.NOT_RECOMMENDED,
        {
            "title": "地域情報誌の創刊",
            "purpose": "多摩区の地域活動を紹介する。",
            "content": "年4回の情報誌を発行する。",
            "amount": 350_000, "total": 420_000, "participants": 0,
        },
        None,
    ),
    (
        28, A.AT_BOARD,
        {
            "title": "地域食堂の夜間開所と若者の就労体験",
            "purpose": "小田原市で働きづらさを抱える若者が、地域食堂で働く経験を積めるようにする。",
            "content": "週1回の夜間開所を担う若者に就労体験の場を用意し、支援機関と連携して伴走する。",
            "amount": 480_000, "total": 650_000, "participants": 500,
        },
        400_000,
    ),
    (
        18, A.AWARDED,
        {
            "title": "保育室の一時預かり枠の拡大",
            "purpose": "中原区で、病院への付き添いや就職活動のときに使える一時預かりを増やす。",
            "content": "平日午後の一時預かり枠を週3日分増やし、保育スタッフを2人養成する。",
            "amount": 500_000, "total": 700_000, "participants": 120,
        },
        450_000,
    ),
)  # fmt: skip


def _open_round(ctx, fund_round, wcos, reviewers, criteria, today):
    staff = ctx.accounts["staff@example.org"].account
    fund = ctx.accounts["fund@example.org"].account
    rep = ctx.accounts["rep@example.org"].account
    fund_person = ctx.accounts["fund@example.org"]
    apps = {}
    for number, (index, status, spec, recommended) in enumerate(OPEN):
        organization = ctx.data["home_wco"] if index == "home" else wcos[index]
        submitted = (
            None if status == A.DRAFT else at(today - D(days=60 - number * 3), 15)
        )
        app = make_application(
            fund_round, organization, spec,
            status=A.DRAFT if status == A.DRAFT else A.SUBMITTED,
            submitted=submitted,
            created_by=rep if index == "home" else None,
        )  # fmt: skip
        apps[status] = app
        if status in (A.DRAFT, A.SUBMITTED):
            continue
        screen(app, staff, submitted + D(days=3))
        if status == A.INELIGIBLE:
            app.status = A.INELIGIBLE
            app.ineligible_reason = (
                "申請の経費の大半が店舗の改装と設備の購入で、募集要項の対象経費"
                "（人件費・謝金・消耗品・会場費・印刷費・旅費）にあたらないため、審査の対象外とします。"
            )
            app.save(update_fields=["status", "ineligible_reason"])
            continue
        app.status = A.IN_REVIEW
        app.save(update_fields=["status"])
        when = at(today - D(days=35 - number), 19)
        if status == A.IN_REVIEW:
            # fund@ is conflicted here; the others have declared and scored.
            review(
                app,
                reviewers,
                criteria,
                seed=200 + number,
                conflicted=[fund_person],
                when=when,
            )
            continue
        review(app, reviewers, criteria, seed=200 + number, when=when)
        reasons = (
            "地域の必要に応える事業で、実施体制も整っており、推薦します。"
            if recommended
            else "発行後の継続の見通しと、地域課題の解決にどうつながるかが十分に示されていないため、推薦しません。"
        )
        recommend(app, recommended, reasons, fund, when + D(days=7))

    network = ctx.accounts["network@example.org"].account
    # At the board: drafted by the network section for the next board meeting.
    at_board = apps[A.AT_BOARD]
    upcoming = (
        Meeting.objects.filter(
            body__kind=Body.Kind.BOARD,
            status__in=Meeting.OPEN,
            starts_at__gt=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )
    item = secretariat_services.agenda_item_create_within(
        actor=network,
        source="network",
        kind=AgendaItem.Kind.DELIBERATION,
        title=_item_title(at_board),
        body=_item_body(at_board),
        target_meeting=upcoming,
        subject=at_board,
    )
    at_board.status = A.AT_BOARD
    at_board.agenda_item = item
    at_board.save(update_fields=["status", "agenda_item"])

    # Decided at a held board meeting: 修正可決, the award waits for its amount.
    awarded = apps[A.AWARDED]
    awarded.status = A.AT_BOARD
    awarded.save(update_fields=["status"])
    b = Builder(ctx)
    day = today - D(days=9)
    _meeting, decisions = _board_items(b, [(awarded, "amend")], day, OPEN_BOARD_MEETING)
    _award(
        Books(), awarded, decisions[awarded.pk], day, amount=None, actor=staff,
        report_due=fund_round.project_end + D(days=30),
    )  # fmt: skip
