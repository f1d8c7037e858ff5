"""Hostile member lists: CSV and XLSX files with arbitrary cells go through the upload,
the dry run's page and the commit without a server error, and the registry changes
only by a commit, all or nothing."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from members.data import demo_registry
from members.imports import import_commit_run
from members.imports.columns import ORGANIZATION_COLUMNS, PERSON_COLUMNS
from members.models import (
    Affiliation,
    ImportBatch,
    ImportRow,
    LegalFormChange,
    Organization,
    Person,
)
from tests.hostile.forms_helpers import (
    DATE,
    NUMBER,
    TEXT,
    form_errors,
    rolled_back,
    shown_errors,
)
from wco_sse.core.models import StoredFile

REGISTRY = (Organization, Person, Affiliation, LegalFormChange)
IMPORTS = (ImportBatch, ImportRow, StoredFile)

GOOD_ORGANIZATION = {
    "団体名": "ワーカーズ・コレクティブ 取込",
    "フリガナ": "トリコミ",
    "区分": "W.Co",
    "市区町村": "鎌倉市",
    "電話番号": "0467-00-0000",
    "設立日": "2008/10/01",
    "従事者数": "5",
    "会員種別": "正会員",
}
GOOD_PERSON = {
    "姓": "取込",
    "名": "花子",
    "セイ": "トリコミ",
    "メイ": "ハナコ",
    "メール": "torikomi@example.org",
    "所属団体": demo_registry.WCOS[0][0],
    "役職": "メンバー",
    "所属開始日": "2024/04/01",
}

# What a spreadsheet cell may hold besides text: numbers of any size, dates at the
# ends of the calendar, times, booleans, formulas.
XLSX_VALUES = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(min_value=datetime.datetime(1900, 1, 1)),
    st.sampled_from(
        [
            datetime.date(1900, 1, 1),
            datetime.date(9999, 12, 31),
            datetime.time(23, 59),
            True,
            False,
            "=1/0",
            '=HYPERLINK("http://example.org","x")',
            "=A1",
        ]
    ),
)
CELL = st.one_of(TEXT, DATE, NUMBER)


def _headers(kind):
    columns = PERSON_COLUMNS if kind == "people" else ORGANIZATION_COLUMNS
    return [column.header for column in columns]


@st.composite
def member_lists(draw):
    """(kind, file name, content): a list of one to three rows, some cells hostile."""
    kind = draw(st.sampled_from(["organizations", "people"]))
    headers = _headers(kind)
    good = GOOD_PERSON if kind == "people" else GOOD_ORGANIZATION
    xlsx = draw(st.booleans())
    rows = []
    for number in range(draw(st.integers(1, 3))):
        row = {header: good.get(header, "") for header in headers}
        if "団体名" in row and number:
            row["団体名"] += str(number)
        for header in draw(st.sets(st.sampled_from(headers), min_size=1, max_size=4)):
            row[header] = draw(st.one_of(CELL, XLSX_VALUES) if xlsx else CELL)
        rows.append([row[header] for header in headers])
    if draw(st.booleans()):
        # A header cell replaced too: a column unknown, missing or named twice.
        position = draw(st.integers(0, len(headers) - 1))
        headers = [*headers]
        headers[position] = draw(st.one_of(st.sampled_from(headers), TEXT))
    if xlsx:
        return kind, "members.xlsx", _xlsx([headers, *rows])
    encoding = draw(st.sampled_from(["utf-8-sig", "utf-8", "cp932"]))
    return kind, "members.csv", _csv([headers, *rows], encoding)


def _csv(rows, encoding):
    out = io.StringIO()
    csv.writer(out).writerows([[str(cell) for cell in row] for row in rows])
    return out.getvalue().encode(encoding, errors="replace")


def _xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(
            [
                ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell
                for cell in row
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def counts(models):
    return {model._meta.label: model.objects.count() for model in models}


def check_member_list(client, staff, kind, name, content):
    upload = SimpleUploadedFile(name, content)
    registry = counts(REGISTRY)
    imports = counts(IMPORTS)
    response = client.post(
        reverse("members:import_upload"), {"kind": kind, "file": upload}
    )
    if response.status_code == 200:
        # Refused: the form says why, and nothing was recorded.
        assert shown_errors(response), form_errors(response)
        assert counts(IMPORTS) == imports
        assert counts(REGISTRY) == registry
        return
    assert response.status_code == 302, response.status_code
    # The dry run recorded what it found and changed nothing in the registry.
    assert counts(REGISTRY) == registry
    detail = response["Location"]
    for show in ("all", "errors", "changes"):
        page = client.get(detail, {"show": show})
        assert page.status_code == 200
    batch = page.context["batch"]
    if page.context.get("mapping_form") is not None:
        # The column mapping step: the unknown columns set aside, the file checked
        # again with that.
        form = page.context["mapping_form"]
        response = client.post(
            reverse("members:import_columns", kwargs={"pk": batch.pk}),
            dict.fromkeys(form.fields, "-"),
        )
        assert response.status_code == 302, form_errors(response)
        assert counts(REGISTRY) == registry
        detail = response["Location"]
        page = client.get(detail)
        assert page.status_code == 200
        assert page.context.get("mapping_form") is None
        batch = page.context["batch"]
    if not page.context["can_commit"]:
        return
    response = client.post(reverse("members:import_commit", kwargs={"pk": batch.pk}))
    assert response.status_code == 302
    # What the Celery task does after the commit of the request's transaction.
    import_commit_run(batch_id=batch.pk, actor_id=staff.pk)
    batch.refresh_from_db()
    assert batch.status in (ImportBatch.Status.COMMITTED, ImportBatch.Status.FAILED)
    if batch.status == ImportBatch.Status.FAILED:
        assert counts(REGISTRY) == registry, "a failed import saved something"
    else:
        added = (Person if kind == "people" else Organization).objects.count()
        before = registry[(Person if kind == "people" else Organization)._meta.label]
        assert added - before == batch.counts.get(ImportRow.Outcome.NEW, 0)
    assert client.get(detail).status_code == 200


def test_the_good_lists_are_imported(client, demo):
    """The lists the hostile runs start from are imported as they are."""
    client.force_login(demo["staff"])
    for kind, good in (("organizations", GOOD_ORGANIZATION), ("people", GOOD_PERSON)):
        headers = _headers(kind)
        rows = [headers, [good.get(header, "") for header in headers]]
        for name, content in (
            ("members.csv", _csv(rows, "utf-8-sig")),
            ("members.xlsx", _xlsx(rows)),
        ):
            with rolled_back():
                model = Person if kind == "people" else Organization
                before = model.objects.count()
                check_member_list(client, demo["staff"], kind, name, content)
                assert model.objects.count() == before + 1, (kind, name)


def test_hostile_member_lists_are_read_or_refused(client, demo):
    """Arbitrary cells, in CSV (UTF-8 or Shift_JIS) or XLSX, never give a server
    error: a list is refused with a message, or checked; a checked list is imported
    whole or not at all."""
    staff = demo["staff"]
    client.force_login(staff)

    @given(member_lists())
    def hostile(member_list):
        kind, name, content = member_list
        with rolled_back():
            check_member_list(client, staff, kind, name, content)

    hostile()


@pytest.mark.parametrize(
    "name, content",
    [
        ("members.csv", b""),
        ("members.csv", b"\x00" * 100),
        ("members.csv", b'"unterminated,\n'),
        ("members.csv", "団体名\r\n".encode("utf-16")),
        ("members.xlsx", b"PK\x03\x04 not a zip"),
        ("members.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
        ("members.txt", b"a,b"),
        ("members.csv", b"PK\x03\x04"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(client, demo, name, content):
    client.force_login(demo["staff"])
    with rolled_back():
        check_member_list(client, demo["staff"], "organizations", name, content)


MAPPING_VALUES = st.one_of(
    st.sampled_from(
        ["", "-", "workers_count", "name", "representative", "version", "id"]
    ),
    TEXT,
)


def test_hostile_column_mappings_are_refused_at_their_column(client, demo):
    """Whatever the mapping step is sent (unknown fields, a field twice, a field the
    file already has, columns that do not exist), it answers with the page and its
    errors, or checks the file again; the registry does not change."""
    staff = demo["staff"]
    client.force_login(staff)
    headers = [*_headers("organizations"), "会員番号", "事業所メモ"]
    good = [GOOD_ORGANIZATION.get(header, "") for header in headers[:-2]]
    content = _csv([headers, [*good, "A-1", "メモ"]], "cp932")

    @given(
        st.dictionaries(
            st.sampled_from(["column_0", "column_1", "column_2", "other"]),
            MAPPING_VALUES,
            max_size=4,
        )
    )
    def hostile(data):
        with rolled_back():
            response = client.post(
                reverse("members:import_upload"),
                {"kind": "organizations", "file": SimpleUploadedFile("m.csv", content)},
            )
            batch = ImportBatch.objects.get(pk=response["Location"].split("/")[-2])
            registry = counts(REGISTRY)
            response = client.post(
                reverse("members:import_columns", kwargs={"pk": batch.pk}), data
            )
            assert response.status_code in (200, 302)
            if response.status_code == 200:
                assert shown_errors(response), form_errors(response)
            else:
                assert client.get(response["Location"]).status_code == 200
            assert counts(REGISTRY) == registry

    hostile()
