"""The columns of a member list: their headers as the template names them, the
fields they fill, how the list pages export them, and how a header row is read."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.translation import gettext_lazy

from wco_sse.core.exports import Column

from ..models import ImportBatch, LegalForm, Organization, Person
from .vocabulary import NO, VOCABULARIES, YES, YES_NO_NAMES, value_key

# --- The columns ---------------------------------------------------------------------------


def _label(vocabulary, value):
    return VOCABULARIES[vocabulary].names.get(value, value or "")


@dataclass(frozen=True)
class ImportColumn:
    header: str  # as the template names it (the file's format: always Japanese)
    field: str  # the OrganizationForm field (or legal_form_since)
    export: Callable  # Organization -> cell value, as the importer reads it back
    aliases: tuple = ()
    required: bool = False
    help: str = ""


ORGANIZATION_COLUMNS = (
    ImportColumn(
        "団体名", "name", lambda o: o.name, ("名称", "団体名称", "法人名", "名前", "事業所名", "会員名", "会員団体名",
         "ワーカーズ名", "ワーカーズ・コレクティブ名", "組織名", "事業所名称", "法人名称",
         "組合名", "組合名称", "団体の名称", "法人の名称", "事業所の名称", "事業者名",
         "事業者名称", "会社名", "会員団体名称", "加盟団体名", "加盟団体", "会員団体",
         "W.Co名", "ワーコレ名", "団体名(漢字)", "名称(漢字)"),
        required=True,
    ),
    ImportColumn(
        "フリガナ", "name_kana", lambda o: o.name_kana,
        ("ふりがな", "団体名フリガナ", "カナ", "よみがな", "読み", "団体名ふりがな",
         "団体名カナ", "団体名(フリガナ)", "名称フリガナ", "名称(フリガナ)", "団体名よみ",
         "事業所名フリガナ", "フリガナ(団体名)"),
        help=gettext_lazy("Katakana; hiragana and half-width kana are converted."),
    ),
    ImportColumn(
        "区分", "kind", lambda o: _label("kind", o.kind), ("種類", "団体区分"),
        help=gettext_lazy("W.Co or 連携団体 (partner). Empty: W.Co."),
    ),
    ImportColumn(
        "法人格", "legal_form", lambda o: _label("legal_form", o.legal_form),
        ("法人種別", "法人形態", "法人の種類", "組織形態", "法人区分"),
        help=gettext_lazy("For example 任意団体, NPO法人, 企業組合, 労働者協同組合."),
    ),
    ImportColumn(
        "法人格の取得日", "legal_form_since", lambda o: None,
        ("法人格取得日", "法人化日", "法人設立日", "法人登記日"),
        help=gettext_lazy(
            "The date the organization took this legal form. Needed to record a "
            "change of legal form of an organization already in the registry."
        ),
    ),
    ImportColumn(
        "法人番号", "corporate_number", lambda o: o.corporate_number or "",
        ("法人番号(13桁)", "会社法人等番号"),
        help=gettext_lazy(
            "13 digits. Not needed for a voluntary association. A corporation "
            "without it is imported and listed afterwards as to complete."
        ),
    ),
    ImportColumn(
        "業種", "industry", lambda o: o.industry.name if o.industry_id else "",
        ("事業内容", "事業種別", "業態", "事業分野", "主な事業"),
    ),
    ImportColumn(
        "郵便番号", "postal_code", lambda o: o.postal_code,
        ("〒", "郵便", "〒番号", "郵便番号(〒)", "所在地郵便番号"),
    ),
    ImportColumn(
        "都道府県", "prefecture", lambda o: o.prefecture,
        help=gettext_lazy(
            "Empty: the prefecture the address starts with, else the one of the "
            "postal code, else Kanagawa."
        ),
    ),
    ImportColumn(
        "市区町村", "municipality",
        lambda o: o.municipality.label if o.municipality_id else o.city_outside,
        ("市町村", "市区町村名"),
        help=gettext_lazy("For example 横浜市青葉区. A ward's name alone is enough "
                          "where only one city has it."),
    ),
    ImportColumn(
        "住所", "address", lambda o: o.address,
        ("所在地", "番地", "町名番地", "住所1", "所在地住所", "事務所所在地", "事業所所在地",
         "事務所住所"),
    ),
    ImportColumn(
        "建物名", "building", lambda o: o.building,
        ("建物", "ビル名", "建物名・部屋番号", "住所2", "建物名等"),
    ),
    ImportColumn(
        "電話番号", "phone", lambda o: o.phone,
        ("電話", "TEL", "電話番号1", "TEL番号", "連絡先電話番号", "事務所電話"),
    ),
    ImportColumn("FAX", "fax", lambda o: o.fax, ("ファックス", "FAX番号", "ファクス")),
    ImportColumn(
        "メール", "email", lambda o: o.email,
        ("メールアドレス", "Eメール", "E-mail", "Email", "mail"),
    ),
    ImportColumn(
        "ウェブサイト", "website", lambda o: o.website,
        ("ホームページ", "URL", "HP", "Webサイト"),
    ),
    ImportColumn(
        "連絡方法", "preferred_contact",
        lambda o: _label("preferred_contact", o.preferred_contact),
        ("希望連絡方法", "連絡手段", "希望する連絡方法"),
        help=gettext_lazy("メール, FAX, 郵送 or 電話. Empty: the first the row has."),
    ),
    ImportColumn(
        "設立日", "founded_on", lambda o: o.founded_on, ("設立年月日", "設立", "設立年月", "創立日", "創立年月日", "発足日", "設立日(和暦)"),
        help=gettext_lazy("2008/10/01, 2023年2月1日 or 平成15年4月1日."),
    ),
    ImportColumn(
        "従事者数", "workers_count", lambda o: o.workers_count,
        ("人数", "従事者", "メンバー数", "就労人数", "就労者数", "就労者", "働く人数",
         "従業員数", "職員数", "メンバー人数", "従事者人数"),
    ),
    ImportColumn(
        "会員種別", "membership_class",
        lambda o: _label("membership_class", o.membership_class),
        ("会員区分", "会員種類", "会員資格", "会員の種別"),
        help=gettext_lazy("正会員, 賛助会員 or 非会員. Empty: 非会員."),
    ),
    ImportColumn(
        "入会日", "joined_on", lambda o: o.joined_on,
        ("入会年月日", "加入日", "加入年月日", "加盟日", "加盟年月日", "入会年月"),
    ),
    ImportColumn(
        "退会日", "left_on", lambda o: o.left_on,
        ("退会年月日", "脱退日", "脱退年月日"),
    ),
    ImportColumn(
        "状態", "status", lambda o: _label("status", o.status), ("ステータス",),
        help=gettext_lazy("活動中, 休止中 or 解散. Empty: 活動中."),
    ),
    ImportColumn(
        "代表者", "representative", lambda o: None,
        ("代表者名", "代表者氏名", "代表者名(漢字)", "代表者氏名(漢字)", "代表者(氏名)",
         "代表者の氏名", "代表理事", "代表理事名", "代表者・代表理事"),
        help=gettext_lazy(
            "The representative's family and given name with a space between them. "
            "They are matched with the registry by name (and kana), or added, and "
            "recorded as the organization's 代表者."
        ),
    ),
    ImportColumn(
        "代表者フリガナ", "representative_kana", lambda o: None,
        ("代表者ふりがな", "代表者カナ", "代表者名フリガナ", "代表者氏名フリガナ",
         "代表者よみがな", "代表者(フリガナ)", "代表者名ふりがな", "代表者氏名ふりがな",
         "代表者名(フリガナ)", "代表者氏名(フリガナ)", "フリガナ(代表者)"),
        help=gettext_lazy("Katakana, with a space between family and given name."),
    ),
    ImportColumn("備考", "notes", lambda o: o.notes, ("メモ", "特記事項")),
)  # fmt: skip
# Read by the import, not part of the registry's record (nor of the list's export).
REPRESENTATIVE_FIELDS = ("representative", "representative_kana")

PERSON_COLUMNS = (
    ImportColumn("姓", "family_name", lambda p: p.family_name, ("氏", "苗字"),
                 required=True),
    ImportColumn("名", "given_name", lambda p: p.given_name),
    ImportColumn(
        "氏名", "full_name", lambda p: None, ("名前", "お名前", "氏名（漢字）"),
        help=gettext_lazy("Instead of 姓 and 名: the family and given name with a "
                          "space between them."),
    ),
    ImportColumn(
        "セイ", "family_name_kana", lambda p: p.family_name_kana,
        ("姓フリガナ", "姓（フリガナ）", "せい", "フリガナ（姓）"),
        required=True,
        help=gettext_lazy("Katakana; hiragana and half-width kana are converted."),
    ),
    ImportColumn(
        "メイ", "given_name_kana", lambda p: p.given_name_kana,
        ("名フリガナ", "名（フリガナ）", "めい", "フリガナ（名）"),
    ),
    ImportColumn(
        "フリガナ", "full_name_kana", lambda p: None,
        ("ふりがな", "氏名フリガナ", "よみがな", "カナ"),
        help=gettext_lazy("Instead of セイ and メイ, with a space between them."),
    ),
    ImportColumn(
        "メール", "email", lambda p: p.email,
        ("メールアドレス", "Eメール", "E-mail", "Email", "mail"),
    ),
    ImportColumn("電話番号", "phone", lambda p: p.phone, ("電話", "TEL", "自宅電話")),
    ImportColumn("携帯電話", "mobile", lambda p: p.mobile, ("携帯", "携帯番号",
                                                        "携帯電話番号")),
    ImportColumn("FAX", "fax", lambda p: p.fax, ("ファックス", "FAX番号", "ファクス")),
    ImportColumn(
        "連絡方法", "preferred_contact",
        lambda p: _label("preferred_contact", p.preferred_contact),
        ("希望連絡方法", "連絡手段", "希望する連絡方法"),
        help=gettext_lazy("メール, FAX, 郵送 or 電話. Empty: the first the row has."),
    ),
    ImportColumn("郵便番号", "postal_code", lambda p: p.postal_code, ("〒",)),
    ImportColumn(
        "都道府県", "prefecture", lambda p: p.prefecture,
        help=gettext_lazy(
            "Empty: the prefecture the address starts with, else the one of the "
            "postal code, else Kanagawa."
        ),
    ),
    ImportColumn(
        "市区町村", "municipality",
        lambda p: p.municipality.label if p.municipality_id else p.city_outside,
        ("市町村", "市区町村名"),
    ),
    ImportColumn("住所", "address", lambda p: p.address, ("所在地", "番地", "町名番地")),
    ImportColumn(
        "建物名", "building", lambda p: p.building, ("建物", "ビル名", "建物名・部屋番号")
    ),
    ImportColumn(
        "個人賛助会員", "is_individual_supporter",
        lambda p: YES_NO_NAMES[YES if p.is_individual_supporter else NO],
        ("賛助会員",),
        help=gettext_lazy("はい or いいえ (○ and × are read too). Empty: いいえ."),
    ),
    ImportColumn(
        "賛助会員となった日", "supporter_since", lambda p: p.supporter_since,
        ("賛助会員開始日",),
    ),
    ImportColumn(
        "所属団体", "organization", lambda p: None, ("所属", "所属W.Co", "団体名"),
        help=gettext_lazy("The W.Co or organization the person belongs to, by its "
                          "name or its 法人番号. It must be in the registry."),
    ),
    ImportColumn(
        "役職", "position", lambda p: None, ("所属団体での役職",),
        help=gettext_lazy("代表者, 理事, メンバー or 職員. Empty: メンバー."),
    ),
    ImportColumn("所属開始日", "affiliation_start", lambda p: None, ("所属日",)),
    ImportColumn("備考", "notes", lambda p: p.notes, ("メモ",)),
)  # fmt: skip

DATE_FIELDS = {
    "founded_on", "joined_on", "left_on", "legal_form_since", "supporter_since",
    "affiliation_start",
}  # fmt: skip
CHOICE_DEFAULTS = {
    "kind": Organization.Kind.WCO,
    "legal_form": LegalForm.VOLUNTARY,
    "membership_class": Organization.MembershipClass.NONE,
    "status": Organization.Status.ACTIVE,
}


@dataclass(frozen=True)
class ColumnSet:
    """What one kind of list holds: its columns, and the one a header row must name."""

    kind: str
    model: type
    columns: tuple
    key_fields: tuple  # a header row names one of these
    sheet_title: str
    filename: str

    def header_of(self, field_name):
        for column in self.columns:
            if column.field == field_name:
                return column.header
        if field_name == "city_outside":
            return "市区町村"
        return ""


COLUMN_SETS = {
    ImportBatch.Kind.ORGANIZATIONS: ColumnSet(
        ImportBatch.Kind.ORGANIZATIONS,
        Organization,
        ORGANIZATION_COLUMNS,
        ("name",),
        "会員名簿",
        "member_list_template",
    ),
    ImportBatch.Kind.PEOPLE: ColumnSet(
        ImportBatch.Kind.PEOPLE,
        Person,
        PERSON_COLUMNS,
        ("family_name", "full_name"),
        "個人名簿",
        "people_list_template",
    ),
}


def organization_export_columns():
    """The list's columns as the importer reads them back (the template's headers)."""
    return [
        Column(column.header, column.export)
        for column in ORGANIZATION_COLUMNS
        if column.field not in REPRESENTATIVE_FIELDS
    ]


def person_export_columns():
    """People's columns as the importer reads them back (without their affiliations,
    which are one per row in an import)."""
    return [
        Column(column.header, column.export)
        for column in PERSON_COLUMNS
        if column.field
        not in ("full_name", "full_name_kana", "organization", "position",
                "affiliation_start")
    ]  # fmt: skip


def header_key(text):
    value = unicodedata.normalize("NFKC", str(text or "")).strip()
    value = re.sub(
        r"[(\[【]?(必須|任意|required|optional)[)\]】]?", "", value, flags=re.I
    )
    return value_key(value.replace("*", "").replace("※", ""))


def header_table(column_set):
    """Normalized header -> column: the template's names and aliases first, then the
    field names in English and Japanese (the list pages' export headers)."""
    table = {}
    for column in column_set.columns:
        for name in (column.header, *column.aliases):
            table.setdefault(header_key(name), column)
    for column in column_set.columns:
        try:
            verbose = column_set.model._meta.get_field(column.field).verbose_name
        except FieldDoesNotExist:
            continue
        for language in ("ja", "en"):
            with translation.override(language):
                table.setdefault(header_key(str(verbose)), column)
    return table
