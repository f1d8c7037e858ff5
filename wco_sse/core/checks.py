"""System checks of the platform's rules that code could otherwise forget."""

from django.apps import apps
from django.conf import settings
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


_BODY_WRITING_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "the log",
    "django.core.mail.backends.filebased.EmailBackend": "files on disk",
}


@checks.register(checks.Tags.security, deploy=True)
def check_email_bodies_stay_out_of_logs(app_configs=None, **kwargs):
    """In production an email's body (with its one-time link) goes to the mail
    server only: a console or file backend would keep it in the log or on disk."""
    where = _BODY_WRITING_BACKENDS.get(settings.EMAIL_BACKEND)
    if settings.DEBUG or not where:
        return []
    return [
        checks.Warning(
            f"EMAIL_URL writes every email, with its password-reset and consent "
            f"links, to {where}.",
            hint="Set EMAIL_URL to the SMTP server (smtp://… or smtps://…).",
            id="core.W001",
        )
    ]
