from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecretariatConfig(AppConfig):
    name = "secretariat"
    verbose_name = _("Secretariat")

    def ready(self):
        from wco_sse.core.audit import register_audit_actions

        from .audit_labels import AUDIT_ACTIONS

        register_audit_actions(AUDIT_ACTIONS)
        from wco_sse.core.files import register_file_owner

        from . import panels
        from .models import AgendaItem, Minutes

        register_file_owner(
            AgendaItem,
            view="secretariat.view_item_files",
            edit="secretariat.edit_item_files",
        )
        register_file_owner(
            Minutes,
            view="secretariat.view_minutes_record",
            edit="secretariat.manage_minutes_record",
        )
        panels.register()
