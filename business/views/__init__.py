from .landing import IndexView

__all__ = ["IndexView"]
