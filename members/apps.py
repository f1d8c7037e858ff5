from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Registry")

    def ready(self):
        from . import panels, signals  # noqa: F401  (registers panels and signal receivers)
        from .files import register_file_owner
        from .models import Organization

        register_file_owner(
            Organization,
            view="members.view_organization_page",
            edit="members.edit_organization",
        )
