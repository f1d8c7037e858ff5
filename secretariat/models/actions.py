"""What a meeting leaves behind for people to do (申し送り・宿題), and the documents
a body keeps (資料)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wco_sse.core.choices import ChoiceLabelsMixin
from wco_sse.core.models import TrackedModel
from wco_sse.core.text import NOTE_MAX_LENGTH

from .bodies import Body
from .meetings import Meeting


class ActionItem(ChoiceLabelsMixin, TrackedModel):
    """A task a meeting gave someone: open until its owner or those who run the
    body mark it done, or those who run the body drop it."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("action item", "Open")
        DONE = "done", pgettext_lazy("action item", "Done")
        DROPPED = "dropped", pgettext_lazy("action item", "Dropped")

    # The days before the due date the owner is reminded by email.
    REMINDER_DAYS = 3

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="action_items",
    )
    text = models.TextField(
        pgettext_lazy("action item", "what is to be done"), max_length=NOTE_MAX_LENGTH
    )
    owner = models.ForeignKey(
        "members.Person",
        verbose_name=pgettext_lazy("action item", "owner"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("for the organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due date"))
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.OPEN
    )
    state_note = models.TextField(
        _("note on the state"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Set when the reminder is queued: one reminder per item, however often the
    # task runs.
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    # What those who run the body set in the form; the rest is the services'.
    EDITABLE_FIELDS = ("text", "owner", "organization", "due_on")

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["owner", "state", "due_on"],
                name="secretariat_action_owner_idx",
            ),
            models.Index(fields=["state", "due_on"], name="secretariat_action_due_idx"),
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def is_open(self):
        return self.state == self.State.OPEN

    @property
    def state_badge(self):
        return {
            self.State.OPEN: "warning",
            self.State.DONE: "success",
            self.State.DROPPED: "secondary",
        }[self.state]


class BodyDocument(TrackedModel):
    """A document a body keeps (its vision, plans, rules, reference papers): a title
    and a series of versions, read by its current members and those who run it. The
    current version is the latest; the earlier ones stay readable."""

    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(pgettext_lazy("document", "title"), max_length=200)
    # The latest version (set by the services under the document's row lock).
    current = models.OneToOneField(
        "BodyDocumentVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("body document")
        verbose_name_plural = _("body documents")
        ordering = ["body", "title", "pk"]

    def __str__(self):
        return self.title


class BodyDocumentVersion(TrackedModel):
    """One version of a body's document: a stored file attached to the body (the
    upload policy), numbered from 1 in the order they were uploaded."""

    document = models.ForeignKey(
        BodyDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.OneToOneField(
        "core.StoredFile",
        verbose_name=_("file"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("version of a body document")
        verbose_name_plural = _("versions of body documents")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                name="secretariat_body_document_version_once",
            ),
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"
