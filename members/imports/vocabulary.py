"""The words a member list's cells are written in: each choice column's Japanese
names, the synonyms read as them, and how values are compared."""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy

from wco_sse.core.search import normalize

from ..models import Affiliation, ContactMethod, LegalForm, Organization

# --- The vocabulary of the file ----------------------------------------------------------
# Values as the secretariat writes them in Japanese. Each choice is also read by its
# stored value and by its label in English and Japanese (so an export of the list page
# reads back in), and by the synonyms below.

LEGAL_FORM_NAMES = {
    LegalForm.VOLUNTARY: "任意団体",
    LegalForm.NPO: "NPO法人",
    LegalForm.CERTIFIED_NPO: "認定NPO法人",
    LegalForm.BUSINESS_COOPERATIVE: "企業組合",
    LegalForm.WORKERS_COOPERATIVE: "労働者協同組合",
    LegalForm.GENERAL_ASSOCIATION: "一般社団法人",
    LegalForm.GENERAL_FOUNDATION: "一般財団法人",
    LegalForm.PUBLIC_ASSOCIATION: "公益社団法人",
    LegalForm.PUBLIC_FOUNDATION: "公益財団法人",
    LegalForm.CONSUMER_COOPERATIVE: "生活協同組合",
    LegalForm.SOCIAL_WELFARE: "社会福祉法人",
    LegalForm.STOCK_COMPANY: "株式会社",
    LegalForm.GODO_KAISHA: "合同会社",
    LegalForm.LOCAL_GOVERNMENT: "地方公共団体",
    LegalForm.OTHER: "その他",
}
LEGAL_FORM_SYNONYMS = {
    "特定非営利活動法人": LegalForm.NPO,
    "認定特定非営利活動法人": LegalForm.CERTIFIED_NPO,
    "労協": LegalForm.WORKERS_COOPERATIVE,
    "生協": LegalForm.CONSUMER_COOPERATIVE,
    "消費生活協同組合": LegalForm.CONSUMER_COOPERATIVE,
    "一社": LegalForm.GENERAL_ASSOCIATION,
    "一財": LegalForm.GENERAL_FOUNDATION,
    "自治体": LegalForm.LOCAL_GOVERNMENT,
    "地方自治体": LegalForm.LOCAL_GOVERNMENT,
    "なし": LegalForm.VOLUNTARY,
    "法人格なし": LegalForm.VOLUNTARY,
}
KIND_NAMES = {
    Organization.Kind.WCO: "W.Co",
    Organization.Kind.PARTNER: "連携団体",
    Organization.Kind.ASSOCIATION: "アソシエーション",
}
KIND_SYNONYMS = {
    "ワーカーズ・コレクティブ": Organization.Kind.WCO,
    "ワーコレ": Organization.Kind.WCO,
    "協力団体": Organization.Kind.PARTNER,
    "パートナー": Organization.Kind.PARTNER,
    "パートナー団体": Organization.Kind.PARTNER,
}
MEMBERSHIP_NAMES = {
    Organization.MembershipClass.REGULAR: "正会員",
    Organization.MembershipClass.SUPPORTING: "賛助会員",
    Organization.MembershipClass.NONE: "非会員",
}
MEMBERSHIP_SYNONYMS = {
    "正": Organization.MembershipClass.REGULAR,
    "賛助": Organization.MembershipClass.SUPPORTING,
    "なし": Organization.MembershipClass.NONE,
    "会員外": Organization.MembershipClass.NONE,
}
STATUS_NAMES = {
    Organization.Status.ACTIVE: "活動中",
    Organization.Status.SUSPENDED: "休止中",
    Organization.Status.DISSOLVED: "解散",
}
STATUS_SYNONYMS = {
    "活動": Organization.Status.ACTIVE,
    "有効": Organization.Status.ACTIVE,
    "休止": Organization.Status.SUSPENDED,
    "解散済": Organization.Status.DISSOLVED,
}
CONTACT_NAMES = {
    ContactMethod.EMAIL: "メール",
    ContactMethod.FAX: "FAX",
    ContactMethod.POST: "郵送",
    ContactMethod.PHONE: "電話",
}
CONTACT_SYNONYMS = {
    "Eメール": ContactMethod.EMAIL,
    "電子メール": ContactMethod.EMAIL,
    "ファックス": ContactMethod.FAX,
    "ファクス": ContactMethod.FAX,
    "郵便": ContactMethod.POST,
    "TEL": ContactMethod.PHONE,
}


POSITION_NAMES = {
    Affiliation.Position.REPRESENTATIVE: "代表者",
    Affiliation.Position.DIRECTOR: "理事",
    Affiliation.Position.MEMBER: "メンバー",
    Affiliation.Position.STAFF: "職員",
}
POSITION_SYNONYMS = {
    "代表": Affiliation.Position.REPRESENTATIVE,
    "代表理事": Affiliation.Position.REPRESENTATIVE,
    "役員": Affiliation.Position.DIRECTOR,
    "組合員": Affiliation.Position.MEMBER,
    "会員": Affiliation.Position.MEMBER,
    "スタッフ": Affiliation.Position.STAFF,
    "従業員": Affiliation.Position.STAFF,
}
YES, NO = "yes", "no"
YES_NO_NAMES = {YES: "はい", NO: "いいえ"}
YES_NO_SYNONYMS = {
    "○": YES, "◯": YES, "〇": YES, "✓": YES, "有": YES, "あり": YES, "1": YES,
    "TRUE": YES, "×": NO, "無": NO, "なし": NO, "0": NO, "FALSE": NO, "-": NO,
}  # fmt: skip


@dataclass(frozen=True)
class Vocabulary:
    """One choice column: the names it writes and every way it reads them."""

    choices: tuple
    names: dict
    synonyms: dict = field(default_factory=dict)

    def lookup(self):
        table = {}
        for value, label in self.choices:
            keys = [value, self.names.get(value, "")]
            for language in ("ja", "en"):
                with translation.override(language):
                    keys.append(str(label))
            for key in keys:
                if key:
                    table.setdefault(value_key(key), value)
        for key, value in self.synonyms.items():
            table.setdefault(value_key(key), value)
        return table


VOCABULARIES = {
    "kind": Vocabulary(tuple(Organization.Kind.choices), KIND_NAMES, KIND_SYNONYMS),
    "legal_form": Vocabulary(
        tuple(LegalForm.choices), LEGAL_FORM_NAMES, LEGAL_FORM_SYNONYMS
    ),
    "membership_class": Vocabulary(
        tuple(Organization.MembershipClass.choices),
        MEMBERSHIP_NAMES,
        MEMBERSHIP_SYNONYMS,
    ),
    "status": Vocabulary(
        tuple(Organization.Status.choices), STATUS_NAMES, STATUS_SYNONYMS
    ),
    "preferred_contact": Vocabulary(
        tuple(ContactMethod.choices), CONTACT_NAMES, CONTACT_SYNONYMS
    ),
    "position": Vocabulary(
        tuple(Affiliation.Position.choices), POSITION_NAMES, POSITION_SYNONYMS
    ),
    "is_individual_supporter": Vocabulary(
        ((YES, gettext_lazy("Yes")), (NO, gettext_lazy("No"))),
        YES_NO_NAMES,
        YES_NO_SYNONYMS,
    ),
}


def value_key(text):
    """How a value is compared: width, kana, case, spaces and dots don't count."""
    return normalize(str(text)).replace("ヶ", "ケ").replace("ヵ", "カ")
