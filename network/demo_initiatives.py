"""The network section's demo initiatives (創出・継続支援): six groups on their way to a
W.Co, a 労働者協同組合 or an association, one at each stage from the idea (構想) to
dormant or dissolved (休止・解散), led by network@example.org, with founders from the
registry and some known by name only, dated stage changes with their reasons, a
support log and the next step.

The association that has been founded is registered in the registry (kind
アソシエーション) and linked, so its page shows the Initiative panel.

Built through the services. Idempotent: a database that has the demo initiatives
already is left as it is.
"""

import datetime

from django.utils import timezone

from members.demo.people import person as demo_person
from members.models import Affiliation, LegalForm, Municipality, Organization
from members.services import affiliations as affiliation_services
from members.services import organizations as organization_services

from . import demo_checklists
from . import services_initiatives as services
from .models import Initiative

Stage, Form = Initiative.Stage, Initiative.Form

# The 労働者協同組合 in preparation: the formation checklist follows it (the lead marks
# it half-way through).
WORKERS_COOP_INITIATIVE = "労働者協同組合 はだの 農と食のワーカーズ（仮称）"
# Its founding meeting and registration, and how far through its checklist it is:
# half of the twelve steps of the 労働者協同組合 checklist, the notice to the
# prefecture overdue, the tax notices due, the steps from the start of business waiting.
FOUNDING_MEETING_DAYS_AGO, REGISTERED_DAYS_AGO, CHECKLIST_STEPS_DONE = 42, 20, 6
ASSOCIATION_INITIATIVE = "ふじさわ 居場所ネットワークづくり"
ASSOCIATION = (
    "ふじさわ 地域の居場所アソシエーション",
    "フジサワチイキノイバショアソシエーション",
    "14205",
)

# (name, form, municipality code (5 digits), registry founders (family, given, kanas),
#  founders known by name only (name, contact),
#  [(days ago, stage, reason)], [(days ago, support kind, note)],
#  next step, due in days)
INITIATIVES = (
    (
        "子ども食堂ワーカーズ つるみ（仮称）",
        Form.WCO,
        "14101",
        (),
        (("松本 由香", "090-1234-5678"), ("井上 さおり", "inoue.saori@example.jp")),
        (),
        (
            (40, "interview", "子ども食堂を仕事として続けたいという相談。W.Coという働き方を説明した。"),
            (12, "consultation", "会計と価格設定について相談窓口を紹介した。"),
        ),
        "設立準備会の呼びかけ文を一緒に作る",
        21,
    ),
    (
        WORKERS_COOP_INITIATIVE,
        Form.WORKERS_COOPERATIVE,
        "14211",
        (("三浦", "美穂", "ミウラ", "ミホ"), ("岩崎", "秀樹", "イワサキ", "ヒデキ")),
        (("今井 智子", "0463-12-3456"),),
        (
            (150, Stage.PREPARATION, "発起人3名がそろい、労働者協同組合として設立する方針を決めたため。"),
            (FOUNDING_MEETING_DAYS_AGO, Stage.FOUNDING, "創立総会で定款を承認し、理事と監事を選んだため。"),
        ),
        (
            (180, "interview", "休耕地を使った農業と惣菜づくりの構想を聞き取った。"),
            (140, "course", "W.Coスクールの起業支援講座（労働者協同組合法の基礎）を紹介した。"),
            (90, "meeting", "定款案と事業計画案の読み合わせに同席した。"),
            (FOUNDING_MEETING_DAYS_AGO, "meeting", "創立総会に同席し、議事録の作り方を助言した。"),
            (10, "fund", "設立時の運転資金について社会的連帯経済基金の相談を受けた。"),
        ),
        "神奈川県への成立の届出を一緒に仕上げる",
        3,
    ),
    (
        "ワーカーズ・コレクティブ 家事支援 ひらつか",
        Form.WCO,
        "14203",
        (("吉村", "里美", "ヨシムラ", "サトミ"),),
        (("坂口 真理", "sakaguchi.mari@example.jp"),),
        (
            (240, Stage.PREPARATION, "メンバー5名で出資と就労の分担を話し合い始めたため。"),
        ),
        (
            (260, "visit", "活動予定地の公民館を一緒に訪ね、利用条件を確認した。"),
            (120, "meeting", "規約案の検討会議に参加した。"),
            (20, "other", "設立総会の進め方と出資額の決め方を案内した。"),
        ),
        "設立総会の日程と議案を決める",
        14,
    ),
    (
        ASSOCIATION_INITIATIVE,
        Form.ASSOCIATION,
        "14205",
        (("竹内", "和子", "タケウチ", "カズコ"), ("野村", "健一", "ノムラ", "ケンイチ")),
        (),
        (
            (420, Stage.PREPARATION, "地域の居場所4団体が連携の準備会を始めたため。"),
            (300, Stage.FOUNDING, "設立総会で会則と役割分担を決めたため。"),
            (200, Stage.ACTIVE, "事務局から登録の手続きが完了し、活動を始めたため。"),
        ),
        (
            (400, "meeting", "準備会で他地域のアソシエーションの事例を紹介した。"),
            (210, "consultation", "会計と会費の集め方について相談窓口を紹介した。"),
            (60, "visit", "居場所マップの発行記念の集まりを訪問した。"),
        ),
        "居場所マップ第2版の編集会議に参加する",
        40,
    ),
    (
        "ワーカーズ・コレクティブ 移動販売 やまと",
        Form.WCO,
        "14213",
        (("川村", "博美", "カワムラ", "ヒロミ"),),
        (),
        (
            (700, Stage.PREPARATION, "移動販売車の確保の見通しが立ったため。"),
            (600, Stage.FOUNDING, "設立総会を開いたため。"),
            (540, Stage.ACTIVE, "販売ルートの運行を始めたため。"),
            (90, Stage.SUSTAINING, "設立から1年を過ぎ、経営の安定化に向けた継続支援に移るため。"),
        ),
        (
            (560, "fund", "販売車の購入資金について基金の貸付を紹介した。"),
            (80, "interview", "売上の推移と人員体制について面談した。"),
            (25, "consultation", "労務と社会保険について相談窓口を紹介した。"),
        ),
        "半期の収支を一緒に振り返る",
        60,
    ),
    (
        "古着リユース かまくら（仮称）",
        Form.OTHER,
        "14204",
        (),
        (("長田 美紀", "0467-22-0000"),),
        (
            (500, Stage.PREPARATION, "店舗候補が見つかり、準備会を始めたため。"),
            (150, Stage.DORMANT, "中心メンバーの転居により活動を休止したため。再開の相談は受ける。"),
        ),
        (
            (480, "interview", "古着の回収と販売の事業計画について面談した。"),
            (160, "interview", "休止の意向を確認し、再開時の支援を約束した。"),
        ),
        "",
        None,
    ),
)  # fmt: skip


def _association(ctx, founders):
    """The registered association (kind アソシエーション), registered by the
    secretariat with its founders as its people, if the registry has none of that
    name."""
    name, kana, code5 = ASSOCIATION
    found = Organization.objects.filter(name=name).first()
    if found is not None:
        return found
    staff = ctx.accounts["staff@example.org"].account
    organization = organization_services.organization_create(
        actor=staff,
        data={
            "name": name,
            "name_kana": kana,
            "kind": Organization.Kind.ASSOCIATION,
            "membership_class": Organization.MembershipClass.NONE,
            "founded_on": timezone.localdate() - datetime.timedelta(days=300),
            "municipality": Municipality.objects.get(code__startswith=code5),
            "prefecture": "神奈川県",
        },
        legal_form=LegalForm.VOLUNTARY,
    )
    positions = (Affiliation.Position.REPRESENTATIVE, Affiliation.Position.DIRECTOR)
    for person, position in zip(founders, positions, strict=False):
        affiliation_services.affiliation_add(
            actor=staff,
            person=person,
            organization=organization,
            position=position,
            start=organization.founded_on,
        )
    return organization


def seed(ctx):
    if Initiative.objects.filter(name=WORKERS_COOP_INITIATIVE).exists():
        return
    network = ctx.accounts["network@example.org"]
    staff = ctx.accounts["staff@example.org"]
    actor = network.account
    today = timezone.localdate()
    for (
        name,
        form,
        code5,
        registered,
        by_name,
        stages,
        support,
        next_step,
        due,
    ) in INITIATIVES:
        initiative = services.initiative_create(
            actor=actor,
            data={
                "name": name,
                "form": form,
                "municipality": Municipality.objects.get(code__startswith=code5),
                "lead": network,
                "next_step": next_step,
                "next_step_due": today + datetime.timedelta(days=due) if due else None,
                "founders": [demo_person(*names) for names in registered],
                "founder_texts": by_name,
            },
        )
        for days, stage, reason in stages:
            services.initiative_change_stage(
                actor=actor,
                initiative=initiative,
                stage=stage,
                reason=reason,
                date=today - datetime.timedelta(days=days),
            )
        for index, (days, kind, note) in enumerate(support):
            services.initiative_add_support(
                actor=actor,
                initiative=initiative,
                data={
                    "date": today - datetime.timedelta(days=days),
                    "kind": kind,
                    "note": note,
                    "by": network if index % 2 == 0 else staff,
                },
            )
        if name == WORKERS_COOP_INITIATIVE:
            demo_checklists.seed_checklist_progress(
                ctx,
                initiative,
                CHECKLIST_STEPS_DONE,
                founding_days_ago=FOUNDING_MEETING_DAYS_AGO,
                registered_days_ago=REGISTERED_DAYS_AGO,
            )
        if name == ASSOCIATION_INITIATIVE:
            services.initiative_link_organization(
                actor=actor,
                initiative=initiative,
                organization=_association(ctx, list(initiative.founders.all())),
            )
    ctx.log(f"Network: {len(INITIATIVES)} initiatives across the stages added.")
