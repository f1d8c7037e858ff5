"""What the registry's versioned records (organizations, people) share.

Every change bumps the record's ``version`` and leaves an audit entry with the fields
that changed (old and new). A save based on an older version is refused with what
changed in between (ConflictError), so two staff editing one record never overwrite
each other silently.
"""

import datetime

from django.db.models import Model
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError
from wco_sse.core.models import AuditEntry


class ConflictError(ServiceError):
    """Someone saved the record after the version the user started from."""

    def __init__(self, message, *, changes):
        super().__init__(message, code="conflict")
        self.changes = changes  # [{"field", "label", "old", "new", "by", "at"}]


def plain_value(value):
    """A field value as the audit log keeps it (JSON, readable)."""
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def apply_fields(instance, data, allowed):
    """Set the allowed fields from ``data``; return {field: [old, new]} of real changes."""
    changes = {}
    for field in allowed:
        if field not in data:
            continue
        old, new = getattr(instance, field), data[field]
        if field == "corporate_number":
            new = new or None
        if old != new:
            changes[field] = [plain_value(old), plain_value(new)]
            setattr(instance, field, new)
    return changes


def conflict_error(instance, expected_version):
    """The ConflictError for a save based on ``expected_version``."""
    # The version comes from the page and may be anything (an altered page): no save
    # is newer than the record itself, and none older than the first.
    since = max(0, min(expected_version or 0, instance.version))
    entries = AuditEntry.objects.filter(
        target_type__app_label="members",
        target_type__model=instance._meta.model_name,
        target_id=str(instance.pk),
        data__version__gt=since,
    ).order_by("at", "pk")
    changes = []
    for entry in entries:
        for field, (old, new) in (entry.data.get("changes") or {}).items():
            try:
                label = instance._meta.get_field(field).verbose_name
            except Exception:
                label = field
            changes.append(
                {"field": field, "label": str(label), "old": old, "new": new,
                 "by": entry.actor_label, "at": entry.at}
            )  # fmt: skip
    return ConflictError(
        _(
            "Someone else saved this record while you were editing it. Your changes "
            "were not saved. Please look at what changed and enter your changes again."
        ),
        changes=changes,
    )


def record_update(
    *, actor, record, data, allowed, expected_version, action, check=None
):
    """Lock ``record``, refuse a save based on another version, apply the allowed
    fields and, when something changed, save it as the next version with an audit
    entry naming the fields. ``check(locked)`` runs on the changed record before it
    is saved. Returns ``(locked, changes)``; inside the caller's transaction."""
    model = type(record)
    locked = model.objects.select_for_update().get(pk=record.pk)
    if locked.version != expected_version:
        raise conflict_error(locked, expected_version)
    changes = apply_fields(locked, data, allowed)
    if not changes:
        return locked, changes
    if check is not None:
        check(locked)
    locked.version += 1
    locked.save()
    audit_record(
        actor=actor,
        action=action,
        target=locked,
        message=", ".join(str(model._meta.get_field(f).verbose_name) for f in changes),
        data={"version": locked.version, "changes": changes},
    )
    return locked, changes
