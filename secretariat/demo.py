"""Governance demo data: a board with a year of meetings, items in every state,
minutes, resolutions without a meeting, the general assembly and notices.

Built through the services (as the secretariat would), with dates set back afterwards
so the year reads naturally. Emails the services queue are recorded as sent, never
delivered. A second run adds nothing.
"""

import datetime

from django.utils import timezone

from members.models import Organization, Person, Role, RoleAssignment
from wco_sse.core.models import OutboundEmail

from . import services
from .models import (
    AgendaItem,
    AgendaTransition,
    Body,
    EmailNoticeConsent,
    Meeting,
    MinutesSignatory,
    WrittenResolution,
    WrittenResponse,
)

MARKER = "W.Coスクール 2026年度講座計画の承認"
K = AgendaItem.Kind
A = AgendaItem


def _at(day, hour=14):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _month_day(today, offset, day=20):
    month = today.month - 1 + offset
    return datetime.date(today.year + month // 12, month % 12 + 1, day)


def _officer(family):
    return Person.objects.get(family_name=family, role_assignments__isnull=False)


class Builder:
    def __init__(self, ctx):
        self.ctx = ctx
        self.staff = ctx.accounts["secgen@example.org"].account
        self.council = ctx.accounts["council@example.org"].account
        self.sections = {
            s: ctx.accounts[f"{s}@example.org"].account
            for s in ("support", "network", "business")
        }
        self.board = Body.objects.statutory(Body.Kind.BOARD)
        self.today = timezone.localdate()

    def item(
        self, source, title, body, kind=K.DELIBERATION, *, until="accepted", **extra
    ):
        author = self.sections.get(source, self.staff)
        it = services.agenda_item_create(
            actor=author, source=source, kind=kind, title=title, body=body, **extra
        )
        if until == "draft":
            return it
        it = services.agenda_item_transition(actor=author, item=it, action="submit")
        if until == "submitted":
            return it
        if until == "returned":
            return services.agenda_item_transition(
                actor=self.council,
                item=it,
                action="return",
                reason="目的と予算の根拠を追記してください。",
            )
        return services.agenda_item_transition(
            actor=self.council, item=it, action="accept"
        )

    def meeting(self, day, title, body=None, **extra):
        return services.meeting_create(
            actor=self.staff,
            body=body or self.board,
            title=title,
            starts_at=_at(day),
            ends_at=_at(day, 16),
            place="W.Co SSE 事務所 会議室（横浜市）",
            online_url="https://meet.example.org/wco-board",
            online_method="出席者の音声と映像が即時に他の出席者に伝わり、適時的確な意見表明が互いにできるビデオ会議システム",
            chair=self.ctx.accounts["board@example.org"],
            **extra,
        )

    def hold(self, meeting, attendance):
        services.meeting_convene(actor=self.staff, meeting=meeting)
        Meeting.objects.filter(pk=meeting.pk).update(
            convened_at=meeting.starts_at - datetime.timedelta(days=10),
            convened_late=False,
        )
        meeting.refresh_from_db()
        services.meeting_hold(actor=self.staff, meeting=meeting)
        for person, kind in attendance:
            services.attendance_set(
                actor=self.staff, meeting=meeting, person=person, kind=kind
            )
        meeting.refresh_from_db()
        return meeting

    def backdate(self, item, meeting):
        steps = list(AgendaTransition.objects.filter(item=item).order_by("pk"))
        for index, step in enumerate(steps):
            days = max(len(steps) - index - 1, 0) * 5
            AgendaTransition.objects.filter(pk=step.pk).update(
                at=meeting.starts_at - datetime.timedelta(days=days)
            )
        AgendaItem.objects.filter(pk=item.pk).update(
            submitted_at=meeting.starts_at - datetime.timedelta(days=20)
        )

    def minutes(self, meeting, *, sign_all=True, extra=()):
        minutes = services.minutes_start(actor=self.staff, meeting=meeting)
        services.minutes_update(
            actor=self.staff,
            minutes=minutes,
            opening="定刻、代表理事 高橋由美子が議長となり開会を宣し、出席理事が定足数を満たしていることを確認した。",
            auditors_statements="監事 田中正樹より、各議案の審議について特段の意見はない旨の発言があった。",
            other_matters="",
            writer=self.ctx.accounts["secgen@example.org"],
        )
        services.minutes_finalize(
            actor=self.staff, minutes=minutes, extra_signatories=list(extra)
        )
        signatories = list(minutes.signatories.order_by("order"))
        for signatory in signatories if sign_all else signatories[:1]:
            services.minutes_sign(
                actor=self.staff,
                signatory=signatory,
                method=MinutesSignatory.Method.SEAL,
                signed_on=min(meeting.day + datetime.timedelta(days=7), self.today),
            )
        return minutes


def seed(ctx):
    if not AgendaItem.objects.filter(title=MARKER).exists():
        _seed_governance(ctx)
    if ctx.scale:
        seed_scale(ctx)


def _seed_governance(ctx):
    first_email = (
        OutboundEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    )
    b = Builder(ctx)
    board_person = ctx.accounts["board@example.org"]
    auditor = ctx.accounts["auditor@example.org"]
    hayashi, shimizu, yamaguchi, mori, ikeda = (
        _officer(name) for name in ("林", "清水", "山口", "森", "池田")
    )
    P, ON, X = "present", "online", "absent"
    usual = [
        (board_person, P),
        (hayashi, P),
        (shimizu, ON),
        (yamaguchi, P),
        (mori, X),
        (auditor, P),
        (ikeda, X),
    ]
    everyone = [(p, P) for p, _k in usual]

    # Board meetings of the last twelve months, the 20th of each month.
    past = []
    numbers = {}
    for offset in range(-11, 1):
        day = _month_day(b.today, offset)
        if day > b.today:
            day = b.today - datetime.timedelta(days=1)
        fy = day.year if day.month >= 4 else day.year - 1
        # Numbered within the fiscal year (April to March), one meeting a month.
        numbers[fy] = numbers.get(fy, (day.month - 4) % 12) + 1
        past.append((offset, day, f"第{numbers[fy]}回理事会"))

    report_months = {-10, -7, -4, -1}
    held = []
    for offset, day, title in past:
        meeting = b.meeting(day, title)
        if offset == -6:
            services.meeting_cancel(
                actor=b.staff,
                meeting=meeting,
                reason="出席できる理事が定足数に満たない見込みのため中止（議案は翌月に上程）",
            )
            continue
        if offset == -3:
            new = services.meeting_postpone(
                actor=b.staff,
                meeting=meeting,
                starts_at=_at(day + datetime.timedelta(days=7)),
                reason="代表理事の急病のため1週間延期",
            )
            meeting = new
            day = meeting.day
        items = []
        if offset in report_months:
            items.append(
                b.item(
                    "secretariat",
                    f"代表理事 職務執行状況報告（{day:%Y年%-m月}）",
                    "前回理事会以降の業務執行の状況を報告します。",
                    K.REPORT,
                    activity_report_of=board_person,
                )
            )
            if offset != -1:  # the executive director's last report is overdue
                items.append(
                    b.item(
                        "secretariat",
                        f"業務執行理事 職務執行状況報告（{day:%Y年%-m月}）",
                        "担当する事業セクションの業務執行の状況を報告します。",
                        K.REPORT,
                        activity_report_of=hayashi,
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
        for it in items:
            services.agenda_item_place(actor=b.staff, item=it, meeting=meeting)
        held.append((offset, meeting, items))

    # The showcase: each outcome, a special interest, dissent and a carried-over item.
    by_offset = {offset: (meeting, items) for offset, meeting, items in held}
    extra = {
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
        -5: [
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
    referred = None
    for offset, specs in extra.items():
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
                    person=shimizu,
                    reason="委託先法人の理事を兼務",
                )
            services.agenda_item_place(actor=b.staff, item=it, meeting=meeting)
            items.append((it, how))

    for offset, meeting, items in held:
        attendance = everyone if offset == -5 else usual
        meeting = b.hold(meeting, attendance)
        for entry in items:
            it, how = entry if isinstance(entry, tuple) else (entry, None)
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
                present = 5 if offset == -5 else 4
                if how == "interest":
                    present -= 1  # 清水 is out of the quorum and the vote
                against = {"reject": 3, "amend": 1}.get(how, 0)
                dissenters = (
                    [hayashi, yamaguchi, board_person][:against] if against else []
                )
                services.decision_record(
                    actor=b.staff,
                    item=it,
                    result="vote",
                    votes_for=present - against - (1 if how == "reject" else 0),
                    votes_against=against,
                    abstentions=1 if how == "reject" else 0,
                    dissenters=dissenters,
                    amendment="第5条の貸付上限額を300万円に修正"
                    if how == "amend"
                    else "",
                    discussion="事務局から提案理由の説明があり、質疑の後、採決した。",
                )
                if offset == -5:
                    referred = it
            b.backdate(it, meeting)
        if offset == 0:
            b.minutes(meeting, sign_all=False)
        else:
            b.minutes(meeting)

    # The general assembly: the accounts the board adopted, tallied with a proxy.
    assembly = Body.objects.statutory(Body.Kind.ASSEMBLY)
    regular = list(
        Organization.objects.filter(
            membership_class=Organization.MembershipClass.REGULAR
        ).order_by("name_kana")
    )
    home = ctx.data.get("home_wco")
    if home is not None:
        EmailNoticeConsent.objects.get_or_create(
            organization=home, defaults={"agreed_on": datetime.date(2024, 6, 22)}
        )
    if referred is not None and regular:
        day = _month_day(b.today, -5, day=27)
        agm = b.meeting(day, "定時社員総会", body=assembly)
        to_agm = services.agenda_item_refer_to_assembly(
            actor=b.staff, item=referred, resolution_type=A.ResolutionType.ORDINARY
        )
        services.agenda_item_place(actor=b.staff, item=to_agm, meeting=agm)
        services.meeting_convene(actor=b.staff, meeting=agm)
        Meeting.objects.filter(pk=agm.pk).update(
            convened_at=agm.starts_at - datetime.timedelta(days=15), convened_late=False
        )
        agm.refresh_from_db()
        services.meeting_hold(actor=b.staff, meeting=agm)
        kinds = ["present", "present", "proxy", "present", "absent"]
        for index, organization in enumerate(regular):
            kind = kinds[index % len(kinds)]
            services.attendance_set(
                actor=b.staff,
                meeting=agm,
                organization=organization,
                kind=kind,
                acting_name="代表者"
                if kind == "present"
                else ("議長に委任" if kind == "proxy" else ""),
            )
        tally = len(
            [k for i, k in zip(regular, kinds * 5, strict=False) if k != "absent"]
        )
        services.decision_record(
            actor=b.staff,
            item=to_agm,
            result="vote",
            votes_for=tally,
            votes_against=0,
            abstentions=0,
            discussion="議長より議案の説明があり、全員異議なく承認された。",
        )
        b.minutes(agm, extra=[yamaguchi])

    # Upcoming: the next board meeting (convened, with its agenda) and the one after.
    next_day = _month_day(b.today, 1)
    upcoming = b.meeting(next_day, "第9回理事会")
    after = b.meeting(_month_day(b.today, 2), "第10回理事会")
    deferred = AgendaItem.objects.filter(status=A.Status.DEFERRED).first()
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

    # Items still in the pipeline, one in each state before the board.
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
    if deferred is not None:
        AgendaItem.objects.filter(
            pk=deferred.pk
        )  # stays 継続審議, awaiting a later meeting

    # Resolutions without a meeting: one adopted, one lapsed on an objection, one open.
    directors = [board_person, hayashi, shimizu, yamaguchi, mori]
    adopted = services.written_resolution_propose(
        actor=b.staff,
        proposer=board_person,
        title="事務所賃貸借契約の更新",
        text="現事務所の賃貸借契約を同条件で2年間更新する。",
    )
    services.written_resolution_circulate(
        actor=b.staff,
        resolution=adopted,
        deadline=timezone.now() + datetime.timedelta(days=7),
    )
    for person in directors:
        response = adopted.responses.get(person=person)
        services.written_response_answer(
            actor=b.staff,
            response=response,
            answer="consent",
            via=WrittenResponse.Via.PAPER,
        )
    adopted_day = _month_day(b.today, -4, day=5)
    WrittenResolution.objects.filter(pk=adopted.pk).update(adopted_on=adopted_day)
    adopted.responses.update(answered_at=_at(adopted_day, 10))
    minutes = adopted.minutes
    services.minutes_update(
        actor=b.staff,
        minutes=minutes,
        opening="",
        auditors_statements="",
        other_matters="",
        writer=board_person,
    )
    services.minutes_finalize(actor=b.staff, minutes=minutes)

    lapsed = services.written_resolution_propose(
        actor=b.staff,
        proposer=hayashi,
        title="広報誌の外部委託",
        text="広報誌の編集を外部に委託する。",
    )
    services.written_resolution_circulate(
        actor=b.staff,
        resolution=lapsed,
        deadline=timezone.now() + datetime.timedelta(days=7),
    )
    services.written_response_answer(
        actor=b.staff,
        response=lapsed.responses.get(person=mori),
        answer="object",
        via=WrittenResponse.Via.PAPER,
    )

    open_one = services.written_resolution_propose(
        actor=b.staff,
        proposer=board_person,
        title="年末年始の臨時休業日の設定",
        text="12月28日から1月5日までを事務局の休業日とする。",
    )
    services.written_resolution_circulate(
        actor=b.staff,
        resolution=open_one,
        deadline=timezone.now() + datetime.timedelta(days=10),
    )
    for person in (hayashi, yamaguchi):
        services.written_response_answer(
            actor=b.staff,
            response=open_one.responses.get(person=person),
            answer="consent",
            via=WrittenResponse.Via.PAPER,
        )

    # Notices.
    notice = services.notice_save(
        actor=b.staff,
        title="2026年度 定時社員総会の開催結果",
        text="定時社員総会において、2025年度事業報告及び決算が承認されました。",
        audience="all_members",
        send_email=False,
    )
    services.notice_publish(actor=b.staff, notice=notice)
    notice = services.notice_save(
        actor=b.staff,
        title="理事会資料の閲覧方法について",
        text="理事会の議案書はポータルの「議案」からスマートフォンでも閲覧できます。",
        audience="body",
        target_body=b.board,
        send_email=False,
    )
    services.notice_publish(actor=b.staff, notice=notice)
    services.notice_save(
        actor=b.staff,
        title="年末年始の事務局体制（下書き）",
        text="12月28日から1月5日まで事務局は休業します。",
        audience="staff",
        send_email=False,
    )

    # Demo emails are recorded as sent: nobody receives them.
    OutboundEmail.objects.filter(pk__gt=first_email).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now()
    )
    ctx.log(
        "Governance: a year of board meetings, items in every state, minutes and resolutions."
    )
    assert RoleAssignment.objects.filter(role=Role.AUDITOR).exists()


SCALE_MEETINGS, SCALE_ITEMS_PER_MEETING = 13, 10
SCALE_PREFIX = "負荷試験"
_SCALE_KINDS = (K.DELIBERATION, K.REPORT, K.DELIBERATION, K.DISCUSSION, K.REPORT)
_SCALE_OUTCOMES = {
    K.DELIBERATION: A.Status.APPROVED,
    K.REPORT: A.Status.REPORTED,
    K.DISCUSSION: A.Status.DISCUSSED,
}
_SCALE_SOURCES = ("support", "network", "business", "secretariat")


def seed_scale(ctx):
    """Meetings of the board and the council with their agenda items, for load tests.

    Bulk inserts, topped up to ``SCALE_MEETINGS`` × scale and no further. Meetings
    before today are closed with every item decided; later ones are convened with
    their items on the agenda.
    """
    want = SCALE_MEETINGS * ctx.scale
    existing = Meeting.objects.filter(title__startswith=SCALE_PREFIX)
    have = existing.count()
    if have >= want:
        return
    bodies = (
        Body.objects.statutory(Body.Kind.BOARD),
        Body.objects.statutory(Body.Kind.COUNCIL),
    )
    staff = ctx.accounts["secgen@example.org"].account
    chair = ctx.accounts["board@example.org"]
    now = timezone.now()
    today = timezone.localdate()
    meetings = []
    for number in range(have, want):
        # Every third day from two and a half years back to ten months ahead,
        # alternating the board and the council.
        day = today + datetime.timedelta(days=3 * (number % 400) - 900)
        starts_at = _at(day)
        past = starts_at < now
        meetings.append(
            Meeting(
                body=bodies[number % 2],
                title=f"{SCALE_PREFIX} {bodies[number % 2].name} {number + 1:04d}",
                starts_at=starts_at,
                ends_at=_at(day, 16),
                place="W.Co SSE 事務所 会議室（横浜市）",
                chair=chair,
                status=Meeting.Status.CLOSED if past else Meeting.Status.CONVENED,
                submission_deadline=starts_at - datetime.timedelta(days=14),
                convened_at=starts_at - datetime.timedelta(days=10),
                created_by=staff,
            )
        )
    Meeting.objects.bulk_create(meetings, batch_size=500)
    items = []
    for meeting in meetings:
        past = meeting.status == Meeting.Status.CLOSED
        for order in range(1, SCALE_ITEMS_PER_MEETING + 1):
            kind = _SCALE_KINDS[order % len(_SCALE_KINDS)]
            items.append(
                AgendaItem(
                    source=_SCALE_SOURCES[order % len(_SCALE_SOURCES)],
                    kind=kind,
                    title=f"{meeting.title} 第{order}号議案",
                    body="負荷試験のための議案です。提案の理由と内容を記します。",
                    status=_SCALE_OUTCOMES[kind] if past else A.Status.PLACED,
                    meeting=meeting,
                    order=order,
                    submitted_at=meeting.submission_deadline
                    - datetime.timedelta(days=1),
                    created_by=staff,
                )
            )
    AgendaItem.objects.bulk_create(items, batch_size=2000)
    ctx.log(
        f"Scale {ctx.scale}: {len(meetings)} meetings with {len(items)} agenda items added."
    )
