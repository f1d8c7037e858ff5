"""PDFs made from new threads, as a threaded server (runserver, gunicorn gthread) makes
them: memory stays flat and renders do not slow down as the process ages."""

import threading
import time

import pytest
from django.template import engines

from wco_sse.core import pdf

ROWS = "".join(
    f"<tr><td>{i}</td><td>ワーカーズ・コレクティブ たすけあい{i}</td>"
    f"<td>神奈川県横浜市中区山下町{i}番地</td><td>出席監事</td></tr>"
    for i in range(60)
)
DOCUMENT = (
    '<html lang="ja"><head><link rel="stylesheet" href="/static/css/print.css">'
    "</head><body><h1>会員名簿</h1><table><thead><tr><th>番号</th><th>団体名</th>"
    f"<th>住所</th><th>備考</th></tr></thead><tbody>{ROWS}</tbody></table>"
    "<p><strong>議事録</strong> 理事会 議案 上程</p></body></html>"
)


def _rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    pytest.skip("no /proc/self/status")


def _round_of_threads(count):
    """``count`` documents at once, each from a new thread; their durations."""
    durations, errors = [], []

    def render():
        started = time.perf_counter()
        try:
            assert pdf.render_pdf("roster.html", {}).startswith(b"%PDF")
        except Exception as error:
            errors.append(error)
        durations.append(time.perf_counter() - started)

    threads = [threading.Thread(target=render) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    return durations


def test_documents_from_new_threads_keep_memory_and_time_flat(monkeypatch):
    """Four documents at a time, each from a thread of its own, round after round:
    the process grows by less than one document's font data per round, and the last
    round is not slower than the first. (Before, each thread kept its own tens of
    megabytes of font data and the process grew by hundreds.)"""
    template = engines["django"].from_string(DOCUMENT)
    monkeypatch.setattr(
        pdf, "render_to_string", lambda name, context: template.render(context)
    )
    _round_of_threads(2)  # fonts loaded, caches warm
    before = _rss_mb()
    first = _round_of_threads(4)
    for _ in range(3):
        last = _round_of_threads(4)
    growth = _rss_mb() - before
    assert growth < 60, f"the process grew by {growth:.0f} MB over 16 documents"
    assert max(last) < 2 * max(first) + 2, (first, last)


def test_a_forked_worker_prints_with_a_thread_of_its_own(monkeypatch):
    """gunicorn and Celery's prefork pool fork after the parent may have printed: the
    child starts its own printing thread (a thread does not survive a fork)."""
    import os

    template = engines["django"].from_string(DOCUMENT)
    monkeypatch.setattr(
        pdf, "render_to_string", lambda name, context: template.render(context)
    )
    assert pdf.render_pdf("roster.html", {}).startswith(b"%PDF")
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through its exit status
        ok = False
        try:
            ok = pdf.render_pdf("roster.html", {}).startswith(b"%PDF")
        finally:
            os._exit(0 if ok else 1)
    _pid, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
