"""Notices for their audience."""

from django.db.models import Q

from members.roles import roles_of
from wco_sse.core.selectors import get_visible_or_404

from ..membership import person_body_ids
from ..models import Notice
from .common import within_reach


def notices_for(*, user):
    """Published notices for ``user``; the secretariat also sees drafts."""
    snapshot = roles_of(user)
    queryset = Notice.objects.select_related("target_body")
    if snapshot.is_secretariat:
        return queryset
    query = Q(pk__in=[])
    if snapshot.is_member or snapshot.holds_any_role:
        query |= Q(audience=Notice.Audience.ALL_MEMBERS)
    body_ids = person_body_ids(snapshot.person_id, snapshot)
    if body_ids:
        query |= Q(audience=Notice.Audience.BODY, target_body_id__in=body_ids)
    return queryset.filter(query, status=Notice.Status.PUBLISHED)


def notice_get_for(*, user, pk, perms=()):
    """The notice, if ``user`` may read it and holds ``perms`` on it."""
    return within_reach(
        get_visible_or_404(
            Notice.objects.select_related("target_body"),
            user=user,
            perm="secretariat.view_notice",
            pk=pk,
        ),
        user=user,
        perms=perms,
    )
