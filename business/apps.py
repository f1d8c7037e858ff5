from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessConfig(AppConfig):
    name = "business"
    verbose_name = _("Business section")

    def ready(self):
        from . import (  # noqa: F401  (each part registers what it plugs into)
            hooks_contracts,
            hooks_programmes,
            hooks_reports,
            hooks_sites,
            privacy,
            rules,
        )
