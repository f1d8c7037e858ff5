"""A person's export (開示): a ZIP the secretary-general runs on an export request.

The ZIP holds a readable summary (``summary.pdf``), one CSV per kind of record
(``data/<kind>.csv``, UTF-8 with a BOM, cells neutralized), the files the person
uploaded (``files/``) and a README in Japanese. It is kept as a stored file attached
to the request, served to the secretary-general only (never by a public link: the
request is registered as no file owner, so ``members:file_download`` refuses it) and
deleted ``WCO_PRIVACY_EXPORT_DAYS`` days later by ``purge_expired_exports``.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.dates import format_day, format_moment
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.exports import Column, to_csv
from wco_sse.core.models import ExportLog, StoredFile
from wco_sse.core.pdf import render_pdf
from wco_sse.core.transactions import service_transaction
from wco_sse.core.uploads import sha256_of

from ..models import PrivacyRequest
from . import snapshots
from .engine import export_tables, found_for

# Stored files a person's account "uploaded" that are documents the portal made or
# other people's records (a printed roster, a member-list import, an earlier export):
# not part of what the portal holds about the person.
NOT_THE_PERSONS_FILES = (
    "core.printjob",
    "members.importbatch",
    "members.privacyrequest",
)
# The export's own language: the secretariat hands it over; the README is Japanese.
EXPORT_LANGUAGE = "ja"


# ---------------------------------------------------------------- reading


def privacy_export_get_for(*, user, pk, perm="members.run_privacy_export"):
    """An export request, for the secretary-general only: 404 alike for a missing
    request, another kind of request and anyone else."""
    request = (
        PrivacyRequest.objects.select_related("person", "export_file")
        .filter(pk=pk)
        .first()
    )
    if request is None or not user.has_perm(perm, request):
        raise Http404
    return request


@dataclass
class PreviewItem:
    label: str
    role: str
    count: int


def export_preview(person) -> tuple[list[PreviewItem], int]:
    """What an export of the person would hold: one count per declared link, and
    the number of files, each part kept while the tables it reads stand
    (``snapshots.kept_parts``). Its page is kept whole under every declared model
    (``PersonRecordsPageMixin``): the whole reading would be renewed by the same
    writes, so it is not kept besides."""
    found = [
        item
        for item in found_for(person, lazy=True)
        if item.link.exported and item.declaration.export
    ]
    parts = [
        (f"count:{index}:{item.declaration.key}", lambda item=item: item.rows.count())
        for index, item in enumerate(found)
    ]
    parts.append(("files", lambda: len(person_files(person, []))))
    *counts, files = snapshots.kept_parts(person, parts)
    items = [
        PreviewItem(item.label, item.role, count)
        for item, count in zip(found, counts, strict=True)
        if count
    ]
    return items, files


def person_files(person, tables) -> list[StoredFile]:
    """The stored files the person uploaded: each table's declared files, and the
    files their account uploaded, once each."""
    seen = {}
    for table in tables:
        for stored in table.files:
            if isinstance(stored, StoredFile):
                seen.setdefault(stored.pk, stored)
    if person.account_id:
        excluded = [
            ContentType.objects.get_by_natural_key(*label.split("."))
            for label in NOT_THE_PERSONS_FILES
        ]
        for stored in (
            StoredFile.objects.filter(uploaded_by_id=person.account_id)
            .exclude(attached_type__in=excluded)
            .order_by("uploaded_at", "pk")
        ):
            seen.setdefault(stored.pk, stored)
    return list(seen.values())


# ---------------------------------------------------------------- the ZIP


def cell_text(value):
    """A value as the export writes it: local times, ISO days, text."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None:
        return ""
    return value if isinstance(value, int | float) else str(value)


def table_csv(table) -> bytes:
    columns = [
        Column(header, lambda row, index=index: cell_text(row[index]))
        for index, header in enumerate(table.headers)
    ]
    content, _count = to_csv(columns, table.rows)
    return content


def _safe_name(name):
    name = re.sub(r"[\x00-\x1f/\\:*?\"<>|]", "_", name).strip(" .") or "file"
    return name[:120]


def _line(table, row):
    """One record of the summary as one line of text: a table cell per value (or a
    span per label) made WeasyPrint take seconds for a few hundred records."""
    parts = []
    for header, value in zip(table.headers, row, strict=True):
        text = " ".join(str(cell_text(value)).split())
        if text:
            parts.append(f"{header}: {text}")
    return "\u3000".join(parts)


def _unique_keys(tables):
    """One CSV name per table, where two links of a model found rows by a query."""
    seen = set()
    for table in tables:
        key, number = table.key, 2
        while key in seen:
            key, number = f"{table.key}_{number}", number + 1
        table.key = key
        seen.add(key)


def _registry_table(tables, person):
    """The person's own registry entry (members.Person's table), or None."""
    for table in tables:
        if table.key == "members_person" or table.key.startswith("members_person_"):
            return table
    return None


def build_zip(*, person, tables, files, when) -> tuple[bytes, list[str]]:
    """The ZIP's bytes and the names of files that could not be read."""
    _unique_keys(tables)
    registry = _registry_table(tables, person)
    sections = []
    for table in tables:
        if table is registry:
            continue
        sections.append(
            {"table": table, "lines": [_line(table, row) for row in table.rows]}
        )
    registry_pairs = []
    if registry is not None:
        for row in registry.rows:
            registry_pairs += list(
                zip(registry.headers, (cell_text(v) for v in row), strict=True)
            )
    else:
        registry_pairs = [
            (_("Name"), person.full_name),
            (_("Name (kana)"), person.full_name_kana),
            (_("Email address"), person.contact_email),
        ]
    buffer = io.BytesIO()
    missing = []
    file_names = []
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            archive.writestr(f"data/{table.key}.csv", table_csv(table))
        for index, stored in enumerate(files, start=1):
            name = f"files/{index:03d}_{_safe_name(stored.original_name)}"
            try:
                with default_storage.open(stored.file.name, "rb") as handle:
                    archive.writestr(name, handle.read())
            except (FileNotFoundError, OSError, ValueError):
                missing.append(stored.original_name)
                continue
            file_names.append(name)
        context = {
            "person": person,
            "organization_name": settings.WCO_ORGANIZATION_NAME,
            "day": format_day(timezone.localdate(when)),
            "moment": format_moment(when),
            "registry_pairs": registry_pairs,
            "sections": sections,
            "tables": tables,
            "files": file_names,
            "missing": missing,
            "days": settings.WCO_PRIVACY_EXPORT_DAYS,
        }
        archive.writestr(
            "summary.pdf",
            render_pdf("members/privacy/export_summary_pdf.html", context),
        )
        readme = render_to_string("members/privacy/export_readme.txt", context)
        archive.writestr("README.txt", readme.replace("\n", "\r\n").encode("utf-8"))
    return buffer.getvalue(), missing


# ---------------------------------------------------------------- services


def _call_export_hooks(*, person, actor):
    """Each declaration's ``on_export`` with the model rows exported (a consultation
    record's read logged as a disclosure)."""
    by_declaration = {}
    for item in found_for(person):
        declaration = item.declaration
        if declaration.on_export is None or not item.link.exported:
            continue
        rows = by_declaration.setdefault(declaration.key, (declaration, {}))[1]
        for row in item.rows.order_by("pk"):
            rows.setdefault(row.pk, row)
    for declaration, rows in by_declaration.values():
        if rows:
            declaration.on_export(person=person, actor=actor, rows=list(rows.values()))


def _forget_file(stored):
    """Delete a stored file's row now and its bytes once the transaction commits."""
    stored.delete()
    transaction.on_commit(lambda: stored.file.delete(save=False))


def privacy_export_run(*, actor, request) -> PrivacyRequest:
    """Build the person's export, keep it attached to the request for
    ``WCO_PRIVACY_EXPORT_DAYS`` days, close the request, log it and tell the person."""
    require(actor, "members.run_privacy_export", request)
    written, committed = [], []
    try:
        return _run(actor=actor, request=request, written=written, committed=committed)
    except BaseException:
        # No bytes left behind by a run that did not commit.
        if not committed:
            for stored in written:
                stored.file.delete(save=False)
        raise


def _run(*, actor, request, written, committed):
    with service_transaction():
        transaction.on_commit(lambda: committed.append(True))
        locked = (
            PrivacyRequest.objects.select_for_update(of=("self",))
            .select_related("person", "export_file")
            .get(pk=request.pk)
        )
        if not can_run(locked):
            raise ServiceError(
                _("This request was declined or withdrawn: no export is run for it.")
            )
        person = locked.person
        now = timezone.now()
        with translation.override(EXPORT_LANGUAGE):
            tables = export_tables(person)
            files = person_files(person, tables)
            content, _missing = build_zip(
                person=person, tables=tables, files=files, when=now
            )
        _call_export_hooks(person=person, actor=actor)
        rows = sum(len(table.rows) for table in tables)
        stored = _store_zip(actor=actor, request=locked, content=content, when=now)
        written.append(stored)
        previous = locked.export_file
        locked.export_file = stored
        locked.export_rows = rows
        locked.expires_at = now + datetime.timedelta(
            days=settings.WCO_PRIVACY_EXPORT_DAYS
        )
        locked.state = PrivacyRequest.State.DONE
        locked.closed_at = now
        locked.handled_by = actor
        locked.save(
            update_fields=[
                "export_file",
                "export_rows",
                "expires_at",
                "state",
                "closed_at",
                "handled_by",
            ]
        )
        if previous is not None:
            _forget_file(previous)
        ExportLog.objects.create(
            actor=actor,
            what=_("Personal data export (disclosure)")[:120],
            filters=f"person={person.pk} request={locked.pk}",
            row_count=rows,
            file_format="zip",
        )
        audit_record(
            actor=actor,
            action="privacy.export_run",
            target=locked,
            message=_("%(rows)s records, %(files)s files")
            % {"rows": rows, "files": len(files)},
            data={
                "person": person.pk,
                "rows": rows,
                "files": len(files),
                "file": str(stored.pk),
            },
        )
        email_queue(
            key=f"privacy-export-ready:{locked.pk}:{stored.pk}",
            template="privacy_export_ready",
            to=person.contact_email,
            language=person.language,
            context={"person": person, "days": settings.WCO_PRIVACY_EXPORT_DAYS},
        )
    return locked


def _store_zip(*, actor, request, content, when) -> StoredFile:
    filename = f"export-{request.person_id}-{timezone.localdate(when):%Y%m%d}.zip"
    upload = ContentFile(content, name=filename)
    stored = StoredFile(
        original_name=filename,
        kind="zip",
        content_type="application/zip",
        size=len(content),
        sha256=sha256_of(upload),
        description=str(request)[:200],
        uploaded_by=actor,
        uploaded_at=when,
        attached_type=ContentType.objects.get_for_model(PrivacyRequest),
        attached_id=str(request.pk),
    )
    stored.file.save(filename, upload, save=False)
    stored.save()
    return stored


def can_run(request) -> bool:
    """An open request, or a done one run again (the file is replaced, for a person
    who lost it or after a correction); never a declined or withdrawn one."""
    return request.is_open or request.state == PrivacyRequest.State.DONE


def export_is_available(request, *, now=None) -> bool:
    now = now or timezone.now()
    return (
        request.export_file_id is not None
        and request.expires_at is not None
        and request.expires_at > now
    )


def privacy_export_download(*, actor, request) -> StoredFile:
    """The export's file for the secretary-general, before it expires; each download
    logged in the export log (a read: no audit entry, as for every export).
    ``Http404`` once it is gone."""
    require(actor, "members.download_privacy_export", request)
    if not export_is_available(request):
        raise Http404
    with service_transaction():
        ExportLog.objects.create(
            actor=actor,
            what=_("Personal data export (disclosure), downloaded")[:120],
            filters=f"person={request.person_id} request={request.pk}",
            row_count=request.export_rows or 0,
            file_format="zip",
        )
    return request.export_file


def purge_expired_exports(*, now=None) -> int:
    """Delete the files of exports past their days (row and bytes), recording each;
    safe to run twice. Returns how many were deleted."""
    now = now or timezone.now()
    due = list(
        PrivacyRequest.objects.filter(
            export_file__isnull=False, expires_at__lte=now
        ).values_list("pk", flat=True)
    )
    purged = 0
    for pk in due:
        with service_transaction():
            request = (
                PrivacyRequest.objects.select_for_update(of=("self",))
                .select_related("export_file")
                .filter(pk=pk, export_file__isnull=False, expires_at__lte=now)
                .first()
            )
            if request is None:
                continue
            stored = request.export_file
            request.export_file = None
            request.save(update_fields=["export_file"])
            _forget_file(stored)
            audit_record(
                actor=None,
                action="privacy.export_purge",
                target=request,
                data={"person": request.person_id, "file": str(stored.pk)},
            )
            purged += 1
    return purged
