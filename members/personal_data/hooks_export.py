"""What the personal-data export part plugs into registries (audit words, panels);
called from ``MembersConfig.ready()``."""

AUDIT_ACTIONS = {}


def ready():
    from wco_sse.core.audit import register_audit_actions

    register_audit_actions(AUDIT_ACTIONS)
