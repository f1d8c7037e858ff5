"""What the selectors of id pages share."""

from django.http import Http404


def within_reach(obj, *, user, perms):
    """``obj``, or 404 unless ``user`` holds every permission in ``perms`` on it."""
    if not all(user.has_perm(perm, obj) for perm in perms):
        raise Http404
    return obj
