"""Stored files: kept under the upload policy, attached to the record they belong to,
and governed by the permissions of that record.

Each app registers the models it attaches files to (in AppConfig.ready), naming the
permission that lets a user see the record and the one that lets them change it.
A file whose record is unknown, or gone, is shown to nobody.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .audit import audit_record
from .errors import ServiceError, require
from .models import StoredFile
from .text import strip_bidi
from .transactions import service_transaction
from .uploads import sha256_of, validate_upload


@dataclass(frozen=True)
class FilePermissions:
    view: str
    edit: str


_DENY = FilePermissions(view="core.nobody", edit="core.nobody")
_registry: dict = {}


def register_file_owner(model, *, view, edit):
    _registry[model._meta.label_lower] = FilePermissions(view=view, edit=edit)


def file_permissions(target):
    if target is None:
        return _DENY
    return _registry.get(target._meta.label_lower, _DENY)


def files_attached_to(obj):
    return list(
        StoredFile.objects.filter(
            attached_type=ContentType.objects.get_for_model(obj),
            attached_id=str(obj.pk),
        ).order_by("-uploaded_at")
    )


def file_attach(*, actor, target, uploaded, description="", kinds=None) -> StoredFile:
    """Store an uploaded file under the upload policy, attached to ``target``.

    Part of the caller's use case: the caller has checked that ``actor`` may attach
    files to ``target``, and its transaction holds the row.
    """
    try:
        kind = validate_upload(uploaded, **({"kinds": kinds} if kinds else {}))
    except ValidationError as error:
        raise ServiceError(error.messages[0], field="file") from error
    stored = StoredFile(
        original_name=(strip_bidi(uploaded.name) or "file")[:255],
        kind=kind.name,
        content_type=kind.content_type,
        size=uploaded.size,
        sha256=sha256_of(uploaded),
        description=description,
        uploaded_by=actor,
        uploaded_at=timezone.now(),
        attached_type=ContentType.objects.get_for_model(target),
        attached_id=str(target.pk),
    )
    stored.file.save(stored.original_name, uploaded, save=False)
    try:
        with transaction.atomic():
            stored.save()
            audit_record(
                actor=actor,
                action="file.upload",
                target=target,
                message=stored.original_name,
                data={"file": str(stored.pk), "size": stored.size},
            )
    except Exception:
        stored.file.delete(save=False)  # no row, no bytes
        raise
    return stored


def file_delete(*, actor, stored: StoredFile):
    target = stored.attached_to
    require(actor, file_permissions(target).edit, target)
    with service_transaction():
        file_delete_within(actor=actor, stored=stored, target=target)


def file_delete_within(*, actor, stored: StoredFile, target):
    """Delete ``stored`` (attached to ``target``) as part of the caller's use case:
    the caller has checked the permission; the bytes go once the transaction commits."""
    name = stored.original_name
    stored.delete()
    audit_record(actor=actor, action="file.delete", target=target, message=name)
    transaction.on_commit(lambda: stored.file.delete(save=False))
