"""Reads every app's selectors share."""

from django.http import Http404
from django.shortcuts import get_object_or_404


def get_visible_or_404(queryset, *, user, perm, **lookup):
    """The object, or 404 when it is missing or ``user`` lacks ``perm`` on it."""
    obj = get_object_or_404(queryset, **lookup)
    if not user.has_perm(perm, obj):
        raise Http404
    return obj
