"""The network section's demo proposals (政策提言・調査研究): one the board approved
at an extraordinary meeting on an agenda item drafted from the proposal (the
pipeline's own way: drafted by the section, accepted by the council, placed, decided,
minuted) and then submitted to 神奈川県 and 横浜市; a research report still under
consideration; and a request 川崎市 has answered.

Built through the services. The addressees are the registry's: 横浜市, 川崎市,
生活クラブ and 神奈川県, which the secretariat registers here if the demo has no
such organization. Idempotent: a database with the demo proposals is left as it is.
"""

import datetime

from django.utils import timezone

from members.models import LegalForm, Municipality, Organization
from members.services import organizations as organization_services
from secretariat import services as secretariat_services
from secretariat.demo.builder import Builder, month_day
from wco_sse.core.models import OutboundEmail

from . import services
from .models import Proposal

PREFECTURE = ("神奈川県", "カナガワケン", "14104")
APPROVED = "地域で働く場づくりに向けた協同労働の推進に関する政策提言"
CONSIDERING = "W.Coの就労実態と地域への貢献に関する調査研究"
ANSWERED = "公共施設の空きスペースを地域の居場所に活用するための要望"
BOARD_MEETING = "臨時理事会（政策提言の承認）"


def _prefecture(ctx):
    name, kana, code5 = PREFECTURE
    found = Organization.objects.filter(name=name).first()
    if found is not None:
        return found
    return organization_services.organization_create(
        actor=ctx.accounts["staff@example.org"].account,
        data={
            "name": name,
            "name_kana": kana,
            "kind": Organization.Kind.PARTNER,
            "membership_class": Organization.MembershipClass.NONE,
            "municipality": Municipality.objects.get(code__startswith=code5),
            "prefecture": "神奈川県",
        },
        legal_form=LegalForm.LOCAL_GOVERNMENT,
    )


def _organizations(*names):
    found = {o.name: o for o in Organization.objects.filter(name__in=names)}
    return [found[name] for name in names if name in found]


def _through_the_board(ctx, actor, proposal):
    """Draft the proposal's agenda item, have the board approve it at an extraordinary
    meeting (held, decided and minuted), and return the meeting's day."""
    b = Builder(ctx)
    first_email = (
        OutboundEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    )
    item = services.proposal_draft_agenda_item(actor=actor, proposal=proposal)
    item = secretariat_services.agenda_item_transition(
        actor=actor, item=item, action="submit"
    )
    item = secretariat_services.agenda_item_transition(
        actor=b.council, item=item, action="accept"
    )
    meeting = b.meeting(month_day(b.today, -2, day=6), BOARD_MEETING)
    secretariat_services.agenda_item_place(actor=b.staff, item=item, meeting=meeting)
    meeting = b.hold(meeting, b.cast.usual_attendance())
    secretariat_services.decision_record(
        actor=b.staff,
        item=item,
        result="vote",
        votes_for=4,
        votes_against=0,
        abstentions=0,
        discussion="ネットワークセクションから提言の趣旨の説明があり、質疑の後、全員一致で承認した。",
    )
    b.backdate(item, meeting)
    b.minutes(meeting)
    # Demo emails (the convocation) are recorded as sent: nobody receives them.
    OutboundEmail.objects.filter(pk__gt=first_email).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), sealed=""
    )
    return meeting.day


def seed(ctx):
    if Proposal.objects.filter(title=APPROVED).exists():
        return
    actor = ctx.accounts["network@example.org"].account
    prefecture = _prefecture(ctx)
    today = timezone.localdate()

    approved = services.proposal_create(
        actor=actor,
        data={
            "kind": Proposal.Kind.POLICY,
            "title": APPROVED,
            "addressees": [prefecture, *_organizations("横浜市")],
            "purpose": "労働者協同組合法の施行を踏まえ、地域で必要とされる仕事を住民自らが"
            "協同でつくり出す取り組みへの支援を求める。",
            "body": "1. 協同労働による起業の相談窓口を県と市に設けること。\n"
            "2. 公共施設の空きスペースを協同組合の事業拠点として貸し出すこと。\n"
            "3. 自治体の委託事業の入札条件に、地域で働く場をつくる団体への配慮を加えること。",
        },
    )
    day = _through_the_board(ctx, actor, approved)
    services.proposal_advance(
        actor=actor, proposal=approved, to_state=Proposal.State.APPROVED, day=day
    )
    services.proposal_advance(
        actor=actor,
        proposal=approved,
        to_state=Proposal.State.SUBMITTED,
        day=min(day + datetime.timedelta(days=14), today),
    )

    services.proposal_create(
        actor=actor,
        data={
            "kind": Proposal.Kind.RESEARCH,
            "title": CONSIDERING,
            "addressees": _organizations("川崎市", "生活クラブ生活協同組合（神奈川）"),
            "purpose": "会員W.Coで働く人の就労時間、収入、やりがいと、地域の暮らしへの"
            "貢献を調べ、政策提言の根拠とする。",
            "body": "調査方法: 会員W.Coへの質問票調査と、10団体への聞き取り。\n"
            "調査期間: 今年度後半。報告書は次年度の連携会議で共有する。",
        },
    )

    answered = services.proposal_create(
        actor=actor,
        data={
            "kind": Proposal.Kind.REQUEST,
            "title": ANSWERED,
            "addressees": _organizations("川崎市"),
            "purpose": "地域の居場所づくりに取り組むW.Coが、公共施設の空きスペースを"
            "使いやすくなるよう求める。",
            "body": "市民館・こども文化センターの空き時間を、地域の居場所の活動に"
            "定期的に貸し出す仕組みをつくってください。",
        },
    )
    for days, state in (
        (200, Proposal.State.APPROVED),
        (180, Proposal.State.SUBMITTED),
        (60, Proposal.State.ANSWERED),
    ):
        services.proposal_advance(
            actor=actor,
            proposal=answered,
            to_state=state,
            day=today - datetime.timedelta(days=days),
        )
    services.proposal_update(
        actor=actor,
        proposal=answered,
        data={
            "kind": answered.kind,
            "title": answered.title,
            "purpose": answered.purpose,
            "body": answered.body,
            "addressees": list(answered.addressees.all()),
            "answer_summary": "市民館の団体利用の枠を来年度から試行的に広げる。こども"
            "文化センターは各館の運営協議会と調整のうえ個別に相談に応じる、との回答。",
        },
    )
    ctx.log("Network: three proposals added, one approved by the board.")
