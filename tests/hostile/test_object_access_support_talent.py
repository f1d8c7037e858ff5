"""ID guessing on the support section's talent records (issue 15). ``tests/hostile/
test_object_access.py`` takes these lists into its own (OWNED, NOT_OWNED, OWNER_SIDE)."""


def owned():
    return ()


OWNER_SIDE = {}

NOT_OWNED = {}
