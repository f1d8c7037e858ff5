"""Reading a member list: every encoding and format, and clear refusals."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from members import imports
from members.imports import reading
from members.models import ImportBatch
from tests.members.test_import_helpers import (  # noqa: F401 (fixtures)
    HEADERS,
    csv_bytes,
    csv_file,
    english_fixture,
    row,
    staff_fixture,
    xlsx_bytes,
    xlsx_file,
)
from wco_sse.core.models import StoredFile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROWS = [
    row(団体名="ワーカーズ・コレクティブ 配食あおば", フリガナ="ハイショクアオバ",
        市区町村="横浜市青葉区", 電話番号="045-000-0000", 連絡方法="電話"),
    row(団体名="髙橋ワーカーズ", フリガナ="タカハシワーカーズ", 市区町村="鎌倉市",
        FAX="0467-00-0000", 連絡方法="FAX"),
]  # fmt: skip


def read(uploaded):
    return imports.read_table(uploaded)


@pytest.mark.parametrize(
    ("encoding", "shown"),
    [
        ("utf-8", "UTF-8"),
        ("utf-8-sig", "UTF-8 (BOM)"),
        ("cp932", "Shift_JIS (CP932)"),
    ],
)
def test_csv_in_each_encoding(staff, encoding, shown):
    """UTF-8, UTF-8 with a BOM and Shift_JIS (CP932) are detected and reported."""
    batch = imports.import_check(
        actor=staff, uploaded=csv_file(ROWS, encoding=encoding)
    )
    assert batch.encoding == shown
    assert batch.counts["new"] == 2
    names = [r.values["cells"]["団体名"] for r in batch.rows.all()]
    assert names == ["ワーカーズ・コレクティブ 配食あおば", "髙橋ワーカーズ"]
    assert batch.file.original_name == "members.csv"


def test_xlsx(staff):
    """An Excel workbook is read, a title above the header row is skipped."""
    uploaded = xlsx_file(ROWS, title_rows=[["2026年度 会員名簿"], []])
    batch = imports.import_check(actor=staff, uploaded=uploaded)
    assert batch.encoding == "XLSX"
    assert batch.counts["new"] == 2
    assert [r.row_number for r in batch.rows.all()] == [4, 5]


def test_xlsx_sheet_with_the_header_is_chosen():
    """A workbook whose first sheet is a cover page: the sheet naming 団体名 is read."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["会員名簿（表紙）"])
    sheet = workbook.create_sheet("名簿")
    sheet.append(HEADERS)
    sheet.append(ROWS[0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read(SimpleUploadedFile("book.xlsx", buffer.getvalue()))
    assert len(table.rows) == 1


def test_tab_separated_text_is_read():
    data = "団体名\tフリガナ\r\nあおば\tアオバ\r\n".encode()
    table = read(SimpleUploadedFile("members.csv", data))
    assert table.rows == [(2, ["あおば", "アオバ"])]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        # An .xls renamed: the content says what it is.
        ("renamed.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        ("renamed.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
    ],
)
def test_xls_is_refused_with_a_message_to_save_as_xlsx(staff, name, data):
    with pytest.raises(imports.ImportFileError) as error:
        imports.import_check(actor=staff, uploaded=SimpleUploadedFile(name, data))
    assert ".xlsx" in error.value.message
    assert ".xls" in error.value.message
    assert error.value.field == "file"
    assert not ImportBatch.objects.exists()
    assert not StoredFile.objects.exists()


def _zip(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in names:
            archive.writestr(member, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("random.csv", bytes(range(256)) * 8, "neither UTF-8 nor Shift_JIS"),
        ("doc.csv", b"%PDF-1.4\n\x00\x01\x02binary", "neither UTF-8 nor Shift_JIS"),
        ("utf16.csv", "団体名\r\n".encode("utf-16"), "UTF-16"),
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"\r\n  \r\n", "empty"),
        ("garbage.xlsx", b"this is not a workbook", "Excel workbook"),
        ("archive.xlsx", _zip(["readme.txt"]), "Excel workbook"),
        ("book.csv", xlsx_bytes([]), "Excel workbook"),
        ("members.txt", b"a,b", ".xlsx"),
        ("members.pdf", b"%PDF-1.4", ".xlsx"),
        ("quotes.csv", b'\xe5\x9b\xa3\xe4\xbd\x93\xe5\x90\x8d\r\n"a', "quotes"),
        ("noheader.csv", "氏名,住所\r\nあおば,横浜\r\n".encode(), "団体名"),
        ("noheader.xlsx", xlsx_bytes([], headers=["氏名", "電話"]), "団体名"),
    ],
)
def test_a_wrong_file_gets_a_clear_message_and_nothing_is_recorded(
    staff, name, data, words
):
    with pytest.raises(imports.ImportFileError) as error:
        imports.import_check(actor=staff, uploaded=SimpleUploadedFile(name, data))
    assert words in error.value.message
    assert not ImportBatch.objects.exists()
    assert not StoredFile.objects.exists()


def test_headers_are_read_by_name_and_alias_in_any_order():
    """Full-width letters, 必須 marks and common other names are read; unknown columns
    are listed as not read."""
    headers = ["メールアドレス", "団体名（必須）", "ＴＥＬ", "〒", "担当者", "フリガナ"]
    data = csv_bytes([["a@example.jp", "あおば", "045-000-0000", "225-0002", "山田",
                       "アオバ"]], headers=headers)  # fmt: skip
    table = read(SimpleUploadedFile("members.csv", data))
    fields = {position: column.field for position, column in table.columns.items()}
    assert fields == {
        0: "email",
        1: "name",
        2: "phone",
        3: "postal_code",
        5: "name_kana",
    }
    assert table.ignored == ["担当者"]


def test_a_column_given_twice_is_refused():
    data = csv_bytes([], headers=["団体名", "電話番号", "TEL"])
    with pytest.raises(imports.ImportFileError) as error:
        read(SimpleUploadedFile("members.csv", data))
    assert "電話番号" in error.value.message


def test_blank_rows_are_skipped_and_row_numbers_are_the_spreadsheets():
    data = csv_bytes(
        [["あおば"], [], ["", "  "], ["みどり"]], headers=["団体名", "住所"]
    )
    table = read(SimpleUploadedFile("members.csv", data))
    assert [number for number, _cells in table.rows] == [2, 5]


def test_too_many_rows_are_refused(settings):
    settings.WCO_IMPORT_MAX_ROWS = 3
    data = csv_bytes([[f"団体{n}"] for n in range(4)], headers=["団体名"])
    with pytest.raises(imports.ImportFileError) as error:
        read(SimpleUploadedFile("members.csv", data))
    assert error.value.message == _(
        "The file has more than %(max)s rows. Please split it into smaller files."
    ) % {"max": 3}


def test_too_large_a_file_is_refused(settings):
    settings.WCO_UPLOAD_MAX_BYTES = 100
    data = csv_bytes([["あおば" * 50]], headers=["団体名"])
    with pytest.raises(imports.ImportFileError) as error:
        read(SimpleUploadedFile("members.csv", data))
    assert "too large" in error.value.message


def test_xlsx_rows_past_blank_rows_still_count_towards_the_limit(settings):
    """Blank rows don't hide rows below them from the row limit."""
    settings.WCO_IMPORT_MAX_ROWS = 3
    rows = [[f"団体{n}"] if n % 5 == 0 else [] for n in range(25)]
    with pytest.raises(imports.ImportFileError) as error:
        read(SimpleUploadedFile("a.xlsx", xlsx_bytes(rows, headers=["団体名"])))
    assert error.value.message == _(
        "The file has more than %(max)s rows. Please split it into smaller files."
    ) % {"max": 3}


def test_a_long_run_of_blank_rows_ends_the_sheet(monkeypatch):
    monkeypatch.setattr(reading, "BLANK_ROWS_END", 3)
    rows = [["あおば"], [], [], [], [], ["みどり"]]
    table = read(SimpleUploadedFile("a.xlsx", xlsx_bytes(rows, headers=["団体名"])))
    assert [number for number, _cells in table.rows] == [2]


@pytest.mark.parametrize("padding", range(3))
def test_a_utf8_list_longer_than_the_upload_sniffs_sample_is_accepted(staff, padding):
    """The upload check reads the first 8 KB: a character cut at its end, whichever of
    its bytes the cut falls on, does not make the list "not match its name"."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wco_sse.core.uploads import CSV, sniff

    line = "あ" * 100
    content = ("団体名,フリガナ\r\n" + "x" * padding + "\r\n").encode()
    while len(content) < 9000:
        content += f"{line},アオバ\r\n".encode()
    assert sniff(SimpleUploadedFile("名簿.csv", content)) == CSV
