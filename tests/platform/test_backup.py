"""`make backup` / `make restore`: a backup restored into a fresh database holds every
row and every stored file; an unusable pg_dump or a non-empty target is refused."""

import io
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from wco_sse.core import backup


def _database_url(name):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db.get('USER') or ''}{password}@{host}{port}/{name}"


@pytest.fixture
def fresh_database():
    name = f"wco_restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_and_stored_file(demo, tmp_path, fresh_database):
    default_storage.save(
        "organizations/定款_2026.pdf", ContentFile(b"%PDF-1.4 articles")
    )
    default_storage.save("agenda/12/資料.xlsx", ContentFile(b"PK\x03\x04 agenda"))
    with connection.cursor() as cursor:
        source_counts = backup.table_row_counts(cursor)
    source_files = backup.file_checksums(backup.files_root())

    call_command("backup", output=tmp_path / "backups", stdout=io.StringIO())
    (made,) = (tmp_path / "backups").iterdir()
    assert made.name.startswith("wco-")

    restored_files = tmp_path / "restored-files"
    call_command(
        "restore",
        made,
        database_url=_database_url(fresh_database),
        files_dir=restored_files,
        stdout=io.StringIO(),
    )

    target = backup.Database.from_url(_database_url(fresh_database))
    with target.connect() as conn, conn.cursor() as cursor:
        restored_counts = backup.table_row_counts(cursor)
    assert restored_counts == source_counts
    assert restored_counts["members_organization"] > 0
    assert restored_counts["members_person"] > 0
    assert backup.file_checksums(restored_files) == source_files
    assert len(source_files) == 2


@pytest.mark.postgres
def test_restore_refuses_a_database_that_already_has_tables(db, tmp_path):
    made = tmp_path / "wco-x"
    made.mkdir()
    for name in (backup.DUMP_NAME, backup.FILES_NAME):
        (made / name).write_bytes(b"")
    (made / backup.MANIFEST_NAME).write_text(
        '{"format": 1, "pg_dump_major_version": 15, "tables": {}, "files": {}}'
    )
    with pytest.raises(CommandError, match=r"already has \d+ tables"):
        call_command("restore", made, files_dir=tmp_path / "files")


@pytest.mark.postgres
def test_backup_refuses_a_pg_dump_older_than_the_server(db, tmp_path, monkeypatch):
    old = tmp_path / "pg_dump"
    old.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    old.chmod(0o755)
    monkeypatch.setenv("PG_DUMP", str(old))
    with pytest.raises(CommandError, match="pg_dump is version 9 but the server is"):
        call_command("backup", output=tmp_path / "backups")
    assert not any((tmp_path / "backups").glob("wco-*"))


def test_backup_explains_that_it_needs_postgresql():
    with pytest.raises(backup.BackupError, match="PostgreSQL only"):
        backup.Database.from_settings({"ENGINE": "django.db.backends.sqlite3"})
