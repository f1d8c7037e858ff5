"""Shared helpers of the hostile-output tests: payloads, and how each output form
shows them (HTML, email, CSV/XLSX, PDF), plus an HTTP server that records hits."""

import contextlib
import csv
import html.parser
import http.server
import io
import shutil
import subprocess
import threading

import pytest

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext)"
)

# The attribute a payload puts on an element if a page ever renders it as markup.
MARK = "data-pwn"
# Where payloads point when no recording server is listening: the discard port.
DEAD_URL = "http://127.0.0.1:9"


def payload(tag, base=DEAD_URL):
    """Markup a browser (or WeasyPrint) would render, and fetch, if it were not
    escaped: it breaks out of double-quoted attributes too. ``tag`` names the field
    it went into (the request path a fetch would ask for). Under 60 characters
    with a tag of up to 15, so it fits a person's name."""
    return f'"><img src={base}/{tag} {MARK}>'


# Cells a spreadsheet would run as formulas.
FORMULAS = {
    "eq": '=HYPERLINK("http://evil.example","x")',
    "plus": "+1+1",
    "minus": "-1+1",
    "at": "@SUM(1+1)",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
}


class _Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.marked = []  # (tag, attrs) of elements carrying MARK
        self.scripted = []  # attributes holding script: on*= handlers, javascript: URLs
        self.texts = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == MARK:
                self.marked.append((tag, dict(attrs)))
            if name.startswith("on"):
                self.scripted.append((tag, name, value))
            if name in ("href", "src", "action", "formaction") and (
                (value or "").strip().lower().startswith(("javascript:", "data:text"))
            ):
                self.scripted.append((tag, name, value))
            if value:
                self.texts.append(value)

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.texts.append(data)


def parse_html(content):
    page = _Page()
    page.feed(content if isinstance(content, str) else content.decode())
    page.close()
    return page


def assert_shown_as_text(content, expected=(), where=""):
    """No payload became an element or a script, and each of ``expected`` reads
    literally, as text or as a form field's value."""
    page = parse_html(content)
    assert page.marked == [], f"{where}: payload rendered as markup: {page.marked}"
    assert page.scripted == [], f"{where}: script in an attribute: {page.scripted}"
    text = "\n".join(page.texts)
    missing = [value for value in expected if value not in text]
    assert not missing, f"{where}: not shown literally: {missing}"


def csv_rows(content):
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def xlsx_rows(content):
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows()]


def pdf_text(content, tmp_path, name="doc.pdf"):
    """The PDF's text in the order it was written (``-raw``): a table cell's wrapped
    lines stay together instead of interleaving with the next column's."""
    path = tmp_path / name
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def squeeze(text):
    """Text without whitespace or hyphens: table cells wrap lines anywhere, and
    pdftotext joins a word broken after a hyphen without it."""
    return "".join(text.split()).replace("-", "")


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    def _record(self):
        self.server.hits.append((self.command, self.path))
        body = b"body::before{content:'FETCHED'}"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_HEAD = _record

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def recording_server():
    """An HTTP server on 127.0.0.1 that records every request it gets (``.hits``)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RecordingHandler)
    server.hits = []
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
