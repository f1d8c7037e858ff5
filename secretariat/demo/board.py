"""A year of board meetings: one a month, on the 20th, numbered within the fiscal year.
One was cancelled and one postponed; the directors' activity reports come up four
times; the showcase items end in each outcome (approved, amended, rejected,
discussed, carried over) with a special interest and named dissenters."""

import datetime

from .. import services
from ..models import AgendaItem
from .builder import K, at, month_day

# The months (from now) with the directors' activity reports.
REPORT_MONTHS = {-10, -7, -4, -1}
CANCELLED, POSTPONED, ANNUAL_ACCOUNTS = -6, -3, -5
MARKER = "W.Coスクール 2026年度講座計画の承認"

# Items placed beside the monthly reports, by month: (source, title, proposal, how
# the board deals with it).
SHOWCASE = {
    -11: [
        (
            "support",
            MARKER,
            "2026年度のW.Coスクール講座（起業支援・経営講座 全12回）の計画と予算を承認する。",
            "approve",
        )
    ],
    -9: [
        (
            "network",
            "社会的連帯経済基金 運用規程の制定",
            "基金の運用規程（案）を別紙のとおり定める。",
            "amend",
        )
    ],
    -8: [
        (
            "business",
            "居場所・カフェ事業 新規拠点の開設",
            "相模原市内に新たな居場所拠点を開設する。",
            "reject",
        )
    ],
    -7: [
        (
            "network",
            "生活クラブとのまちづくり会議の進め方",
            "今年度のまちづくり会議の進め方について協議する。",
            "discuss",
        )
    ],
    ANNUAL_ACCOUNTS: [
        (
            "secretariat",
            "2025年度 事業報告及び決算の承認",
            "2025年度の事業報告及び計算書類を承認し、定時社員総会に付議する。",
            "approve",
        )
    ],
    -2: [
        (
            "business",
            "就労準備支援事業 委託契約の締結",
            "横浜市との就労準備支援事業の委託契約を締結する。",
            "interest",
        )
    ],
    0: [
        (
            "support",
            "相談窓口の土曜開設の試行",
            "毎月第2土曜日に相談窓口を試行的に開設する。",
            "defer",
        )
    ],
}


def _schedule(today):
    """[(month offset, day, title)] for the last twelve months, numbered within the
    fiscal year (April to March)."""
    past = []
    numbers = {}
    for offset in range(-11, 1):
        day = month_day(today, offset)
        if day > today:
            day = today - datetime.timedelta(days=1)
        fy = day.year if day.month >= 4 else day.year - 1
        numbers[fy] = numbers.get(fy, (day.month - 4) % 12) + 1
        past.append((offset, day, f"第{numbers[fy]}回理事会"))
    return past


def _reports(b, offset, day):
    """The monthly items: activity reports in the report months, and the sections'
    progress report every month."""
    cast = b.cast
    items = []
    if offset in REPORT_MONTHS:
        items.append(
            b.item(
                "secretariat",
                f"代表理事 職務執行状況報告（{day:%Y年%-m月}）",
                "前回理事会以降の業務執行の状況を報告します。",
                K.REPORT,
                activity_report_of=cast.representative,
            )
        )
        if offset != -1:  # the executive director's last report is overdue
            items.append(
                b.item(
                    "secretariat",
                    f"業務執行理事 職務執行状況報告（{day:%Y年%-m月}）",
                    "担当する事業セクションの業務執行の状況を報告します。",
                    K.REPORT,
                    activity_report_of=cast.hayashi,
                )
            )
    items.append(
        b.item(
            ("support", "network", "business")[offset % 3],
            f"{day:%-m}月度 事業進捗と会計報告",
            "各セクションの事業進捗と月次の収支を報告します。",
            K.REPORT,
        )
    )
    return [(item, None) for item in items]


def _meetings(b):
    """Each month's meeting (after the postponement where there was one) with its
    items placed, as [(offset, meeting, [(item, how)])]; the cancelled one left out."""
    held = []
    for offset, day, title in _schedule(b.today):
        meeting = b.meeting(day, title)
        if offset == CANCELLED:
            services.meeting_cancel(
                actor=b.staff,
                meeting=meeting,
                reason="出席できる理事が定足数に満たない見込みのため中止（議案は翌月に上程）",
            )
            continue
        if offset == POSTPONED:
            meeting = services.meeting_postpone(
                actor=b.staff,
                meeting=meeting,
                starts_at=at(day + datetime.timedelta(days=7)),
                reason="代表理事の急病のため1週間延期",
            )
        items = _reports(b, offset, meeting.day)
        for it, _how in items:
            services.agenda_item_place(actor=b.staff, item=it, meeting=meeting)
        held.append((offset, meeting, items))
    return held


def _place_showcase(b, held):
    by_offset = {offset: (meeting, items) for offset, meeting, items in held}
    for offset, specs in SHOWCASE.items():
        meeting, items = by_offset[offset]
        for source, title, text, how in specs:
            it = b.item(
                source,
                title,
                text,
                K.DISCUSSION if how == "discuss" else K.DELIBERATION,
            )
            if how == "interest":
                services.special_interest_declare(
                    actor=b.staff,
                    item=it,
                    person=b.cast.shimizu,
                    reason="委託先法人の理事を兼務",
                )
            services.agenda_item_place(actor=b.staff, item=it, meeting=meeting)
            items.append((it, how))


def _vote(b, it, how, *, present):
    """The votes: unanimous, but for the amended, rejected and interested items."""
    cast = b.cast
    if how == "interest":
        present -= 1  # 清水 is out of the quorum and the vote
    against = {"reject": 3, "amend": 1}.get(how, 0)
    services.decision_record(
        actor=b.staff,
        item=it,
        result="vote",
        votes_for=present - against - (1 if how == "reject" else 0),
        votes_against=against,
        abstentions=1 if how == "reject" else 0,
        dissenters=[cast.hayashi, cast.yamaguchi, cast.representative][:against],
        amendment="第5条の貸付上限額を300万円に修正" if how == "amend" else "",
        discussion="事務局から提案理由の説明があり、質疑の後、採決した。",
    )


def _decide(b, it, how, *, present):
    if it.kind == K.REPORT:
        services.decision_record(actor=b.staff, item=it, result="report")
    elif how == "discuss":
        services.decision_record(
            actor=b.staff,
            item=it,
            result="discuss",
            discussion="各理事から意見が出され、次回会議で具体案を示すこととした。",
        )
    elif how == "defer":
        services.decision_record(
            actor=b.staff,
            item=it,
            result="defer",
            discussion="人員配置の見通しを確認のうえ、次回に継続審議とした。",
        )
    else:
        _vote(b, it, how, present=present)


def board_year(b) -> AgendaItem | None:
    """Hold the year's meetings, decide their items and write their minutes (the last
    meeting's await a signature); return the annual accounts the board adopted, for
    the general assembly."""
    held = _meetings(b)
    _place_showcase(b, held)
    referred = None
    for offset, meeting, items in held:
        full = offset == ANNUAL_ACCOUNTS
        meeting = b.hold(
            meeting, b.cast.full_attendance() if full else b.cast.usual_attendance()
        )
        for it, how in items:
            _decide(b, it, how, present=5 if full else 4)
            if full and how == "approve":
                referred = it
            b.backdate(it, meeting)
        b.minutes(meeting, sign_all=offset != 0)
    return referred
