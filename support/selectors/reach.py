"""The one way support's pages find their object: through the viewer's reach."""

from django.http import Http404
from django.shortcuts import get_object_or_404


def get_in_reach_or_404(queryset, *, user, perms, **lookup):
    """The object, or 404 when it is missing or ``user`` lacks any of ``perms`` on
    it: a page answers for an object outside the viewer's reach exactly as for one
    that does not exist.

    ``wco_sse.core.selectors.get_visible_or_404`` with several permissions (a page
    may need to see the object and to act on it, e.g. to see a course and to apply
    for one's people).
    """
    obj = get_object_or_404(queryset, **lookup)
    if not all(user.has_perm(perm, obj) for perm in perms):
        raise Http404
    return obj
