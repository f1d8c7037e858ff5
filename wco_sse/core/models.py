"""The platform's own records: audit entries, the export log, the email outbox and
stored files. Their tables keep the names they had in the registry app
(``members_*``), where they began."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .dates import format_moment
from .tracking import TrackedManager


class TrackedModel(models.Model):
    """The base of every portal model: its bulk writes renew what caches show of it
    (``core.tracking``; the system check ``core.E001`` holds every model to it)."""

    objects = TrackedManager()

    class Meta:
        abstract = True


class AuditEntry(TrackedModel):
    """Who did what to which record, and when. Written by services, never edited."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("by (as recorded)"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(_("record"), max_length=300, blank=True)
    message = models.TextField(_("details"), blank=True)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    # Written with every action and shown through no app-wide fragment.
    fragment_app_version = False

    class Meta:
        db_table = "members_auditentry"
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(
                fields=["target_type", "target_id", "-at"],
                name="members_aud_target__3016f5_idx",
            )
        ]

    def __str__(self):
        return f"{format_moment(self.at)} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def fragment_versions(self):
        """The history of one record (core.fragments): renewed by an entry about it."""
        if self.target_type_id is None:
            return []
        target = ContentType.objects.get_for_id(self.target_type_id)
        return [f"core.auditentry:{target.app_label}.{target.model}:{self.target_id}"]


class ExportLog(TrackedModel):
    """Every export of personal data: who, what, with which filter, how many rows."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    what = models.CharField(_("what"), max_length=120)
    filters = models.CharField(_("filter"), max_length=500, blank=True)
    row_count = models.PositiveIntegerField(_("rows"))
    file_format = models.CharField(_("format"), max_length=10)

    class Meta:
        db_table = "members_exportlog"
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{format_moment(self.at)} {self.what} ({self.row_count})"


class OutboundEmail(TrackedModel):
    """One email the portal sends, rendered when queued (or, queued from under a
    busy lock, when sent: ``render_later``) and sent once by a task.

    ``key`` names the occasion (for example ``course-reminder:12:345``) so the same
    email is never queued twice, and a task that runs twice finds it already sent.

    An email that carries a secret (a password-reset or consent link, a code) keeps
    only a redacted copy in ``body_text``/``body_html``; the body to send sits in
    ``sealed``, encrypted with a key derived from ``SECRET_KEY``, until it is sent or
    given up (``core.emails``), so no usable token stays at rest.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", pgettext_lazy("email status", "Failed")
        # Not sent in time: its secrets were removed, so it can't be sent any more.
        EXPIRED = "expired", pgettext_lazy("email status", "Expired")

    key = models.CharField(_("key"), max_length=200, unique=True)
    template = models.CharField(_("template"), max_length=100)
    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("plain text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # The body with its secrets, encrypted (Fernet); empty once sent or given up.
    sealed = models.TextField(_("sealed body"), blank=True, editable=False)
    # Small text attachments (an iCal file): [{"filename", "mimetype", "content"}].
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # An email written when it is sent rather than when it is queued
    # (core.emails.email_queue_later): the registered context builder and its
    # arguments, ids only ({"context": name, "params": {...}}); empty once written.
    render_later = models.JSONField(
        _("written when sent"), default=dict, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    # Written with every action and shown through no app-wide fragment.
    fragment_app_version = False

    class Meta:
        db_table = "members_outboundemail"
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.to}: {self.subject}"


def stored_file_path(instance, filename):
    # The name on disk carries no user input: the original name is kept in the row.
    return f"{instance.uploaded_at:%Y/%m}/{instance.pk}"


class StoredFile(TrackedModel):
    """An uploaded file, attached to the record it belongs to.

    Files never sit under a public URL: ``members:file_download`` serves one to a
    user who may view the record it is attached to.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.FileField(_("file"), upload_to=stored_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=10)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    attached_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    attached_id = models.CharField(max_length=64, blank=True)
    attached_to = GenericForeignKey("attached_type", "attached_id")

    class Meta:
        db_table = "members_storedfile"
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["-uploaded_at"]
        indexes = [
            models.Index(
                fields=["attached_type", "attached_id"],
                name="members_sto_attache_8ab63c_idx",
            )
        ]

    def __str__(self):
        return self.original_name


class PrintJob(TrackedModel):
    """A document printed in the background for the person who asked for it.

    The document's builder is registered by its app (``wco_sse.core.printjobs``);
    the PDF is kept as a stored file attached to the job, and only the person who
    asked may see the job or download it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("print job", "Queued")
        BUILDING = "building", pgettext_lazy("print job", "Building")
        DONE = "done", pgettext_lazy("print job", "Ready")
        FAILED = "failed", pgettext_lazy("print job", "Failed")

    fragment_app_version = False

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    document = models.CharField(_("document"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=120)
    params = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    error = models.TextField(_("error"), blank=True)
    result = models.ForeignKey(
        StoredFile,
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("print job")
        verbose_name_plural = _("print jobs")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
