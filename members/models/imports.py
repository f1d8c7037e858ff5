import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wco_sse.core.models import TrackedModel


class ImportBatch(TrackedModel):
    """One uploaded member list: checked in a dry run, then committed all at once."""

    class Kind(models.TextChoices):
        ORGANIZATIONS = "organizations", _("Organizations")
        PEOPLE = "people", _("People")

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked (dry run)")
        COMMITTING = "committing", _("Importing")
        COMMITTED = "committed", _("Imported")
        FAILED = "failed", _("Failed")
        DISCARDED = "discarded", _("Discarded")

    # What an import may become from each status: checked, it is committed (through
    # "committing") or discarded; a failed commit leaves it to be discarded (or
    # checked again, as a new import).
    TRANSITIONS = {
        Status.CHECKED: (Status.COMMITTING, Status.DISCARDED),
        Status.COMMITTING: (Status.COMMITTED, Status.FAILED),
        Status.FAILED: (Status.DISCARDED,),
        Status.COMMITTED: (),
        Status.DISCARDED: (),
    }

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.ForeignKey(
        "core.StoredFile",
        verbose_name=_("file"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CHECKED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    def can_become(self, status):
        return status in self.TRANSITIONS[self.status]

    @property
    def can_commit(self):
        """Checked, every column read or set aside, without an error, and with
        something to add or change."""
        counts = self.counts or {}
        return (
            self.can_become(self.Status.COMMITTING)
            and not counts.get("ignored_columns")
            and not counts.get(ImportRow.Outcome.ERROR)
            and bool(
                counts.get(ImportRow.Outcome.NEW)
                or counts.get(ImportRow.Outcome.UPDATE)
            )
        )

    @property
    def progress_percent(self):
        if not self.total_rows:
            return 100 if self.status == self.Status.COMMITTED else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class ImportRow(TrackedModel):
    """One row of an import: its outcome, its errors, and the record it made or changed."""

    class Outcome(models.TextChoices):
        NEW = "new", _("New")
        UPDATE = "update", _("Update")
        DUPLICATE = "duplicate", _("Duplicate")
        ERROR = "error", _("Error")
        UNCHANGED = "unchanged", _("Unchanged")

    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import"),
        on_delete=models.CASCADE,
        related_name="rows",
    )
    row_number = models.PositiveIntegerField(_("row"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    values = models.JSONField(_("values"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    organization = models.ForeignKey(
        "members.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_rows",
    )
    person = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_rows",
    )
    # The version of the matched record when the dry run saw it: a commit refuses the
    # row if someone edited the record in between.
    matched_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        ordering = ["batch", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "row_number"], name="import_row_unique"
            )
        ]

    def __str__(self):
        return f"{self.batch_id} #{self.row_number} {self.outcome}"


class ImportColumnMapping(TrackedModel):
    """What the secretariat said a list's unknown columns hold, remembered for the
    next file with the same headers (``digest``: of its normalized header set)."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportBatch.Kind.choices)
    digest = models.CharField(_("headers"), max_length=64)
    headers = models.JSONField(_("headers"), default=list, blank=True)
    # Normalized header -> the field it fills, or "" for a column not to read.
    mapping = models.JSONField(_("columns"), default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping of an import")
        verbose_name_plural = _("column mappings of imports")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "digest"], name="import_column_mapping_unique"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.digest[:12]}"
