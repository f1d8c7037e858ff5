"""Fund records for tests, made directly (the services are tested on their own).

``funded_round`` books a contribution and an allocation through the ledger, so the
round's budget is what the ledger holds, as in real use.
"""

import datetime
import importlib

from django.db import transaction
from django.utils import timezone

from network.fund import ledger
from network.models import (
    BudgetLine,
    FundApplication,
    FundProgramme,
    FundRound,
    FundSource,
    LedgerTransaction,
    Rubric,
    RubricCriterion,
)


def standard_rubric():
    """The seeded rubric (標準審査基準, migration network 0007), made again with its
    criteria where a transactional test emptied the tables the migration filled."""
    rubric = Rubric.objects.filter(name="標準審査基準", version=1).first()
    if rubric is None:
        seeded = importlib.import_module("network.migrations.0007_ledger_triggers")
        rubric = Rubric.objects.create(name="標準審査基準", version=1)
        for order, (name, description) in enumerate(seeded.RUBRIC, start=1):
            RubricCriterion.objects.create(
                rubric=rubric, order=order, name=name, description=description
            )
    return rubric


def programme(name="地域づくり助成"):
    return FundProgramme.objects.get_or_create(name=name)[0]


def source(name="会員募金", kind=FundSource.Kind.MEMBER_DONATIONS, programme=None):
    return FundSource.objects.get_or_create(
        name=name, defaults={"kind": kind, "programme": programme}
    )[0]


def book_contribution(fund_source, amount, *, actor=None, on=None):
    with transaction.atomic():
        return ledger.post(
            actor=actor,
            kind=LedgerTransaction.Kind.CONTRIBUTION,
            occurred_on=on or timezone.localdate(),
            memo="テスト寄付",
            lines=[
                (ledger.cash_account(), amount),
                (ledger.source_account(fund_source), -amount),
            ],
        )


def allocate(fund_round, fund_source, amount, *, actor=None):
    with transaction.atomic():
        return ledger.post(
            actor=actor,
            kind=LedgerTransaction.Kind.ALLOCATION,
            occurred_on=timezone.localdate(),
            memo="テスト配分",
            lines=[
                (ledger.source_account(fund_source), amount),
                (ledger.round_account(fund_round), -amount),
            ],
        )


def funded_round(
    *,
    budget=3_000_000,
    status=FundRound.Status.PUBLISHED,
    opens_in_days=-10,
    closes_in_days=20,
    cap=500_000,
    title="2027年度 地域づくり助成 第1回",
    **fields,
):
    """A round of the standard rubric, open now by default, with ``budget`` yen
    contributed to 会員募金 and allocated to it."""
    now = timezone.localtime()
    closes = (now + datetime.timedelta(days=closes_in_days)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    fund_round = FundRound.objects.create(
        programme=fields.pop("programme", None) or programme(),
        title=title,
        status=status,
        project_start=fields.pop("project_start", datetime.date(2027, 4, 1)),
        project_end=fields.pop("project_end", datetime.date(2028, 3, 31)),
        opens_at=now + datetime.timedelta(days=opens_in_days),
        closes_at=closes,
        cap_per_grant=cap,
        eligible_costs=fields.pop(
            "eligible_costs",
            ["personnel", "honoraria", "supplies", "venue", "printing"],
        ),
        rubric=fields.pop("rubric", None) or standard_rubric(),
        **fields,
    )
    if budget:
        money = source()
        book_contribution(money, budget)
        allocate(fund_round, money, budget)
    return fund_round


def application(
    fund_round,
    organization,
    *,
    status=FundApplication.Status.SUBMITTED,
    amount=300_000,
    total=400_000,
    **fields,
):
    """An application with a plan of two lines adding up to ``total`` (``amount`` of
    it from the fund)."""
    app = FundApplication.objects.create(
        round=fund_round,
        organization=organization,
        status=status,
        org_name=organization.name,
        org_name_kana=organization.name_kana,
        contact_name="山田 花子",
        contact_email="yamada@example.org",
        project_title=fields.pop("project_title", "地域の居場所づくり"),
        purpose="地域の高齢者と子どもが集える居場所をつくる。",
        content="週2回の食堂と月1回の交流会を開く。",
        project_start=fund_round.project_start,
        project_end=fund_round.project_end,
        expected_participants=120,
        amount_requested=amount,
        total_cost=total,
        declares_no_antisocial_forces=True,
        declares_no_political_religious_aims=True,
        submitted_at=timezone.now() if status != FundApplication.Status.DRAFT else None,
        **fields,
    )
    first = total // 2
    BudgetLine.objects.create(
        application=app,
        category="personnel",
        description="調理スタッフ謝金",
        amount=first,
        from_fund=min(first, amount),
        order=1,
    )
    BudgetLine.objects.create(
        application=app,
        category="supplies",
        description="食材・消耗品",
        amount=total - first,
        from_fund=amount - min(first, amount),
        order=2,
    )
    return app
