"""Reads every app's selectors share."""

from django.http import Http404
from django.shortcuts import get_object_or_404


def get_visible_or_404(queryset, *, user, perm=None, perms=(), **lookup):
    """The object, or 404 when it is missing or ``user`` lacks ``perm`` (or any of
    ``perms``) on it: a page answers for an object outside the viewer's reach exactly
    as for one that does not exist. Several permissions for a page that must both see
    the object and act on it (see a course, and apply for one's people)."""
    obj = get_object_or_404(queryset, **lookup)
    needed = (perm, *perms) if perm else perms
    if not all(user.has_perm(permission, obj) for permission in needed):
        raise Http404
    return obj
