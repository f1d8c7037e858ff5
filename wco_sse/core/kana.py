"""Kana for names (フリガナ): katakana, the long-vowel mark, the middle dot and spaces.

Hiragana and half-width katakana typed in are converted; anything else is refused.
"""

import re
import unicodedata

_HIRAGANA_START, _HIRAGANA_END = 0x3041, 0x3096
_KATAKANA_OFFSET = 0x60
_ALLOWED = re.compile(r"^[\u30A1-\u30FA\u30FC\u30FB\u30FD\u30FE ]*$")
# Organization names may carry Latin letters and digits in their reading (NPO, W.Co).
_ALLOWED_WITH_LATIN = re.compile(
    r"^[\u30A1-\u30FA\u30FC\u30FB\u30FD\u30FE A-Za-z0-9.&\-]*$"
)


def to_katakana(text):
    """Half-width to full-width (NFKC), hiragana to katakana, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(
        chr(ord(ch) + _KATAKANA_OFFSET)
        if _HIRAGANA_START <= ord(ch) <= _HIRAGANA_END
        else ch
        for ch in text
    )
    text = text.replace("\u3000", " ").replace("･", "・")
    return " ".join(text.split())


def normalize_kana(text, *, allow_latin=False):
    """The katakana form of ``text``, or ValueError when it holds other characters."""
    converted = to_katakana(text)
    pattern = _ALLOWED_WITH_LATIN if allow_latin else _ALLOWED
    if not pattern.match(converted):
        raise ValueError(converted)
    return converted
