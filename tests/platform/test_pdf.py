import shutil
import subprocess

import pytest
from django.template import engines

from wco_sse.core.pdf import StaticOnlyURLFetcher, render_pdf

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="needs poppler-utils (pdftotext, pdffonts)"
)


def test_fetcher_serves_only_static_files():
    fetcher = StaticOnlyURLFetcher()
    ok = fetcher.fetch("https://pdf.wco-sse.invalid/static/css/portal.css")
    assert b"portal" in ok.read()
    for url in (
        "file:///etc/passwd",
        "http://127.0.0.1:6379/",
        "http://169.254.169.254/latest/meta-data/",
        "https://pdf.wco-sse.invalid/static/../../wco_sse/settings.py",
        "https://pdf.wco-sse.invalid/media/anything",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


@needs_poppler
def test_japanese_pdf_embeds_a_cjk_font_and_fetches_nothing_else(tmp_path, monkeypatch):
    template = engines["django"].from_string(
        '<html><head><link rel="stylesheet" href="/static/css/print.css"></head>'
        "<body><h1>理事会議事録</h1><p>{{ text }}</p>"
        '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png"></body></html>'
    )
    monkeypatch.setattr(
        "wco_sse.core.pdf.render_to_string",
        lambda name, context: template.render(context),
    )
    pdf = render_pdf("ignored.html", {"text": "<script>alert(1)</script> 可決"})
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "理事会議事録" in text
    assert "<script>alert(1)</script> 可決" in text
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "CJK" in fonts or "Noto" in fonts
