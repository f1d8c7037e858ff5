"""Reading imports: one import for whoever may import, the latest ones, the rows a
dry run's page shows."""

from wco_sse.core.selectors import get_visible_or_404

from ..models import ImportBatch, ImportRow

# What the dry run's page may show: every row, those that stop the import, or those
# that change the registry.
ROW_FILTERS = {
    "all": None,
    "errors": (ImportRow.Outcome.ERROR, ImportRow.Outcome.DUPLICATE),
    "changes": (ImportRow.Outcome.NEW, ImportRow.Outcome.UPDATE),
}


def import_batch_get_for(*, user, pk):
    """An import, or 404 for anyone who may not import (and for a missing one)."""
    return get_visible_or_404(
        ImportBatch.objects.select_related("uploaded_by", "file"),
        user=user,
        perm="members.import_registry",
        pk=pk,
    )


def import_batches_recent(limit=10):
    return ImportBatch.objects.select_related("uploaded_by")[:limit]


def import_rows(*, batch, show="all"):
    """The batch's rows in file order, with the records they match."""
    rows = batch.rows.select_related("organization", "person").order_by("row_number")
    outcomes = ROW_FILTERS.get(show)
    if outcomes:
        rows = rows.filter(outcome__in=outcomes)
    return rows


def import_rows_to_complete(*, batch):
    """The rows whose organization the registry will lack something of (a
    corporation's 法人番号), with the records they made once committed."""
    return (
        batch.rows.filter(values__has_key="to_complete")
        .exclude(outcome__in=(ImportRow.Outcome.ERROR, ImportRow.Outcome.DUPLICATE))
        .select_related("organization")
        .order_by("row_number")
    )
