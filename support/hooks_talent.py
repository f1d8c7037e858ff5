"""What the support section's talent part plugs into registries (audit words, panels,
file owners, subject handlers); called from ``SupportConfig.ready()``."""


def ready():
    pass
