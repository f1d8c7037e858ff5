"""The registry's views, by area (registry pages, organizations, people, imports, dues,
printable lists). ``ServiceFormMixin`` is shared by every app's form views."""

from .registry import ServiceFormMixin

__all__ = ["ServiceFormMixin"]
