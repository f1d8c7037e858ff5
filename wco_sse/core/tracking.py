"""Every write to a portal model is announced (``core.signals.rows_changed``), so
that caches of what it shows can be renewed; a write that forgets is impossible.

Saves and deletes announce themselves through Django's signals. Bulk writes send no
signal of their own, so every model of a portal app (``settings.WCO_PORTAL_APPS``)
makes its querysets with ``TrackedQuerySet``, whose ``bulk_create``,
``bulk_update`` and ``update`` announce what they changed; a system check
(``core.E001``) refuses to start while a model has a manager that makes plain
querysets. ``QuerySet.delete`` needs nothing more: with receivers connected, Django
deletes row by row and signals each.

A model may say that a change of some fields alone is no change anyone sees:
``quiet_fields = {"last_login"}`` on the user model, so that a sign-in renews nothing.
"""

import threading
from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save

from .signals import rows_changed

_local = threading.local()


@cache
def portal_app_labels():
    names = set(settings.WCO_PORTAL_APPS)
    return frozenset(
        config.label for config in apps.get_app_configs() if config.name in names
    )


def is_tracked(model):
    return model._meta.app_label in portal_app_labels()


def announce(model, instances=None):
    if is_tracked(model):
        rows_changed.send(sender=model, instances=instances)


class TrackedQuerySet(models.QuerySet):
    """A queryset whose bulk writes announce what they changed."""

    def update(self, **kwargs):
        if getattr(_local, "in_bulk_update", False):
            return super().update(**kwargs)
        # Finer versions are named by the rows themselves (a course's card by its
        # course): read them before they change.
        instances = (
            list(self.all()) if hasattr(self.model, "fragment_versions") else None
        )
        count = super().update(**kwargs)
        if count:
            announce(self.model, instances)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            announce(self.model, list(created))
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        # Django's bulk_update runs update() per batch: announced once, here.
        _local.in_bulk_update = True
        try:
            count = super().bulk_update(objs, fields, *args, **kwargs)
        finally:
            _local.in_bulk_update = False
        if count:
            announce(self.model, objs)
        return count


TrackedManager = models.Manager.from_queryset(TrackedQuerySet)


def _on_save(sender, instance, update_fields=None, **kwargs):
    quiet = getattr(sender, "quiet_fields", None)
    if quiet and update_fields and set(update_fields) <= quiet:
        return
    announce(sender, [instance])


def _on_delete(sender, instance, **kwargs):
    announce(sender, [instance])


def _on_m2m_changed(sender, instance, action, model, **kwargs):
    if action.startswith("post_"):
        announce(sender)
        announce(type(instance))
        announce(model)


post_save.connect(_on_save, dispatch_uid="tracking-save")
post_delete.connect(_on_delete, dispatch_uid="tracking-delete")
m2m_changed.connect(_on_m2m_changed, dispatch_uid="tracking-m2m")
