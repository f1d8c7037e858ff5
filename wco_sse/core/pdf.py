"""PDF documents from HTML templates, printed by WeasyPrint with Japanese fonts.

WeasyPrint would fetch any URL a document names (file:///etc/passwd, an internal
service): the fetcher here serves only the portal's own static files and refuses
everything else, so text a user typed can never make the printer fetch anything.

Every document is printed by one thread of the process, the printing thread, with one
font configuration. WeasyPrint's native stack (fontconfig, Pango, HarfBuzz) keeps its
font data per font map, and each render copies each embedded font file (a Noto CJK
collection is about 20 MB) to subset it; the C allocator keeps what a thread freed in
that thread's arena. Under a server that answers each request in a new thread
(runserver, gunicorn ``gthread``), every PDF made in a new thread left its own tens of
megabytes behind and the process grew to a gigabyte, with renders slowing down as it
grew. In one long-lived thread the memory of the last render serves the next one, and
the font configuration (fontconfig's font list, Pango's loaded fonts) is loaded once
instead of at every document. Renders of one process take turns; they are CPU-bound
Python under the GIL, so two at once would not finish sooner.

Even in one thread, what the C allocator keeps after a render depends on the process's
history (its arenas, the mmap threshold glibc raises after the first large free): two
test runs of the same sixteen documents grew the process by 4 MB and by 76 MB. After
each document the printing thread asks glibc to hand freed memory back (``malloc_trim``,
about a millisecond against a render's hundreds), so the process stays flat whatever ran
in it before.
"""

import ctypes
import ctypes.util
import mimetypes
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
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


def _malloc_trim():
    """glibc's ``malloc_trim(0)``, or nothing where the C library has none."""
    try:
        trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (AttributeError, OSError):
        return lambda: None
    trim.argtypes = [ctypes.c_size_t]
    return lambda: trim(0)


_give_back_freed_memory = _malloc_trim()


class _Printer:
    """The process's printing thread and the font configuration it alone uses.

    Made on first use and again in a forked child (gunicorn, Celery's prefork pool):
    a thread does not survive a fork, and Pango's objects must not cross one.
    """

    _lock = threading.Lock()
    _pid = None
    _executor = None
    _font_config = None

    @classmethod
    def executor(cls):
        with cls._lock:
            if cls._pid != os.getpid():
                cls._executor = ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix="wco-pdf"
                )
                cls._font_config = None
                cls._pid = os.getpid()
            return cls._executor

    @classmethod
    def write_pdf(cls, html, url_fetcher):
        """HTML to PDF bytes; runs in the printing thread only."""
        if cls._font_config is None:
            cls._font_config = FontConfiguration()
        document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=url_fetcher)
        try:
            return document.write_pdf(font_config=cls._font_config)
        finally:
            del document
            _give_back_freed_memory()


def html_to_pdf(html):
    """PDF bytes of an HTML document, printed in the printing thread."""
    future = _Printer.executor().submit(
        _Printer.write_pdf, html, StaticOnlyURLFetcher()
    )
    return future.result()


def render_pdf(template_name, context):
    """Render ``template_name`` (HTML) to PDF bytes.

    The template is rendered here, in the caller's thread (its language and settings
    apply); only the printing happens in the printing thread.
    """
    return html_to_pdf(render_to_string(template_name, context))


def pdf_response(content, filename):
    """A PDF shown in the browser (it can still be saved), never cached."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
