"""Validators for Japanese registry data: 法人番号, 〒, phone numbers."""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_DASHES = "‐‑‒–—―−－ー"


def normalize_digits(value):
    """Full-width digits and dashes to ASCII; spaces dropped."""
    value = unicodedata.normalize("NFKC", str(value or ""))
    for dash in _DASHES:
        value = value.replace(dash, "-")
    return "".join(value.split())


def corporate_number_check_digit(base12):
    """The leading check digit of a 13-digit 法人番号, from the 12 digits after it."""
    total = 0
    for position, digit in enumerate(reversed(base12), start=1):
        total += int(digit) * (1 if position % 2 else 2)
    return 9 - total % 9


def clean_corporate_number(value):
    """'' or a valid 13-digit 法人番号; ValidationError with the reason otherwise."""
    value = normalize_digits(value).replace("-", "")
    if not value:
        return ""
    if not re.fullmatch(r"\d{13}", value):
        raise ValidationError(
            _("A corporate number has 13 digits."), code="corporate_number_length"
        )
    if int(value[0]) != corporate_number_check_digit(value[1:]):
        raise ValidationError(
            _("This corporate number is not valid (its check digit does not match)."),
            code="corporate_number_check_digit",
        )
    return value


def clean_postal_code(value):
    """'' or NNN-NNNN, from the forms 〒 is written in: 2310023 or 231-0023, full-width
    or not, with or without 〒. A dash anywhere else (2310-023) is a mistyped code,
    refused rather than guessed at."""
    text = normalize_digits(value).removeprefix("〒")
    if not text:
        return ""
    match = re.fullmatch(r"(\d{3})-?(\d{4})", text)
    if match is None and re.fullmatch(r"\d+-\d+", text) and len(text) == 8:
        raise ValidationError(
            _(
                "The dash of a postal code comes after its first 3 digits: "
                "write it as 231-0023 or 2310023."
            ),
            code="postal_code_dash",
        )
    if match is None:
        raise ValidationError(
            _("A postal code has 7 digits, for example 231-0023."), code="postal_code"
        )
    return f"{match[1]}-{match[2]}"


def clean_phone(value):
    """'' or a Japanese phone/fax number: 10 or 11 digits, hyphens kept as typed."""
    value = normalize_digits(value).replace("(", "-").replace(")", "-").strip("-")
    if not value:
        return ""
    if value.startswith("+81"):
        value = "0" + value[3:].lstrip("-")
    digits = value.replace("-", "")
    if not re.fullmatch(r"0\d{9,10}", digits) or "--" in value:
        raise ValidationError(
            _("Please enter a phone number such as 045-123-4567 or 090-1234-5678."),
            code="phone",
        )
    return value


# The portal's meetings, courses, slots and deadlines fall well inside these years; a
# moment outside them is a typing slip, and the first years of the calendar can't
# even be stored (in UTC they fall before the year 1).
EARLIEST_MOMENT = datetime.date(1900, 1, 1)
LATEST_MOMENT = datetime.date(2999, 12, 31)


def validate_moment(value):
    """A date and time between 1900 and 2999."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST_MOMENT <= day <= LATEST_MOMENT:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_MOMENT.year, "latest": LATEST_MOMENT.year},
            code="out_of_range",
        )


def number_param(value, *, max_digits=9):
    """A whole number from a query parameter, or None.

    Only digits int() reads (not "²"), and not thousands of them: int() refuses
    numbers longer than 4,300 digits, and no year or id is that long.
    """
    value = str(value or "").strip()
    if not value.isdecimal() or len(value) > max_digits:
        return None
    return int(value)
