"""What the fund's money part plugs into registries (called from ``NetworkConfig.ready()``):
page parts (``network.fund.parts``), panels, file owners, audit words, handlers."""


def register():
    pass
