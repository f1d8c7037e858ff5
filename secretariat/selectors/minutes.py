"""Minutes and what they record."""

from members.models import Person
from wco_sse.core.selectors import get_visible_or_404

from ..models import Decision, Minutes
from .common import within_reach


def minutes_get_for(*, user, pk, perms=()):
    """The minutes, if ``user`` may read them and holds ``perms`` on them."""
    return within_reach(
        get_visible_or_404(
            Minutes.objects.select_related(
                "meeting__body", "meeting__chair", "written_resolution__item", "writer"
            ),
            user=user,
            perm="secretariat.view_minutes_record",
            pk=pk,
        ),
        user=user,
        perms=perms,
    )


def minutes_decisions(minutes):
    """The decisions the minutes record, in agenda order."""
    if minutes.meeting_id:
        queryset = Decision.objects.filter(meeting_id=minutes.meeting_id)
    else:
        queryset = Decision.objects.filter(
            written_resolution_id=minutes.written_resolution_id
        )
    return list(queryset.select_related("item").order_by("item__order", "pk"))


def signatory_candidates(meeting):
    """Whom the meeting may choose as minutes signatories (where the body's rule has
    them chosen): those recorded at it and its chair; at the assembly, anyone."""
    if meeting.body.is_assembly:
        return Person.objects.order_by("family_name_kana", "pk")
    return Person.objects.filter(
        pk__in=meeting.attendances.filter(person__isnull=False).values("person_id")
    ) | Person.objects.filter(pk__in=[meeting.chair_id] if meeting.chair_id else [])
