"""The section's starting data: programme kinds, indicator sets (to confirm against
the clients' specifications) and session types. Data the section edits afterwards;
loaded by migration business 0002 and again by the demo seed when a test database
was flushed. A row that exists is left as the section made it (matched by name).
"""

# (group, name, contracted, description)
KINDS = (
    (
        "自治体委託事業",
        "自立相談支援",
        True,
        "生活困窮者自立支援法に基づく自立相談支援事業の受託。",
    ),
    (
        "自治体委託事業",
        "就労準備支援",
        True,
        "一般就労に向けた準備としての基礎能力の形成を支援する事業の受託。",
    ),
    (
        "自治体委託事業",
        "家計改善支援",
        True,
        "家計の状況を把握し、家計の改善の意欲を高める支援の受託。",
    ),
    ("自治体委託事業", "その他の委託事業", True, ""),
    (
        "",
        "共に働く社会的事業所モデル事業",
        False,
        "障がいの有無などにかかわらず共に働く職場をつくるモデル事業。",
    ),
    (
        "",
        "地域のネットワーク事業",
        False,
        "W.Co・生活クラブ・市民と地域で取り組む事業。",
    ),
    ("", "居場所事業", False, ""),
    ("", "カフェ事業", False, ""),
    ("", "食支援", False, "子ども食堂・フードパントリー・配食など。"),
    ("", "高齢者福祉", False, ""),
    ("", "子育て支援", False, ""),
)

# (set name, kind name, indicators); an indicator is (name, unit, definition, per_100k)
# or (name, unit, definition, numerator, denominator) for a ratio.
INDICATOR_SETS = (
    (
        "自立相談支援 実績指標",
        "自立相談支援",
        (
            ("新規相談受付件数", "件", "当該期間に新たに受け付けた相談の件数。", True),
            (
                "プラン作成件数",
                "件",
                "当該期間に作成した自立支援計画（プラン）の件数。",
                True,
            ),
            ("就労支援対象者数", "人", "プランに就労支援を位置づけた人数。", False),
            ("就労者数", "人", "支援の結果、就労した人数。", False),
            ("増収者数", "人", "支援の結果、増収した人数。", False),
            (
                "就労・増収者数",
                "人",
                "就労または増収した人数（重複は1人と数えます）。",
                False,
            ),
            ("他機関へのつなぎ", "件", "他の機関・制度へつないだ件数。", False),
            ("情報提供のみで終了", "件", "情報提供のみで終了した件数。", False),
            (
                "就労・増収率",
                "%",
                "就労・増収者数 ÷ 就労支援対象者数。",
                "就労・増収者数",
                "就労支援対象者数",
            ),
        ),
    ),
    (
        "就労準備支援 実績指標",
        "就労準備支援",
        (
            ("新規利用者数", "人", "当該期間に新たに利用を始めた人数。", False),
            ("利用者数", "人", "当該期間に支援を受けた実人数。", False),
            (
                "支援プログラム実施回数",
                "回",
                "日常生活・社会生活・就労自立の各プログラムの実施回数。",
                False,
            ),
            ("就労体験参加者数", "人", "就労体験に参加した人数。", False),
            ("就労者数", "人", "支援の結果、就労した人数。", False),
            ("支援終了者数", "人", "当該期間に支援を終了した人数。", False),
            ("就労率", "%", "就労者数 ÷ 利用者数。", "就労者数", "利用者数"),
        ),
    ),
)

SESSION_TYPES = ("食堂", "弁当配布", "パントリー", "学習支援", "イベント", "カフェ営業")

SET_NOTE = "仕様書と照合して確認してください（要確認）。"


def load(apps):
    """Create what does not exist yet; an existing row keeps the section's edits."""
    kind_model = apps.get_model("business", "ProgrammeKind")
    set_model = apps.get_model("business", "IndicatorSet")
    version_model = apps.get_model("business", "IndicatorSetVersion")
    indicator_model = apps.get_model("business", "Indicator")
    type_model = apps.get_model("business", "SessionType")

    kinds = {}
    for position, (group, name, contracted, description) in enumerate(KINDS, start=1):
        kinds[name], _created = kind_model.objects.get_or_create(
            group=group,
            name=name,
            defaults={
                "contracted": contracted,
                "description": description,
                "position": position * 10,
            },
        )
    for set_name, kind_name, indicators in INDICATOR_SETS:
        indicator_set, created = set_model.objects.get_or_create(
            name=set_name,
            defaults={
                "kind": kinds.get(kind_name),
                "to_confirm": True,
                "note": SET_NOTE,
            },
        )
        if not created:
            continue
        version = version_model.objects.create(
            indicator_set=indicator_set, number=1, note="初版"
        )
        made = {}
        for position, row in enumerate(indicators, start=1):
            name, unit, definition = row[:3]
            fields = {
                "version": version,
                "name": name,
                "unit": unit,
                "definition": definition,
                "position": position * 10,
            }
            if len(row) == 5:
                fields.update(
                    kind="ratio", numerator=made[row[3]], denominator=made[row[4]]
                )
            else:
                fields.update(kind="count", per_100k=row[3])
            made[name] = indicator_model.objects.create(**fields)
    for position, name in enumerate(SESSION_TYPES, start=1):
        type_model.objects.get_or_create(
            name=name, defaults={"position": position * 10}
        )


def ensure_loaded():
    from django.apps import apps

    if not apps.get_model("business", "SessionType").objects.exists():
        load(apps)
