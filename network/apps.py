from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network section")

    def ready(self):
        from wco_sse.core.audit import register_audit_actions

        from . import panels  # noqa: F401  (registers the organization page's panels)
        from .audit_labels import AUDIT_ACTIONS

        register_audit_actions(AUDIT_ACTIONS)
