"""The retention rules every installation starts with (保存期間), all "to confirm".

The secretary-general edits them as data (``retention_rule_update``); these are the
starting values the issue names. Each ``code`` is a retention kind an app declares
in its ``privacy.py`` (``registry.Retention``). Loaded by migration members 0012 and
again by the demo seed when a test database was flushed; a rule that exists keeps
what the secretary-general made of it.

The reasons are data, written as the secretariat would write them.
"""

# (code, years, reason)
RULES = (
    (
        "support.consultation_records",
        5,
        "相談記録: 相談の終了から5年（要確認）。終了した相談の記録は、相談者が特定できない形に匿名化し、件数は残します。",
    ),
    (
        "support.course_records",
        5,
        "講座の申込・出欠: 講座の最終回から5年（要確認）。申込者の氏名等は匿名化し、申込数・出席数は残します。",
    ),
    (
        "support.talent_dormant",
        2,
        "人材バンクの登録: 更新や提案のないまま（または取り下げから）2年で削除します（要確認）。",
    ),
    (
        "network.fund_not_awarded",
        5,
        "助成金の不採択申請: 決定から5年（要確認）。申請者の情報は匿名化し、審査の件数と結果は残します。",
    ),
    (
        "business.contract_documents",
        5,
        "委託契約の書類: 契約終了の翌年度から5年（要確認）。その後、契約の個人情報責任者・従事者の氏名は匿名化します。",
    ),
    (
        "core.audit_entries",
        10,
        "操作履歴: 記録から10年で削除します（要確認）。法人の会計帳簿の保存期間（10年）にあわせています。",
    ),
    (
        "core.export_logs",
        10,
        "出力の記録: 出力から10年で削除します（要確認）。操作履歴と同じ期間とします。",
    ),
    (
        "secretariat.written_responses",
        10,
        "書面決議の同意書面: 決議から10年（要確認）。同意の内容と件数は残し、回答者は匿名化します。",
    ),
)


def load(rule_model):
    """Create the rules that do not exist yet (by code); existing rules are left
    as the secretary-general set them."""
    for code, years, reason in RULES:
        rule_model.objects.get_or_create(
            code=code,
            defaults={"years": years, "reason": reason, "confirmed": False},
        )


def ensure_loaded():
    from members.models import RetentionRule

    if RetentionRule.objects.count() < len(RULES):
        load(RetentionRule)
