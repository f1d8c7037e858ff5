"""Kana for names (フリガナ): katakana, the long-vowel mark, the middle dot and spaces.

Hiragana and half-width katakana typed in are converted; anything else is refused.
"""

import re
import unicodedata

_HIRAGANA_START, _HIRAGANA_END = 0x3041, 0x3096
_KATAKANA_OFFSET = 0x60
_ALLOWED = re.compile(r"^[\u30A1-\u30FA\u30FC\u30FB\u30FD\u30FE ]*$")


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


def normalize_kana(text):
    """The katakana form of ``text``, or ValueError when it holds other characters."""
    converted = to_katakana(text)
    if not _ALLOWED.match(converted):
        raise ValueError(converted)
    return converted
