from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wco_sse.core.models import TrackedModel

from .bodies import Body


class Notice(TrackedModel):
    """お知らせ to an audience: all members, the members of one body, or staff only."""

    class Audience(models.TextChoices):
        ALL_MEMBERS = "all_members", _("All members")
        BODY = "body", _("The members of one body")
        STAFF = "staff", _("Secretariat staff only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    # What the secretariat writes (the form, the edit page and the service).
    FORM_FIELDS = ("title", "text", "audience", "target_body", "send_email")

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    audience = models.CharField(
        _("audience"),
        max_length=12,
        choices=Audience.choices,
        default=Audience.ALL_MEMBERS,
    )
    target_body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
    )
    send_email = models.BooleanField(_("also send by email"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-published_at", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="body") | Q(target_body__isnull=False),
                name="secretariat_body_notice_names_body",
            )
        ]

    def __str__(self):
        return self.title
