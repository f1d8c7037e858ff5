from django.utils.translation import gettext as _

from members.audit import _actor_label
from members.errors import PermissionDenied


def require(user, perm, obj=None, message=None):
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("You do not have permission to do this."))


def actor_label(actor):
    return _actor_label(actor)


def site_url(path):
    from django.conf import settings

    return settings.WCO_SITE_URL + path
