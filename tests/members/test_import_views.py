"""The import pages: upload, the dry run's table, commit, progress, the template."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from members import imports
from members.models import ImportBatch, ImportRow, Organization
from tests.factories import PersonFactory, UserFactory
from tests.members.test_import_helpers import (  # noqa: F401 (fixtures)
    csv_bytes,
    csv_file,
    english_fixture,
    row,
    staff_fixture,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.usefixtures("empty_registry"),
]


def good(**cells):
    base = {
        "団体名": "ワーカーズ・コレクティブ あおば",
        "フリガナ": "ワーカーズコレクティブアオバ",
        "市区町村": "横浜市青葉区",
        "電話番号": "045-000-0000",
        "連絡方法": "電話",
    }
    return row(**(base | cells))


@pytest.fixture
def signed_in(client, staff):
    client.force_login(staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def upload(client, uploaded, kind="organizations"):
    return client.post(
        reverse("members:import_upload"), {"file": uploaded, "kind": kind}
    )


def test_upload_page_links_the_template_and_explains_encodings(signed_in):
    response = signed_in.get(reverse("members:import_upload"))
    assert response.status_code == 200
    page = response.content.decode()
    template = reverse("members:import_template")
    for kind in ("organizations", "people"):
        for file_format in ("xlsx", "csv"):
            assert f"{template}?kind={kind}&amp;format={file_format}" in page
    assert "Shift_JIS (CP932)" in page
    assert 'enctype="multipart/form-data"' in page


def test_the_registry_index_links_the_import_for_the_secretariat(signed_in, client):
    page = signed_in.get(reverse("members:index")).content.decode()
    assert reverse("members:import_upload") in page


def test_upload_runs_the_dry_run_and_shows_every_row(signed_in):
    content = csv_bytes(
        [good(), good(団体名="b", フリガナ="漢字", 郵便番号="12-345")], encoding="cp932"
    )
    response = upload(signed_in, SimpleUploadedFile("名簿.csv", content))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("members:import_detail", args=[batch.pk])

    page = signed_in.get(response["Location"]).content.decode()
    assert "名簿.csv" in page
    assert "Shift_JIS (CP932)" in page
    assert "1 row has errors." in page
    assert "郵便番号" in page and "A postal code has 7 digits" in page
    assert 'id="row-2"' in page and 'id="row-3"' in page
    assert reverse("members:import_commit", args=[batch.pk]) not in page
    assert not Organization.objects.exists()

    errors_only = signed_in.get(response["Location"] + "?show=errors").content.decode()
    assert 'id="row-3"' in errors_only and 'id="row-2"' not in errors_only


def test_an_xls_file_is_refused_at_the_field(signed_in):
    response = upload(
        signed_in, SimpleUploadedFile("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    )
    assert response.status_code == 200
    assert ".xlsx" in response.context["form"].errors["file"][0]
    assert not ImportBatch.objects.exists()


def test_a_garbage_file_is_refused_at_the_field(signed_in):
    response = upload(signed_in, SimpleUploadedFile("x.csv", bytes(range(256)) * 4))
    assert response.status_code == 200
    assert "could not be read" in response.context["form"].errors["file"][0]


def test_commit_from_the_page(signed_in, django_capture_on_commit_callbacks):
    upload(signed_in, csv_file([good()]))
    batch = ImportBatch.objects.get()
    page = signed_in.get(reverse("members:import_detail", args=[batch.pk]))
    assert reverse("members:import_commit", args=[batch.pk]) in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(reverse("members:import_commit", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    organization = Organization.objects.get()
    page = signed_in.get(response["Location"]).content.decode()
    assert "Imported" in page and "1 new, 0 updated" in page
    assert reverse("members:organization_detail", args=[organization.pk]) in page


def test_a_refused_commit_says_why(signed_in):
    upload(signed_in, csv_file([good(フリガナ="漢字")]))
    batch = ImportBatch.objects.get()
    response = signed_in.post(
        reverse("members:import_commit", args=[batch.pk]), follow=True
    )
    assert "upload it again" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CHECKED


def test_progress_polls_while_committing_and_stops_when_done(signed_in):
    upload(signed_in, csv_file([good(), good(団体名="b", フリガナ="ビー")]))
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.COMMITTING, processed_rows=1
    )
    url = reverse("members:import_detail", args=[batch.pk])
    page = signed_in.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert '<progress id="import-progress-bar"' in page
    assert 'value="1"' in page and 'max="2"' in page

    fragment = signed_in.get(
        url, headers={"HX-Request": "true", "HX-Target": "import-progress"}
    )
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert html.lstrip().startswith('<div id="import-progress"')
    assert 'hx-trigger="every 1s"' in html
    assert "1 of 2 rows" in html
    assert "HX-Refresh" not in fragment

    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.COMMITTED, processed_rows=2
    )
    fragment = signed_in.get(
        url, headers={"HX-Request": "true", "HX-Target": "import-progress"}
    )
    assert "hx-trigger" not in fragment.content.decode()
    assert fragment["HX-Refresh"] == "true"  # the whole page shows the result


def test_a_failed_import_shows_why_and_can_be_checked_again(
    signed_in, staff, django_capture_on_commit_callbacks
):
    upload(signed_in, csv_file([good()]))
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.FAILED, error="Row 2: broken. Nothing was imported."
    )
    url = reverse("members:import_detail", args=[batch.pk])
    page = signed_in.get(url).content.decode()
    assert "Row 2: broken. Nothing was imported." in page
    response = signed_in.post(reverse("members:import_check_again", args=[batch.pk]))
    again = ImportBatch.objects.exclude(pk=batch.pk).get()
    assert response["Location"] == reverse("members:import_detail", args=[again.pk])


def test_discard(signed_in):
    upload(signed_in, csv_file([good()]))
    batch = ImportBatch.objects.get()
    signed_in.post(reverse("members:import_discard", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DISCARDED


def test_the_uploaded_file_can_be_downloaded_by_the_secretariat(signed_in, client):
    upload(signed_in, csv_file([good()]))
    batch = ImportBatch.objects.get()
    response = signed_in.get(reverse("members:file_download", args=[batch.file_id]))
    assert response.status_code == 200
    other = PersonFactory(account=UserFactory()).account
    client.force_login(other)
    assert (
        client.get(reverse("members:file_download", args=[batch.file_id])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("kind", "name", "columns"),
    [
        ("organizations", "member_list_template", imports.ORGANIZATION_COLUMNS),
        ("people", "people_list_template", imports.PERSON_COLUMNS),
    ],
)
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_template_download(signed_in, file_format, kind, name, columns):
    response = signed_in.get(
        reverse("members:import_template"), {"format": file_format, "kind": kind}
    )
    assert response.status_code == 200
    assert f"{name}.{file_format}" in response["Content-Disposition"]
    headers = [column.header for column in columns]
    if file_format == "xlsx":
        workbook = load_workbook(io.BytesIO(response.content))
        assert [c.value for c in workbook.worksheets[0][1]] == headers
    else:
        assert response.content.startswith(b"\xef\xbb\xbf")
        assert response.content.decode("utf-8-sig").startswith(",".join(headers))


def test_the_rows_table_costs_the_same_queries_for_one_row_or_a_page(signed_in):
    upload(signed_in, csv_file([good()]))
    one = ImportBatch.objects.get()
    many = [good(団体名=f"団体{n}", フリガナ="ダンタイ") for n in range(120)]
    upload(signed_in, csv_file(many, name="many.csv"))
    full = ImportBatch.objects.exclude(pk=one.pk).get()
    assert full.rows.count() == 120
    # Match the second file's rows to records, as a committed import would be.
    organizations = Organization.objects.bulk_create(
        Organization(name=f"団体{n}") for n in range(100)
    )
    rows = list(full.rows.order_by("row_number")[:100])
    for import_row, organization in zip(rows, organizations, strict=True):
        import_row.organization = organization
    ImportRow.objects.bulk_update(rows, ["organization"])

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The bulk writes above renewed the cached roles: the first page reads them again.
    signed_in.get(reverse("members:import_detail", args=[one.pk]))
    with CaptureQueriesContext(connection) as single:
        signed_in.get(reverse("members:import_detail", args=[one.pk]))
    with CaptureQueriesContext(connection) as page:
        signed_in.get(reverse("members:import_detail", args=[full.pk]))
    assert len(page) == len(single)


def test_others_may_not_import(client):
    someone = PersonFactory(account=UserFactory()).account
    client.force_login(someone)
    assert client.get(reverse("members:import_upload")).status_code == 403
    response = client.post(
        reverse("members:import_upload"), {"file": csv_file([good()])}
    )
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(
    "query", ["format=xlsx", "format=csv", "format=csv&encoding=cp932&q=ワーカーズ"]
)
def test_the_list_pages_export_reads_back_unchanged(signed_in, staff, query, language):
    """What the organization list exports (filtered, in either language) imports back
    with every column read and no change."""
    from members.models import Municipality
    from members.services import organization_create

    aoba = next(m for m in Municipality.objects.all() if m.label == "横浜市青葉区")
    for n, contact in enumerate(["phone", "fax", "post"]):
        organization_create(
            actor=staff,
            data={
                "name": f"ワーカーズ・コレクティブ {n}",
                "name_kana": f"ワーカーズコレクティブ{n}",
                "municipality": aoba,
                "phone": "045-000-0000",
                "fax": "045-000-0001",
                "address": "美しが丘1-2-3",
                "preferred_contact": contact,
                "membership_class": Organization.MembershipClass.REGULAR,
                "founded_on": datetime.date(2003, 4, 1),
            },
        )
    response = signed_in.get(
        reverse("members:organization_export") + "?" + query,
        headers={"Accept-Language": language},
    )
    assert response.status_code == 200
    name = "export.xlsx" if "xlsx" in query else "export.csv"
    batch = imports.import_check(
        actor=staff, uploaded=SimpleUploadedFile(name, response.content)
    )
    assert batch.counts["ignored_columns"] == []
    assert len(batch.counts["columns"]) >= 20
    rows = list(batch.rows.order_by("row_number"))
    assert [(r.outcome, r.errors, r.values["changes"]) for r in rows] == [
        ("unchanged", [], [])
    ] * 3


def test_a_people_list_from_the_page(signed_in, django_capture_on_commit_callbacks):
    from members.models import Person

    content = csv_bytes(
        [["鈴木 一郎", "スズキ イチロウ", "ichiro@example.jp"]],
        headers=["氏名", "フリガナ", "メール"],
    )
    response = upload(signed_in, SimpleUploadedFile("people.csv", content), "people")
    batch = ImportBatch.objects.get()
    assert batch.kind == ImportBatch.Kind.PEOPLE
    page = signed_in.get(response["Location"]).content.decode()
    assert "鈴木 一郎" in page
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(reverse("members:import_commit", args=[batch.pk]))
    person = Person.objects.get(email="ichiro@example.jp")
    page = signed_in.get(response["Location"]).content.decode()
    assert reverse("members:person_detail", args=[person.pk]) in page
