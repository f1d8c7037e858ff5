"""System checks of the platform's rules that code could otherwise forget."""

from django.apps import apps
from django.core import checks

from .tracking import TrackedQuerySet, portal_app_labels


def untracked_managers(models):
    """(model, manager name) for each manager of ``models`` that makes querysets
    whose bulk writes would announce nothing."""
    found = []
    for model in models:
        for manager in model._meta.managers:
            if not isinstance(manager.get_queryset(), TrackedQuerySet):
                found.append((model, manager.name))
    return found


@checks.register()
def check_tracked_managers(app_configs=None, **kwargs):
    """Every model of a portal app makes TrackedQuerySets (core.tracking): a bulk
    write that leaves cached pages stale cannot be written."""
    labels = portal_app_labels()
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in labels and not model._meta.auto_created
    ]
    return [
        checks.Error(
            f"{model._meta.label}.{name} makes plain querysets: its bulk writes "
            "would leave cached pages stale.",
            hint="Derive the model from wco_sse.core.models.TrackedModel, or its "
            "queryset from wco_sse.core.tracking.TrackedQuerySet.",
            obj=model,
            id="core.E001",
        )
        for model, name in untracked_managers(models)
    ]
