"""What the personal-data retention part plugs into registries (audit words, panels);
called from ``MembersConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "retention.rule_update": _("changed the retention rule"),
    "retention.run": _("ran the retention rules"),
}


def ready():
    from wco_sse.core.audit import register_audit_actions

    register_audit_actions(AUDIT_ACTIONS)
