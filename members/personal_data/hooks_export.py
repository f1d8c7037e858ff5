"""What the personal-data export part plugs into registries (audit words, panels);
called from ``MembersConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "privacy.export_run": _("prepared the personal data export"),
    "privacy.export_purge": _("deleted the expired personal data export"),
}


def ready():
    from wco_sse.core.audit import register_audit_actions

    register_audit_actions(AUDIT_ACTIONS)
