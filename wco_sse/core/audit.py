import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from .dates import format_day, format_moment
from .models import AuditEntry


def audit_record(*, actor, action, target=None, message="", data=None, label=None):
    """Append an audit entry. Call inside the service's transaction. ``label`` is
    ``actor_label(actor)`` read beforehand by a service that holds a busy lock."""
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label(actor) if label is None else label,
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


def actor_label(actor, *, person=None):
    """The acting user as an audit entry records them: name and address, or "system".
    ``person`` is the actor's registry entry where the caller has it already (their
    own application's person), saving the query for it."""
    if actor is None or not actor.is_authenticated:
        return "system"
    if person is None or person.account_id != actor.pk:
        person = getattr(actor, "person", None)
    return f"{person} <{actor.email}>" if person else actor.email


# --- Histories in words ------------------------------------------------------------
# An audit entry keeps a code naming what happened ("organization.update"); people
# read a sentence. Each app registers the words for its codes in its AppConfig.ready()
# (the core knows no app); a code nobody registered still reads as words, never as code.

_ACTION_LABELS = {
    "file.upload": _("uploaded a file"),
    "file.delete": _("deleted a file"),
    "mfa.reset": _("reset the second factor"),
}


def register_audit_actions(labels):
    """``{"organization.update": gettext_lazy("changed the record"), …}``."""
    _ACTION_LABELS.update(labels)


def audit_action_label(action):
    label = _ACTION_LABELS.get(action)
    return str(label) if label is not None else str(_("made a change"))


@dataclass(frozen=True)
class AuditChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditLine:
    """One line of a history: when, who, what they did, and what changed from what."""

    at: datetime.datetime
    who: str
    what: str
    details: str
    changes: tuple


def _who(entry):
    label = entry.actor_label or ""
    if not label or label == "system":
        return str(_("the portal (automatic)"))
    # Recorded as "Name <address>": the history names the person.
    return label.split(" <", 1)[0]


def _value_text(field, value):
    if value is None or value == "":
        return str(_("(empty)"))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            return format_moment(datetime.datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return format_day(datetime.date.fromisoformat(value[:10]))
        except ValueError:
            return value
    return str(value)


def _changes(entry):
    changes = (entry.data or {}).get("changes") or {}
    if not isinstance(changes, dict):
        return ()
    model = entry.target_type.model_class() if entry.target_type_id else None
    # Changes to one record filed on another's history (an account's, on its person).
    fields_of = (entry.data or {}).get("fields_of")
    if fields_of:
        try:
            model = apps.get_model(fields_of)
        except (LookupError, ValueError):
            model = None
    result = []
    for name, pair in changes.items():
        try:
            old, new = pair
        except (TypeError, ValueError):
            continue
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
        label = str(field.verbose_name) if field is not None else name
        result.append(
            AuditChange(label, _value_text(field, old), _value_text(field, new))
        )
    return tuple(result)


def audit_line(entry):
    changes = _changes(entry)
    return AuditLine(
        at=entry.at,
        who=_who(entry),
        what=audit_action_label(entry.action),
        # The field list the message repeats is shown as the changes themselves.
        details="" if changes else entry.message,
        changes=changes,
    )


def audit_lines(entries):
    return [audit_line(entry) for entry in entries]
