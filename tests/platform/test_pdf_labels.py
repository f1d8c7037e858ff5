"""Japanese line breaking in the printed documents: a table's labels never break
inside a word (出席監事, not 出席監/事), in every document the portal prints."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from secretariat import services
from secretariat.models import Attendance
from tests.secretariat import helpers as h
from tests.support.factories import CourseFactory
from wco_sse.core import pdf

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils"),
]


def _text(content, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _labels(html):
    """The text of each table header cell, without spaces."""
    labels = set()
    for cell in re.findall(r"<th[^>]*>(.*?)</th>", html, re.S):
        label = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", cell))
        if label:
            labels.add(label)
    return labels


@pytest.fixture
def printed(monkeypatch, client, demo, tmp_path):
    """Print ``url`` as the secretariat: (labels of the HTML, lines of the PDF)."""
    client.force_login(demo["staff"])
    pages = []
    to_pdf = pdf.html_to_pdf
    monkeypatch.setattr(
        pdf, "html_to_pdf", lambda html: pages.append(html) or to_pdf(html)
    )

    def print_(url):
        pages.clear()
        response = client.get(url)
        assert response.status_code == 200, url
        lines = [
            line.replace(" ", "")
            for line in _text(response.content, tmp_path).splitlines()
        ]
        return set().union(*(_labels(html) for html in pages)), lines

    return print_


def _broken(labels, lines):
    return sorted(label for label in labels if not any(label in x for x in lines))


@pytest.fixture
def board_minutes(demo):
    """Minutes of a held board meeting with a long list of those present beside the
    labels, and its meeting with an item."""
    meeting = h.meeting(
        demo,
        title="第5回理事会",
        chair=h.directors()[0],
        online_method="ビデオ会議システム（出席者の音声と映像が即時に他の出席者に伝わる方式）",
    )
    item = h.item(demo, status="placed", meeting=meeting)
    h.held_meeting_from(demo, meeting)
    h.attend(demo, meeting, h.directors()[:3])
    h.attend(demo, meeting, h.directors()[3:5], kind=Attendance.Kind.ONLINE)
    h.attend(demo, meeting, h.auditors()[:2])
    services.decision_record(
        actor=demo["staff"],
        item=item,
        result="vote",
        votes_for=4,
        votes_against=1,
        abstentions=0,
        dissenters=[h.directors()[2]],
    )
    return services.minutes_start(actor=demo["staff"], meeting=meeting)


def test_minutes_keep_auditors_present_on_one_line(printed, board_minutes):
    """The minutes' attendance table: its label column was squeezed by the list of
    names beside it and broke 出席監事 as 出席監/事."""
    labels, lines = printed(reverse("secretariat:minutes_pdf", args=[board_minutes.pk]))
    assert "出席監事" in labels
    assert any("出席監事" in line for line in lines)
    assert not _broken(labels, lines)


def test_no_document_breaks_a_label(printed, board_minutes):
    """Every kind of document, each with its table headers whole."""
    meeting = board_minutes.meeting
    session = CourseFactory(title="受付名簿の講座").sessions.first()
    urls = [
        reverse("members:print_member_roster"),
        reverse("members:print_voting_members"),
        reverse("members:print_officers"),
        reverse("secretariat:meeting_packet", args=[meeting.pk]),
        reverse("secretariat:meeting_tally", args=[meeting.pk]),
        reverse("secretariat:minutes_pdf", args=[board_minutes.pk]),
        reverse("support:session_roster", args=[session.pk]),
    ]
    checked = 0
    for url in urls:
        labels, lines = printed(url)
        assert not _broken(labels, lines), url
        checked += len(labels)
    assert checked > 30
