from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The platform every app stands on. It imports no app of the portal."""

    name = "wco_sse.core"
    label = "core"
    verbose_name = _("Platform")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, fragments, rules, tracking  # noqa: F401  (registers them)
        from .files import register_file_owner
        from .models import PrintJob

        register_file_owner(PrintJob, view="core.view_print_job", edit="core.nobody")
