"""Per-item quorum and adoption, computed from the record (DESIGN flow 3, board rules).

At the board: the item's quorum is a majority (or what the articles set) of the
directors entitled to vote on it; a director with a special interest is out of both
the quorum and the vote; auditors never count; there is no proxy and no written vote.
It is adopted by a majority of the directors present and entitled: abstaining is not
voting for. At the assembly: every 正会員 organization has one vote; those present
include proxies and written votes; ordinary resolutions need members holding a
majority of all votes present and a majority of the votes present, special ones at
least half of all members and two thirds of all votes in favour.
"""

from dataclasses import dataclass, field

from .membership import Seat, body_seats
from .models import (
    AgendaItem,
    Attendance,
    Body,
    Meeting,
    threshold_met,
    threshold_needed,
)
from .selectors import meeting_agenda


@dataclass
class ItemTally:
    item: AgendaItem
    meeting: Meeting
    is_assembly: bool
    special: bool
    entitled: list = field(default_factory=list)  # seats entitled to vote
    present: list = field(default_factory=list)  # entitled seats present
    excluded: list = field(default_factory=list)  # special-interest directors
    auditors_present: list = field(default_factory=list)
    proxies: int = 0
    written_votes: int = 0
    quorum_needed: int = 0
    quorum_met: bool = False

    @property
    def entitled_count(self):
        return len(self.entitled)

    @property
    def present_count(self):
        return len(self.present)

    def adoption_needed(self):
        """Votes in favour needed to adopt, with everyone present and entitled voting."""
        body = self.meeting.body
        if self.special:
            return max(
                threshold_needed(body.special_members, self.entitled_count),
                threshold_needed(body.special_votes, self.entitled_count),
            )
        return threshold_needed(body.adoption, self.present_count)

    def adopted_by(self, votes_for):
        body = self.meeting.body
        if self.special:
            # One vote per member: members in favour and votes in favour coincide.
            return threshold_met(
                body.special_members, votes_for, self.entitled_count
            ) and threshold_met(body.special_votes, votes_for, self.entitled_count)
        return self.quorum_met and threshold_met(
            body.adoption, votes_for, self.present_count
        )


def item_tally(
    item, meeting, *, seats=None, attendances=None, interested_ids=None
) -> ItemTally:
    """The tally of ``item`` at ``meeting``. Pass ``seats``, ``attendances`` and
    ``interested_ids`` to compute many items with the same few queries."""
    body = meeting.body
    if seats is None:
        seats = body_seats(body, meeting.day)
    if attendances is None:
        attendances = list(meeting.attendances.all())
    if interested_ids is None:
        interested_ids = set(item.special_interests.values_list("person_id", flat=True))
    tally = ItemTally(
        item=item,
        meeting=meeting,
        is_assembly=body.kind == Body.Kind.ASSEMBLY,
        special=body.kind == Body.Kind.ASSEMBLY
        and item.resolution_type == AgendaItem.ResolutionType.SPECIAL,
    )
    _count_seats(tally, seats, attendances, interested_ids)
    _count_quorum(tally)
    return tally


def _count_seats(tally, seats, attendances, interested_ids):
    """Sort each seat: an auditor (present or not), a special-interest director,
    or entitled to vote, and then present (in person, by proxy, in writing) or not."""
    by_key = {
        ("o", a.organization_id) if a.organization_id else ("p", a.person_id): a
        for a in attendances
    }
    at_board = tally.meeting.body.kind == Body.Kind.BOARD
    for seat in seats:
        attendance = by_key.get(seat.key)
        present = attendance is not None and attendance.is_present
        if not seat.votes:
            if present:
                tally.auditors_present.append(seat)
            continue
        if at_board and seat.person is not None and seat.person.pk in interested_ids:
            tally.excluded.append(seat)
            continue
        tally.entitled.append(seat)
        if present:
            tally.present.append(seat)
            if attendance.kind == Attendance.Kind.PROXY:
                tally.proxies += 1
            elif attendance.kind == Attendance.Kind.WRITTEN:
                tally.written_votes += 1


def _count_quorum(tally):
    body = tally.meeting.body
    if tally.special:
        # A special resolution has no separate quorum: it is measured against all members.
        tally.quorum_needed = 0
        tally.quorum_met = tally.entitled_count > 0
    else:
        tally.quorum_needed = threshold_needed(body.quorum, tally.entitled_count)
        tally.quorum_met = threshold_met(
            body.quorum, tally.present_count, tally.entitled_count
        )


def attendance_kinds(body) -> list[str]:
    """The ways one can attend ``body``: in person, online or not at all; at the
    assembly also by proxy, and in writing where the articles allow written votes.
    The board has neither (DESIGN), so its sheets show neither."""
    kinds = [Attendance.Kind.PRESENT, Attendance.Kind.ONLINE]
    if body.is_assembly:
        kinds.append(Attendance.Kind.PROXY)
        if body.allows_written_votes:
            kinds.append(Attendance.Kind.WRITTEN)
    return [*kinds, Attendance.Kind.ABSENT]


def seat_names(seats: list[Seat]):
    return [seat.name for seat in seats]


def agenda_tallies(meeting):
    """(seats, attendances, rows) for ``meeting``: a row per item on it with its tally
    and its decision there, in the same few queries however many items."""
    seats = body_seats(meeting.body, meeting.day)
    attendances = list(meeting.attendances.all())
    rows = []
    for item in meeting_agenda(meeting):
        tally = item_tally(
            item,
            meeting,
            seats=seats,
            attendances=attendances,
            interested_ids={i.person_id for i in item.interests},
        )
        decision = item.decisions_here[0] if item.decisions_here else None
        rows.append({"item": item, "tally": tally, "decision": decision})
    return seats, attendances, rows
