"""Which permission governs a stored file: the one on the record it is attached to.

Each app registers the models it attaches files to (in AppConfig.ready), naming the
permission that lets a user see the record and the one that lets them change it.
A file whose record is unknown, or gone, is shown to nobody.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FilePermissions:
    view: str
    edit: str


_DENY = FilePermissions(view="members.nobody", edit="members.nobody")
_registry: dict = {}


def register_file_owner(model, *, view, edit):
    _registry[model._meta.label_lower] = FilePermissions(view=view, edit=edit)


def file_permissions(target):
    if target is None:
        return _DENY
    return _registry.get(target._meta.label_lower, _DENY)
