# ruff: noqa: F403
"""The permission matrix rows of the support section's projects part (issue 15)."""

from tests.permission_vocabulary import *

CASES = ()
