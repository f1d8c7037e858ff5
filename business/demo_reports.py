"""The reports part's demo data (issue 17)."""


def seed(ctx):
    pass
