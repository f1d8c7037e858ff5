"""The fund's permission matrix rows: rounds (issue 14)."""

from tests.permission_vocabulary import *  # noqa: F403

CASES = ()
