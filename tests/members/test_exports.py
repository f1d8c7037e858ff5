import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wco_sse.core.errors import ServiceError
from wco_sse.core.exports import Column, export_response, neutralize, to_csv, to_xlsx
from wco_sse.core.models import ExportLog

pytestmark = pytest.mark.django_db

COLUMNS = [
    Column("名前", lambda r: r[0]),
    Column("人数", lambda r: r[1]),
    Column("設立日", lambda r: r[2]),
]
ROWS = [
    ('=HYPERLINK("http://evil")', 12, datetime.date(2008, 10, 1)),
    ("+81-45-000-0000", -3, None),
    ("@SUM(A1)", 0, None),
    ("\tタブ", 1.5, None),
    ("ワーカーズ・コレクティブ 配食あおば", 7, None),
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\rx", "'\rx"),
        ("普通の文字", "普通の文字"),
        (-2, -2),
        (3.5, 3.5),
    ],
)
def test_neutralize(value, expected):
    assert neutralize(value) == expected


def test_csv_has_a_bom_and_neutralized_text():
    content, count = to_csv(COLUMNS, ROWS)
    assert content.startswith(b"\xef\xbb\xbf")
    assert count == 5
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["名前", "人数", "設立日"]
    assert rows[1][0].startswith("'=")
    assert rows[1][2] == "2008-10-01"
    assert rows[2][1] == "-3"  # a number, not neutralized
    assert rows[5][0] == "ワーカーズ・コレクティブ 配食あおば"


def test_cp932_csv_and_a_clear_error_for_characters_it_cannot_hold():
    content, _ = to_csv(COLUMNS, ROWS, encoding="cp932")
    assert "配食あおば".encode("cp932") in content
    with pytest.raises(ServiceError) as error:
        to_csv(COLUMNS, [("髙橋 𠮷野家", 1, None)], encoding="cp932")
    assert "𠮷" in error.value.message
    assert "名前" in error.value.message


def test_xlsx_keeps_numbers_and_never_formulas():
    content, _ = to_xlsx(COLUMNS, ROWS, title="名簿")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value.startswith("'=")
    assert sheet["B2"].value == 12
    assert sheet["B3"].value == -3
    assert sheet["C2"].value.date() == datetime.date(2008, 10, 1)


def test_export_is_logged(rf, demo):
    response = export_response(
        actor=demo["staff"],
        what="会員名簿",
        columns=COLUMNS,
        rows=ROWS,
        file_format="xlsx",
        filename="members",
        filters="会員種別=正会員",
    )
    assert response["Content-Disposition"].startswith("attachment;")
    entry = ExportLog.objects.get()
    assert (entry.actor, entry.what, entry.row_count, entry.filters) == (
        demo["staff"],
        "会員名簿",
        5,
        "会員種別=正会員",
    )


def test_xlsx_sizes_its_columns_and_turns_on_the_filter():
    """A spreadsheet opens with every column wide enough for what it holds
    (a Japanese name counts two per character) and the filter on the header row."""
    content, _ = to_xlsx(COLUMNS, ROWS, title="名簿")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.auto_filter.ref == "A1:C6"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABC"}
    # "ワーカーズ・コレクティブ 配食あおば": 17 full-width and one half-width.
    assert widths["A"] >= 35
    assert 6 <= widths["B"] < widths["A"]
    assert widths["C"] >= 10  # a date shows whole, not as ####
    assert all(width <= 60 for width in widths.values())


def test_registry_export_names_the_representative(
    client, demo, django_assert_max_num_queries
):
    """The registry's export carries each organization's current representative
    (代表者 and フリガナ), in a fixed number of queries however many rows."""
    from members.models import Affiliation
    from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory

    def add(number):
        for n in range(number):
            organization = OrganizationFactory()
            AffiliationFactory(
                organization=organization,
                person=PersonFactory(
                    family_name="代表",
                    given_name=f"太郎{n}",
                    family_name_kana="ダイヒョウ",
                    given_name_kana="タロウ",
                ),
                position=Affiliation.Position.REPRESENTATIVE,
            )
        return organization

    organization = add(1)
    # An unconfirmed representative is no representative.
    AffiliationFactory(
        organization=organization,
        position=Affiliation.Position.REPRESENTATIVE,
        confirmed=False,
    )
    client.force_login(demo["staff"])

    def export():
        response = client.get(
            reverse("members:organization_export"), {"q": organization.name}
        )
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return [[cell.value for cell in row] for row in sheet.iter_rows()]

    rows = export()
    header = rows[0]
    assert "代表者" in header and "代表者フリガナ" in header
    line = next(row for row in rows[1:] if row[0] == organization.name)
    assert line[header.index("代表者")] == "代表 太郎0"
    assert line[header.index("代表者フリガナ")] == "ダイヒョウ タロウ"

    # (Each export once before counting: a new affiliation renews the viewer's
    # cached roles, read again on the next request.)
    client.get(reverse("members:organization_export"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("members:organization_export"))
    limit = len(few)  # now: the next request empties the query log
    add(5)
    client.get(reverse("members:organization_export"))
    with django_assert_max_num_queries(limit):
        client.get(reverse("members:organization_export"))
