"""ID guessing on the personal-data export part (issue 16). ``tests/hostile/
test_object_access.py`` takes these lists into its own (OWNED, NOT_OWNED,
OWNER_SIDE)."""


def owned():
    return ()


NOT_OWNED = {}
OWNER_SIDE = {}
