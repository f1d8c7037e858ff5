"""Every upload field (a W.Co's documents, an agenda item's papers, the signed
minutes, a member list to import) refuses wrong types, oversized files and content
that does not match the name, saying so; what it keeps is served as an attachment,
with nosniff, only to those who may see its record."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from members.models import ImportBatch
from secretariat import services as sec
from tests.hostile.output_helpers import assert_shown_as_text, payload
from tests.secretariat import helpers as h
from wco_sse.core.models import StoredFile

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
CSV_WITH_MARKUP = (
    "団体名,郵便番号\n"
    '"<script>alert(1)</script>",231-0023\n'
    '"=HYPERLINK(""http://evil.example"",""x"")",231-0023\n'
).encode()


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<x/>")
    return buffer.getvalue()


# (file name, content) refused by every field: a wrong type, markup under a
# document's name, a document under another's name, and an oversized one.
REFUSED_EVERYWHERE = [
    ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
    ("page.html", HTML),
    ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("script.js", b"alert(1)"),
    ("minutes.pdf", HTML),
    ("scan.png", PDF),
    ("scan.jpg", b"MZ\x90\x00"),
    ("big.pdf", PDF + b"0" * 4096),
    ("big.csv", b"a,b\n" + b"1,2\n" * 1024),
    ("noextension", PDF),
]


@pytest.fixture
def small_limit(settings):
    settings.WCO_UPLOAD_MAX_BYTES = 2048


def _place(demo, place):
    """One upload field: (who uploads, URL, extra form data, what it also refuses,
    a file it accepts)."""
    if place == "organization":
        home = demo.ctx.data["home_wco"]
        return (
            demo["rep"],
            reverse("members:organization_file_upload", args=[home.pk]),
            {"description": "定款"},
            [],
            ("定款.pdf", PDF),
        )
    if place == "agenda item":
        item = h.item(demo, status="draft")
        return (
            demo["support"],
            reverse("secretariat:item_attach", args=[item.pk]),
            {"description": "資料"},
            [],
            ("資料.docx", _docx()),
        )
    if place == "signed minutes":
        meeting = h.held_meeting(demo)
        h.attend(demo, meeting, h.directors()[:3])
        minutes = sec.minutes_start(actor=demo["staff"], meeting=meeting)
        sec.minutes_finalize(actor=demo["staff"], minutes=minutes)
        return (
            demo["staff"],
            reverse("secretariat:minutes_scan", args=[minutes.pk]),
            {},
            [("minutes.csv", b"a,b\n1,2\n"), ("minutes.docx", _docx())],
            ("署名済み議事録.png", PNG),
        )
    if place == "policy proposal":
        from tests.network.proposal_helpers import proposal

        made = proposal(demo)
        return (
            demo["network"],
            reverse("network:proposal_file_upload", args=[made.pk]),
            {"description": "提言書"},
            [],
            ("提言書.pdf", PDF),
        )
    return (
        demo["staff"],
        reverse("members:import_upload"),
        {"kind": ImportBatch.Kind.ORGANIZATIONS},
        [("list.pdf", PDF), ("list.xlsx", _docx())],
        ("名簿.csv", CSV_WITH_MARKUP),
    )


PLACES = [
    "organization",
    "agenda item",
    "signed minutes",
    "policy proposal",
    "member list",
]


@pytest.mark.parametrize("place", PLACES)
def test_every_upload_field_refuses_what_the_policy_refuses(
    client, demo, small_limit, place
):
    user, url, data, also_refused, _accepted = _place(demo, place)
    client.force_login(user)
    for name, content in REFUSED_EVERYWHERE + also_refused:
        before = StoredFile.objects.count()
        response = client.post(url, {**data, "file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200, (place, name, response.status_code)
        errors = response.context["form"].errors
        assert errors, (place, name)
        page = response.content.decode()
        for message in (str(e) for messages in errors.values() for e in messages):
            assert escape(message) in page, (place, name, message)
        assert StoredFile.objects.count() == before, (place, name)


@pytest.mark.parametrize("place", PLACES)
def test_kept_files_are_attachments_with_nosniff_for_those_who_may_see_them(
    client, demo, place
):
    user, url, data, _refused, (name, content) = _place(demo, place)
    client.force_login(user)
    response = client.post(url, {**data, "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, (place, response.status_code)
    stored = StoredFile.objects.latest("uploaded_at")
    download = reverse("members:file_download", args=[stored.pk])
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    # The type the content was found to be, never one the uploader claimed.
    assert response["Content-Type"] in (
        "application/pdf",
        "image/png",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert b"".join(response.streaming_content) == content
    client.force_login(demo["citizen"])
    assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download).status_code == 302  # to the sign-in page


def test_markup_in_a_file_name_or_a_list_shows_as_text(client, demo):
    """A file called like markup, and a member list whose cells are markup and
    formulas: the W.Co page and the import's dry run show them as text."""
    home = demo.ctx.data["home_wco"]
    name = payload("file_name")[:40] + ".pdf"
    client.force_login(demo["rep"])
    response = client.post(
        reverse("members:organization_file_upload", args=[home.pk]),
        {"file": SimpleUploadedFile(name, PDF), "description": payload("file_desc")},
    )
    assert response.status_code == 302
    stored = StoredFile.objects.get()
    page = client.get(reverse("members:organization_detail", args=[home.pk]))
    assert_shown_as_text(
        page.content, [stored.original_name, payload("file_desc")], where="W.Co page"
    )
    download = client.get(reverse("members:file_download", args=[stored.pk]))
    disposition = download["Content-Disposition"]
    assert "\n" not in disposition and "\r" not in disposition
    assert disposition.startswith("attachment;")

    client.force_login(demo["staff"])
    response = client.post(
        reverse("members:import_upload"),
        {
            "kind": ImportBatch.Kind.ORGANIZATIONS,
            "file": SimpleUploadedFile("名簿.csv", CSV_WITH_MARKUP),
        },
    )
    assert response.status_code == 302, response.status_code
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert_shown_as_text(html, ["<script>alert(1)</script>"], where="dry run")
    assert "<script>alert(1)" not in html
