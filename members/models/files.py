import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def stored_file_path(instance, filename):
    # The name on disk carries no user input: the original name is kept in the row.
    return f"{instance.uploaded_at:%Y/%m}/{instance.pk}"


class StoredFile(models.Model):
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
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["attached_type", "attached_id"])]

    def __str__(self):
        return self.original_name
