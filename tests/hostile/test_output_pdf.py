"""PDFs print typed text literally (checked with pdftotext) and fetch nothing it
names: not an internal URL, not a local file, whatever a record or a template says."""

import io

import pytest
from django.template import engines
from django.urls import reverse
from pypdf import PdfReader

from members.dues import dues_payment_record
from support import services as sup
from tests.hostile import output_world
from tests.hostile.output_helpers import (
    needs_poppler,
    pdf_text,
    recording_server,
    squeeze,
)
from tests.members.dues_support import issue, set_rates, this_year, today
from wco_sse.core.pdf import render_pdf

pytestmark = [pytest.mark.django_db, needs_poppler]


@pytest.fixture
def server():
    with recording_server() as running:
        yield running


# Everything in a document's HTML that makes WeasyPrint fetch: images, style sheets,
# @import, url() in inline styles and @font-face, objects, and attachments (which
# WeasyPrint embeds in the PDF file itself).
FETCHING_HTML = """<html><head>
<link rel="stylesheet" href="{url}/link.css">
<link rel="stylesheet" href="file://{css}">
<link rel="attachment" href="file://{secret}">
<link rel="attachment" href="{url}/attachment">
<style>@import url("{url}/import.css");
@font-face {{ font-family: x; src: url("{url}/font.woff"); }}
p {{ background: url("{url}/background.png"); font-family: x; }}</style>
</head><body><p>本文</p>
<img src="{url}/img.png"><img src="file://{secret}">
<object data="{url}/object.svg"></object><embed src="{url}/embed.svg">
<svg><image href="{url}/svg-image.png"/></svg>
</body></html>"""


def _render_html(monkeypatch, source, *, fetcher=None):
    """render_pdf on ``source`` (HTML, not a template file), with our fetcher or
    with WeasyPrint's own (``fetcher="default"``: the control)."""
    template = engines["django"].from_string(source)
    monkeypatch.setattr(
        "wco_sse.core.pdf.render_to_string",
        lambda name, context: template.render(context),
    )
    if fetcher == "default":
        from weasyprint.urls import URLFetcher

        monkeypatch.setattr("wco_sse.core.pdf.StaticOnlyURLFetcher", URLFetcher)
    return render_pdf("ignored.html", {})


def _attachments(pdf):
    return PdfReader(io.BytesIO(pdf)).attachments


def test_a_document_naming_urls_and_files_fetches_none_of_them(
    monkeypatch, server, tmp_path
):
    css = tmp_path / "leak.css"
    css.write_text("p::after { content: 'LOCALFILE'; }")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the printer")
    source = FETCHING_HTML.format(url=server.url, css=css, secret=secret)

    # The control: WeasyPrint's own fetcher would fetch them all, files included.
    control = _render_html(monkeypatch, source, fetcher="default")
    assert len(server.hits) >= 5, server.hits
    control_text = pdf_text(control, tmp_path, "control.pdf")
    assert "LOCALFILE" in control_text and "FETCHED" in control_text
    assert "secret.txt" in _attachments(control)

    server.hits.clear()
    monkeypatch.undo()
    pdf = _render_html(monkeypatch, source)
    assert server.hits == []
    text = pdf_text(pdf, tmp_path)
    assert "本文" in text
    assert "LOCALFILE" not in text and "FETCHED" not in text
    assert _attachments(pdf) == {}


def _check_pdf(response, world, tags, tmp_path, server):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(getattr(response, "streaming_content", [response.content]))
    text = squeeze(pdf_text(content, tmp_path))
    missing = [t for t in tags if squeeze(world.texts[t]) not in text]
    assert not missing, f"{response.wsgi_request.path}: not literal: {missing}"
    assert server.hits == [], server.hits


def test_registry_prints_and_dues_papers_print_names_literally(
    client, demo, server, tmp_path
):
    world = output_world.build(demo, base=server.url, parts=("registry",))
    org, person = world["org"], world["person"]
    person.is_individual_supporter = True
    person.save(update_fields=["is_individual_supporter"])
    set_rates(demo["staff"])
    issue(demo["staff"])
    dues = org.dues.get(fiscal_year=this_year())
    payment = dues_payment_record(
        actor=demo["staff"], dues=dues, paid_on=today(), amount=1000
    )
    client.force_login(demo["secgen"])
    for url, tags in [
        (
            reverse("members:print_labels") + "?q=org_name&audience=organizations",
            ("org_name", "org_address", "org_building"),
        ),
        (
            reverse("members:print_labels") + "?audience=supporters",
            ("person_family", "person_given", "person_address"),
        ),
        (
            reverse("members:dues_invoice", args=[dues.pk]),
            ("org_name", "org_address", "org_building"),
        ),
        (reverse("members:dues_receipt", args=[payment.pk]), ("org_name",)),
    ]:
        _check_pdf(client.get(url), world, tags, tmp_path, server)


def test_board_papers_print_titles_and_minutes_literally(
    client, demo, server, tmp_path
):
    world = output_world.build(
        demo,
        base=server.url,
        parts=("registry", "secretariat", "minutes"),
    )
    meeting = world["meeting"]
    client.force_login(demo["staff"])
    for url, tags in [
        (
            reverse("secretariat:meeting_packet", args=[meeting.pk]),
            ("meeting_title", "meeting_place", "item_title", "item_body"),
        ),
        (
            reverse("secretariat:minutes_pdf", args=[world["minutes"].pk]),
            (
                "meeting_title",
                "item_title",
                "minutes_opening",
                "auditors_statements",
                "other_matters",
                "discussion",
            ),
        ),
        (
            reverse("secretariat:meeting_tally", args=[meeting.pk]),
            ("meeting_title", "item_title"),
        ),
    ]:
        _check_pdf(client.get(url), world, tags, tmp_path, server)


def test_school_papers_print_names_and_titles_literally(client, demo, server, tmp_path):
    world = output_world.build(demo, base=server.url, parts=("registry", "school"))
    course, application = world["course"], world["application"]
    session = course.sessions.get()
    sup.attendance_toggle(
        actor=demo["school"], session=session, application=application
    )
    client.force_login(demo["school"])
    _check_pdf(
        client.get(reverse("support:session_roster", args=[session.pk])),
        world,
        ("course_title", "member_family", "venue"),
        tmp_path,
        server,
    )
    client.force_login(demo["member"])
    _check_pdf(
        client.get(reverse("support:application_certificate", args=[application.pk])),
        world,
        ("course_title", "member_family"),
        tmp_path,
        server,
    )
