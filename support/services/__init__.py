"""Writes with business meaning in the support section (see the two modules)."""

from .consultations import *  # noqa: F403
from .courses import *  # noqa: F403
