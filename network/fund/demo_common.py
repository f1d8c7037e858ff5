"""What the fund's demo and its scale data share: names, numbering per fiscal year,
the budget plan's lines, and the books booked in date order under the services'
checks."""

import uuid

from . import ledger
from .models import Award, Contribution

PROGRAMME = "地域づくり助成"
NAMED_PROGRAMME = "居場所づくり助成（石原とし子記念基金）"
MEMBERS_SOURCE = "会員募金"
CLUB_SOURCE = "生活クラブ募金キャンペーン"
NAMED_SOURCE = "石原とし子記念 居場所づくり基金"
CLUB = "生活クラブ生活協同組合（神奈川）"
RUBRIC = "標準審査基準"


# --- Numbers and dates ---------------------------------------------------------------------


def fiscal_year(day) -> int:
    """The fiscal year (April to March) ``day`` falls in."""
    return day.year if day.month >= 4 else day.year - 1


def _next_number(model, field, prefix, width):
    """The next number after the highest ``prefix``NNN of ``model``'s ``field``."""
    numbers = model.objects.filter(**{f"{field}__startswith": prefix}).values_list(
        field, flat=True
    )
    highest = max(
        (int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()),
        default=0,
    )
    return f"{prefix}{highest + 1:0{width}d}"


def receipt_number(day) -> str:
    return _next_number(Contribution, "receipt_number", f"R{fiscal_year(day)}-", 4)


def award_number(day) -> str:
    return _next_number(Award, "number", f"基金{fiscal_year(day)}-", 3)


def _key():
    return uuid.uuid4().hex


class Books:
    """Money movements collected with their day, then booked in date order, each
    checked against what the ledger holds on that day as the services check it."""

    def __init__(self):
        self.events = []

    def on(self, day, action):
        self.events.append((day, len(self.events), action))

    def book(self):
        for _day, _order, action in sorted(self.events, key=lambda e: (e[0], e[1])):
            action()
        self.events = []


def _check_source(source, amount, day):
    held = ledger.credit_balance(ledger.source_account(source), until=day)
    if held < amount:
        raise AssertionError(f"{source.name}: {held} yen on {day}, {amount} allocated")


def _check_cash(amount, day):
    held = ledger.balance(ledger.cash_account(), until=day)
    if held < amount:
        raise AssertionError(f"cash: {held} yen on {day}, {amount} paid")


PLAN = (
    ("personnel", "スタッフ謝金（活動日の運営）", 45),
    ("supplies", "食材・消耗品", 25),
    ("venue", "会場使用料", 15),
    ("printing", "チラシ・ポスター印刷", 10),
    ("honoraria", "講師謝礼", 5),
)


def plan_lines(amount, total):
    """(category, description, line total, of which from the fund): shares of the
    total that add up exactly, the fund's part spread the same way."""
    lines, spent, funded = [], 0, 0
    for index, (category, description, share) in enumerate(PLAN):
        last = index == len(PLAN) - 1
        line_total = total - spent if last else total * share // 100
        from_fund = amount - funded if last else amount * share // 100
        from_fund = min(from_fund, line_total)
        lines.append((category, description, line_total, from_fund))
        spent += line_total
        funded += from_fund
    # Whatever rounding left goes on the first line that has room for it.
    short = amount - funded
    for index, (category, description, line_total, from_fund) in enumerate(lines):
        room = min(short, line_total - from_fund)
        if room > 0:
            lines[index] = (category, description, line_total, from_fund + room)
            short -= room
    return lines
