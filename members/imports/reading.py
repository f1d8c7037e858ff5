"""Reading a member list: CSV (UTF-8, UTF-8 with BOM, CP932) or XLSX, to a Table."""

import codecs
import csv
import hashlib
import io
import logging
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ..models import ImportBatch, ImportColumnMapping
from .columns import COLUMN_SETS, header_key, header_table
from .limits import (
    BLANK_ROWS_END,
    EXCEL_ROWS,
    HEADER_SEARCH_ROWS,
    CsvLines,
    ImportFileError,
    Limits,
    cell_too_long_error,
    check_workbook,
    too_many_columns_error,
    too_many_rows_error,
)

__all__ = ["ImportFileError", "Table", "read_table"]

logger = logging.getLogger(__name__)


# --- Reading the file ------------------------------------------------------------------------


@dataclass
class Table:
    encoding: str  # as shown to the user
    header_row: int
    columns: dict  # column index -> ImportColumn
    ignored: list  # headers not read, that the user has not chosen for yet
    rows: list  # [(row number, [cell, …])]
    digest: str = ""  # of the header set, which a column mapping is remembered by
    skipped: list = field(default_factory=list)  # headers the user chose not to read
    mapped: dict = field(default_factory=dict)  # header -> field, as the user chose
    samples: dict = field(default_factory=dict)  # unread header -> a few of its values


SAMPLES = 3  # values shown of an unread column, to say what it holds


def header_digest(headers):
    """The key a column mapping is remembered by: the file's header set, normalized
    (order, width and spacing do not count)."""
    keys = sorted({header_key(header) for header in headers if header_key(header)})
    return hashlib.sha256("\x1f".join(keys).encode()).hexdigest()


def saved_mapping(kind, digest):
    """Normalized header -> field ("" for a column not read), as last chosen."""
    found = ImportColumnMapping.objects.filter(kind=kind, digest=digest).first()
    return dict(found.mapping) if found else {}


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls) and other OLE files


def _xls_message():
    return _(
        "This is an Excel 97-2003 workbook (.xls), which cannot be read. Please open it "
        "in Excel and save it as an Excel workbook (.xlsx), then upload that file."
    )


def read_table(uploaded, kind=ImportBatch.Kind.ORGANIZATIONS):
    """Read an uploaded CSV or XLSX into a Table; ImportFileError says what's wrong."""
    column_set = COLUMN_SETS[kind]
    name = uploaded.name or ""
    extension = PurePath(name).suffix.lower()
    if extension == ".xls":
        raise ImportFileError(_xls_message())
    if extension not in (".csv", ".xlsx"):
        raise ImportFileError(
            _(
                "Please upload the list as an Excel workbook (.xlsx) or a CSV file "
                "(.csv)."
            )
        )
    if uploaded.size > settings.WCO_UPLOAD_MAX_BYTES:
        raise ImportFileError(
            _("The file is too large (%(size)s). The limit is %(limit)s.")
            % {
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(settings.WCO_UPLOAD_MAX_BYTES),
            }
        )
    limits = Limits.from_settings()
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    if data.isspace() or not data:
        raise ImportFileError(_("The file is empty."))
    if data.startswith(_OLE2):
        raise ImportFileError(_xls_message())
    if extension == ".xlsx":
        encoding, raw_rows = "XLSX", _xlsx_rows(data, column_set, limits)
    else:
        if data.startswith(b"PK\x03\x04"):
            raise ImportFileError(
                _(
                    "This file is an Excel workbook, not a CSV file. Please upload it "
                    "with its .xlsx name."
                )
            )
        encoding, raw_rows = _csv_rows(data, limits)
    return _table(encoding, raw_rows, column_set, limits)


def _decodes(data, encoding):
    """Whether ``data`` is text in ``encoding``, decoded a piece at a time."""
    decoder = codecs.getincrementaldecoder(encoding)()
    step = 1024 * 1024
    try:
        for start in range(0, len(data), step):
            decoder.decode(data[start : start + step])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _encoding(data):
    """(codec, encoding shown to the user) — UTF-8 with or without a BOM, or CP932."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            _(
                "This file is in UTF-16 (Excel's “Unicode text”), which cannot be read. "
                "Please save it from Excel as “CSV UTF-8” or as an Excel workbook "
                "(.xlsx)."
            )
        )
    if b"\x00" in data:
        raise ImportFileError(_not_readable_message())
    if data.startswith(b"\xef\xbb\xbf"):
        if _decodes(data, "utf-8-sig"):
            return "utf-8-sig", "UTF-8 (BOM)"
        raise ImportFileError(_not_readable_message())
    if _decodes(data, "utf-8"):
        return "utf-8", "UTF-8"
    if _decodes(data, "cp932"):
        return "cp932", "Shift_JIS (CP932)"
    raise ImportFileError(_not_readable_message())


def _not_readable_message():
    return _(
        "The file's characters could not be read: it is neither UTF-8 nor Shift_JIS "
        "(CP932) text. Please save the list from Excel as “CSV UTF-8” or as an Excel "
        "workbook (.xlsx)."
    )


def _csv_rows(data, limits):
    """Read a line at a time, within the limits: the text is never held whole."""
    codec, encoding = _encoding(data)
    end = data.find(b"\n")
    end = len(data) if end < 0 else end
    # The delimiter's byte is never part of a multi-byte character in UTF-8 or CP932.
    tab = data.find(b"\t", 0, end) >= 0 and data.find(b",", 0, end) < 0
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=codec, newline="")
    lines = CsvLines(stream, limits, lambda: ImportFileError(_not_readable_message()))
    reader = csv.reader(lines, delimiter="\t" if tab else ",", strict=True)

    def rows():
        for row in reader:
            lines.row_done()
            yield row

    try:
        return encoding, _kept_rows(rows(), limits)
    except csv.Error:
        raise ImportFileError(
            _("The CSV file could not be read (its quotes do not match).")
        ) from None


def _workbook_error():
    return ImportFileError(
        _(
            "The file could not be opened as an Excel workbook (.xlsx). Please check "
            "that it opens in Excel and save it again."
        )
    )


def _kept_rows(rows, limits):
    """The rows up to the limit, blank ones kept as () to keep the numbering.

    Excel may report a million formatted but empty rows: a long run of blank rows ends
    the data. A value past the last column allowed, or longer than a cell may be,
    refuses the file.
    """
    kept, filled, blank_run = [], 0, 0
    for number, row in enumerate(rows, start=1):
        if all(cell_is_blank(cell) for cell in row):
            blank_run += 1
            if blank_run > BLANK_ROWS_END:
                break
            kept.append(())  # the one empty tuple, however many rows
            continue
        blank_run = 0
        if any(not cell_is_blank(cell) for cell in row[limits.columns :]):
            raise too_many_columns_error(limits, number)
        row = list(row[: limits.columns])
        for column, cell in enumerate(row, start=1):
            if isinstance(cell, str) and len(cell) > limits.cell_chars:
                raise cell_too_long_error(limits, number, column)
        filled += 1
        kept.append(row)
        if filled >= limits.filled_rows:
            break  # too many: the table says so
    return kept


def _xlsx_rows(data, column_set, limits):
    check_workbook(data, limits)
    try:
        workbook = load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception:  # a damaged zip or part: openpyxl raises many kinds
        logger.info("Unreadable workbook", exc_info=True)
        raise _workbook_error() from None
    try:
        headers = header_table(column_set)
        chosen = None
        for sheet in workbook.worksheets:
            # Both bounds given: without them openpyxl would first parse the
            # whole sheet for its size when the sheet does not state it.
            rows = _kept_rows(
                sheet.iter_rows(
                    values_only=True, max_col=limits.columns, max_row=EXCEL_ROWS
                ),
                limits,
            )
            if chosen is None:
                chosen = rows  # the first sheet, unless another has the header
            if _header_index(rows, headers, column_set.key_fields, limits) is not None:
                chosen = rows
                break
    except ImportFileError:
        raise
    except Exception:
        logger.info("Unreadable worksheet", exc_info=True)
        raise _workbook_error() from None
    finally:
        workbook.close()
    return chosen or []


def cell_is_blank(cell):
    return cell is None or (isinstance(cell, str) and not cell.strip())


# A row naming no key column is the header row if it names at least this many of the
# list's columns: the mapping step then asks which of the rest holds the key.
MIN_HEADERS_WITHOUT_KEY = 2


def _header_index(raw_rows, headers, key_fields, limits):
    """The index of the header row among the first rows, or None: the row naming the
    most of the list's columns (the first of equals), provided it names a key column
    (団体名; 姓 or 氏名) or at least MIN_HEADERS_WITHOUT_KEY columns. A title or a
    note above the header names none; a data row fewer than the header."""
    best, best_score = None, 0
    for index, row in enumerate(raw_rows[:HEADER_SEARCH_ROWS]):
        named = {
            column.field
            for column in (
                headers.get(header_key(cell)) for cell in row[: limits.columns]
            )
            if column is not None
        }
        if not (named & set(key_fields) or len(named) >= MIN_HEADERS_WITHOUT_KEY):
            continue
        if len(named) > best_score:
            best, best_score = index, len(named)
    return best


def _table(encoding, raw_rows, column_set, limits):
    headers = header_table(column_set)
    header_index = _header_index(raw_rows, headers, column_set.key_fields, limits)
    if header_index is None:
        raise ImportFileError(
            _(
                "No header row was found in the first %(rows)s rows: no row names "
                "the list's columns, such as “%(column)s”. Please give the columns "
                "a header row, preferably with the template's column names."
            )
            % {
                "column": column_set.header_of(column_set.key_fields[0]),
                "rows": HEADER_SEARCH_ROWS,
            }
        )
    header_cells = raw_rows[header_index][: limits.columns]
    digest = header_digest(cell for cell in header_cells if not cell_is_blank(cell))
    mapping = saved_mapping(column_set.kind, digest)
    by_field = {column.field: column for column in column_set.columns}
    columns, ignored, seen, skipped, mapped = {}, [], {}, [], {}
    unread_positions = {}
    for position, cell in enumerate(header_cells):
        if cell_is_blank(cell):
            continue
        column = headers.get(header_key(cell))
        if column is None:
            chosen = mapping.get(header_key(cell))
            if chosen == "":
                skipped.append(str(cell).strip())
                continue
            column = by_field.get(chosen)
            if column is None:
                ignored.append(str(cell).strip())
                unread_positions[str(cell).strip()] = position
                continue
            mapped[str(cell).strip()] = column.header
        if column.field in seen:
            raise ImportFileError(
                _("The column “%(column)s” appears twice (“%(a)s” and “%(b)s”).")
                % {"column": column.header, "a": seen[column.field], "b": cell}
            )
        seen[column.field] = str(cell).strip()
        columns[position] = column
    rows = []
    for index, row in enumerate(raw_rows[header_index + 1 :], start=header_index + 2):
        if all(cell_is_blank(cell) for cell in row):
            continue
        rows.append((index, list(row)))
    if len(rows) > limits.rows:
        raise too_many_rows_error(limits)
    samples = {}
    for header, position in unread_positions.items():
        values = []
        for _number, row in rows:
            cell = row[position] if position < len(row) else None
            if not cell_is_blank(cell) and str(cell).strip() not in values:
                values.append(str(cell).strip()[:40])
            if len(values) == SAMPLES:
                break
        samples[header] = values
    return Table(
        encoding=encoding,
        header_row=header_index + 1,
        columns=columns,
        ignored=ignored,
        rows=rows,
        digest=digest,
        skipped=skipped,
        mapped=mapped,
        samples=samples,
    )
