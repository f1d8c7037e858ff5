"""Per-page cost in-process, for finding what to fix when `make bench` shows a miss.

On a busy machine wall-clock throughput is noisy; the best of N in-process runs and
the query count per page are not. Uses the fixtures bench/prepare.py wrote:

    .venv/bin/python bench/profile_pages.py bench/out/fixtures.json [page ...]
        [--runs 30] [--profile PAGE] [--sql PAGE]

--profile prints a pyinstrument profile of one request to PAGE; --sql prints the
queries it makes with their time.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wco_sse.settings")

import django  # noqa: E402

django.setup()

# As the server runs them: templates compiled and the start-up heap frozen.
from wco_sse.core.warmup import warm  # noqa: E402

warm()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def client_for(fixtures, role):
    session = fixtures["sessions"][role]
    client = Client(SERVER_NAME="127.0.0.1", REMOTE_ADDR="127.0.0.1")
    client.cookies["sessionid"] = session["session"]
    client.cookies["csrftoken"] = session["csrf"]
    return client


def measure(fixtures, name, page, runs):
    client = client_for(fixtures, page["role"])
    for _ in range(3):
        response = client.get(page["path"])
    assert response.status_code == 200, (name, response.status_code)
    assert page["marker"] in response.content.decode(), (name, "marker missing")
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(page["path"])
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page["path"])
    return {
        "best_ms": min(times),
        "cpu_ms": statistics.median(cpu),
        "median_ms": statistics.median(times),
        "queries": len(queries.captured_queries),
        "bytes": len(response.content),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("fixtures")
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile")
    parser.add_argument("--sql")
    args = parser.parse_args()
    fixtures = json.loads(Path(args.fixtures).read_text())
    pages = {"bare": fixtures["bare"], **fixtures["pages"]}

    if args.profile:
        from pyinstrument import Profiler

        page = pages[args.profile]
        client = client_for(fixtures, page["role"])
        for _ in range(3):
            client.get(page["path"])
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(10):
                client.get(page["path"])
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return
    if args.sql:
        page = pages[args.sql]
        client = client_for(fixtures, page["role"])
        client.get(page["path"])
        with CaptureQueriesContext(connection) as queries:
            client.get(page["path"])
        for query in queries.captured_queries:
            print(f"{query['time']:>6} {query['sql'][:300]}")
        return

    names = args.pages or list(pages)
    results = {name: measure(fixtures, name, pages[name], args.runs) for name in names}
    # Python CPU time is what a busy machine disturbs least; the database's share
    # is in the wall-clock figures.
    bare = results.get("bare", {}).get("cpu_ms")
    print(
        f"{'page':<20} {'cpu ms':>7} {'best ms':>8} {'median':>8} {'queries':>8} "
        f"{'KB':>6} {'bare/page (cpu)':>16}"
    )
    for name, result in results.items():
        ratio = f"{bare / result['cpu_ms']:.2f}" if bare else "-"
        print(
            f"{name:<20} {result['cpu_ms']:7.1f} {result['best_ms']:8.1f} "
            f"{result['median_ms']:8.1f} {result['queries']:8d} "
            f"{result['bytes'] / 1024:6.1f} {ratio:>16}"
        )


if __name__ == "__main__":
    main()
