"""Seed the formation checklist of a 労働者協同組合, unconfirmed: the secretariat checks it
against the law and the current practice of the prefecture, then marks it confirmed."""

from django.db import migrations

NAME = "労働者協同組合の設立手続き"
NOTE = (
    "要確認: 労働者協同組合法と関係法令に照らして、事務局が内容と期限を確認してください。"
    "期限は目安です。所管の都道府県の手引きもあわせて確認してください。"
)
# (title, description, anchor, offset in days); anchor "" for no deadline.
STEPS = (
    (
        "発起人（3人以上）を決める",
        "組合員になろうとする3人以上の者が発起人になります（労働者協同組合法）。",
        "", None,
    ),
    (
        "定款・事業計画・収支予算の案を作る",
        "発起人が作成し、創立総会に諮ります。",
        "", None,
    ),
    (
        "創立総会の開催を公告する",
        "定款案とともに、会議の日時と場所を創立総会の日の少なくとも2週間前までに公告します。",
        "founding_meeting", -14,
    ),
    (
        "創立総会を開く（定款の承認・役員の選挙・事業計画）",
        "定款の承認、理事・監事（または組合員監査会）の選挙、事業計画・収支予算の決定を行い、議事録を作ります。",
        "founding_meeting", 0,
    ),
    (
        "理事への事務の引継ぎ・出資の払込み",
        "創立総会の後、発起人は遅滞なく理事に事務を引き継ぎ、理事は出資の払込みを受けます。",
        "", None,
    ),
    (
        "設立の登記",
        "主たる事務所の所在地で設立の登記をした日に組合が成立します。出資の払込みの日から2週間以内が目安です。",
        "", None,
    ),
    (
        "行政庁（都道府県）への成立の届出",
        "成立の日から2週間以内に、登記事項証明書・定款・役員の名簿を添えて届け出ます。",
        "registration", 14,
    ),
    (
        "税務署・県税事務所・市町村への法人設立届出",
        "法人設立届出書などを設立の日から2か月以内に提出します（地方税は各自治体の定める期限）。",
        "registration", 60,
    ),
    (
        "組合員との労働契約の締結",
        "組合の事業に従事する組合員と労働契約を結びます。",
        "business_start", 0,
    ),
    (
        "健康保険・厚生年金保険の新規適用届",
        "年金事務所へ、事業開始（適用事業所となった日）から5日以内に届け出ます。",
        "business_start", 5,
    ),
    (
        "労働保険（労災保険・雇用保険）の手続き",
        "保険関係成立届は事業開始から10日以内に労働基準監督署へ、雇用保険の適用事業所設置届はハローワークへ届け出ます。",
        "business_start", 10,
    ),
    (
        "就業規則の作成（常時10人以上の場合）",
        "常時10人以上が働く場合は、就業規則を作成して労働基準監督署に届け出ます。",
        "", None,
    ),
)  # fmt: skip


def seed(apps, schema_editor):
    ChecklistTemplate = apps.get_model("network", "ChecklistTemplate")
    ChecklistStep = apps.get_model("network", "ChecklistStep")
    if ChecklistTemplate.objects.filter(form="workers_coop").exists():
        return
    template = ChecklistTemplate.objects.create(
        form="workers_coop", name=NAME, note=NOTE
    )
    ChecklistStep.objects.bulk_create(
        ChecklistStep(
            template=template,
            order=(index + 1) * 10,
            title=title,
            description=description,
            anchor=anchor,
            offset_days=offset,
        )
        for index, (title, description, anchor, offset) in enumerate(STEPS)
    )


def unseed(apps, schema_editor):
    ChecklistTemplate = apps.get_model("network", "ChecklistTemplate")
    ChecklistTemplate.objects.filter(form="workers_coop", name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0004_formation_checklists")]

    operations = [migrations.RunPython(seed, unseed)]
