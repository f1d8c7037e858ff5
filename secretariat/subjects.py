"""Handlers for items whose subject is a section's record.

A section drafts an item about one of its records (a fund application) with
``agenda_item_create_within(..., subject=record)``; the item keeps the record's
content type and id, and the secretariat never imports the section. The section
registers a handler for the record's model in its ``AppConfig.ready()``:

- ``decided(item=, decision=, subject=, actor=)`` is called inside the transaction
  that stores the decision (``decision_record`` at a held meeting, or a 決議の省略
  deemed adopted), so a decision and what it makes in the section (an award) are
  stored together or not at all; a ``ServiceError`` it raises refuses the decision.
- ``panel`` (a template) and ``panel_context(item=, subject=, user=)`` show the
  subject on the item's page; the context function decides what this viewer may see.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class SubjectHandler:
    decided: Callable
    panel: str = ""
    panel_context: Callable | None = None


_handlers: dict[str, SubjectHandler] = {}


def register_subject_handler(model, handler: SubjectHandler) -> None:
    _handlers[model._meta.label_lower] = handler


def subject_fields(subject) -> dict:
    """The item's fields naming ``subject`` (for a create or an update)."""
    if subject is None:
        return {"subject_type": None, "subject_id": None}
    return {
        "subject_type": ContentType.objects.get_for_model(subject),
        "subject_id": subject.pk,
    }


def _handler_of(item):
    if item.subject_type_id is None:
        return None, None
    content_type = ContentType.objects.get_for_id(item.subject_type_id)
    return content_type, _handlers.get(f"{content_type.app_label}.{content_type.model}")


def subject_of(item):
    """The record the item is about, or None (none set, or gone)."""
    content_type, _handler = _handler_of(item)
    if content_type is None:
        return None
    return (
        content_type.model_class()._default_manager.filter(pk=item.subject_id).first()
    )


def subject_decided(*, item, decision, actor) -> None:
    """Tell the subject's handler what was decided, in the caller's transaction."""
    _content_type, handler = _handler_of(item)
    if handler is None:
        return
    subject = subject_of(item)
    if subject is not None:
        handler.decided(item=item, decision=decision, subject=subject, actor=actor)


def subject_panel(item, user) -> dict | None:
    """``{"template": …, **context}`` for the item's page, or None."""
    _content_type, handler = _handler_of(item)
    if handler is None or not handler.panel:
        return None
    subject = subject_of(item)
    if subject is None:
        return None
    context = {}
    if handler.panel_context is not None:
        context = handler.panel_context(item=item, subject=subject, user=user)
        if context is None:
            return None
    return {"template": handler.panel, **context}
