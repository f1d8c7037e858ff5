"""The secretariat's parts of the home page: accepted items awaiting 上程 (for the
secretariat), and for those who sit on a body their next meeting with the items to
read, and the written resolutions (決議の省略) awaiting their answer."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.roles import roles_of
from wco_sse.core.dashboard import Tile, Waiting, register_tile, register_waiting

from . import selectors
from .membership import person_body_ids
from .models import AgendaItem, Meeting
from .selectors.items import visible_items_q

DEPENDS_ON = ("secretariat", "members")


def _accepted_items(user):
    return AgendaItem.objects.filter(
        status=AgendaItem.Status.ACCEPTED, meeting__isnull=True
    ).count()


def next_meeting_for(user):
    """The next open meeting of a body ``user``'s person sits on (today's included,
    while it has not ended), or None."""
    snapshot = roles_of(user)
    body_ids = person_body_ids(snapshot.person_id, snapshot)
    if not body_ids:
        return None
    since = timezone.now() - datetime.timedelta(hours=6)
    return (
        Meeting.objects.filter(
            body_id__in=body_ids, status__in=Meeting.OPEN, starts_at__gte=since
        )
        .select_related("body")
        .order_by("starts_at", "pk")
        .first()
    )


def _next_meeting(user):
    meeting = next_meeting_for(user)
    if meeting is None:
        return None
    items = list(
        AgendaItem.objects.filter(visible_items_q(user), meeting=meeting)
        .exclude(status=AgendaItem.Status.WITHDRAWN)
        .order_by("order", "pk")
    )
    return {"meeting": meeting, "items": items}


def _awaiting_answer(user):
    answers = selectors.pending_answers_for(roles_of(user).person_id)
    return {"answers": answers} if answers else None


register_waiting(
    Waiting(
        "secretariat-accepted-items",
        _("Accepted agenda items awaiting placement on a board meeting"),
        _accepted_items,
        lambda: reverse("secretariat:item_list") + "?status=accepted",
        permission="secretariat.place_item",
        depends_on=("secretariat.agendaitem",),
        order=20,
    )
)
register_tile(
    Tile(
        "secretariat-written",
        _("Written resolutions awaiting your answer"),
        "secretariat/home/written.html",
        _awaiting_answer,
        depends_on=DEPENDS_ON,
        order=10,
    )
)
register_tile(
    Tile(
        "secretariat-next-meeting",
        _("Your next meeting"),
        "secretariat/home/next_meeting.html",
        _next_meeting,
        depends_on=DEPENDS_ON,
        order=20,
    )
)
