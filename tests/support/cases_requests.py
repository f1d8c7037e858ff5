# ruff: noqa: F403
"""The permission matrix rows of the support section's requests part (issue 15)."""

from tests.permission_vocabulary import *

CASES = ()
