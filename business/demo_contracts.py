"""The contracts part's demo data (issue 17).

- 横浜市 就労準備支援事業, this fiscal year: the person responsible for personal
  information (business@example.org) and two who handle it (one replaced in the
  summer, the client told), a budget by cost category, the expenses of every month
  of the year so far, this one included (one of them corrected), one incident the
  client was told of the same day, and the training report due in a few weeks;
- 川崎市 自立相談支援事業 run as a joint venture with 生活クラブ: its contract,
  budget and a few expenses.

Idempotent: a contract is found by its title and left as it is.
"""

import datetime

from django.utils import timezone

from members.models import Organization
from wco_sse.core.japan import fiscal_year, fiscal_year_bounds

from .models import BudgetLine, Contract, ContractPersonnel, Expense, Incident
from .models import CostCategory as C

YOKOHAMA_BUDGET = {
    C.PERSONNEL: 9_360_000,
    C.HONORARIA: 480_000,
    C.TRAVEL: 240_000,
    C.EQUIPMENT: 720_000,
    C.COMMUNICATION: 216_000,
    C.PRINTING: 180_000,
    C.OVERHEAD: 804_000,
}  # 12,000,000 in all

# Each month: (day, category, payee, amount)
YOKOHAMA_MONTHLY = (
    (25, C.PERSONNEL, "就労準備支援員 3名（給与・法定福利費）", 780_000),
    (10, C.EQUIPMENT, "株式会社みなとオフィスリース（複合機リース料）", 22_000),
    (10, C.EQUIPMENT, "有限会社関内ビル管理（面談室賃借料）", 38_000),
    (20, C.COMMUNICATION, "NTT東日本（電話・インターネット）", 14_300),
    (27, C.COMMUNICATION, "日本郵便株式会社（切手・レターパック）", 3_680),
    (15, C.TRAVEL, "横浜市交通局（就労体験同行の交通費）", 18_460),
)
# The odd months: a lecture or a flyer (six flyers stay within the printing budget).
YOKOHAMA_OCCASIONAL = (
    (18, C.HONORARIA, "キャリアコンサルタント 佐藤 恵（講座講師謝金）", 30_000),
    (12, C.PRINTING, "有限会社ミドリ印刷（利用案内チラシ 2,000部）", 28_600),
)

KAWASAKI_BUDGET = {
    C.PERSONNEL: 23_400_000,
    C.HONORARIA: 600_000,
    C.TRAVEL: 420_000,
    C.EQUIPMENT: 1_560_000,
    C.COMMUNICATION: 480_000,
    C.PRINTING: 240_000,
    C.SUBCONTRACTING: 600_000,
    C.OVERHEAD: 1_300_000,
}  # 28,600,000 in all
KAWASAKI_MONTHLY = (
    (25, C.PERSONNEL, "主任相談支援員・相談支援員 4名（給与・法定福利費）", 1_950_000),
    (10, C.EQUIPMENT, "株式会社川崎事務機（複合機・パソコンリース料）", 64_900),
    (20, C.COMMUNICATION, "株式会社NTTドコモ（相談用携帯電話）", 21_780),
)


def _months(start, today, limit=None, *, this_month=False):
    """The first days of the months from ``start`` up to last month, or up to this
    month with ``this_month`` (at most ``limit``, the latest ones)."""
    months = []
    day = start.replace(day=1)
    last = today.replace(day=1)
    while day < last or (this_month and day == last):
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months[-limit:] if limit else months


def _budget(contract, amounts):
    for category, amount in amounts.items():
        BudgetLine.objects.get_or_create(
            contract=contract, category=category, defaults={"amount": amount}
        )


def _expenses(contract, months, rows, actor, today, *, occasional=()):
    """Each month's ``rows``; this month's not yet due are entered as of today (an
    expense is never dated ahead)."""
    made = []
    for index, month in enumerate(months):
        chosen = (
            [*rows, *(occasional[index % len(occasional)],)] if occasional else rows
        )
        for day, category, payee, amount in chosen:
            date = min(month.replace(day=min(day, 28)), today)
            if not contract.start <= date <= contract.end:
                continue
            made.append(
                Expense.objects.create(
                    contract=contract,
                    date=date,
                    category=category,
                    payee=payee,
                    amount=amount,
                    created_by=actor,
                )
            )
    return made


def _yokohama(ctx, programme, client, lead, actor, today):
    year = fiscal_year(today)
    start, end = fiscal_year_bounds(year)
    title = f"横浜市 就労準備支援事業 {year}年度 業務委託"
    if Contract.objects.filter(title=title).exists():
        return
    contract = Contract.objects.create(
        programme=programme,
        client=client,
        title=title,
        fiscal_year=year,
        start=start,
        end=end,
        amount=12_000_000,
        payment_mode=Contract.PaymentMode.ADVANCE,
        advance_received=6_000_000,
        spec_version=f"{year}年度 仕様書（第1版）",
        report_frequency=Contract.ReportFrequency.MONTHLY,
        report_due_day=10,
        training_report_due=min(today + datetime.timedelta(days=24), end),
        population=3_770_000,
        note="概算払は上期分を5月に受領。下期分は10月の実績報告後に請求予定。",
        created_by=actor,
    )
    staff = ctx.accounts.get("staff@example.org")
    member = ctx.accounts.get("member@example.org")
    ContractPersonnel.objects.create(
        contract=contract,
        person=lead,
        role=ContractPersonnel.Role.RESPONSIBLE,
        start=start,
        client_notified_on=start - datetime.timedelta(days=7),
    )
    summer = max(start + datetime.timedelta(days=91), start)
    if member is not None:
        ContractPersonnel.objects.create(
            contract=contract,
            person=member,
            role=ContractPersonnel.Role.WORKER,
            start=start,
            end=min(summer - datetime.timedelta(days=1), end),
            client_notified_on=start - datetime.timedelta(days=7),
        )
    if staff is not None:
        ContractPersonnel.objects.create(
            contract=contract,
            person=staff,
            role=ContractPersonnel.Role.WORKER,
            start=min(summer, end),
            client_notified_on=min(summer, today),
        )
    _budget(contract, YOKOHAMA_BUDGET)
    # Every month of the fiscal year so far, this one included.
    expenses = _expenses(
        contract,
        _months(start, today, this_month=True),
        YOKOHAMA_MONTHLY,
        actor,
        today,
        occasional=YOKOHAMA_OCCASIONAL,
    )
    # A lease invoice entered twice the amount: corrected, never edited.
    lease = next((e for e in expenses if e.category == C.EQUIPMENT), None)
    if lease is not None:
        Expense.objects.create(
            contract=contract,
            date=min(lease.date + datetime.timedelta(days=3), today),
            category=lease.category,
            payee=lease.payee,
            amount=-2_000,
            corrects=lease,
            reason="請求書の再発行により金額訂正（消費税の計算誤り）",
            created_by=actor,
        )
    happened = timezone.make_aware(
        datetime.datetime.combine(
            max(today - datetime.timedelta(days=40), start), datetime.time(14, 30)
        )
    )
    happened = min(happened, timezone.now() - datetime.timedelta(hours=3))
    Incident.objects.create(
        contract=contract,
        occurred_at=happened,
        description=(
            "面談室の机上に、相談受付票の写し1枚を置いたまま次の面談に入った。"
            "次の利用者が入室する前に職員が気づき回収した。外部への流出はない。"
        ),
        personal_information=True,
        client_notified_at=happened + datetime.timedelta(hours=2, minutes=15),
        actions=(
            "当日中に横浜市生活支援課へ電話で報告し、翌日に事故報告書を提出した。"
            "面談終了時の机上確認を手順に加え、職員全員に周知した。"
        ),
        created_by=actor,
    )


def _kawasaki(programme, client, lead, actor, today):
    year = fiscal_year(today)
    start, end = fiscal_year_bounds(year)
    title = f"川崎市 自立相談支援事業 {year}年度 業務委託（共同企業体）"
    if Contract.objects.filter(title=title).exists():
        return
    contract = Contract.objects.create(
        programme=programme,
        client=client,
        title=title,
        fiscal_year=year,
        start=start,
        end=end,
        amount=28_600_000,
        payment_mode=Contract.PaymentMode.ADVANCE,
        advance_received=14_300_000,
        spec_version=f"{year}年度 仕様書",
        report_frequency=Contract.ReportFrequency.QUARTERLY,
        report_due_day=15,
        population=1_540_000,
        note="生活クラブ生活協同組合（神奈川）との共同企業体。代表構成員として受託。",
        created_by=actor,
    )
    ContractPersonnel.objects.create(
        contract=contract,
        person=lead,
        role=ContractPersonnel.Role.RESPONSIBLE,
        start=start,
        client_notified_on=start - datetime.timedelta(days=10),
    )
    _budget(contract, KAWASAKI_BUDGET)
    _expenses(contract, _months(start, today, 3), KAWASAKI_MONTHLY, actor, today)


def seed(ctx, *, today=None):
    programmes = ctx.data.get("business_programmes") or {}
    lead = ctx.accounts.get("business@example.org")
    if lead is None:
        return
    actor = lead.account
    today = today or timezone.localdate()
    yokohama = Organization.objects.filter(name="横浜市").first()
    kawasaki = Organization.objects.filter(name="川崎市").first()
    if yokohama is not None and "yokohama_employment" in programmes:
        _yokohama(ctx, programmes["yokohama_employment"], yokohama, lead, actor, today)
    if kawasaki is not None and "kawasaki_jv" in programmes:
        _kawasaki(programmes["kawasaki_jv"], kawasaki, lead, actor, today)
