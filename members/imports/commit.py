"""The commit of a checked import: every row through the registry's services, in one
transaction, with progress reported as it goes (run by the task ``import_commit``)."""

import datetime
import logging
import time
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError
from wco_sse.core.transactions import service_transaction

from ..models import (
    Affiliation,
    ImportBatch,
    ImportRow,
    Industry,
    LegalForm,
    Municipality,
    Organization,
    Person,
    User,
)
from ..services import (
    ConflictError,
    affiliation_add,
    legal_form_change_record_within,
    organization_create_within,
    organization_update_within,
    person_create_within,
    person_update_within,
)
from .columns import DATE_FIELDS
from .representatives import representative_of_row

logger = logging.getLogger(__name__)
PROGRESS_INTERVAL = 0.5  # seconds between progress reports during a commit


class _Progress:
    """Reports processed rows while the commit's transaction is still open.

    On PostgreSQL the count goes through a connection of its own (autocommit), so the
    progress page sees it at once; the commit's transaction holds the batch's row only
    with a key-share lock (``_hold``), which such an update does not wait for. SQLite
    has one writer at a time: there the count is written with the result.
    """

    def __init__(self, batch):
        self.pk = batch.pk
        self.last = 0.0
        self.side = None
        if connection.vendor == "postgresql":
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)

    def report(self, count, *, force=False):
        now = time.monotonic()
        if self.side is None or (not force and now - self.last < PROGRESS_INTERVAL):
            return
        self.last = now
        try:
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportBatch._meta.db_table} "  # noqa: S608 (our own name)
                    "SET processed_rows = %s WHERE id = %s",
                    [count, self.pk],
                )
        except Exception:
            logger.warning("Import progress could not be reported", exc_info=True)

    def close(self):
        if self.side is not None:
            self.side.close()


class _RowFailed(Exception):
    def __init__(self, row, message):
        super().__init__(message)
        self.row = row
        self.message = message


def _conflict_message(error):
    lines = [error.message]
    for change in error.changes:
        lines.append(
            _("%(label)s: %(old)s → %(new)s (%(by)s)")
            % {
                "label": change["label"],
                "old": change["old"] if change["old"] not in (None, "") else "—",
                "new": change["new"] if change["new"] not in (None, "") else "—",
                "by": change["by"],
            }
        )
    return "\n".join(lines)


def _row_data(row, industries, municipalities):
    data = {}
    for name, value in row.values.get("data", {}).items():
        if name == "industry":
            value = industries.get(value) if value else None
        elif name == "municipality":
            value = municipalities.get(value) if value else None
        elif name in DATE_FIELDS and value:
            value = datetime.date.fromisoformat(value)
        data[name] = value
    return data


@contextmanager
def _row_failures(row, *, missing, gone):
    """A row that can't be applied fails the commit with its reason: a conflict
    with what changed since the dry run, a record ``missing`` since (``gone`` says
    so), or a service's refusal."""
    try:
        yield
    except ConflictError as error:
        raise _RowFailed(row, _conflict_message(error)) from error
    except missing:
        raise _RowFailed(row, gone) from None
    except ServiceError as error:
        raise _RowFailed(row, error.message) from error


def _imported(*, actor, batch, row, target):
    audit_record(
        actor=actor,
        action=f"{target._meta.model_name}.import",
        target=target,
        message=_("Imported from %(file)s, row %(row)s")
        % {"file": batch.original_name, "row": row.row_number},
        data={"import": str(batch.pk), "row": row.row_number},
    )


def _save_organization(*, actor, batch, row, data):
    """The row's organization, created or updated, with its new legal form recorded."""
    since = row.values.get("legal_form_since") or None
    since = datetime.date.fromisoformat(since) if since else None
    if row.outcome == ImportRow.Outcome.NEW:
        return organization_create_within(
            actor=actor,
            data=data,
            legal_form=row.values.get("legal_form") or LegalForm.VOLUNTARY,
            legal_form_since=since,
        )
    # The registry's own version check: a record saved by someone since the dry run
    # fails the row (an unchanged row too, as it was judged on what the record was
    # then).
    organization = organization_update_within(
        actor=actor,
        organization=Organization.objects.get(pk=row.organization_id),
        data=data,
        expected_version=row.matched_version,
    )
    if row.outcome != ImportRow.Outcome.UNCHANGED and row.values.get("legal_form"):
        organization = legal_form_change_record_within(
            actor=actor,
            organization=organization,
            legal_form=row.values["legal_form"],
            since=since,
            note=_("Imported from %(file)s") % {"file": batch.original_name},
        )
    return organization


def _apply_row(*, actor, batch, row, industries, municipalities, created):
    """Apply one checked row through the registry's services: the organization,
    then its representative's 代表者 affiliation; return the organization."""
    data = _row_data(row, industries, municipalities)
    with _row_failures(
        row,
        missing=Organization.DoesNotExist,
        gone=_("The organization this row updates has been deleted."),
    ):
        organization = _save_organization(actor=actor, batch=batch, row=row, data=data)
    with _row_failures(
        row,
        missing=Person.DoesNotExist,
        gone=_("The representative this row names has been deleted."),
    ):
        representative_of_row(
            actor=actor,
            organization=organization,
            representative=row.values.get("representative"),
            created=created,
        )
    if row.outcome != ImportRow.Outcome.UNCHANGED:
        _imported(actor=actor, batch=batch, row=row, target=organization)
    row.organization = organization
    return organization


def _add_affiliation(*, actor, person, affiliation):
    """The row's place in a W.Co, added unless the person holds it already."""
    organization = Organization.objects.get(pk=affiliation["organization"])
    held = (
        Affiliation.objects.current()
        .filter(
            person=person, organization=organization, position=affiliation["position"]
        )
        .exists()
    )
    if not held:
        start = affiliation.get("start")
        affiliation_add(
            actor=actor,
            person=person,
            organization=organization,
            position=affiliation["position"],
            start=datetime.date.fromisoformat(start) if start else None,
        )


def _save_person(*, actor, row, data):
    """The row's person, created or updated (with the registry's version check),
    then their place in a W.Co."""
    if row.outcome == ImportRow.Outcome.NEW:
        person = person_create_within(actor=actor, data=data)
    else:
        person = person_update_within(
            actor=actor,
            person=Person.objects.get(pk=row.person_id),
            data=data,
            expected_version=row.matched_version,
        )
    affiliation = row.values.get("affiliation")
    if affiliation:
        _add_affiliation(actor=actor, person=person, affiliation=affiliation)
    return person


def _apply_person_row(*, actor, batch, row, industries, municipalities, created):
    """Apply one checked row of a people list: the person, then their place in a
    W.Co (added unless they already hold it)."""
    data = _row_data(row, industries, municipalities)
    with _row_failures(
        row,
        missing=(Person.DoesNotExist, Organization.DoesNotExist),
        gone=_("A record this row refers to has been deleted."),
    ):
        person = _save_person(actor=actor, row=row, data=data)
    row.person = person
    if row.outcome != ImportRow.Outcome.UNCHANGED:
        _imported(actor=actor, batch=batch, row=row, target=person)
    return person


APPLIED = (ImportRow.Outcome.NEW, ImportRow.Outcome.UPDATE, ImportRow.Outcome.UNCHANGED)


def _hold(batch):
    """Lock for the commit, in the order every import service takes: the batch
    first, then its rows.

    The batch is held with FOR KEY SHARE (PostgreSQL), which keeps it from being
    discarded, failed or started again (those lock it FOR UPDATE) while letting the
    progress be written to it from the side; the rows are locked FOR UPDATE, which
    keeps a second run of the task out until this one has finished. Returns the rows
    and the batch's status as the lock found it.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {ImportBatch._meta.db_table} "  # noqa: S608 (our own name)
                "WHERE id = %s FOR KEY SHARE",
                [batch.pk],
            )
    rows = list(
        ImportRow.objects.select_for_update()
        .filter(batch_id=batch.pk)
        .order_by("row_number")
    )
    status = (
        ImportBatch.objects.filter(pk=batch.pk).values_list("status", flat=True).first()
    )
    return rows, status


def _lock_records(batch, rows):
    """Lock the registry records the rows update, in primary-key order, before the
    rows are applied one by one in the file's order: two commits (or a commit and a
    page) that share records then wait for each other instead of deadlocking."""
    if batch.kind == ImportBatch.Kind.PEOPLE:
        model, field = Person, "person_id"
    else:
        model, field = Organization, "organization_id"
    ids = {getattr(row, field) for row in rows if row.outcome in APPLIED} - {None}
    list(model.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def _apply_rows(*, actor, batch, rows, progress):
    _lock_records(batch, rows)
    industries = Industry.objects.in_bulk()
    municipalities = Municipality.objects.select_related("parent").in_bulk()
    apply = _apply_person_row if batch.kind == ImportBatch.Kind.PEOPLE else _apply_row
    applied = []
    created = {}  # the people this commit created, by name and reading
    for count, row in enumerate(rows, start=1):
        if row.outcome in APPLIED:
            apply(
                actor=actor,
                batch=batch,
                row=row,
                industries=industries,
                municipalities=municipalities,
                created=created,
            )
            applied.append(row)
        elif row.outcome == ImportRow.Outcome.ERROR:
            raise _RowFailed(row, _("This row has errors."))
        progress.report(count)
    ImportRow.objects.bulk_update(applied, ["organization", "person"])


def _mark_committed(*, actor, batch, rows):
    batch.status = ImportBatch.Status.COMMITTED
    batch.processed_rows = len(rows)
    batch.committed_at = timezone.now()
    batch.save(update_fields=["status", "processed_rows", "committed_at"])
    audit_record(
        actor=actor,
        action="import.committed",
        target=batch,
        message=batch.original_name,
        data={k: v for k, v in batch.counts.items() if k in ImportRow.Outcome.values},
    )


def import_commit_run(*, batch_id, actor_id=None):
    """Apply a checked import in one transaction. Safe to run twice: a second run finds
    the import committed (or waits for the first to finish) and does nothing."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.status != ImportBatch.Status.COMMITTING:
        return batch.status if batch else None
    actor = User.objects.filter(pk=actor_id or batch.uploaded_by_id).first()
    if actor is None:
        return _fail(batch, None, _("The person who started the import is gone."))
    progress = _Progress(batch)
    try:
        with service_transaction():
            rows, status = _hold(batch)
            if status != ImportBatch.Status.COMMITTING:
                return status
            _apply_rows(actor=actor, batch=batch, rows=rows, progress=progress)
            _mark_committed(actor=actor, batch=batch, rows=rows)
    except _RowFailed as failure:
        return _fail(batch, failure.row, failure.message)
    except Exception:
        logger.exception("Import %s failed", batch.pk)
        return _fail(
            batch,
            None,
            _("The import stopped because of an unexpected error."),
        )
    finally:
        progress.close()
    return ImportBatch.Status.COMMITTED


def _fail(batch, row, message):
    """Record why a commit failed; the registry is as it was before."""
    with service_transaction():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if not locked.can_become(ImportBatch.Status.FAILED):
            return locked.status
        if row is not None:
            row.refresh_from_db()
            row.errors = [*row.errors, {"column": "", "message": str(message)}]
            row.outcome = ImportRow.Outcome.ERROR
            row.save(update_fields=["errors", "outcome"])
            locked.error = _("Row %(row)s: %(message)s Nothing was imported.") % {
                "row": row.row_number,
                "message": message.split("\n", 1)[0],
            }
            counts = dict(locked.counts)
            counts[ImportRow.Outcome.ERROR] = locked.rows.filter(
                outcome=ImportRow.Outcome.ERROR
            ).count()
            locked.counts = counts
        else:
            locked.error = _("%(message)s Nothing was imported.") % {"message": message}
        locked.status = ImportBatch.Status.FAILED
        locked.save(update_fields=["status", "error", "counts"])
        audit_record(
            actor=None, action="import.failed", target=locked, message=locked.error
        )
    return ImportBatch.Status.FAILED
