"""Exports of lists as XLSX or CSV, safe to open in Excel, and logged.

- CSV is UTF-8 with a BOM by default (Japanese Excel opens it correctly); CP932
  (Shift_JIS) on request, refused with the row and column of a character it can't hold.
- Text cells beginning with = + - @ TAB or CR are neutralized with a leading
  apostrophe so a spreadsheet never runs them as formulas; numbers stay numbers.
- Every export of personal data is recorded in ExportLog (who, what, filter, rows).
"""

import csv
import datetime
import decimal
import io
import unicodedata
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .errors import ServiceError
from .models import ExportLog

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Column widths in Excel's units (about one half-width character each): wide enough
# for what the column holds, never so wide that one long note hides the others.
MIN_WIDTH = 6
MAX_WIDTH = 60


@dataclass(frozen=True)
class Column:
    header: str
    value: object  # callable(row) -> value


def neutralize(value):
    """A value as it may go into a spreadsheet cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | float | decimal.Decimal | datetime.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _cells(columns, rows):
    for row in rows:
        yield [neutralize(column.value(row)) for column in columns]


def to_csv(columns, rows, *, encoding="utf-8-sig"):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralize(column.header) for column in columns])
    count = 0
    lines = [buffer.getvalue()]
    for count, cells in enumerate(_cells(columns, rows), start=1):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(
            [c.isoformat() if isinstance(c, datetime.date) else c for c in cells]
        )
        line = buffer.getvalue()
        if encoding == "cp932":
            _check_cp932(line, count, columns, cells)
        lines.append(line)
    text = "".join(lines)
    return text.encode(encoding), count


def _check_cp932(line, row_number, columns, cells):
    try:
        line.encode("cp932")
    except UnicodeEncodeError:
        for column, cell in zip(columns, cells, strict=True):
            for char in str(cell):
                try:
                    char.encode("cp932")
                except UnicodeEncodeError:
                    raise ServiceError(
                        _(
                            "Row %(row)s, column “%(column)s”: the character “%(char)s” "
                            "cannot be written in Shift_JIS (CP932). Export as UTF-8 "
                            "instead, or correct the record."
                        )
                        % {"row": row_number, "column": column.header, "char": char},
                        code="cp932",
                    ) from None


def to_xlsx(columns, rows, *, title):
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = str(title)[:31]
    sheet.append([str(column.header) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for count, cells in enumerate(_cells(columns, rows), start=1):
        sheet.append(cells)
        for cell in sheet[count + 1]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever it looks like
    sheet.freeze_panes = "A2"
    _size_columns(sheet)
    # The filter buttons on the header row, over every column and row written.
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


def display_width(value):
    """How many half-width characters ``value`` takes in a cell: full-width
    characters (kanji, kana) count two."""
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    text = str(value)
    longest = 0
    for line in text.splitlines() or [""]:
        width = sum(
            2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line
        )
        longest = max(longest, width)
    return longest


def _size_columns(sheet):
    widths = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None or cell.value == "":
                continue
            widths[cell.column] = max(
                widths.get(cell.column, 0), display_width(cell.value)
            )
    for index, width in widths.items():
        # Room for the filter button beside the header.
        fitted = min(max(width + 3, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = fitted


def export_response(
    *,
    actor,
    what,
    columns,
    rows,
    file_format,
    filename,
    filters="",
    encoding="utf-8-sig",
    personal_data=True,
):
    """Build the download and log it. ``rows`` is any iterable; ``columns`` Columns."""
    if file_format == "xlsx":
        content, count = to_xlsx(columns, rows, title=what)
        response = HttpResponse(content, content_type=XLSX_TYPE)
        extension = "xlsx"
    else:
        encoding = "cp932" if encoding == "cp932" else "utf-8-sig"
        content, count = to_csv(columns, rows, encoding=encoding)
        charset = "shift_jis" if encoding == "cp932" else "utf-8"
        response = HttpResponse(content, content_type=f"text/csv; charset={charset}")
        extension = "csv"
    stamp = datetime.date.today().strftime("%Y%m%d")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{filename}_{stamp}.{extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if personal_data:
        ExportLog.objects.create(
            actor=actor if actor.is_authenticated else None,
            what=str(what)[:120],
            filters=str(filters)[:500],
            row_count=count,
            file_format=f"{extension}" + ("/cp932" if encoding == "cp932" else ""),
        )
    return response
