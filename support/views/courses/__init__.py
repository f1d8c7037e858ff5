"""The W.Co School's pages, by feature: the public catalogue, applying and one
application, running the school, and attendance."""

from .applications import *  # noqa: F403
from .attendance import *  # noqa: F403
from .catalogue import *  # noqa: F403
from .management import *  # noqa: F403
