from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Support section")

    def ready(self):
        from . import home, panels  # noqa: F401  (registers its pages' parts)
