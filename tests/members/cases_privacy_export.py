# ruff: noqa: F403
"""The permission matrix rows of the personal-data export part (issue 16)."""

from tests.permission_vocabulary import *

CASES = ()
