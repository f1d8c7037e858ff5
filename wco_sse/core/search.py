"""Search and sort keys for Japanese names.

``normalize`` makes the forms people type interchangeable: full- and half-width,
hiragana and katakana, upper and lower case, common variant kanji (髙/高, 﨑/崎, 邊/辺 …),
and spaces and middle dots. ``sort_key`` orders names in kana order (五十音順), leaving out
legal-form words, so 株式会社○○ sorts under ○○.
"""

import re
import unicodedata

from .kana import to_katakana
from .text import strip_bidi

# Variant (異体字) → the usual form. Names written either way should find each other.
_VARIANTS = str.maketrans(
    {
        "髙": "高", "﨑": "崎", "嵜": "崎", "邊": "辺", "邉": "辺", "濵": "浜", "濱": "浜",
        "齋": "斎", "齊": "斉", "澤": "沢", "德": "徳", "櫻": "桜", "廣": "広", "國": "国",
        "眞": "真", "冨": "富", "桒": "桑", "槇": "槙", "曻": "昇", "瀨": "瀬", "島": "島",
        "嶋": "島", "嶌": "島", "籠": "篭", "萬": "万", "藏": "蔵", "惠": "恵", "晴": "晴",
    }
)  # fmt: skip
_DROP = re.compile(r"[\s・･\-‐－―\.\,、。()（）「」『』\"'’]+")

LEGAL_FORM_WORDS = (
    "認定特定非営利活動法人", "特定非営利活動法人", "認定NPO法人", "NPO法人",
    "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "社会福祉法人",
    "労働者協同組合", "生活協同組合", "企業組合", "株式会社", "有限会社", "合同会社",
    "(株)", "(有)", "(同)", "(一社)", "(特非)",
    # the same in kana, as name_kana is often written out in full
    "トクテイヒエイリカツドウホウジン", "エヌピーオーホウジン", "NPOホウジン",
    "イッパンシャダンホウジン", "イッパンザイダンホウジン", "コウエキシャダンホウジン",
    "コウエキザイダンホウジン", "シャカイフクシホウジン", "ロウドウシャキョウドウクミアイ",
    "セイカツキョウドウクミアイ", "キギョウクミアイ", "カブシキガイシャ", "カブシキカイシャ",
    "ユウゲンガイシャ", "ユウゲンカイシャ", "ゴウドウガイシャ", "ゴウドウカイシャ",
)  # fmt: skip


def normalize(text):
    """The search form of ``text``: what it matches on, whatever way it was typed."""
    if not text:
        return ""
    value = to_katakana(unicodedata.normalize("NFKC", strip_bidi(str(text)))).upper()
    value = value.translate(_VARIANTS)
    return _DROP.sub("", value)


def strip_legal_form(text):
    """``text`` without legal-form words at its start or end (NFKC-normalized)."""
    value = unicodedata.normalize("NFKC", text or "").strip()
    changed = True
    while changed:
        changed = False
        for word in LEGAL_FORM_WORDS:
            normalized_word = unicodedata.normalize("NFKC", word)
            if value.upper().startswith(normalized_word.upper()):
                value = value[len(normalized_word) :].strip(" 　・")
                changed = True
            elif value.upper().endswith(normalized_word.upper()):
                value = value[: -len(normalized_word)].strip(" 　・")
                changed = True
    return value


def sort_key(kana, fallback=""):
    """Kana-order key: the reading without legal-form words, in katakana."""
    return normalize(strip_legal_form(kana or "")) or normalize(
        strip_legal_form(fallback)
    )


def search_text(*parts):
    return "\n".join(normalize(part) for part in parts if part)
