"""Meetings of the board and the council with their agenda items, for load tests
(``seed_demo --scale N``)."""

import datetime

from django.utils import timezone

from ..models import AgendaItem, Body, Meeting
from .builder import at

SCALE_MEETINGS, SCALE_ITEMS_PER_MEETING = 13, 10
SCALE_PREFIX = "負荷試験"
_KINDS = (
    AgendaItem.Kind.DELIBERATION,
    AgendaItem.Kind.REPORT,
    AgendaItem.Kind.DELIBERATION,
    AgendaItem.Kind.DISCUSSION,
    AgendaItem.Kind.REPORT,
)
_OUTCOMES = {
    AgendaItem.Kind.DELIBERATION: AgendaItem.Status.APPROVED,
    AgendaItem.Kind.REPORT: AgendaItem.Status.REPORTED,
    AgendaItem.Kind.DISCUSSION: AgendaItem.Status.DISCUSSED,
}
_SOURCES = ("support", "network", "business", "secretariat")


def _meetings(numbers, *, bodies, staff, chair):
    """Every third day from two and a half years back to ten months ahead,
    alternating the board and the council: closed before today, convened after."""
    now = timezone.now()
    today = timezone.localdate()
    meetings = []
    for number in numbers:
        body = bodies[number % 2]
        day = today + datetime.timedelta(days=3 * (number % 400) - 900)
        starts_at = at(day)
        meetings.append(
            Meeting(
                body=body,
                title=f"{SCALE_PREFIX} {body.name} {number + 1:04d}",
                starts_at=starts_at,
                ends_at=at(day, 16),
                place="W.Co SSE 事務所 会議室（横浜市）",
                chair=chair,
                status=Meeting.Status.CLOSED
                if starts_at < now
                else Meeting.Status.CONVENED,
                submission_deadline=starts_at - datetime.timedelta(days=14),
                convened_at=starts_at - datetime.timedelta(days=10),
                created_by=staff,
            )
        )
    return meetings


def _items(meetings, *, staff):
    """Each meeting's agenda: decided at a closed meeting, placed on a convened one."""
    items = []
    for meeting in meetings:
        past = meeting.status == Meeting.Status.CLOSED
        for order in range(1, SCALE_ITEMS_PER_MEETING + 1):
            kind = _KINDS[order % len(_KINDS)]
            items.append(
                AgendaItem(
                    source=_SOURCES[order % len(_SOURCES)],
                    kind=kind,
                    title=f"{meeting.title} 第{order}号議案",
                    body="負荷試験のための議案です。提案の理由と内容を記します。",
                    status=_OUTCOMES[kind] if past else AgendaItem.Status.PLACED,
                    meeting=meeting,
                    order=order,
                    submitted_at=meeting.submission_deadline
                    - datetime.timedelta(days=1),
                    created_by=staff,
                )
            )
    return items


def seed_scale(ctx):
    """Bulk inserts, topped up to ``SCALE_MEETINGS`` × scale and no further."""
    want = SCALE_MEETINGS * ctx.scale
    have = Meeting.objects.filter(title__startswith=SCALE_PREFIX).count()
    if have >= want:
        return
    bodies = (
        Body.objects.statutory(Body.Kind.BOARD),
        Body.objects.statutory(Body.Kind.COUNCIL),
    )
    staff = ctx.accounts["secgen@example.org"].account
    meetings = _meetings(
        range(have, want),
        bodies=bodies,
        staff=staff,
        chair=ctx.accounts["board@example.org"],
    )
    Meeting.objects.bulk_create(meetings, batch_size=500)
    items = _items(meetings, staff=staff)
    AgendaItem.objects.bulk_create(items, batch_size=2000)
    ctx.log(
        f"Scale {ctx.scale}: {len(meetings)} meetings with {len(items)} agenda items added."
    )
