from .consultations import *  # noqa: F403
from .courses import *  # noqa: F403
from .landing import IndexView  # noqa: F401
