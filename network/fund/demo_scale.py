"""The fund's bulk data for load tests (``seed_demo --scale N``): per unit of scale,
fifty contributions to 会員募金 and one round of 地域づくり助成 with ten applications.

Rounds take turns: one in four open (drafts, submitted, screened out, in review), one
under review (the committee's declarations, ``fund@example.org`` conflicted on one,
scores, recommendations earmarked), two finished in the last fiscal year (awarded,
paid by one secretariat member and confirmed by another, reported and settled, one
with money returned; not recommended, rejected, ineligible, withdrawn).

Records are bulk inserted; every money movement is still one ledger posting
(``network.fund.ledger``), booked in date order, so the books balance and no round,
source or cash goes below zero. Each kind is topped up to its count × scale and no
further: a rerun (or a larger scale) adds only what is missing. Needs the registry's
scale W.Cos and the fund's demo (network.fund.demo).
"""

import datetime
import random
import time

from django.utils import timezone

from members.models import Organization, Person, Role
from secretariat.demo.builder import at

from . import ledger
from .demo_common import (
    MEMBERS_SOURCE,
    PROGRAMME,
    RUBRIC,
    Books,
    _check_cash,
    _check_source,
    _key,
    fiscal_year,
    plan_lines,
)
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

SCALE_PREFIX = "基金負荷試験"
SCALE_CONTRIBUTIONS, SCALE_APPLICATIONS = 50, 10
SCALE_BUDGET, SCALE_CAP = 3_000_000, 500_000

A = FundApplication.Status
D = datetime.timedelta
OPEN, REVIEW = "open", "review"

# The applications of a round of each kind, in order: (status, what became of it).
PLANS = {
    OPEN: [A.DRAFT, A.DRAFT, A.SUBMITTED, A.SUBMITTED, A.SUBMITTED, A.SUBMITTED,
           A.INELIGIBLE, A.IN_REVIEW, A.IN_REVIEW, A.IN_REVIEW],
    REVIEW: [A.IN_REVIEW, A.IN_REVIEW, A.IN_REVIEW, A.IN_REVIEW, A.IN_REVIEW,
             A.RECOMMENDED, A.RECOMMENDED, A.NOT_RECOMMENDED, A.NOT_RECOMMENDED,
             A.INELIGIBLE],
    "closed": ["settled", "split", "refund", "settled", A.NOT_RECOMMENDED,
               A.NOT_RECOMMENDED, A.REJECTED, A.INELIGIBLE, A.INELIGIBLE, A.WITHDRAWN],
}  # fmt: skip
THEMES = (
    ("地域の居場所づくり", "誰もが立ち寄れる居場所を週2回開く。"),
    ("高齢者の見守りと配食", "配食と見守りを組み合わせ、一人暮らしの高齢者を支える。"),
    ("子育てひろばの運営", "子育て中の親子が集い、相談できる場を開く。"),
    ("移動支援の担い手養成", "送迎ボランティアの養成講座と試行運行を行う。"),
    ("若者の就労体験", "働きづらさを抱える若者に就労体験の場を用意する。"),
)


def scale_rounds():
    return FundRound.objects.filter(title__startswith=SCALE_PREFIX)


def _kind(number):
    return (OPEN, REVIEW, "closed", "closed")[number % 4]


def seed_scale(ctx):
    source = FundSource.objects.filter(name=MEMBERS_SOURCE).first()
    if source is None:
        return
    organizations = list(
        Organization.objects.filter(name__startswith="W.Co ").order_by("pk")
    )
    if len(organizations) < SCALE_APPLICATIONS:
        return
    started = time.monotonic()
    books = Books()
    staff = ctx.accounts["staff@example.org"].account
    secgen = ctx.accounts["secgen@example.org"].account
    _contributions(ctx, books, staff, source, organizations)
    # The contributions first: the rounds' budgets come out of them.
    books.book()
    added = _rounds(ctx, books, staff, secgen, source, organizations)
    books.book()
    if added:
        ctx.log(
            f"Scale {ctx.scale}: {added} fund rounds with their applications added "
            f"({time.monotonic() - started:.1f}s)."
        )


def _contributions(ctx, books, staff, source, organizations):
    """Members' donations over the first quarter of the last fiscal year."""
    want = SCALE_CONTRIBUTIONS * ctx.scale
    existing = Contribution.objects.filter(note__startswith=SCALE_PREFIX)
    have = existing.count()
    if have >= want:
        return
    fy = fiscal_year(timezone.localdate()) - 1
    start = datetime.date(fy, 4, 1)
    prefix = f"R{fy}-"
    numbers = Contribution.objects.filter(
        receipt_number__startswith=prefix
    ).values_list("receipt_number", flat=True)
    next_number = max((int(n[len(prefix) :]) for n in numbers), default=0) + 1
    rows = []
    for offset, number in enumerate(range(have, want)):
        rows.append(
            Contribution(
                source=source,
                organization=organizations[number % len(organizations)],
                amount=(number % 10 + 3) * 10_000,
                received_on=start + D(days=number % 91),
                method=Contribution.Method.TRANSFER,
                receipt_number=f"{prefix}{next_number + offset:04d}",
                note=f"{SCALE_PREFIX} 会員募金",
                recorded_by=staff,
            )
        )
    Contribution.objects.bulk_create(rows, batch_size=1000)
    cash, account = ledger.cash_account(), ledger.source_account(source)
    for row in rows:
        books.on(
            row.received_on,
            lambda row=row: _book_contribution(row, staff, cash, account),
        )
    ctx.log(f"Scale {ctx.scale}: {len(rows)} fund contributions added.")


def _book_contribution(row, staff, cash, account):
    """``ledger.book_contribution`` with the accounts looked up once."""
    ledger.post(
        actor=staff,
        kind=ledger.T.CONTRIBUTION,
        occurred_on=row.received_on,
        memo=f"寄付受入 {row.receipt_number}",
        lines=[(cash, row.amount), (account, -row.amount)],
        contribution=row,
    )


def _dates(kind, number, today):
    """(opens, closes, project start, project end) of a round of ``kind``."""
    if kind == OPEN:
        opens = today - D(days=20 + number % 10)
        closes = today + D(days=30 + number % 20)
        return opens, closes, closes + D(days=45), closes + D(days=300)
    if kind == REVIEW:
        opens = today - D(days=100 + number % 10)
        closes = today - D(days=40 + number % 10)
        return opens, closes, today + D(days=30), today + D(days=280)
    fy = fiscal_year(today) - 1
    opens = datetime.date(fy, 7, 1) + D(days=3 * (number % 30))
    closes = opens + D(days=30)
    return opens, closes, closes + D(days=60), closes + D(days=240)


def _reviewers():
    return list(
        Person.objects.filter(
            role_assignments__role=Role.FUND_COMMITTEE, role_assignments__end=None
        )
        .distinct()
        .order_by("pk")
    )


def _rounds(ctx, books, staff, secgen, source, organizations):
    have = scale_rounds().count()
    want = ctx.scale
    if have >= want:
        return 0
    today = timezone.localdate()
    programme = FundProgramme.objects.get(name=PROGRAMME)
    rubric = Rubric.objects.get(name=RUBRIC, version=1)
    criteria = list(rubric.criteria.order_by("order", "pk"))
    network = ctx.accounts["network@example.org"].account
    fund = ctx.accounts["fund@example.org"]
    reviewers = _reviewers()
    rounds = []
    for number in range(have, want):
        kind = _kind(number)
        opens, closes, start, end = _dates(kind, number, today)
        rounds.append(
            FundRound(
                programme=programme,
                title=f"{SCALE_PREFIX} 地域づくり助成 第{number + 1:04d}回",
                description="負荷試験のための募集回です。",
                status={
                    OPEN: FundRound.Status.PUBLISHED,
                    REVIEW: FundRound.Status.REVIEW,
                }.get(kind, FundRound.Status.CLOSED),
                project_start=start,
                project_end=end,
                opens_at=at(opens, 9),
                closes_at=at(closes, 17),
                cap_per_grant=SCALE_CAP,
                eligible_costs=[
                    "personnel",
                    "honoraria",
                    "supplies",
                    "venue",
                    "printing",
                ],
                rubric=rubric,
                created_by=network,
            )
        )
    FundRound.objects.bulk_create(rounds)
    for fund_round in rounds:
        day = fund_round.opens_at.date() - D(days=1)
        books.on(
            day,
            lambda r=fund_round, day=day: (
                _check_source(source, SCALE_BUDGET, day),
                ledger.book_allocation(r, source, SCALE_BUDGET, actor=staff, on=day),
            ),
        )
    apps = _applications(rounds, have, organizations, today, staff)
    _reviews(apps, reviewers, criteria, fund)
    _awards(books, apps, staff, secgen, today)
    return len(rounds)


def _applications(rounds, first, organizations, today, staff):
    """Ten applications per round, each from a W.Co of its own; returns [(round kind,
    plan, application)]."""
    rows, plans = [], []
    for offset, fund_round in enumerate(rounds):
        number = first + offset
        kind = _kind(number)
        closes = fund_round.closes_at
        for index, plan in enumerate(PLANS[kind]):
            organization = organizations[
                (number * SCALE_APPLICATIONS + index) % len(organizations)
            ]
            theme, content = THEMES[(number + index) % len(THEMES)]
            amount = 200_000 + ((number * 7 + index * 3) % 7) * 50_000
            status = plan if plan in A.values else A.AWARDED
            submitted = None if status == A.DRAFT else closes - D(days=10 - index)
            rows.append(
                FundApplication(
                    round=fund_round,
                    organization=organization,
                    status=status,
                    org_name=organization.name,
                    org_name_kana=organization.name_kana,
                    org_founded_on=organization.founded_on,
                    org_member_count=organization.workers_count,
                    contact_name="事務担当",
                    contact_email="info@example.org",
                    project_title=f"{theme}事業 {number + 1:04d}-{index + 1:02d}",
                    purpose=f"{theme}を通じて、地域で働く場と支え合いをつくる。",
                    content=content,
                    project_start=fund_round.project_start,
                    project_end=fund_round.project_end,
                    expected_participants=50 + index * 10,
                    amount_requested=amount,
                    total_cost=amount + 100_000,
                    declares_no_antisocial_forces=True,
                    declares_no_political_religious_aims=True,
                    publish=dict.fromkeys(FundApplication.PUBLISHABLE, True),
                    submitted_at=submitted,
                    screened_at=submitted + D(days=5)
                    if status not in (A.DRAFT, A.SUBMITTED, A.WITHDRAWN)
                    else None,
                    screened_by=staff
                    if status not in (A.DRAFT, A.SUBMITTED, A.WITHDRAWN)
                    else None,
                    ineligible_reason="募集要項の対象経費にあたらないため。"
                    if status == A.INELIGIBLE
                    else "",
                )
            )
            plans.append((kind, plan))
    FundApplication.objects.bulk_create(rows, batch_size=1000)
    lines = []
    for app in rows:
        for order, (category, description, total, from_fund) in enumerate(
            plan_lines(app.amount_requested, app.total_cost), 1
        ):
            lines.append(
                BudgetLine(
                    application=app,
                    category=category,
                    description=description,
                    amount=total,
                    from_fund=from_fund,
                    order=order,
                )
            )
    BudgetLine.objects.bulk_create(lines, batch_size=2000)
    return [(kind, plan, app) for (kind, plan), app in zip(plans, rows, strict=True)]


REVIEWED = (A.IN_REVIEW, A.RECOMMENDED, A.NOT_RECOMMENDED, A.AWARDED, A.REJECTED)


def _reviews(apps, reviewers, criteria, fund):
    """Declarations and document scores of every reviewed application (in a round
    under review, fund@ is conflicted on the first); recommendations earmarked."""
    declarations, reviews, scores = [], [], []
    rng = random.Random(14)
    for kind, _plan, app in apps:
        if app.status not in REVIEWED:
            continue
        first = kind == REVIEW and app.project_title.endswith("-01")
        for person in reviewers:
            conflicted = first and person.pk == fund.pk
            declarations.append(
                ConflictDeclaration(
                    application=app,
                    reviewer=person,
                    conflicted=conflicted,
                    reason="申請団体の役員を兼ねているため" if conflicted else "",
                )
            )
            if conflicted:
                continue
            values = [rng.randint(2, c.max_score) for c in criteria]
            row = Review(
                application=app,
                reviewer=person,
                stage=Review.Stage.DOCUMENTS,
                total=sum(values),
            )
            reviews.append(row)
            scores.append(values)
        recommended = app.status in (A.RECOMMENDED, A.AWARDED, A.REJECTED)
        if recommended or app.status == A.NOT_RECOMMENDED:
            amount = app.amount_requested - 50_000 if recommended else None
            app.recommended_amount = amount
            app.earmarked = amount if app.status == A.RECOMMENDED else 0
            app.recommendation_reasons = (
                "地域の必要に応える事業であり、推薦します。"
                if recommended
                else "今回は推薦しません。"
            )
            app.recommended_at = app.submitted_at + D(days=20)
            app.recommended_by = fund.account
    ConflictDeclaration.objects.bulk_create(declarations, batch_size=2000)
    Review.objects.bulk_create(reviews, batch_size=2000)
    ReviewScore.objects.bulk_create(
        [
            ReviewScore(review=row, criterion=criterion, value=value)
            for row, values in zip(reviews, scores, strict=True)
            for criterion, value in zip(criteria, values, strict=True)
        ],
        batch_size=5000,
    )
    FundApplication.objects.bulk_update(
        [app for _kind, _plan, app in apps if app.recommended_at],
        [
            "recommended_amount",
            "earmarked",
            "recommendation_reasons",
            "recommended_at",
            "recommended_by",
        ],
        batch_size=1000,
    )


def _awards(books, apps, staff, secgen, today):
    """The finished rounds' awards (numbered in their fiscal year), paid, reported and
    settled, every money movement booked."""
    awarded = [(plan, app) for kind, plan, app in apps if app.status == A.AWARDED]
    if not awarded:
        return
    numbers = {}
    awards = []
    for plan, app in awarded:
        day = app.round.closes_at.date() + D(days=30)
        fy = fiscal_year(day)
        if fy not in numbers:
            prefix = f"基金{fy}-"
            taken = Award.objects.filter(number__startswith=prefix).values_list(
                "number", flat=True
            )
            numbers[fy] = max((int(n[len(prefix) :]) for n in taken), default=0)
        numbers[fy] += 1
        awards.append(
            (
                plan,
                Award(
                    application=app,
                    number=f"基金{fy}-{numbers[fy]:03d}",
                    status=Award.Status.SETTLED,
                    amount=app.recommended_amount,
                    decided_on=day,
                    report_due=app.round.project_end + D(days=30),
                    settled_at=at(min(app.round.project_end + D(days=50), today), 15),
                ),
            )
        )
    Award.objects.bulk_create([award for _plan, award in awards], batch_size=1000)
    payments, reports, movements = [], [], []
    for plan, award in awards:
        amount = award.amount
        start, end = (
            award.application.round.project_start,
            award.application.round.project_end,
        )
        advance = {
            "settled": amount,
            "split": amount * 7 // 10,
            "refund": amount * 8 // 10,
        }[plan]
        spent = amount * 6 // 10 if plan == "refund" else amount
        payments.append(
            _payment(
                award, Payment.Kind.ADVANCE, advance, start + D(days=3), staff, secgen
            )
        )
        if plan == "split":
            payments.append(
                _payment(
                    award,
                    Payment.Kind.SETTLEMENT,
                    amount - advance,
                    end + D(days=40),
                    staff,
                    secgen,
                )
            )
        accepted = end + D(days=35)
        reports.append(
            FinalReport(
                award=award,
                status=FinalReport.Status.ACCEPTED,
                summary="計画どおり事業を実施しました。",
                participants=award.application.expected_participants,
                submitted_at=at(end + D(days=20), 16),
                accepted_by=secgen,
                accepted_at=at(accepted, 14),
                refund_due=advance - spent if plan == "refund" else 0,
                refund_received_on=accepted + D(days=7) if plan == "refund" else None,
            )
        )
        movements.append((award, award.decided_on, "award", amount))
        if plan == "refund":
            movements.append((award, accepted, "release", amount - advance))
            movements.append((award, accepted + D(days=7), "refund", advance - spent))
    Payment.objects.bulk_create(payments, batch_size=1000)
    FinalReport.objects.bulk_create(reports, batch_size=1000)
    for award, day, what, amount in movements:
        books.on(day, lambda a=award, d=day, w=what, n=amount: _book(a, d, w, n, staff))
    for payment in payments:
        books.on(payment.pay_on, lambda p=payment: _pay(p, secgen))


def _payment(award, kind, amount, day, staff, secgen):
    return Payment(
        award=award,
        kind=kind,
        amount=amount,
        pay_on=day,
        idempotency_key=_key(),
        status=Payment.Status.CONFIRMED,
        prepared_by=staff,
        confirmed_by=secgen,
        confirmed_at=at(day, 11),
    )


def _book(award, day, what, amount, staff):
    if what == "award":
        if ledger.round_budget(award.application.round) < amount:
            raise AssertionError(f"{award}: over the round's budget")
        ledger.book_award(award, amount, actor=staff, on=day)
    elif what == "release":
        ledger.book_release(award, amount, actor=staff, on=day)
    else:
        ledger.book_refund(award, amount, actor=staff, on=day)


def _pay(payment, secgen):
    _check_cash(payment.amount, payment.pay_on)
    if ledger.award_unpaid(payment.award) < payment.amount:
        raise AssertionError(f"{payment.award}: paid over the award")
    ledger.book_payment(payment, actor=secgen, on=payment.pay_on)
