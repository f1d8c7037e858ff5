"""A member list's cells read into form data: text, dates (Excel's, 和暦), choices in
the file's words, industries, counts, and a place (prefecture, municipality)."""

import datetime
import logging
import re
import unicodedata

from django.db.models import Model
from django.utils.translation import gettext as _

from wco_sse.core.japan import parse_japanese_date
from wco_sse.core.validators import normalize_digits

from ..models import Municipality
from ..models.places import KANAGAWA, PREFECTURES
from ..postal import lookup as postal_lookup
from .columns import DATE_FIELDS
from .reading import cell_is_blank
from .vocabulary import NO, VOCABULARIES, YES, YES_NO_NAMES, value_key

logger = logging.getLogger(__name__)


def cell_text(cell):
    """A cell as text; an export's formula guard (a leading apostrophe) is taken off."""
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        text = text[1:]
    return text


_KANJI_DIGITS = dict(zip("〇一二三四五六七八九", range(10), strict=True)) | {
    "零": 0, "壱": 1, "弐": 2, "参": 3,
}  # fmt: skip
_KANJI_UNITS = {"十": 10, "拾": 10, "百": 100, "千": 1000}


def _kanji_number(text):
    """九 → 9, 十八 → 18, 二十五 → 25, 百二 → 102, 一〇五 → 105; None if not one."""
    if not text or any(c not in _KANJI_DIGITS and c not in _KANJI_UNITS for c in text):
        return None
    if not any(c in _KANJI_UNITS for c in text):
        return int("".join(str(_KANJI_DIGITS[c]) for c in text))  # 一〇五
    total, digit, last_unit = 0, None, 10_000
    for char in text:
        if char in _KANJI_DIGITS:
            if digit is not None:
                return None  # 二三十
            digit = _KANJI_DIGITS[char]
            continue
        unit = _KANJI_UNITS[char]
        if unit >= last_unit:
            return None  # 十百
        total += (1 if digit is None else digit) * unit
        digit, last_unit = None, unit
    return total + (digit or 0)


def read_count(text):
    """A count as people type it: 18, １８, 1,200, 十八, 二十五人, 9名; None otherwise."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"[\s,、]", "", text).removesuffix("人").removesuffix("名")
    if text.isascii() and text.isdigit():
        return int(text)
    return _kanji_number(text)


# A municipality at the start of an address outside Kanagawa: 町田市, 新宿区,
# 大阪市北区, 西多摩郡瑞穂町.
_CITY = re.compile(r"(.{1,5}?郡)?(.{1,6}?市(.{1,4}?区)?|.{1,6}?[区町村])")


def _excel_serial_date(number):
    # Excel's day 1 is 1900-01-01, and it counts a 29 February 1900 that never was.
    return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(number))


class RowReader:
    """Turns one row's cells into form data, noting what it can't read."""

    def __init__(self, lookups, result):
        self.lookups = lookups
        self.result = result
        self.values = {}  # field -> converted value (only for non-blank cells)

    def read(self, cells):
        for column, cell in cells:
            if cell_is_blank(cell):
                continue
            try:
                value = self._convert(column, cell)
            except ValueError as error:
                self.result.error(column.header, str(error))
                continue
            self.values[column.field] = value
        self._place()
        return self.values

    def _convert(self, column, cell):
        name = column.field
        if name in DATE_FIELDS:
            return self._date(cell)
        if name == "is_individual_supporter":
            return self._choice(column, cell) == YES
        if name in VOCABULARIES:
            return self._choice(column, cell)
        if name == "industry":
            return self._industry(cell)
        if name == "workers_count":
            return self._count(cell)
        if name in ("phone", "fax", "mobile") and isinstance(cell, int | float):
            return "0" + cell_text(cell)  # Excel drops a number's leading zero
        if name == "postal_code" and isinstance(cell, int | float):
            return cell_text(cell).zfill(7)
        if name == "corporate_number":
            # Before the form's length check: 3020-005-003811 has 13 digits.
            return normalize_digits(cell_text(cell)).replace("-", "")
        if name == "postal_code":
            return normalize_digits(cell_text(cell)).replace("〒", "")
        if name == "email":
            return unicodedata.normalize("NFKC", cell_text(cell))
        return cell_text(cell)

    def _date(self, cell):
        if isinstance(cell, int | float) and not isinstance(cell, bool) and cell >= 1:
            return _excel_serial_date(min(cell, 2_958_465))  # Excel's last day
        try:
            return parse_japanese_date(
                cell_text(cell) if isinstance(cell, str) else cell
            )
        except (ValueError, OverflowError):
            raise ValueError(
                _(
                    "“%(value)s” is not a date that can be read. Write it as "
                    "2008/10/01, 2023年2月1日 or 平成15年4月1日."
                )
                % {"value": cell_text(cell)}
            ) from None

    def _choice(self, column, cell):
        table = self.lookups.vocabularies[column.field]
        value = table.get(value_key(cell_text(cell)))
        if value is None:
            names = VOCABULARIES[column.field].names
            raise ValueError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": cell_text(cell), "choices": "、".join(names.values())}
            )
        return value

    def _industry(self, cell):
        industry = self.lookups.industries.get(value_key(cell_text(cell)))
        if industry is None:
            raise ValueError(
                _("Unknown industry “%(value)s”. Known industries: %(names)s.")
                % {
                    "value": cell_text(cell),
                    "names": "、".join(
                        i.name for i in self.lookups.industries.values()
                    ),
                }
            )
        return industry.pk

    def _count(self, cell):
        number = isinstance(cell, int | float) and not isinstance(cell, bool)
        if number and float(cell).is_integer() and cell >= 0:
            return int(cell)
        count = read_count(cell_text(cell))
        if count is None:
            raise ValueError(
                _(
                    "“%(value)s” cannot be read as a whole number of workers: "
                    "write it as 18, １８ or 十八."
                )
                % {"value": cell_text(cell)}
            )
        return count

    def _place(self):
        """Prefecture and municipality: a Kanagawa municipality by its label (or its
        name where that is unambiguous), else a city outside Kanagawa. A prefecture
        written at the start of the municipality or of the address is read as the
        row's: an address elsewhere keeps its own prefecture."""
        prefecture = self._prefecture()
        place = self.values.pop("municipality", "")
        if place and not prefecture:
            prefecture, place = self._leading_prefecture(place)
        if not place:
            if self.values.get("address"):
                self._split_address(prefecture)
            return
        if prefecture and prefecture != KANAGAWA:
            self.values["city_outside"] = place
            self.values["municipality"] = None
            return
        self._municipality(place)

    def _leading_prefecture(self, text):
        """(prefecture, the rest) when ``text`` starts with a prefecture, else
        ("", text); the prefecture becomes the row's."""
        text = unicodedata.normalize("NFKC", text).strip()
        for prefecture in PREFECTURES:
            if text.startswith(prefecture):
                self.values["prefecture"] = prefecture
                return prefecture, text[len(prefecture) :].strip()
        return "", text

    def _prefecture(self):
        """The row's prefecture as the registry writes it (神奈川 → 神奈川県), or ""."""
        prefecture = self.values.get("prefecture", "")
        if not prefecture:
            return ""
        normalized = unicodedata.normalize("NFKC", prefecture).replace(" ", "")
        for candidate in (normalized, normalized + "県", normalized + "都",
                          normalized + "府"):  # fmt: skip
            if candidate in PREFECTURES:
                self.values["prefecture"] = candidate
                return candidate
        self.result.error(
            "都道府県",
            _("“%(value)s” is not a prefecture.") % {"value": prefecture},
        )
        self.values.pop("prefecture")
        return ""

    def _split_address(self, prefecture):
        """A whole address in one column: 横浜市中区山下町1-2 → 横浜市中区 + 山下町1-2;
        東京都町田市中町1-1 → 東京都, 町田市 + 中町1-1. An address that starts with a
        city outside Kanagawa but names no prefecture is not guessed at."""
        address = unicodedata.normalize("NFKC", self.values["address"]).strip()
        if not prefecture:
            prefecture, address = self._leading_prefecture(address)
            self.values["address"] = address
        elif address.startswith(prefecture):
            address = address[len(prefecture) :].strip()
            self.values["address"] = address
        if prefecture in ("", KANAGAWA):
            for label, municipality in self.lookups.labels:
                if address.startswith(label):
                    self.values["municipality"] = municipality.pk
                    self.values["prefecture"] = KANAGAWA
                    self.values["address"] = address[len(label) :].strip()
                    return
        if prefecture and prefecture != KANAGAWA:
            city = _CITY.match(address)
            if city:
                self.values["city_outside"] = city[0]
                self.values["municipality"] = None
                self.values["address"] = address[len(city[0]) :].strip()
            return
        if not prefecture and self._place_by_postal_code(address):
            return
        city = _CITY.match(address)
        if (
            not prefecture
            and city
            and city[0].endswith(("市", "郡"))
            and not any(label.startswith(city[0]) for label, _m in self.lookups.labels)
        ):
            self.result.error(
                "住所",
                _(
                    "%(city)s is not a municipality of Kanagawa. Write the address "
                    "with its prefecture (as in 東京都町田市…) or fill in 都道府県."
                )
                % {"city": city[0]},
            )

    def _place_by_postal_code(self, address):
        """An address that names no prefecture, nor a municipality of Kanagawa: its
        postal code says where it is (Japan Post's data). Whether it did."""
        code = self.values.get("postal_code")
        if not code:
            return False
        try:
            found = postal_lookup(code)
        except Exception:  # a malformed or unknown code: the form says so
            logger.info("No place for postal code %s", code, exc_info=True)
            return False
        if found.prefecture == KANAGAWA:
            if found.municipality is None:
                return False
            self.values["prefecture"] = KANAGAWA
            self.values["municipality"] = found.municipality.pk
            label = found.municipality.label
            self.values["address"] = address.removeprefix(label).strip()
            return True
        self.values["prefecture"] = found.prefecture
        self.values["municipality"] = None
        city = found.city if address.startswith(found.city) else ""
        if not city:
            match = _CITY.match(address)
            city = match[0] if match else found.city
            if not address.startswith(city):
                self.values["city_outside"] = city
                return True
        self.values["city_outside"] = city
        self.values["address"] = address[len(city) :].strip()
        return True

    def _outside_by_postal_code(self, place):
        """A municipality outside Kanagawa written without its prefecture: the
        postal code gives it, when it is of the same city. Whether it did."""
        code = self.values.get("postal_code")
        if not code or self.values.get("prefecture"):
            return False
        try:
            found = postal_lookup(code)
        except Exception:  # a malformed or unknown code: the form says so
            logger.info("No place for postal code %s", code, exc_info=True)
            return False
        if found.prefecture == KANAGAWA or value_key(found.city) != value_key(place):
            return False
        self.values["prefecture"] = found.prefecture
        self.values["city_outside"] = place
        self.values["municipality"] = None
        return True

    def _municipality(self, place):
        key = value_key(unicodedata.normalize("NFKC", place).removeprefix(KANAGAWA))
        municipality = self.lookups.municipalities.get(key)
        if municipality is not None:
            self.values["municipality"] = municipality.pk
            self.values["prefecture"] = KANAGAWA
            self.values["city_outside"] = ""
        elif key in self.lookups.ambiguous:
            self.result.error(
                "市区町村",
                _("“%(value)s” is ambiguous: write it with its city, as in %(labels)s.")
                % {
                    "value": place,
                    "labels": "、".join(m.label for m in self.lookups.ambiguous[key]),
                },
            )
        elif not self._outside_by_postal_code(place):
            self.result.error(
                "市区町村",
                _(
                    "“%(value)s” is not a municipality of Kanagawa. Write it as in "
                    "横浜市青葉区, or fill in 都道府県 for an address outside Kanagawa."
                )
                % {"value": place},
            )


def json_value(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def shown_value(field_name, value):
    """A value as the dry run shows it: in the file's words."""
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return YES_NO_NAMES[YES if value else NO]
    if field_name in VOCABULARIES:
        return VOCABULARIES[field_name].names.get(value, value)
    if isinstance(value, Municipality):
        return value.label
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
