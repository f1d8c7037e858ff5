"""What the support section's requests part plugs into registries (audit words, panels,
file owners, subject handlers); called from ``SupportConfig.ready()``."""


def ready():
    pass
