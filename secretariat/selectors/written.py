"""Resolutions without a meeting and the answers they wait for."""

from django.db.models import Count, Q
from django.http import Http404

from members.roles import roles_of
from wco_sse.core.selectors import get_visible_or_404

from ..models import WrittenResolution, WrittenResponse
from .common import within_reach


def written_list_for(*, user):
    return (
        WrittenResolution.objects.select_related("item", "proposer")
        .annotate(
            consents=Count("responses", filter=Q(responses__answer="consent")),
            asked=Count("responses", filter=Q(responses__capacity="director")),
        )
        .order_by("-proposed_at", "-pk")
    )


def written_get_for(*, user, pk, perms=()):
    """The resolution, if ``user`` reads the board's and holds ``perms`` on it."""
    return within_reach(
        get_visible_or_404(
            WrittenResolution.objects.select_related("item", "proposer", "body"),
            user=user,
            perm="secretariat.view_written",
            pk=pk,
        ),
        user=user,
        perms=perms,
    )


def written_response_get_for(*, user, pk):
    """The resolution and the consent form of ``user`` in it: only the directors and
    auditors it was sent to answer it."""
    resolution = written_get_for(
        user=user, pk=pk, perms=("secretariat.answer_written",)
    )
    response = resolution.responses.filter(person_id=roles_of(user).person_id).first()
    if response is None:
        raise Http404
    return resolution, response


def pending_answers_for(person_id):
    if person_id is None:
        return []
    return list(
        WrittenResponse.objects.filter(
            person_id=person_id,
            answer=WrittenResponse.Answer.PENDING,
            resolution__status=WrittenResolution.Status.CIRCULATING,
        ).select_related("resolution__item")
    )
