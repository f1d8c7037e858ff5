"""The consultation desk's pages, by feature: requests and intake, a case and its
work, slots and bookings, figures and disclosure."""

from .appointments import *  # noqa: F403
from .cases import *  # noqa: F403
from .reports import *  # noqa: F403
from .requests import *  # noqa: F403
