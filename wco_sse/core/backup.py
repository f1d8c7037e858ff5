"""Backup and restore of the portal: the PostgreSQL database and the stored files.

A backup is a directory holding ``database.dump`` (``pg_dump --format=custom``),
``files.tar.gz`` (the default storage's directory) and ``manifest.json`` (when, from
which server, each table's row count and each stored file's SHA-256). A restore loads
both into an empty database and an empty files directory and then compares the counts
and checksums with the manifest, so a backup that cannot be restored is noticed at
once rather than on the day it is needed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

DUMP_NAME = "database.dump"
FILES_NAME = "files.tar.gz"
MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


# Steps an app adds (from its AppConfig.ready(); core imports no app): before a backup
# ``step(log=...)`` runs against the database being backed up (the privacy journal's
# file brought up to date); after a restore has matched its manifest,
# ``step(database=..., log=...)`` runs against the restored database, which need not
# be Django's own connection (``--database-url``): a step that needs the ORM runs a
# management command in a subprocess with ``DATABASE_URL=database.url()``.
_BEFORE_BACKUP: list = []
_AFTER_RESTORE: list = []


def register_before_backup(step) -> None:
    if step not in _BEFORE_BACKUP:
        _BEFORE_BACKUP.append(step)


def register_after_restore(step) -> None:
    if step not in _AFTER_RESTORE:
        _AFTER_RESTORE.append(step)


def run_after_restore(database, *, log=print) -> None:
    """The registered steps, in order, against the restored database; a step that
    fails raises BackupError and the restore is not reported as done."""
    for step in _AFTER_RESTORE:
        step(database=database, log=log)


@dataclass(frozen=True)
class Database:
    """Where a database is, as libpq's command-line tools take it."""

    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, alias_settings: dict) -> Database:
        if alias_settings["ENGINE"] != "django.db.backends.postgresql":
            raise BackupError(
                "Backup and restore work on PostgreSQL only (set DATABASE_URL to a "
                "postgres:// URL); the SQLite database of `make run` is demo data."
            )
        return cls(
            name=alias_settings["NAME"],
            host=alias_settings.get("HOST") or "",
            port=str(alias_settings.get("PORT") or ""),
            user=alias_settings.get("USER") or "",
            password=alias_settings.get("PASSWORD") or "",
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        import dj_database_url

        return cls.from_settings(dj_database_url.parse(url))

    def args(self) -> list[str]:
        args = []
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return [*args, "--dbname", self.name]

    def url(self) -> str:
        """A postgres:// URL for this database (the DATABASE_URL a subprocess reads)."""
        from urllib.parse import quote

        credentials = ""
        if self.user:
            credentials = quote(self.user, safe="")
            if self.password:
                credentials += ":" + quote(self.password, safe="")
            credentials += "@"
        host = self.host or "localhost"
        if host.startswith("/"):
            # A Unix socket directory: given to libpq as the host parameter.
            return (
                f"postgres://{credentials}/{quote(self.name, safe='')}"
                f"?host={quote(host, safe='')}"
                + (f"&port={self.port}" if self.port else "")
            )
        port = f":{self.port}" if self.port else ""
        return f"postgres://{credentials}{host}{port}/{quote(self.name, safe='')}"

    def env(self) -> dict:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def connect(self):
        import psycopg

        return psycopg.connect(
            dbname=self.name,
            host=self.host or None,
            port=self.port or None,
            user=self.user or None,
            password=self.password or None,
            autocommit=True,
        )


def tool(name: str) -> str:
    """The pg_dump/pg_restore to use: $PG_DUMP / $PG_RESTORE, else the one on PATH."""
    path = os.environ.get(name.upper().replace("-", "_")) or shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} was not found. Install the PostgreSQL client of the server's "
            f"version (Debian: postgresql-client-NN) or set {name.upper()} to its path."
        )
    return path


def tool_major_version(path: str) -> int:
    output = subprocess.run(  # noqa: S603 (operator-chosen binary, no shell)
        [path, "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"\b(\d+)(?:\.\d+)*", output.split(")", 1)[-1])
    if not match:
        raise BackupError(f"Could not read the version of {path}: {output.strip()!r}")
    return int(match.group(1))


def server_major_version(cursor) -> int:
    cursor.execute("SHOW server_version_num")
    return int(cursor.fetchone()[0]) // 10000


def check_client_version(path: str, server_major: int) -> int:
    """pg_dump cannot dump a newer server; pg_restore cannot read a newer dump."""
    client_major = tool_major_version(path)
    if client_major < server_major:
        name = Path(path).name
        raise BackupError(
            f"{name} is version {client_major} but the server is PostgreSQL "
            f"{server_major}: an older {name} cannot work with a newer server. Install "
            f"postgresql-client-{server_major} and point {name.upper()} at its {name} "
            f"(e.g. /usr/lib/postgresql/{server_major}/bin/{name})."
        )
    return client_major


def table_row_counts(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT tablename FROM pg_catalog.pg_tables "
        "WHERE schemaname = current_schema() ORDER BY tablename"
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (catalogue names)
        counts[table] = cursor.fetchone()[0]
    return counts


def files_root() -> Path:
    location = getattr(default_storage, "location", None)
    if location is None:
        raise BackupError("The default storage has no directory on disk to back up.")
    return Path(location)


def file_checksums(root: Path) -> dict[str, str]:
    checksums = {}
    if not root.exists():
        return checksums
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for chunk in iter(lambda h=handle: h.read(1 << 20), b""):
                    digest.update(chunk)
            checksums[path.relative_to(root).as_posix()] = digest.hexdigest()
    return checksums


def backup(output_dir: Path, *, log=print) -> Path:
    """Write a backup of the default database and the stored files under output_dir."""
    database = Database.from_settings(settings.DATABASES["default"])
    for step in _BEFORE_BACKUP:
        step(log=log)
    pg_dump = tool("pg_dump")
    with connection.cursor() as cursor:
        server_major = server_major_version(cursor)
        client_major = check_client_version(pg_dump, server_major)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = Path(output_dir) / f"wco-{stamp}"
    if target.exists():
        raise BackupError(f"{target} already exists; wait a second and try again.")
    partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=_ensure_dir(output_dir)))
    try:
        log(f"Dumping {database.name} with pg_dump {client_major} …")
        _dump_database(pg_dump, database, partial / DUMP_NAME)
        # Counted after the dump: rows added in between show up as a difference at
        # restore time rather than silently.
        with connection.cursor() as cursor:
            counts = table_row_counts(cursor)
        root = files_root()
        log(f"Archiving stored files from {root} …")
        checksums = _archive_files(root, partial / FILES_NAME)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database": database.name,
            "server_major_version": server_major,
            "pg_dump_major_version": client_major,
            "tables": counts,
            "files": checksums,
        }
        (partial / MANIFEST_NAME).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        partial.rename(target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    log(
        f"Backup written to {target}: {len(counts)} tables, "
        f"{sum(counts.values())} rows, {len(checksums)} files."
    )
    return target


def _dump_database(pg_dump, database, path):
    _run(
        [
            pg_dump,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(path),
            *database.args(),
        ],
        database,
    )


def _archive_files(root, path):
    """The stored files under ``root`` into a gzipped tar at ``path``; their SHA-256."""
    checksums = file_checksums(root)
    with tarfile.open(path, "w:gz") as archive:
        for name in checksums:
            archive.add(root / name, arcname=name, recursive=False)
    return checksums


def read_manifest(source: Path) -> dict:
    source = Path(source)
    for name in (DUMP_NAME, FILES_NAME, MANIFEST_NAME):
        if not (source / name).is_file():
            raise BackupError(f"{source} is not a backup: {name} is missing.")
    manifest = json.loads((source / MANIFEST_NAME).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{source} has an unknown backup format.")
    return manifest


def restore(
    source: Path, *, database: Database, files_dir: Path, log=print
) -> dict[str, list]:
    """Load a backup into an empty database and an empty files directory, then
    compare with the manifest. Returns the differences (empty lists when none)."""
    manifest = read_manifest(source)
    source = Path(source)
    files_dir = Path(files_dir)
    pg_restore = tool("pg_restore")
    _check_restore_targets(database, files_dir, pg_restore, manifest)
    log(f"Restoring the database into {database.name} …")
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *database.args(),
            str(source / DUMP_NAME),
        ],
        database,
    )
    log(f"Restoring stored files into {files_dir} …")
    files_dir.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / FILES_NAME, "r:gz") as archive:
        archive.extractall(files_dir, filter="data")
    with database.connect() as conn, conn.cursor() as cursor:
        counts = table_row_counts(cursor)
    checksums = file_checksums(files_dir)
    log(
        f"Restored {len(counts)} tables, {sum(counts.values())} rows and "
        f"{len(checksums)} files from a backup of {manifest['created_at']}."
    )
    return _differences(manifest, counts, checksums)


def _check_restore_targets(database, files_dir, pg_restore, manifest):
    """A restore goes into an empty database and an empty files directory only, with
    a pg_restore as new as the server and the dump."""
    with database.connect() as conn, conn.cursor() as cursor:
        server_major = server_major_version(cursor)
        check_client_version(
            pg_restore, max(server_major, manifest["pg_dump_major_version"])
        )
        existing = table_row_counts(cursor)
    if existing:
        raise BackupError(
            f"The database {database.name} already has {len(existing)} tables. Restore "
            "into a new, empty database (createdb NAME) and switch DATABASE_URL to it "
            "once the restore has been checked."
        )
    if files_dir.exists() and any(files_dir.iterdir()):
        raise BackupError(
            f"The files directory {files_dir} is not empty. Restore into a new "
            "directory and point DJANGO_MEDIA_ROOT at it."
        )


def _differences(manifest, counts, checksums):
    """The tables whose row counts and the files whose checksums differ from the
    manifest's."""
    return {
        "tables": sorted(
            (table, manifest["tables"].get(table), counts.get(table))
            for table in set(manifest["tables"]) | set(counts)
            if manifest["tables"].get(table) != counts.get(table)
        ),
        "files": sorted(
            name
            for name in set(manifest["files"]) | set(checksums)
            if manifest["files"].get(name) != checksums.get(name)
        ),
    }


def _ensure_dir(path) -> Path:
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _run(command: list[str], database: Database) -> None:
    result = subprocess.run(  # noqa: S603 (argument list, no shell)
        command, env=database.env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            f"{Path(command[0]).name} failed ({result.returncode}): "
            f"{result.stderr.strip() or result.stdout.strip()}"
        )


def default_backup_dir() -> Path:
    return Path(os.environ.get("WCO_BACKUP_DIR") or settings.BASE_DIR / "backups")
