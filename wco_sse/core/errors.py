from django.utils.translation import gettext as _


class ServiceError(Exception):
    """A use case refused, with a message for the user (already translated).

    ``field`` names the form field the message belongs next to, where there is one.
    """

    def __init__(self, message, *, field=None, code=None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class PermissionDenied(ServiceError):
    """The acting user may not do this. Views answer 403 (or 404 for hidden objects)."""


def require(actor, permission, obj=None, *, message=None):
    """Refuse unless ``actor`` holds ``permission`` (on ``obj``): the first step of
    every service that acts for someone."""
    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied(message or _("You do not have permission to do this."))
