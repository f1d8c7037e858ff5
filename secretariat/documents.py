"""The papers: board packet (議案書), minutes (議事録) and tally sheet (集計表) as PDF.

Official documents are printed in Japanese, whatever the reader's language; each
document's own setting chooses the Japanese era (令和8年) or the western year.
"""

import io
import logging

from django.db.models import prefetch_related_objects
from django.utils import timezone, translation

from wco_sse.core.japan import fiscal_year, format_date, format_fiscal_year
from wco_sse.core.pdf import render_pdf

from .models import Attendance, Body, Decision, Minutes
from .selectors import papers_prefetch
from .tally import agenda_tallies, attendance_kinds

logger = logging.getLogger(__name__)


def _when(value, wareki):
    local = timezone.localtime(value)
    return f"{format_date(local.date(), wareki=wareki)} {local:%H}時{local:%M}分"


def _dates(meeting, wareki):
    return {
        "wareki": wareki,
        "date_text": format_date(meeting.day, wareki=wareki),
        "starts_text": _when(meeting.starts_at, wareki),
        "ends_text": _when(meeting.ends_at, wareki) if meeting.ends_at else "",
        "fiscal_year_text": format_fiscal_year(fiscal_year(meeting.day), wareki=wareki),
        "today_text": format_date(timezone.localdate(), wareki=wareki),
    }


def packet_pdf(meeting) -> bytes:
    """The agenda and each item's text, then its papers (別紙) in their order: PDF
    papers appended at the end, item by item, the others listed."""
    rows = agenda_tallies(meeting)[2]
    prefetch_related_objects([row["item"] for row in rows], papers_prefetch())
    appendices = []
    for row in rows:
        row["papers"] = row["item"].paper_list
        appendices += [
            paper.file for paper in row["papers"] if paper.file.kind == "pdf"
        ]
    context = {
        "meeting": meeting,
        "rows": rows,
        **_dates(meeting, meeting.packet_wareki),
    }
    with translation.override("ja"):
        pdf = render_pdf("secretariat/pdf/packet.html", context)
    return append_pdfs(pdf, appendices)


def append_pdfs(pdf: bytes, stored_files) -> bytes:
    """Append the pages of each stored PDF; a damaged one is skipped (and logged)."""
    if not stored_files:
        return pdf
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf)))
    for stored in stored_files:
        try:
            with stored.file.open("rb") as handle:
                writer.append(PdfReader(io.BytesIO(handle.read())))
        except Exception:  # a broken attachment must not stop the packet
            logger.warning("Could not append %s to a board packet", stored.pk)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _people(seats, attendances, capacity, kinds):
    by_person = {a.person_id: a for a in attendances if a.person_id}
    return [
        s
        for s in seats
        if s.capacity == capacity
        and s.person
        and by_person.get(s.person.pk)
        and by_person[s.person.pk].kind in kinds
    ]


def minutes_context(minutes: Minutes) -> dict:
    """What the minutes page and the minutes PDF show."""
    if minutes.written_resolution_id:
        return _written_minutes_context(minutes)
    return _meeting_minutes_context(minutes)


def _written_minutes_context(minutes):
    """The minutes of a resolution without a meeting: the matter and the consents."""
    resolution = minutes.written_resolution
    wareki = resolution.body.documents_wareki
    return {
        "minutes": minutes,
        "resolution": resolution,
        "item": resolution.item,
        "decision": Decision.objects.filter(written_resolution=resolution).first(),
        "responses": list(resolution.responses.select_related("person")),
        "wareki": wareki,
        "adopted_text": format_date(resolution.adopted_on, wareki=wareki)
        if resolution.adopted_on
        else "",
        "proposed_text": format_date(
            timezone.localtime(resolution.proposed_at).date(), wareki=wareki
        ),
        "today_text": format_date(timezone.localdate(), wareki=wareki),
    }


def _meeting_minutes_context(minutes):
    """The minutes of a meeting: who attended and how, and each item's outcome."""
    meeting = minutes.meeting
    seats, attendances, rows = agenda_tallies(meeting)
    return {
        "minutes": minutes,
        "meeting": meeting,
        "body": meeting.body,
        "rows": rows,
        "signatories": list(minutes.signatories.select_related("person")),
        **_attendance_context(seats, attendances),
        **_dates(meeting, meeting.minutes_wareki),
    }


def _attendance_context(seats, attendances):
    in_person = (Attendance.Kind.PRESENT,)
    online = (Attendance.Kind.ONLINE,)
    present = (Attendance.Kind.PRESENT, Attendance.Kind.ONLINE)
    C = Attendance.Capacity
    return {
        "seat_count": len([s for s in seats if s.votes]),
        "present_count": len(
            [a for a in attendances if a.is_present and a.capacity != C.AUDITOR]
        ),
        "director_count": len([s for s in seats if s.capacity == C.DIRECTOR]),
        "directors_present": _people(seats, attendances, C.DIRECTOR, in_person),
        "directors_online": _people(seats, attendances, C.DIRECTOR, online),
        "auditors_present": _people(seats, attendances, C.AUDITOR, present),
        "members_present": _people(seats, attendances, C.MEMBER, present),
        "organizations": [a for a in attendances if a.organization_id and a.is_present],
    }


def minutes_pdf(minutes: Minutes) -> bytes:
    context = minutes_context(minutes)
    with translation.override("ja"):
        return render_pdf("secretariat/pdf/minutes.html", context)


def tally_pdf(meeting) -> bytes:
    _seats, attendances, rows = agenda_tallies(meeting)
    counts = dict.fromkeys(Attendance.Kind.values, 0)
    for attendance in attendances:
        if attendance.capacity != Attendance.Capacity.AUDITOR:
            counts[attendance.kind] += 1
    # Only the ways of attending this body: the board takes no proxy, no written vote.
    columns = [
        (Attendance.Kind(kind).label, counts[kind])
        for kind in attendance_kinds(meeting.body)
    ]
    context = {
        "meeting": meeting,
        "rows": [r for r in rows if r["item"].kind == "deliberation"],
        "attendance_columns": columns,
        "is_assembly": meeting.body.kind == Body.Kind.ASSEMBLY,
        **_dates(meeting, meeting.tally_wareki),
    }
    with translation.override("ja"):
        return render_pdf("secretariat/pdf/tally.html", context)
