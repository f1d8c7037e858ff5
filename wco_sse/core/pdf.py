"""PDF documents from HTML templates, printed by WeasyPrint with Japanese fonts.

WeasyPrint would fetch any URL a document names (file:///etc/passwd, an internal
service): the fetcher here serves only the portal's own static files and refuses
everything else, so text a user typed can never make the printer fetch anything.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Documents are rendered against this base, so {% static %} URLs resolve under it.
PDF_BASE_URL = "https://pdf.wco-sse.invalid/"


class StaticOnlyURLFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        prefix = PDF_BASE_URL.rstrip("/") + settings.STATIC_URL
        if not url.startswith(prefix):
            raise ValueError(f"PDF resources are limited to static files: {url[:80]}")
        relative = url[len(prefix) :].split("?")[0].split("#")[0]
        path = _find_static(relative)
        if path is None:
            raise ValueError(f"No such static file: {relative[:80]}")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": mime_type}
        )


def _find_static(relative):
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    candidate = Path(settings.STATIC_ROOT) / relative
    if candidate.is_file() and candidate.resolve().is_relative_to(
        Path(settings.STATIC_ROOT).resolve()
    ):
        return candidate
    return None


def render_pdf(template_name, context):
    """Render ``template_name`` (HTML) to PDF bytes."""
    html = render_to_string(template_name, context)
    document = HTML(
        string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyURLFetcher()
    )
    return document.write_pdf()


def pdf_response(content, filename):
    """A PDF shown in the browser (it can still be saved), never cached."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
