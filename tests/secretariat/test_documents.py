"""The papers as PDF: Japanese text, a CJK font embedded, PDF attachments appended,
dates in the Japanese era or not, per document."""

import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from secretariat import documents, services
from secretariat.models import Meeting
from tests.secretariat import helpers as h
from wco_sse.core.japan import format_date
from wco_sse.core.pdf import render_pdf

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils"),
]


def text_of(pdf, tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def fonts_of(pdf, tmp_path):
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout


def embedded_fonts(pdf, tmp_path):
    """The fonts embedded in the PDF, without their subset prefix (``ABCDEF+``)."""
    rows = fonts_of(pdf, tmp_path).splitlines()[2:]
    return {
        row.split()[0].split("+")[-1]
        for row in rows
        if row.split()[-5:-4] == ["yes"]  # the "emb" column
    }


def attachment_pdf():
    from django.template import engines

    template = engines["django"].from_string(
        "<html><body><p>添付資料 収支予算書</p></body></html>"
    )
    from unittest import mock

    with mock.patch(
        "wco_sse.core.pdf.render_to_string", lambda name, ctx: template.render(ctx)
    ):
        return render_pdf("x.html", {})


def decided_meeting(demo):
    meeting = h.meeting(demo, title="第5回理事会", chair=h.directors()[0])
    item = h.item(
        demo, status="placed", meeting=meeting, title="W.Coスクール講座の新設について"
    )
    return meeting, item


def test_board_packet_appends_pdf_papers_and_lists_the_others(demo, tmp_path):
    meeting, item = decided_meeting(demo)
    item.status = (
        "draft"  # attach while editable (as the section does before submitting)
    )
    item.save(update_fields=["status"])
    services.agenda_item_attach(
        actor=demo["support"],
        item=item,
        uploaded=SimpleUploadedFile("予算書.pdf", attachment_pdf(), "application/pdf"),
    )
    services.agenda_item_attach(
        actor=demo["support"],
        item=item,
        uploaded=SimpleUploadedFile(
            "名簿.csv", "氏名,役職\n佐藤,理事\n".encode(), "text/csv"
        ),
    )
    item.status = "placed"
    item.save(update_fields=["status"])
    pdf = documents.packet_pdf(Meeting.objects.get(pk=meeting.pk))
    text = text_of(pdf, tmp_path)
    assert "第5回理事会" in text and "議案書" in text
    assert "W.Coスクール講座の新設について" in text
    assert "審議事項" in text
    assert "名簿.csv" in text  # listed, not appended
    assert "添付資料 収支予算書" in text  # appended
    assert "令和" in text  # the packet's default: the Japanese era
    assert "Noto-Sans-CJK-JP" in embedded_fonts(pdf, tmp_path)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3


def test_minutes_pdf_holds_the_outcome_and_the_signatories(demo, tmp_path):
    meeting, item = decided_meeting(demo)
    h.held_meeting_from(demo, meeting)
    h.attend(demo, meeting, h.directors()[:4])
    h.attend(demo, meeting, h.auditors()[:1])
    services.decision_record(
        actor=demo["staff"],
        item=item,
        result="vote",
        votes_for=3,
        votes_against=1,
        abstentions=0,
        dissenters=[h.directors()[3]],
    )
    minutes = services.minutes_start(actor=demo["staff"], meeting=meeting)
    services.minutes_finalize(actor=demo["staff"], minutes=minutes)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_wareki=False)
    minutes.refresh_from_db()
    pdf = documents.minutes_pdf(minutes)
    text = text_of(pdf, tmp_path)
    assert "議事録" in text and "可決" in text
    assert h.directors()[3].full_name in text  # the dissenter, by name
    # This meeting's minutes give dates in the western year.
    assert format_date(meeting.day, wareki=False) in text and "令和" not in text
    assert "Noto-Sans-CJK-JP" in embedded_fonts(pdf, tmp_path)


def test_each_document_has_its_own_era_setting(demo, tmp_path):
    meeting, _item = decided_meeting(demo)
    Meeting.objects.filter(pk=meeting.pk).update(packet_wareki=False)
    western = text_of(
        documents.packet_pdf(Meeting.objects.get(pk=meeting.pk)), tmp_path
    )
    assert "令和" not in western and "年度" in western
    Meeting.objects.filter(pk=meeting.pk).update(packet_wareki=True)
    era = text_of(documents.packet_pdf(Meeting.objects.get(pk=meeting.pk)), tmp_path)
    assert "令和" in era


def test_assembly_tally_sheet(demo, tmp_path):
    item, meeting = h.assembly_item(demo, "special")
    for organization, kind in zip(
        h.regular_members(),
        ["present", "proxy", "present", "present", "absent"],
        strict=True,
    ):
        services.attendance_set(
            actor=demo["staff"], meeting=meeting, organization=organization, kind=kind
        )
    services.decision_record(
        actor=demo["staff"],
        item=item,
        result="vote",
        votes_for=4,
        votes_against=0,
        abstentions=0,
    )
    pdf = documents.tally_pdf(Meeting.objects.get(pk=meeting.pk))
    text = text_of(pdf, tmp_path)
    assert "集計表" in text and "特別決議" in text and "可決" in text
    assert "委任状" in text


def test_the_pdf_urls_answer_with_pdfs(demo, client):
    meeting, _item = decided_meeting(demo)
    client.force_login(demo["board"])
    response = client.get(reverse("secretariat:meeting_packet", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
