from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessConfig(AppConfig):
    name = "business"
    verbose_name = _("Business section")

    def ready(self):
        from . import privacy  # noqa: F401  (declares its personal data)
