"""Import bombs: a small file that unpacks to, or parses into, far more than a member
list is refused at the upload, with a message at the file field, before it is read,
and in little memory; nothing is recorded.

The files are built as streams (zipfile deflates the repetitive parts as they are
written), so each stays small and quick to make.
"""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from members.imports import limits
from members.models import ImportBatch, ImportRow, Organization
from wco_sse.core.models import StoredFile

MAX_PEAK_BYTES = 100 * 1024 * 1024
MODELS = (ImportBatch, ImportRow, StoredFile, Organization)

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
HEADER_ROW = b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'


def _parts():
    """The parts of a one-cell workbook as openpyxl writes it, but with the shared
    string table that Excel writes declared."""
    workbook = Workbook()
    workbook.active.append(["団体名"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/{STRINGS}" ContentType="{STRINGS_TYPE}"/>'
        "</Types>".encode(),
    )
    return parts


def _repeat(piece, times, step=100_000):
    while times > 0:
        yield piece * min(step, times)
        times -= step


def xlsx_bomb(rows, strings=None):
    """A workbook whose sheet data (after the 団体名 header row) and shared strings
    (after 団体名) are the given byte chunks, written deflated as they come."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _parts().items():
            if name != SHEET:
                archive.writestr(name, content)
        with archive.open(SHEET, "w") as part:
            part.write(b"<worksheet " + NS + b"><sheetData>" + HEADER_ROW)
            for chunk in rows:
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")
        with archive.open(STRINGS, "w") as part:
            part.write(b"<sst " + NS + b">")
            for chunk in strings or ["<si><t>団体名</t></si>".encode()]:
                part.write(chunk)
            part.write(b"</sst>")
    return buffer.getvalue()


def huge_string(size):
    """Row 2 shows one string of ``size`` characters."""
    return xlsx_bomb(
        [b'<row r="2"><c r="A2" t="s"><v>1</v></c></row>'],
        strings=[
            "<si><t>団体名</t></si><si><t>".encode(),
            *_repeat(b"A", size, step=1024 * 1024),
            b"</t></si>",
        ],
    )


def wide_row(cell, count):
    """Row 2 holds ``count`` cells, each ``cell``, without references."""
    return xlsx_bomb([b'<row r="2">', *_repeat(cell, count), b"</row>"])


def long_sheet(count):
    """``count`` rows under the header, each with a value."""
    return xlsx_bomb(_repeat(b"<row><c><v>1</v></c></row>", count))


def many_parts(count):
    """A workbook with ``count`` more (empty) parts, of long names."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in _parts().items():
            archive.writestr(name, content)
        for number in range(count):
            archive.writestr(f"xl/media/{number:0100d}.png", b"")
    return buffer.getvalue()


def refused(message_of):
    return lambda: message_of(limits.Limits.from_settings()).message


XLSX_BOMBS = {
    # The two the black-box test found: one 150 MB string (147 KB deflated), and one
    # row of two million cells.
    "150 MB string": (
        lambda: huge_string(150 * 1024 * 1024),
        refused(limits.unpacked_too_large_error),
    ),
    "row of 2 million cells": (
        lambda: wide_row(b"<c><v>1</v></c>", 2_000_000),
        refused(limits.unpacked_too_large_error),
    ),
    # A zip directory zipfile would read into an object a member.
    "3,000 parts": (
        lambda: many_parts(3000),
        lambda: limits.workbook_too_complex_error().message,
    ),
    "300 parts": (
        lambda: many_parts(300),
        lambda: limits.workbook_too_complex_error().message,
    ),
    # Within the unpacked size, and past the deflate ratio allowed (a part unpacking
    # to over 200 times its size).
    "a row of 500,000 values": (
        lambda: wide_row(b"<c><v>1</v></c>", 500_000),
        lambda: limits.workbook_too_complex_error().message,
    ),
}
# The same, the deflate ratio allowed: what parsing would build is bounded all the same.
XLSX_BOMBS_IN_RATIO = {
    "1 MB string": (
        lambda: huge_string(1024 * 1024),
        lambda: limits.workbook_too_complex_error().message,
    ),
    "row of a million values": (
        lambda: wide_row(b"<c><v>1</v></c>", 1_000_000),
        refused(lambda lim: limits.too_many_columns_error(lim, 2)),
    ),
    "row of 3 million empty cells": (
        lambda: wide_row(b"<c/>", 3_000_000),
        lambda: limits.workbook_too_complex_error().message,
    ),
    "500,000 rows": (lambda: long_sheet(500_000), refused(limits.sheet_too_long_error)),
}

CSV_BOMBS = {
    "one 9 MB line": (
        lambda: "団体名\r\n".encode() + b"a" * 9_000_000,
        refused(lambda lim: limits.csv_line_too_long_error(lim, 2)),
    ),
    "a quoted cell over 4 million lines": (
        lambda: '団体名\r\n"'.encode() + b"a\n" * 4_000_000,
        refused(lambda lim: limits.csv_line_too_long_error(lim, 2)),
    ),
    "9 million columns": (
        lambda: "団体名".encode() + b"," * 9_000_000,
        refused(lambda lim: limits.csv_line_too_long_error(lim, 1)),
    ),
    "3 million rows": (
        lambda: "団体名\r\n".encode() + b"a\r\n" * 3_000_000,
        refused(limits.too_many_rows_error),
    ),
    "a value in column 60": (
        lambda: "団体名".encode() + b",x" * 59,
        refused(lambda lim: limits.too_many_columns_error(lim, 1)),
    ),
    "a cell of 3,000 characters": (
        lambda: "団体名\r\n".encode() + b"a" * 3000,
        refused(lambda lim: limits.cell_too_long_error(lim, 2, 1)),
    ),
}


def counts():
    return {model._meta.label: model.objects.count() for model in MODELS}


def upload_measured(client, name, content):
    """Upload through the import page; (response, peak bytes allocated meanwhile)."""
    upload = SimpleUploadedFile(name, content)
    tracemalloc.start()
    try:
        response = client.post(
            reverse("members:import_upload"), {"kind": "organizations", "file": upload}
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return response, peak


def check_refused(client, demo, name, build, message):
    content = build()
    assert len(content) <= 10 * 1024 * 1024  # under the upload limit: read, not sized
    client.force_login(demo["staff"])
    before = counts()
    response, peak = upload_measured(client, name, content)
    assert response.status_code == 200
    with translation.override("ja"):
        expected = message()
    assert response.context["form"].errors["file"] == [expected]
    assert expected in response.content.decode()
    assert counts() == before, "a refused file recorded something"
    assert peak < MAX_PEAK_BYTES, f"{peak / 2**20:.0f} MB"


@pytest.mark.parametrize("bomb", XLSX_BOMBS)
def test_xlsx_bombs_are_refused_in_little_memory(client, demo, bomb):
    build, message = XLSX_BOMBS[bomb]
    check_refused(client, demo, "会員名簿.xlsx", build, message)


@pytest.mark.parametrize("bomb", XLSX_BOMBS_IN_RATIO)
def test_xlsx_bombs_within_the_deflate_ratio_are_refused_all_the_same(
    client, demo, bomb, monkeypatch
):
    monkeypatch.setattr(limits, "ZIP_MAX_RATIO", 10**9)
    build, message = XLSX_BOMBS_IN_RATIO[bomb]
    check_refused(client, demo, "会員名簿.xlsx", build, message)


@pytest.mark.parametrize("bomb", CSV_BOMBS)
def test_csv_bombs_are_refused_in_little_memory(client, demo, bomb):
    build, message = CSV_BOMBS[bomb]
    check_refused(client, demo, "会員名簿.csv", build, message)


def test_a_list_within_the_limits_is_read(client, demo):
    """The bombs' good twin: the same construction with a value in each cell read."""
    client.force_login(demo["staff"])
    content = xlsx_bomb(
        [
            '<row r="2"><c r="A2" t="inlineStr"><is><t>ワーカーズ爆弾</t></is></c>'
            "</row>".encode()
        ],
    )
    response = client.post(
        reverse("members:import_upload"),
        {"kind": "organizations", "file": SimpleUploadedFile("会員名簿.xlsx", content)},
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert [row.values["cells"]["団体名"] for row in batch.rows.all()] == [
        "ワーカーズ爆弾"
    ]


def test_the_upload_page_says_the_limits(client, demo, settings):
    settings.WCO_IMPORT_MAX_ROWS = 1234
    settings.WCO_IMPORT_MAX_CELL_CHARS = 567
    client.force_login(demo["staff"])
    with translation.override("ja"):
        page = client.get(reverse("members:import_upload")).content.decode()
    assert "1,234行まで" in page
    assert "567文字まで" in page
    assert "値のある列は50列まで" in page


def test_a_row_past_the_end_of_the_list_is_checked_all_the_same(
    client, demo, monkeypatch
):
    """The import stops reading after a long run of blank rows, but openpyxl parses a
    sheet that does not state its size whole: a row of a million cells past the end
    of the list is refused as well."""
    monkeypatch.setattr(limits, "ZIP_MAX_RATIO", 10**9)
    blank = limits.BLANK_ROWS_END + 10
    content = xlsx_bomb(
        [
            '<row r="2"><c r="A2" t="inlineStr"><is><t>ワーカーズ末尾</t></is></c>'
            "</row>".encode(),
            *(f'<row r="{number}"/>'.encode() for number in range(3, 3 + blank)),
            f'<row r="{3 + blank}">'.encode(),
            *_repeat(b"<c/>", 1_000_000),
            b"</row>",
        ]
    )
    check_refused(
        client,
        demo,
        "会員名簿.xlsx",
        lambda: content,
        lambda: limits.workbook_too_complex_error().message,
    )


def test_a_formatted_workbook_is_read_as_before(client, demo):
    """What spreadsheets hold besides the list (styles, merged cells, validations,
    formulas, dates, a second sheet, formatted empty cells) stays well within."""
    import datetime

    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2026年度 会員名簿"])
    sheet.merge_cells("A1:F1")
    sheet.append(["団体名", "フリガナ", "設立日", "従事者数", "備考"])
    for number in range(200):
        sheet.append(
            [
                f"ワーカーズ書式{number}",
                "ショシキ",
                datetime.date(2008, 10, 1),
                5,
                "=1+1",
            ]
        )
    for row in sheet.iter_rows(min_row=2, max_row=400, max_col=30):
        for cell in row:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="FFFF00")
    validation = DataValidation(type="whole", operator="greaterThan", formula1="0")
    sheet.add_data_validation(validation)
    validation.add("D3:D400")
    workbook.create_sheet("メモ").append(["メモ"] * 40)
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(demo["staff"])
    response = client.post(
        reverse("members:import_upload"),
        {
            "kind": "organizations",
            "file": SimpleUploadedFile("会員名簿.xlsx", buffer.getvalue()),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert ImportBatch.objects.get().total_rows == 200
