"""Committing an import: all or nothing, the version check, the task, its progress."""

import datetime

import pytest
from django.db import connections
from django.utils.translation import gettext as _

from members import imports
from members.imports import commit as import_commit_module
from members.imports import tasks
from members.models import (
    ImportBatch,
    ImportRow,
    Industry,
    LegalForm,
    LegalFormChange,
    Municipality,
    Organization,
)
from members.services import organization_create, organization_update
from tests.members.test_import_helpers import (  # noqa: F401 (fixtures)
    NUMBER_A,
    NUMBER_B,
    csv_file,
    english_fixture,
    row,
    secretariat_user,
    staff_fixture,
)
from wco_sse.core.errors import ServiceError
from wco_sse.core.exports import to_csv, to_xlsx
from wco_sse.core.models import AuditEntry, StoredFile

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.usefixtures("empty_registry"),
]

AOBA = "横浜市青葉区"


def municipality(label):
    return next(m for m in Municipality.objects.all() if m.label == label)


def good(**cells):
    base = {
        "団体名": "ワーカーズ・コレクティブ あおば",
        "フリガナ": "ワーカーズコレクティブアオバ",
        "市区町村": AOBA,
        "電話番号": "045-000-0000",
        "連絡方法": "電話",
    }
    return row(**(base | cells))


def registered(staff, **data):
    base = {
        "name": "ワーカーズ・コレクティブ みどり",
        "name_kana": "ワーカーズコレクティブミドリ",
        "municipality": municipality("鎌倉市"),
        "phone": "0467-00-0000",
        "preferred_contact": "phone",
    }
    return organization_create(actor=staff, data=base | data)


def start(staff, batch, capture):
    """Start the commit and run the queued task, as the worker would."""
    with capture(execute=True):
        imports.import_commit_start(actor=staff, batch=batch)
    batch.refresh_from_db()
    return batch


def test_commit_creates_and_updates_and_records_where_each_row_came_from(
    staff, django_capture_on_commit_callbacks
):
    existing = registered(staff)
    batch = imports.import_check(
        actor=staff,
        uploaded=csv_file(
            [
                good(法人格="NPO法人", 法人番号=NUMBER_A, 設立日="平成15年4月1日"),
                row(団体名="ワーカーズ・コレクティブ みどり", 市区町村="鎌倉市",
                    従事者数="9", 業種="清掃"),
            ],
            name="名簿2026.csv",
        ),
    )  # fmt: skip
    assert batch.counts["new"] == 1 and batch.counts["update"] == 1
    batch = start(staff, batch, django_capture_on_commit_callbacks)
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.processed_rows == batch.total_rows == 2
    assert batch.progress_percent == 100
    assert batch.committed_at is not None

    new = Organization.objects.get(corporate_number=NUMBER_A)
    assert new.legal_form == LegalForm.NPO
    assert new.municipality.label == AOBA
    assert LegalFormChange.objects.get(organization=new).since == datetime.date(
        2003, 4, 1
    )
    existing.refresh_from_db()
    assert existing.workers_count == 9
    assert existing.industry == Industry.objects.get(name="清掃")
    assert existing.version == 2
    first, second = batch.rows.order_by("row_number")
    assert (first.organization, second.organization) == (new, existing)
    # Where it came from: a line in each record's history.
    provenance = AuditEntry.objects.filter(action="organization.import")
    assert {(e.target_id, e.message) for e in provenance} == {
        (str(new.pk), "Imported from 名簿2026.csv, row 2"),
        (str(existing.pk), "Imported from 名簿2026.csv, row 3"),
    }
    assert AuditEntry.objects.filter(
        action="organization.update", target_id=str(existing.pk)
    ).exists()


def test_a_failing_row_leaves_nothing_saved(staff, django_capture_on_commit_callbacks):
    """Row 3 turns out to be a duplicate at commit time (someone registered it after
    the dry run): rows 2 and 4 are not saved either."""
    existing = registered(staff)
    batch = imports.import_check(
        actor=staff,
        uploaded=csv_file(
            [
                good(),
                good(団体名="ワーカーズ・コレクティブ さくら", フリガナ="サクラ"),
                row(団体名="ワーカーズ・コレクティブ みどり", 市区町村="鎌倉市",
                    従事者数="9"),
            ]
        ),
    )  # fmt: skip
    registered(
        staff,
        name="ワーカーズ・コレクティブ さくら",
        name_kana="サクラ",
        municipality=municipality(AOBA),
    )
    count = Organization.objects.count()
    audit = AuditEntry.objects.filter(action__startswith="organization.").count()

    batch = start(staff, batch, django_capture_on_commit_callbacks)

    assert batch.status == ImportBatch.Status.FAILED
    assert batch.error.startswith("Row 3: ")
    assert "Nothing was imported" in batch.error
    assert Organization.objects.count() == count
    assert (
        AuditEntry.objects.filter(action__startswith="organization.").count() == audit
    )
    existing.refresh_from_db()
    assert existing.workers_count is None and existing.version == 1
    failed = batch.rows.get(row_number=3)
    assert failed.outcome == ImportRow.Outcome.ERROR
    assert "already registered" in failed.errors[-1]["message"]
    assert batch.counts["error"] == 1
    assert (
        not batch.rows.exclude(organization=None)
        .exclude(organization=existing)
        .exists()
    )


def test_a_record_edited_after_the_dry_run_fails_with_the_conflict(
    staff, django_capture_on_commit_callbacks
):
    existing = registered(staff)
    batch = imports.import_check(
        actor=staff,
        uploaded=csv_file(
            [
                good(),
                row(団体名="ワーカーズ・コレクティブ みどり", 市区町村="鎌倉市",
                    従事者数="9"),
            ]
        ),
    )  # fmt: skip
    assert batch.rows.get(row_number=3).matched_version == 1
    other = secretariat_user()
    organization_update(
        actor=other,
        organization=existing,
        data={"phone": "0467-99-9999"},
        expected_version=1,
    )

    batch = start(staff, batch, django_capture_on_commit_callbacks)

    assert batch.status == ImportBatch.Status.FAILED
    assert batch.error.startswith("Row 3: Someone else saved this record")
    message = batch.rows.get(row_number=3).errors[-1]["message"]
    assert "0467-00-0000 → 0467-99-9999" in message  # what changed, and by whom
    assert other.email in message
    assert not Organization.objects.filter(name__contains="あおば").exists()
    existing.refresh_from_db()
    assert (existing.phone, existing.workers_count, existing.version) == (
        "0467-99-9999",
        None,
        2,
    )


def test_an_unchanged_row_is_checked_too(staff, django_capture_on_commit_callbacks):
    """A row judged "unchanged" was judged on the record as it was then."""
    existing = registered(staff)
    batch = imports.import_check(
        actor=staff,
        uploaded=csv_file(
            [
                good(),
                row(団体名="ワーカーズ・コレクティブ みどり", 市区町村="鎌倉市"),
            ]
        ),
    )
    assert batch.rows.get(row_number=3).outcome == ImportRow.Outcome.UNCHANGED
    organization_update(
        actor=staff,
        organization=existing,
        data={"workers_count": 3},
        expected_version=1,
    )
    batch = start(staff, batch, django_capture_on_commit_callbacks)
    assert batch.status == ImportBatch.Status.FAILED
    assert not Organization.objects.filter(name__contains="あおば").exists()


def test_the_task_is_safe_to_run_twice(staff, django_capture_on_commit_callbacks):
    batch = imports.import_check(actor=staff, uploaded=csv_file([good()]))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        imports.import_commit_start(actor=staff, batch=batch)
    # One task is queued (the other callbacks renew cached fragments' versions).
    assert [c.__qualname__ for c in queued].count(
        "import_commit_start.<locals>.queue"
    ) == 1
    assert tasks.import_commit(str(batch.pk), staff.pk) == ImportBatch.Status.COMMITTED
    assert tasks.import_commit(str(batch.pk), staff.pk) == ImportBatch.Status.COMMITTED
    assert Organization.objects.filter(name__contains="あおば").count() == 1
    assert AuditEntry.objects.filter(action="organization.import").count() == 1
    assert AuditEntry.objects.filter(action="import.committed").count() == 1


def test_a_checked_import_that_was_never_started_is_left_alone(staff):
    batch = imports.import_check(actor=staff, uploaded=csv_file([good()]))
    assert tasks.import_commit(str(batch.pk), staff.pk) == ImportBatch.Status.CHECKED
    assert not Organization.objects.exists()


def test_commit_is_refused_while_rows_have_errors(staff):
    batch = imports.import_check(
        actor=staff, uploaded=csv_file([good(), good(団体名="b", フリガナ="漢字")])
    )
    with pytest.raises(ServiceError) as error:
        imports.import_commit_start(actor=staff, batch=batch)
    assert "upload it again" in error.value.message
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CHECKED


def test_commit_is_refused_when_nothing_would_change(staff):
    registered(staff)
    batch = imports.import_check(
        actor=staff,
        uploaded=csv_file(
            [row(団体名="ワーカーズ・コレクティブ みどり", 市区町村="鎌倉市")]
        ),
    )
    with pytest.raises(ServiceError) as error:
        imports.import_commit_start(actor=staff, batch=batch)
    assert error.value.message == _(
        "There is nothing to import: no row adds or changes."
    )


def _cannot_start_again(status):
    return _("This import is %(status)s: it cannot be started again.") % {
        "status": status.label
    }


def test_an_import_starts_once(staff, django_capture_on_commit_callbacks):
    batch = imports.import_check(actor=staff, uploaded=csv_file([good()]))
    start(staff, batch, django_capture_on_commit_callbacks)
    with pytest.raises(ServiceError) as error:
        imports.import_commit_start(actor=staff, batch=batch)
    assert error.value.message == _cannot_start_again(ImportBatch.Status.COMMITTED)


def test_a_failed_import_can_be_checked_again(
    staff, django_capture_on_commit_callbacks
):
    existing = registered(staff)
    batch = imports.import_check(
        actor=staff,
        uploaded=csv_file(
            [
                row(
                    団体名="ワーカーズ・コレクティブ みどり",
                    市区町村="鎌倉市",
                    従事者数="9",
                )
            ]
        ),
    )
    organization_update(
        actor=staff, organization=existing, data={"fax": "0467-00-0001"},
        expected_version=1,
    )  # fmt: skip
    batch = start(staff, batch, django_capture_on_commit_callbacks)
    assert batch.status == ImportBatch.Status.FAILED
    again = imports.import_check_again(actor=staff, batch=batch)
    assert again.pk != batch.pk and again.file == batch.file
    assert again.rows.get().matched_version == 2
    again = start(staff, again, django_capture_on_commit_callbacks)
    assert again.status == ImportBatch.Status.COMMITTED
    existing.refresh_from_db()
    assert (existing.fax, existing.workers_count) == ("0467-00-0001", 9)


def test_discard_keeps_no_personal_data(staff, django_capture_on_commit_callbacks):
    """A discarded import drops its rows and its file; who uploaded what stays."""
    batch = imports.import_check(actor=staff, uploaded=csv_file([good()]))
    stored = batch.file
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_discard(actor=staff, batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DISCARDED
    assert batch.original_name == "members.csv" and batch.uploaded_by == staff
    assert not batch.rows.exists()
    assert not StoredFile.objects.filter(pk=stored.pk).exists()
    assert not stored.file.storage.exists(stored.file.name)
    with pytest.raises(ServiceError) as error:
        imports.import_commit_start(actor=staff, batch=batch)
    assert error.value.message == _cannot_start_again(ImportBatch.Status.DISCARDED)


def test_discarding_a_check_keeps_the_file_another_check_uses(staff):
    first = imports.import_check(actor=staff, uploaded=csv_file([good()]))
    imports.import_discard(
        actor=staff, batch=imports.import_check_again(actor=staff, batch=first)
    )
    assert StoredFile.objects.filter(pk=first.file_id).exists()


def test_a_legal_form_change_is_recorded_with_its_date(
    staff, django_capture_on_commit_callbacks
):
    existing = registered(staff)
    batch = imports.import_check(
        actor=staff,
        uploaded=csv_file(
            [row(団体名="ワーカーズ・コレクティブ みどり", 市区町村="鎌倉市",
                 法人格="労働者協同組合", 法人番号=NUMBER_B,
                 法人格の取得日="令和5年4月1日")]
        ),
    )  # fmt: skip
    batch = start(staff, batch, django_capture_on_commit_callbacks)
    assert batch.status == ImportBatch.Status.COMMITTED, batch.error
    existing.refresh_from_db()
    assert existing.legal_form == LegalForm.WORKERS_COOPERATIVE
    assert existing.corporate_number == NUMBER_B
    assert existing.legal_form_changes.filter(
        legal_form=LegalForm.WORKERS_COOPERATIVE, since=datetime.date(2023, 4, 1)
    ).exists()


# --- An export reads back in ----------------------------------------------------------------


def _registry(staff):
    organizations = [
        registered(
            staff,
            name="NPO法人 たすけあい=ネット",
            name_kana="タスケアイネット",
            kind=Organization.Kind.PARTNER,
            corporate_number=NUMBER_A,
            industry=Industry.objects.get(name="介護・福祉"),
            postal_code="231-0023",
            municipality=municipality("横浜市中区"),
            address="山下町1-2",
            building="@第2ビル 3F",
            phone="045-000-0000",
            fax="045-000-0001",
            email="info@example.jp",
            website="https://example.jp/",
            preferred_contact="fax",
            founded_on=datetime.date(2003, 4, 1),
            workers_count=12,
            membership_class=Organization.MembershipClass.SUPPORTING,
            joined_on=datetime.date(2008, 10, 1),
            status=Organization.Status.SUSPENDED,
            notes="-要確認",
        ),
        registered(staff),
        registered(
            staff,
            name="ワーカーズ・コレクティブ 町田",
            name_kana="マチダ",
            prefecture="東京都",
            municipality=None,
            city_outside="町田市",
            preferred_contact="post",
            address="原町田1-1",
        ),
    ]
    Organization.objects.filter(pk=organizations[0].pk).update(legal_form=LegalForm.NPO)
    return list(Organization.objects.select_related("industry", "municipality__parent"))


@pytest.mark.parametrize("file_format", ["xlsx", "csv-utf-8-sig", "csv-cp932"], ids=str)
def test_an_export_of_the_list_reads_back_unchanged(staff, file_format):
    organizations = _registry(staff)
    columns = imports.organization_export_columns()
    if file_format == "xlsx":
        content, count = to_xlsx(columns, organizations, title="会員名簿")
        name = "export.xlsx"
    else:
        content, count = to_csv(columns, organizations, encoding=file_format[4:])
        name = "export.csv"
    assert count == 3
    from django.core.files.uploadedfile import SimpleUploadedFile

    batch = imports.import_check(
        actor=staff, uploaded=SimpleUploadedFile(name, content)
    )
    rows = list(batch.rows.order_by("row_number"))
    assert [(r.outcome, r.errors, r.values["changes"]) for r in rows] == [
        ("unchanged", [], [])
    ] * 3
    assert {r.organization for r in rows} == set(organizations)


def test_the_template_names_the_columns_and_its_example_reads(staff):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook, load_workbook

    content, _type, name = imports.import_template("xlsx")
    workbook = load_workbook(BytesIO(content))
    headers = [c.value for c in workbook.worksheets[0][1]]
    assert headers == [c.header for c in imports.ORGANIZATION_COLUMNS]
    assert len(workbook.worksheets) == 3
    # The example sheet, saved on its own, is a valid new row.
    example = Workbook()
    for values in workbook.worksheets[1].iter_rows(values_only=True):
        example.active.append(values)
    buffer = BytesIO()
    example.save(buffer)
    batch = imports.import_check(
        actor=staff, uploaded=SimpleUploadedFile("example.xlsx", buffer.getvalue())
    )
    assert [(r.outcome, r.errors) for r in batch.rows.all()] == [("new", [])]

    content, _type, name = imports.import_template("csv")
    assert name.endswith(".csv")
    assert content.decode("utf-8-sig").split("\r\n")[0] == ",".join(headers)


# --- Progress ----------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_while_the_commit_runs(monkeypatch):
    """On PostgreSQL another connection (the progress page) sees the rows processed
    while the commit's transaction is still open, and none of its records."""
    staff = secretariat_user()
    batch = imports.import_check(
        actor=staff,
        uploaded=csv_file(
            [good(団体名=f"ワーカーズ・コレクティブ {n}", フリガナ="アオバ")
             for n in range(3)]
        ),
    )  # fmt: skip
    # The worker is this test: the queued task must not run on its own.
    monkeypatch.setattr(tasks.import_commit, "delay", lambda *args: None)
    imports.import_commit_start(actor=staff, batch=batch)
    seen = []
    observer = connections.create_connection("default")
    apply_row = import_commit_module._apply_row

    def watched(**kwargs):
        result = apply_row(**kwargs)
        with observer.cursor() as cursor:
            cursor.execute(
                "SELECT processed_rows FROM members_importbatch WHERE id = %s",
                [batch.pk],
            )
            processed = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM members_organization")
            seen.append((processed, cursor.fetchone()[0]))
        return result

    monkeypatch.setattr(import_commit_module, "_apply_row", watched)
    monkeypatch.setattr(import_commit_module, "PROGRESS_INTERVAL", 0)
    try:
        assert (
            imports.import_commit_run(batch_id=batch.pk, actor_id=staff.pk)
            == ImportBatch.Status.COMMITTED
        )
    finally:
        observer.close()
    assert seen == [(0, 0), (1, 0), (2, 0)]
    assert Organization.objects.count() == 3
