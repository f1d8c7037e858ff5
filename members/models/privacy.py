"""Personal-data requests, the erasure journal and retention rules (DESIGN: data
protection). The engine is ``members.personal_data``; each app's declarations are in
its ``privacy.py``."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wco_sse.core.models import TrackedModel
from wco_sse.core.text import NOTE_MAX_LENGTH


class PrivacyRequest(TrackedModel):
    """A person's request about their data: an export (開示), a correction (訂正)
    or an erasure (削除・利用停止), made from my page or recorded by the
    secretariat for someone who phoned or wrote."""

    class Kind(models.TextChoices):
        EXPORT = "export", pgettext_lazy("privacy request", "Disclosure")
        CORRECTION = "correction", pgettext_lazy("privacy request", "Correction")
        ERASURE = "erasure", pgettext_lazy("privacy request", "Erasure")

    class State(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("privacy request", "Received")
        IN_PROGRESS = "in_progress", pgettext_lazy("privacy request", "In progress")
        DONE = "done", pgettext_lazy("privacy request", "Done")
        REFUSED = "refused", pgettext_lazy("privacy request", "Declined")
        WITHDRAWN = "withdrawn", pgettext_lazy("privacy request", "Withdrawn")

    class Channel(models.TextChoices):
        MY_PAGE = "my_page", _("My page")
        PHONE = "phone", pgettext_lazy("privacy channel", "Phone")
        LETTER = "letter", pgettext_lazy("privacy channel", "Letter")
        EMAIL = "email", pgettext_lazy("privacy channel", "Email")
        IN_PERSON = "in_person", _("In person")

    OPEN_STATES = (State.RECEIVED, State.IN_PROGRESS)

    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="privacy_requests",
    )
    kind = models.CharField(_("request"), max_length=12, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.RECEIVED
    )
    channel = models.CharField(_("received by"), max_length=12, choices=Channel.choices)
    details = models.TextField(_("details"), max_length=NOTE_MAX_LENGTH, blank=True)
    answer = models.TextField(_("answer"), max_length=NOTE_MAX_LENGTH, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # An export: the ZIP (served to the secretary-general only) until it expires.
    export_file = models.ForeignKey(
        "core.StoredFile",
        verbose_name=_("export file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    export_rows = models.PositiveIntegerField(_("rows exported"), null=True, blank=True)
    expires_at = models.DateTimeField(_("file deleted at"), null=True, blank=True)
    # An erasure: the journal entry that records it.
    journal_entry = models.ForeignKey(
        "members.ErasureJournalEntry",
        verbose_name=_("journal entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("personal-data request")
        verbose_name_plural = _("personal-data requests")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "state"])]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES


class ErasureJournalEntry(TrackedModel):
    """One erasure or retention run, as ids and a hash: no personal data.

    Each entry's ``hash`` covers its content and the previous entry's hash, so a
    changed or missing entry shows. Entries are appended to the journal file
    (``WCO_PRIVACY_JOURNAL``) outside the database and its backups, and
    ``manage.py restore`` applies every entry to the restored data."""

    class Kind(models.TextChoices):
        ERASURE = "erasure", pgettext_lazy("journal", "Erasure")
        RETENTION = "retention", pgettext_lazy("journal", "Retention run")

    fragment_app_version = False

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    seq = models.PositiveIntegerField(_("number"), unique=True)
    at = models.DateTimeField(_("at"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # An erasure: the person's registry number; a retention run: the rule codes.
    subject = models.CharField(_("subject"), max_length=200)
    # [[model label, primary key, fate], ...]
    records = models.JSONField(default=list, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    actor_id_recorded = models.BigIntegerField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)
    replayed_at = models.DateTimeField(_("replayed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("erasure journal entry")
        verbose_name_plural = _("erasure journal")
        ordering = ["seq"]

    def __str__(self):
        return f"#{self.seq} {self.get_kind_display()}"


class RetentionRule(TrackedModel):
    """How long one kind of record is kept, and why: data the secretary-general
    edits. ``code`` names a retention kind an app declares (``Retention``)."""

    code = models.CharField(_("record kind"), max_length=60, unique=True)
    years = models.PositiveSmallIntegerField(_("years kept"))
    reason = models.TextField(_("reason"), max_length=NOTE_MAX_LENGTH)
    active = models.BooleanField(_("applied"), default=True)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["code"]

    def __str__(self):
        return self.code


class RetentionRun(TrackedModel):
    """A run of the retention rules, or its dry run (the monthly report)."""

    fragment_app_version = False

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    scheduled = models.BooleanField(_("scheduled"), default=True)
    # {rule code: number of records due / handled}
    counts = models.JSONField(default=dict, blank=True)
    # {rule code: the cutoff date (ISO) the run used: records anchored before it}
    cutoffs = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    journal_entry = models.ForeignKey(
        ErasureJournalEntry,
        verbose_name=_("journal entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d}"

    @property
    def total(self):
        return sum(self.counts.values())
