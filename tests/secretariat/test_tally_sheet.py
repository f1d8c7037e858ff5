"""The tally sheet (集計表) shows only the ways one can attend its body."""

import io

import pytest
from pypdf import PdfReader

from secretariat import documents, services
from secretariat.models import Meeting
from tests.secretariat import helpers as h

pytestmark = pytest.mark.django_db


def pdf_text(pdf):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_board_tally_sheet_has_no_proxy_or_written_vote_columns(demo):
    """The board has no proxy and no written vote, so its tally sheet shows neither."""
    meeting = h.meeting(demo)
    item = h.item(demo, status="placed", meeting=meeting)
    h.held_meeting_from(demo, meeting)
    h.attend(demo, meeting, h.directors()[:4])
    services.decision_record(
        actor=demo["staff"],
        item=item,
        result="vote",
        votes_for=4,
        votes_against=0,
        abstentions=0,
    )
    text = pdf_text(documents.tally_pdf(Meeting.objects.get(pk=meeting.pk)))
    assert "集計表" in text and "出席" in text and "欠席" in text
    assert "委任状" not in text and "書面表決" not in text


def test_assembly_tally_sheet_keeps_proxies_and_written_votes(demo):
    """The assembly takes proxies, and written votes where the articles allow them."""
    _item, meeting = h.assembly_item(demo, "ordinary", written_votes=True)
    text = pdf_text(documents.tally_pdf(Meeting.objects.get(pk=meeting.pk)))
    assert "委任状" in text and "書面表決" in text


def test_assembly_without_written_votes_shows_no_written_vote_column(demo):
    _item, meeting = h.assembly_item(demo, "ordinary")
    text = pdf_text(documents.tally_pdf(Meeting.objects.get(pk=meeting.pk)))
    assert "委任状" in text and "書面表決" not in text
