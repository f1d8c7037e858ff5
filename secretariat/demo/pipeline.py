"""What is coming: the next board meeting, convened with its agenda, the one after,
and items in each state before the board."""

from .. import services
from .builder import month_day


def upcoming_meetings(b):
    """The next meeting (convened, two items on its agenda); return the one after,
    which the pipeline's items are for."""
    upcoming = b.meeting(month_day(b.today, 1), "第9回理事会")
    after = b.meeting(month_day(b.today, 2), "第10回理事会")
    for it in (
        b.item(
            "network",
            "労働者協同組合への移行支援プログラムの実施",
            "移行相談と学習会を年4回実施する。",
        ),
        b.item(
            "business",
            "2027年度 自治体委託事業の応募方針",
            "応募する委託事業と体制について審議する。",
        ),
    ):
        services.agenda_item_place(actor=b.staff, item=it, meeting=upcoming)
    services.meeting_convene(actor=b.staff, meeting=upcoming)
    return after


def items_in_the_pipeline(b, after):
    """One item in each state before the board (the item carried over at the last
    meeting waits for a later one), and one withdrawn."""
    b.item(
        "support",
        "技能登録バンクの公開範囲の見直し",
        "登録情報の公開範囲を会員限定とする。",
        until="draft",
        target_meeting=after,
    )
    b.item(
        "network",
        "政策提言「地域で働く場づくり」の提出",
        "県への政策提言を提出する。",
        until="submitted",
        target_meeting=after,
    )
    b.item(
        "business",
        "カフェ事業の価格改定",
        "原材料費の高騰に伴いメニュー価格を改定する。",
        until="returned",
        target_meeting=after,
    )
    b.item(
        "support",
        "業種別会議（介護・福祉）の新設",
        "介護・福祉の業種別会議を新設する。",
        target_meeting=after,
    )
    withdrawn = b.item(
        "network",
        "調査研究報告会の開催（取り下げ）",
        "報告会を開催する。",
        until="draft",
    )
    services.agenda_item_transition(
        actor=b.sections["network"],
        item=withdrawn,
        action="withdraw",
        reason="次年度に見送り",
    )
