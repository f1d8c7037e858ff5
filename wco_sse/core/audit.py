from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry


def audit_record(*, actor, action, target=None, message="", data=None):
    """Append an audit entry. Call inside the service's transaction."""
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label(actor),
        action=action,
        message=message,
        data=data or {},
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_label = str(target)[:300]
    entry.save()
    return entry


def audit_entries_for(target, *, limit=50):
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")[:limit]


def actor_label(actor):
    """The acting user as an audit entry records them: name and address, or "system"."""
    if actor is None or not actor.is_authenticated:
        return "system"
    person = getattr(actor, "person", None)
    return f"{person} <{actor.email}>" if person else actor.email
