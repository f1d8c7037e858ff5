"""ID guessing on the personal-data retention part (issue 16). ``tests/hostile/
test_object_access.py`` takes these lists into its own (OWNED, NOT_OWNED,
OWNER_SIDE).

Retention rules and runs belong to no one: they are the registry's keeper records,
which the secretary-general (and, to read, the 監事) alone finds; the permission
matrix checks every role on them."""


def owned():
    return ()


NOT_OWNED = {
    "members:retention_rule_edit": (
        "a retention rule: a keeper record the secretary-general edits (404 to others)"
    ),
    "members:retention_run": (
        "a retention run's report: the secretary-general's and the 監事's (404 to others)"
    ),
}
OWNER_SIDE = {}
