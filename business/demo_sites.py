"""The sites part's demo data (issue 17)."""


def seed(ctx):
    pass
