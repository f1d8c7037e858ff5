"""The import's use cases: the dry run, starting the commit (a Celery task runs it,
``imports.commit``), discarding."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.files import file_attach
from wco_sse.core.text import strip_bidi
from wco_sse.core.transactions import service_transaction
from wco_sse.core.uploads import CSV, XLSX

from ..models import ImportBatch, ImportColumnMapping, ImportRow
from .columns import COLUMN_SETS, header_key
from .matching import Lookups
from .people import check_person_row
from .reading import read_table
from .rows import check_row
from .tasks import import_commit

# --- The dry run -------------------------------------------------------------------------------


def import_check(
    *, actor, uploaded, kind=ImportBatch.Kind.ORGANIZATIONS, stored=None
) -> ImportBatch:
    """Read ``uploaded`` and record what importing it would do; change nothing else.

    ``kind`` says whether it lists organizations or people. ``stored`` is the
    StoredFile of an earlier check of the same file (check again).
    """
    require(actor, "members.import_registry")
    if kind not in ImportBatch.Kind.values:
        raise ServiceError(_("Choose what the list holds."), field="kind")
    table = read_table(uploaded, kind)
    ordered = sorted(table.columns.items())
    results = _check_rows(table, ordered, kind)
    counts = dict.fromkeys(ImportRow.Outcome.values, 0)
    for result in results:
        counts[result.outcome] += 1
    counts["to_complete"] = sum(
        1
        for result in results
        if result.extra.get("to_complete") and result.outcome != ImportRow.Outcome.ERROR
    )
    counts["columns"] = [column.header for _i, column in ordered]
    counts["ignored_columns"] = table.ignored
    counts["skipped_columns"] = table.skipped
    counts["mapped_columns"] = table.mapped
    counts["column_samples"] = table.samples
    counts["header_digest"] = table.digest
    column_set = COLUMN_SETS[kind]
    if not {column.field for column in table.columns.values()} & set(
        column_set.key_fields
    ):
        counts["missing_key_column"] = column_set.header_of(column_set.key_fields[0])
    with service_transaction():
        batch = ImportBatch.objects.create(
            kind=kind,
            original_name=(strip_bidi(uploaded.name) or "import")[:255],
            encoding=table.encoding,
            total_rows=len(results),
            counts=counts,
            uploaded_by=actor,
        )
        if stored is None:
            stored = file_attach(
                actor=actor, target=batch, uploaded=uploaded, kinds=(CSV, XLSX)
            )
        batch.file = stored
        batch.save(update_fields=["file"])
        ImportRow.objects.bulk_create(
            _row_of(batch, kind, result) for result in results
        )
        audit_record(
            actor=actor,
            action="import.check",
            target=batch,
            message=batch.original_name,
            data={k: v for k, v in counts.items() if k in ImportRow.Outcome.values},
        )
    return batch


def _check_rows(table, ordered, kind):
    """Every row's outcome, matched against the registry and the rows above it."""
    lookups = Lookups()
    seen = {}
    check = check_person_row if kind == ImportBatch.Kind.PEOPLE else check_row
    results = []
    for number, row in table.rows:
        cells = [(column, row[i] if i < len(row) else None) for i, column in ordered]
        results.append(check(number, cells, lookups, seen))
    return results


def _row_of(batch, kind, result):
    return ImportRow(
        batch=batch,
        row_number=result.number,
        outcome=result.outcome,
        values={
            "cells": result.cells,
            "data": result.data,
            "changes": result.changes,
            "legal_form": result.legal_form,
            "legal_form_since": result.legal_form_since,
            **result.extra,
        },
        errors=result.errors,
        organization=result.organization,
        person=result.person,
        matched_version=_matched_version(kind, result),
    )


def _matched_version(kind, result):
    """The version of the record the row updates, as the dry run saw it."""
    record = result.person if kind == ImportBatch.Kind.PEOPLE else result.organization
    return record.version if record is not None else None


def import_check_again(*, actor, batch) -> ImportBatch:
    """A new dry run of the same file (after a failed commit, or to see it afresh)."""
    require(actor, "members.import_registry")
    if batch.file is None:
        raise ServiceError(_("The file of this import is no longer available."))
    stored = batch.file
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise ServiceError(
            _("The file of this import is no longer available.")
        ) from None
    with handle:
        uploaded = SimpleUploadedFile(stored.original_name, handle.read())
    return import_check(actor=actor, uploaded=uploaded, kind=batch.kind, stored=stored)


def mapping_choices(batch):
    """The fields an unread column of ``batch`` may be read as: those of its kind the
    file does not have yet, in the template's order, as (field, header)."""
    present = set((batch.counts or {}).get("columns", []))
    return [
        (column.field, column.header)
        for column in COLUMN_SETS[batch.kind].columns
        if column.header not in present
    ]


def import_map_columns(*, actor, batch, mapping) -> ImportBatch:
    """Say what the unread columns of a checked import hold (``mapping``: header ->
    field, or "" not to read it), remember it for the next file with the same
    headers, and check the file again with it: the new import replaces this one."""
    require(actor, "members.import_registry")
    counts = batch.counts or {}
    if batch.status != ImportBatch.Status.CHECKED:
        raise ServiceError(_("This import can no longer be changed."))
    unread = counts.get("ignored_columns") or []
    if not unread:
        raise ServiceError(_("Every column of this file is read already."))
    allowed = {name for name, _header in mapping_choices(batch)}
    chosen = {}
    for header in unread:
        field = mapping.get(header)
        if field is None:
            raise ServiceError(
                _("Choose what the column “%(column)s” holds, or not to read it.")
                % {"column": header},
                field=header,
            )
        if field and field not in allowed:
            raise ServiceError(_("Choose one of the listed columns."), field=header)
        if field and field in chosen.values():
            raise ServiceError(
                _("Another column is already read as this one."), field=header
            )
        chosen[header] = field
    with service_transaction():
        saved, _created = ImportColumnMapping.objects.select_for_update().get_or_create(
            kind=batch.kind,
            digest=counts.get("header_digest", ""),
            defaults={"updated_by": actor},
        )
        saved.mapping = {
            **saved.mapping,
            **{header_key(header): field for header, field in chosen.items()},
        }
        saved.headers = sorted({*saved.headers, *map(header_key, chosen)})
        saved.updated_by = actor
        saved.save()
        audit_record(
            actor=actor,
            action="import.map_columns",
            target=batch,
            message=batch.original_name,
            data={"columns": chosen},
        )
    checked = import_check_again(actor=actor, batch=batch)
    import_discard(actor=actor, batch=batch)
    return checked


def import_forget_columns(*, actor, batch) -> ImportBatch:
    """Forget what was chosen for the columns of files with this import's headers,
    and check the file again: its unknown columns are asked about anew."""
    require(actor, "members.import_registry")
    counts = batch.counts or {}
    if batch.status != ImportBatch.Status.CHECKED:
        raise ServiceError(_("This import can no longer be changed."))
    if not (counts.get("mapped_columns") or counts.get("skipped_columns")):
        raise ServiceError(_("No column of this file was chosen for."))
    with service_transaction():
        ImportColumnMapping.objects.filter(
            kind=batch.kind, digest=counts.get("header_digest", "")
        ).delete()
        audit_record(
            actor=actor,
            action="import.forget_columns",
            target=batch,
            message=batch.original_name,
        )
    checked = import_check_again(actor=actor, batch=batch)
    import_discard(actor=actor, batch=batch)
    return checked


def import_discard(*, actor, batch):
    """Drop a checked (or failed) import. Nothing of it was imported, so the personal
    data it holds goes: its rows, and the uploaded file unless another check of the
    same file still uses it. Who uploaded what and when stays."""
    require(actor, "members.import_registry")
    with service_transaction():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if not locked.can_become(ImportBatch.Status.DISCARDED):
            raise ServiceError(_("This import can no longer be discarded."))
        stored = locked.file
        locked.status = ImportBatch.Status.DISCARDED
        locked.file = None
        locked.total_rows = 0
        locked.save(update_fields=["status", "file", "total_rows"])
        locked.rows.all().delete()
        if stored is not None and not ImportBatch.objects.filter(file=stored).exists():
            stored.delete()
            transaction.on_commit(lambda: stored.file.delete(save=False))
        audit_record(
            actor=actor,
            action="import.discard",
            target=locked,
            message=locked.original_name,
        )
    return locked


# --- The commit ------------------------------------------------------------------------------


def import_commit_start(*, actor, batch):
    """Queue the commit of a checked import (the Celery task does the work)."""
    require(actor, "members.import_registry")
    with service_transaction():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if not locked.can_become(ImportBatch.Status.COMMITTING):
            raise ServiceError(
                _("This import is %(status)s: it cannot be started again.")
                % {"status": locked.get_status_display()}
            )
        if locked.counts.get("ignored_columns"):
            raise ServiceError(
                _(
                    "Some columns of the file are not read: choose what each holds, "
                    "or not to read it, before importing."
                )
            )
        if locked.counts.get(ImportRow.Outcome.ERROR):
            raise ServiceError(
                _(
                    "Some rows have errors. Please correct them in your file and "
                    "upload it again: nothing is imported until every row can be."
                )
            )
        if not (
            locked.counts.get(ImportRow.Outcome.NEW)
            or locked.counts.get(ImportRow.Outcome.UPDATE)
        ):
            raise ServiceError(_("There is nothing to import: no row adds or changes."))
        locked.status = ImportBatch.Status.COMMITTING
        locked.processed_rows = 0
        locked.error = ""
        locked.save(update_fields=["status", "processed_rows", "error"])
        audit_record(actor=actor, action="import.commit", target=locked)

        def queue():
            import_commit.delay(str(locked.pk), actor.pk)

        transaction.on_commit(queue)
    return locked
