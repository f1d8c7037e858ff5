from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Support section")

    def ready(self):
        from wco_sse.core.audit import register_audit_actions

        from . import home, panels  # noqa: F401  (registers its pages' parts and panels)
        from .audit_labels import AUDIT_ACTIONS

        register_audit_actions(AUDIT_ACTIONS)
