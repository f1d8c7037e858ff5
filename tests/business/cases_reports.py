# ruff: noqa: F403
"""The permission matrix rows of the business section's reports part (issue 17)."""

from tests.permission_vocabulary import *

CASES = ()
