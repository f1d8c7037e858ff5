"""Row locks, always in one order, parent before child:

    Body → Meeting → Attendance → AgendaItem → WrittenResolution → WrittenResponse
    → Minutes → MinutesSignatory → ActionItem

(Attendance rows are locked by ``update_or_create``, under their meeting's lock.) A
service that locks rows of several of these takes them in this order, and several
rows of one model in primary-key order, so two services may wait for each other but
never deadlock. Where the parent is known only from the child (an item's meeting),
the child is read without a lock, the parent locked, then the child locked and
checked to be still the parent's. Notices and the organizations' consents to notices
by email are locked alone, never with these, and so is a body's document (while a new
version is numbered).
"""

from ..models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    BodyDocument,
    Meeting,
    Minutes,
    MinutesSignatory,
    WrittenResolution,
    WrittenResponse,
)

LOCK_ORDER = (
    Body,
    Meeting,
    Attendance,
    AgendaItem,
    WrittenResolution,
    WrittenResponse,
    Minutes,
    MinutesSignatory,
    ActionItem,
)


def lock_body(pk) -> Body:
    return Body.objects.select_for_update().get(pk=pk)


def lock_meeting(pk) -> Meeting:
    """The meeting, with its body read (not locked) alongside."""
    return (
        Meeting.objects.select_related("body")
        .select_for_update(of=("self",))
        .get(pk=pk)
    )


def lock_item(pk) -> AgendaItem:
    return AgendaItem.objects.select_for_update().get(pk=pk)


def lock_placed_items(meeting) -> list[AgendaItem]:
    """The items on ``meeting``'s agenda, locked in primary-key order."""
    return list(
        AgendaItem.objects.select_for_update()
        .filter(meeting=meeting, status=AgendaItem.Status.PLACED)
        .order_by("pk")
    )


def lock_resolution(pk) -> WrittenResolution:
    return WrittenResolution.objects.select_for_update().get(pk=pk)


def lock_resolution_with_item(pk) -> tuple[AgendaItem, WrittenResolution]:
    """A resolution's item, then the resolution (the item never changes)."""
    item_id = (
        WrittenResolution.objects.filter(pk=pk).values_list("item_id", flat=True).get()
    )
    return lock_item(item_id), lock_resolution(pk)


def lock_response(pk) -> WrittenResponse:
    return WrittenResponse.objects.select_for_update().get(pk=pk)


def lock_minutes(pk) -> Minutes:
    return Minutes.objects.select_for_update().get(pk=pk)


def lock_signatory(pk) -> MinutesSignatory:
    return MinutesSignatory.objects.select_for_update().get(pk=pk)


def lock_item_with_meeting(pk) -> tuple[Meeting | None, AgendaItem]:
    """The item and the meeting it is on (None when on none), the meeting locked
    first. The caller checks ``item_moved`` once it may tell the user."""
    meeting_id = (
        AgendaItem.objects.filter(pk=pk).values_list("meeting_id", flat=True).first()
    )
    meeting = lock_meeting(meeting_id) if meeting_id else None
    return meeting, lock_item(pk)


def item_moved(item, meeting) -> bool:
    """Whether the item left ``meeting`` between the read and the locks."""
    return item.meeting_id != (meeting.pk if meeting else None)


def lock_action_item(pk) -> ActionItem:
    """An action item, with its meeting and body read (not locked) alongside: its
    owner and those who run the body may change it at the same moment."""
    return (
        ActionItem.objects.select_related("meeting__body")
        .select_for_update(of=("self",))
        .get(pk=pk)
    )


def lock_body_document(pk) -> BodyDocument:
    """A body's document, with its body read (not locked) alongside: the next version
    is numbered under this lock."""
    return (
        BodyDocument.objects.select_related("body")
        .select_for_update(of=("self",))
        .get(pk=pk)
    )
