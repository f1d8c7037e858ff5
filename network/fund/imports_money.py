"""Contributions from a bank's transfer list (振込明細 CSV), in two steps as the
registry's importer does, so nothing is ever half-saved:

1. ``transfers_check`` (the dry run) reads the file (UTF-8 with or without a BOM, or
   Shift_JIS/CP932), checks every row and says what recording it would do: from a
   registry organization (its kana name matches exactly one organization's), from the
   name as written, a likely duplicate (the same date, amount and name is recorded
   already, or appears above in the file), or an error with the reason. Nothing is
   written. The file's content waits in the cache under a random token for an hour,
   for this user only (``preview_keep`` / ``preview_take``).
2. ``transfers_commit`` checks the kept file again (the registry may have changed in
   between) and records every row in one transaction, or none: any row in error, or a
   dry run that no longer reads the same, refuses the whole list.

Columns are found by their Japanese header: 日付 (or 取引日, 入金日, 振込日), 金額 (or
入金額, 振込金額), 振込依頼人名 (or 依頼人名, 振込人, 名義), 摘要 (optional). Row numbers
are the file's, the header being row 1.
"""

import csv
import hashlib
import io
import re
import secrets
import unicodedata
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.translation import gettext as _

from members.models import Organization
from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.japan import parse_japanese_date
from wco_sse.core.search import normalize, strip_legal_form
from wco_sse.core.transactions import service_transaction

from . import ledger
from .models import Contribution, FundSource
from .services_money import _record, check_received_on

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
PREVIEW_SECONDS = 3600
CACHE_PREFIX = "fund-transfers:"

HEADERS = {
    "date": ("日付", "取引日", "入金日", "振込日", "年月日"),
    "amount": ("金額", "入金額", "振込金額", "入金金額"),
    "name": ("振込依頼人名", "依頼人名", "振込人", "振込人名", "名義", "依頼人"),
    "memo": ("摘要", "備考", "メモ"),
}
REQUIRED = ("date", "amount", "name")


class Outcome:
    ORGANIZATION = "organization"
    NAME = "name"
    DUPLICATE = "duplicate"
    ERROR = "error"


@dataclass
class TransferRow:
    number: int
    date_text: str
    amount_text: str
    name: str
    memo: str
    outcome: str = Outcome.NAME
    errors: list = field(default_factory=list)
    received_on: object = None
    amount: int = 0
    organization: object = None
    duplicate_of: str = ""

    @property
    def bookable(self):
        return self.outcome in (Outcome.ORGANIZATION, Outcome.NAME)


@dataclass
class TransferCheck:
    encoding: str
    rows: list

    def count(self, outcome):
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def errors(self):
        return self.count(Outcome.ERROR)

    @property
    def duplicates(self):
        return self.count(Outcome.DUPLICATE)

    @property
    def to_book(self):
        return [row for row in self.rows if row.bookable]

    @property
    def total(self):
        return sum(row.amount for row in self.to_book)

    def digest(self, *, include_duplicates=False):
        """What the dry run said, row by row: the commit must read the file the same."""
        parts = [
            f"{r.number}:{r.outcome}:{r.amount}:{r.organization.pk if r.organization else ''}"
            for r in self.rows
        ]
        parts.append(f"dup={int(include_duplicates)}")
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


# --- Reading ---------------------------------------------------------------------------------


def _decode(data: bytes):
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 (BOM)"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), "Shift_JIS"
    except UnicodeDecodeError:
        raise ServiceError(
            _("The file could not be read: save it as CSV in UTF-8 or Shift_JIS."),
            field="file",
        ) from None


def _header_key(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _columns(header):
    found = {}
    keys = [_header_key(cell) for cell in header]
    for name, names in HEADERS.items():
        for index, key in enumerate(keys):
            if key in names and name not in found:
                found[name] = index
    missing = [HEADERS[name][0] for name in REQUIRED if name not in found]
    if missing:
        raise ServiceError(
            _("The file has no column %(columns)s (the first row names the columns).")
            % {"columns": "、".join(missing)},
            field="file",
        )
    return found


def read_transfers(data: bytes):
    """(encoding, [(row number, {column: text})]) or a ServiceError at ``file``."""
    if not data:
        raise ServiceError(_("The file is empty."), field="file")
    if len(data) > MAX_BYTES:
        raise ServiceError(
            _("The file is too large: at most %(mb)s MB.") % {"mb": MAX_BYTES // 2**20},
            field="file",
        )
    if b"\x00" in data:
        raise ServiceError(
            _("The file could not be read: save it as CSV in UTF-8 or Shift_JIS."),
            field="file",
        )
    text, encoding = _decode(data)
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise ServiceError(
            _("The file could not be read as CSV."), field="file"
        ) from None
    lines = [(number, line) for number, line in enumerate(lines, start=1)]
    lines = [(n, line) for n, line in lines if any(cell.strip() for cell in line)]
    if not lines:
        raise ServiceError(_("The file is empty."), field="file")
    _header_number, header = lines[0]
    columns = _columns(header)
    rows = []
    for number, line in lines[1:]:
        cells = {
            name: (line[index].strip() if index < len(line) else "")
            for name, index in columns.items()
        }
        rows.append((number, cells))
    if len(rows) > MAX_ROWS:
        raise ServiceError(
            _("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS},
            field="file",
        )
    if not rows:
        raise ServiceError(_("The file has no rows under its header."), field="file")
    return encoding, rows


# --- Matching --------------------------------------------------------------------------------

# A bank writes a legal form short, before or after the name: ﾄｸﾋ) ｼﾔ) (ｶ ﾛｳｷﾖｳ) …
_BANK_FORM = re.compile(r"^[A-Zァ-ヶー]{1,8}[)）]|[(（][A-Zァ-ヶー]{1,8}$")
_SMALL = str.maketrans("ァィゥェォャュョッヮヵヶ", "アイウエオヤユヨツワカケ")


def name_key(text):
    """A transfer name and a registry kana name, comparable: katakana, full width,
    small kana as large (banks write シヤ for シャ), legal forms left out."""
    value = unicodedata.normalize("NFKC", text or "").upper().strip()
    value = _BANK_FORM.sub("", value.replace(" ", "")).strip()
    value = normalize(strip_legal_form(value))
    return value.translate(_SMALL)


def _organizations_by_kana():
    index = {}
    for pk, kana in Organization.objects.exclude(name_kana="").values_list(
        "pk", "name_kana"
    ):
        key = name_key(kana)
        if key:
            index.setdefault(key, []).append(pk)
    return index


def _recorded_keys(rows):
    """(date, amount, name key) of the contributions recorded on the file's days."""
    days = {row.received_on for row in rows if row.received_on}
    keys = {}
    recorded = Contribution.objects.filter(received_on__in=days).select_related(
        "organization"
    )
    for contribution in recorded:
        names = {name_key(contribution.donor_name)}
        if contribution.organization is not None:
            names |= {
                name_key(contribution.organization.name_kana),
                name_key(contribution.organization.name),
            }
        for name in names - {""}:
            keys[(contribution.received_on, contribution.amount, name)] = (
                contribution.receipt_number
            )
    return keys


def _check_row(number, cells):
    row = TransferRow(
        number=number,
        date_text=cells.get("date", ""),
        amount_text=cells.get("amount", ""),
        name=" ".join(unicodedata.normalize("NFKC", cells.get("name", "")).split())[
            :200
        ],
        memo=cells.get("memo", "")[:300],
    )
    try:
        row.received_on = parse_japanese_date(row.date_text)
    except (ValueError, OverflowError):
        row.errors.append(_("The date can't be read (write it as 2026/04/01)."))
    else:
        try:
            check_received_on(row.received_on)
        except ServiceError as error:
            row.errors.append(error.message)
            row.received_on = None
    try:
        row.amount = ledger.check_amount(row.amount_text)
    except ServiceError as error:
        row.errors.append(error.message)
        row.amount = 0
    if not row.name:
        row.errors.append(_("The transfer has no sender's name."))
    return row


def transfers_check(data: bytes) -> TransferCheck:
    """The dry run of a transfer list: each row's outcome; writes nothing."""
    encoding, lines = read_transfers(data)
    rows = [_check_row(number, cells) for number, cells in lines]
    organizations = _organizations_by_kana()
    recorded = _recorded_keys(rows)
    seen = {}
    pks = set()
    for row in rows:
        if row.errors:
            row.outcome = Outcome.ERROR
            continue
        key = name_key(row.name)
        matches = organizations.get(key, [])
        if len(matches) == 1:
            row.outcome = Outcome.ORGANIZATION
            pks.add(matches[0])
            row.organization = matches[0]
        else:
            row.outcome = Outcome.NAME
        triple = (row.received_on, row.amount, key)
        if triple in recorded:
            row.outcome = Outcome.DUPLICATE
            row.duplicate_of = recorded[triple]
        elif triple in seen:
            row.outcome = Outcome.DUPLICATE
            row.duplicate_of = _("row %(number)s") % {"number": seen[triple]}
        seen.setdefault(triple, row.number)
    found = Organization.objects.in_bulk(pks)
    for row in rows:
        if row.organization is not None:
            row.organization = found[row.organization]
    return TransferCheck(encoding=encoding, rows=rows)


# --- The preview kept between the two steps --------------------------------------------------


def preview_keep(*, actor, data: bytes, name: str, source, method) -> str:
    """Keep the checked file (and the source and method chosen for it) for the
    commit; the token is what the dry run's page posts back."""
    token = secrets.token_urlsafe(24)
    cache.set(
        CACHE_PREFIX + token,
        {
            "user": actor.pk,
            "data": data,
            "name": name[:200],
            "source": source.pk,
            "method": method,
        },
        PREVIEW_SECONDS,
    )
    return token


def preview_take(*, actor, token):
    """The kept file of ``token`` for this user, or a ServiceError."""
    kept = None
    if isinstance(token, str) and re.fullmatch(r"[A-Za-z0-9_\-]{20,64}", token):
        kept = cache.get(CACHE_PREFIX + token)
    if not kept or kept.get("user") != actor.pk:
        raise ServiceError(
            _("The dry run has expired or was already used: upload the file again.")
        )
    return kept


def preview_drop(token):
    cache.delete(CACHE_PREFIX + token)


# --- The commit ------------------------------------------------------------------------------


def transfers_commit(*, actor, token, digest, include_duplicates=False) -> list:
    """Record every row of the kept transfer list (and the duplicates on request), in
    one transaction, or none."""
    require(actor, "network.record_contribution")
    kept = preview_take(actor=actor, token=token)
    source = FundSource.objects.filter(pk=kept["source"]).first()
    method = kept["method"]
    check = transfers_check(kept["data"])
    if check.errors:
        raise ServiceError(
            _(
                "%(count)s rows have errors: correct the file and upload it again; "
                "nothing was recorded."
            )
            % {"count": check.errors}
        )
    if check.digest(include_duplicates=include_duplicates) != digest:
        raise ServiceError(
            _(
                "The contributions or the registry changed since the dry run: check "
                "the list again below; nothing was recorded."
            )
        )
    rows = [
        row
        for row in check.rows
        if row.bookable or (include_duplicates and row.outcome == Outcome.DUPLICATE)
    ]
    if not rows:
        raise ServiceError(_("No row to record; nothing was recorded."))
    made = []
    with service_transaction():
        for row in rows:
            made.append(
                _record(
                    actor=actor,
                    data={
                        "source": source,
                        "organization": row.organization,
                        "person": None,
                        "donor_name": "" if row.organization else row.name,
                        "anonymous": False,
                        "amount": row.amount,
                        "received_on": row.received_on,
                        "method": method,
                        "note": row.memo,
                    },
                )
            )
        audit_record(
            actor=actor,
            action="fund_contribution.import",
            target=source,
            message=kept["name"],
            data={
                "rows": len(made),
                "total": sum(c.amount for c in made),
                "receipts": [made[0].receipt_number, made[-1].receipt_number],
            },
        )
    preview_drop(token)
    return made
