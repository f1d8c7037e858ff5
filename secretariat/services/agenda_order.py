"""The order of a meeting's agenda: the position given when an item is placed, and
the secretariat's moves up and down afterwards.

The order is kept dense (1, 2, 3 …) among the items placed on the meeting, so a
position typed when placing means that place in the list: an item placed as 1 comes
first, before the one that was first. Every change locks the meeting, then its placed
items in primary-key order (``locks``), so two people reordering at once are served
one after the other.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..models import AgendaItem, Meeting
from .locks import lock_meeting

UP, DOWN = "up", "down"


def lock_agenda(meeting, *, including=None) -> list[AgendaItem]:
    """The items placed on ``meeting`` (and ``including``, about to join it), locked
    in primary-key order under the meeting's lock and returned in agenda order."""
    placed = Q(meeting=meeting, status=AgendaItem.Status.PLACED)
    if including is not None:
        placed |= Q(pk=including.pk)
    rows = list(AgendaItem.objects.select_for_update().filter(placed).order_by("pk"))
    return sorted(rows, key=lambda item: (item.order, item.pk))


def renumber(items) -> None:
    """Give ``items`` (locked) the positions 1, 2, 3 … in this order; save those that
    change."""
    changed = []
    for position, item in enumerate(items, start=1):
        if item.order != position:
            item.order = position
            changed.append(item)
    if changed:
        AgendaItem.objects.bulk_update(changed, ["order"])


def insert_at(agenda, item, position: int | None) -> None:
    """Put ``item`` at ``position`` (1 = first; None, or past the end, = last) among
    ``agenda`` (locked, in order) and renumber them all."""
    others = [other for other in agenda if other.pk != item.pk]
    if position is None or position < 1 or position > len(others):
        index = len(others)
    else:
        index = position - 1
    others.insert(index, item)
    renumber(others)


def agenda_item_reorder(*, actor, item: AgendaItem, direction: str) -> AgendaItem:
    """Move a placed item one place up or down on its meeting's agenda, while the
    meeting is still to be held."""
    require(actor, "secretariat.place_item", item)
    if direction not in (UP, DOWN):
        raise ServiceError(_("Choose whether to move the item up or down."))
    meeting_id = item.meeting_id
    if meeting_id is None:
        raise ServiceError(_("This item is not on a meeting's agenda."))
    with service_transaction():
        meeting = lock_meeting(meeting_id)
        agenda = lock_agenda(meeting)
        current = next((other for other in agenda if other.pk == item.pk), None)
        if current is None:
            raise ServiceError(_("The item was moved; please reload the page."))
        if meeting.status not in Meeting.OPEN:
            raise ServiceError(
                _("The meeting has taken place: its agenda can no longer be reordered.")
            )
        index = agenda.index(current)
        target = index - 1 if direction == UP else index + 1
        if 0 <= target < len(agenda):
            agenda[index], agenda[target] = agenda[target], agenda[index]
            renumber(agenda)
            audit_record(
                actor=actor,
                action="agenda.reorder",
                target=current,
                message=str(meeting),
                data={"meeting": meeting.pk, "order": current.order},
            )
        # At the top (or bottom) already: nothing to do, and nothing to refuse.
    return current
