"""The commit of a checked import: every row through the registry's services, in one
transaction, with progress reported as it goes (run by the task ``import_commit``)."""

import datetime
import logging
import time

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError

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
from ..services.registry import (
    ConflictError,
    affiliation_add,
    legal_form_change_record,
    organization_create,
    organization_update,
    person_create,
    person_update,
)
from .columns import DATE_FIELDS

logger = logging.getLogger(__name__)
PROGRESS_INTERVAL = 0.5  # seconds between progress reports during a commit


class _Progress:
    """Reports processed rows while the commit's transaction is still open.

    On PostgreSQL the count goes through a connection of its own (autocommit), so the
    progress page sees it at once; the commit's transaction never locks the batch's
    row, so the two never wait for each other. SQLite has one writer at a time: there
    the count is written with the result.
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


def _apply_row(*, actor, batch, row, industries, municipalities):
    """Apply one checked row through the registry's services; return its record."""
    data = _row_data(row, industries, municipalities)
    since = row.values.get("legal_form_since") or None
    since = datetime.date.fromisoformat(since) if since else None
    try:
        if row.outcome == ImportRow.Outcome.NEW:
            organization = organization_create(
                actor=actor,
                data=data,
                legal_form=row.values.get("legal_form") or LegalForm.VOLUNTARY,
                legal_form_since=since,
            )
        else:
            # The registry's own version check: a record saved by someone since the
            # dry run fails the row (an unchanged row too, as it was judged on what
            # the record was then).
            organization = organization_update(
                actor=actor,
                organization=Organization.objects.get(pk=row.organization_id),
                data=data,
                expected_version=row.matched_version,
            )
            if row.outcome == ImportRow.Outcome.UNCHANGED:
                row.organization = organization
                return organization
            if row.values.get("legal_form"):
                organization = legal_form_change_record(
                    actor=actor,
                    organization=organization,
                    legal_form=row.values["legal_form"],
                    since=since,
                    note=_("Imported from %(file)s") % {"file": batch.original_name},
                )
    except ConflictError as error:
        raise _RowFailed(row, _conflict_message(error)) from error
    except Organization.DoesNotExist:
        raise _RowFailed(
            row, _("The organization this row updates has been deleted.")
        ) from None
    except ServiceError as error:
        raise _RowFailed(row, error.message) from error
    audit_record(
        actor=actor,
        action="organization.import",
        target=organization,
        message=_("Imported from %(file)s, row %(row)s")
        % {"file": batch.original_name, "row": row.row_number},
        data={"import": str(batch.pk), "row": row.row_number},
    )
    row.organization = organization
    return organization


def _apply_person_row(*, actor, batch, row, industries, municipalities):
    """Apply one checked row of a people list: the person, then their place in a
    W.Co (added unless they already hold it)."""
    data = _row_data(row, industries, municipalities)
    try:
        if row.outcome == ImportRow.Outcome.NEW:
            person = person_create(actor=actor, data=data)
        else:
            person = person_update(
                actor=actor,
                person=Person.objects.get(pk=row.person_id),
                data=data,
                expected_version=row.matched_version,
            )
        affiliation = row.values.get("affiliation")
        if affiliation:
            organization = Organization.objects.get(pk=affiliation["organization"])
            held = (
                Affiliation.objects.current()
                .filter(
                    person=person,
                    organization=organization,
                    position=affiliation["position"],
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
    except ConflictError as error:
        raise _RowFailed(row, _conflict_message(error)) from error
    except (Person.DoesNotExist, Organization.DoesNotExist):
        raise _RowFailed(
            row, _("A record this row refers to has been deleted.")
        ) from None
    except ServiceError as error:
        raise _RowFailed(row, error.message) from error
    row.person = person
    if row.outcome != ImportRow.Outcome.UNCHANGED:
        audit_record(
            actor=actor,
            action="person.import",
            target=person,
            message=_("Imported from %(file)s, row %(row)s")
            % {"file": batch.original_name, "row": row.row_number},
            data={"import": str(batch.pk), "row": row.row_number},
        )
    return person


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
        with transaction.atomic():
            # Locking the rows (not the batch) keeps a second run out while progress
            # is written to the batch from the side.
            rows = list(
                ImportRow.objects.select_for_update()
                .filter(batch_id=batch.pk)
                .order_by("row_number")
            )
            status = (
                ImportBatch.objects.filter(pk=batch.pk)
                .values_list("status", flat=True)
                .first()
            )
            if status != ImportBatch.Status.COMMITTING:
                return status
            industries = Industry.objects.in_bulk()
            municipalities = Municipality.objects.select_related("parent").in_bulk()
            applied = []
            for count, row in enumerate(rows, start=1):
                if row.outcome in (
                    ImportRow.Outcome.NEW,
                    ImportRow.Outcome.UPDATE,
                    ImportRow.Outcome.UNCHANGED,
                ):
                    apply = (
                        _apply_person_row
                        if batch.kind == ImportBatch.Kind.PEOPLE
                        else _apply_row
                    )
                    apply(
                        actor=actor,
                        batch=batch,
                        row=row,
                        industries=industries,
                        municipalities=municipalities,
                    )
                    applied.append(row)
                elif row.outcome == ImportRow.Outcome.ERROR:
                    raise _RowFailed(row, _("This row has errors."))
                progress.report(count)
            ImportRow.objects.bulk_update(applied, ["organization", "person"])
            batch.status = ImportBatch.Status.COMMITTED
            batch.processed_rows = len(rows)
            batch.committed_at = timezone.now()
            batch.save(update_fields=["status", "processed_rows", "committed_at"])
            audit_record(
                actor=actor,
                action="import.committed",
                target=batch,
                message=batch.original_name,
                data={
                    k: v
                    for k, v in batch.counts.items()
                    if k in ImportRow.Outcome.values
                },
            )
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
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportBatch.Status.COMMITTING:
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
