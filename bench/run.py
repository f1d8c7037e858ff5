"""`make bench`: the portal under load, against the bare-Django ceiling, and the
registration rush. Not part of `make test`.

1. A dedicated PostgreSQL database (BENCH_DATABASE_URL, default .../wco_bench) is
   migrated and seeded with `seed_demo --scale` (BENCH_SCALE, default 40: 1,000
   organizations, 20,000 people, 2,000 courses with 50,000 applications, 520
   meetings with 5,200 agenda items, 5,000 consultations; the network section's
   80 bodies, 240 meetings, 2,000 contacts and 200 initiatives); a rerun tops up only.
   Then VACUUM ANALYZE, so the planner knows the bulk-inserted tables.
2. Signed-in sessions are written into the session store (bench/prepare.py).
3. gunicorn serves the portal in production mode (DEBUG off, WhiteNoise, persistent
   database connections, Redis DB 12) on 127.0.0.1 with WCO_BENCH_INSECURE_LOOPBACK.
4. wrk measures each page's throughput at saturation (20 connections), checking
   status and marker of every response (bench/check.lua); the bare view is measured
   before and after each page, and each page is compared with those two runs.
5. locust (headless, 50 users waiting 1–3 s) measures latency under realistic
   load: readers with sessions of their own, apply and cancel, and a few people
   signing in with their password, reading and signing out. This server counts the
   fragment cache's hits and misses per fragment (WCO_FRAGMENT_STATS).
6. The registration rush: 200 members apply at once for a 30-seat course.
7. Every printed document, timed in-process through its page (bench/pdfs.py): on a
   demo-size database (SQLite, seed_demo) against 1 s, and the largest of each kind
   on the scale data (the 会員名簿 of 1,000 organizations) against 3 s.
8. Prints the tables and writes bench/results.json.

Each of 4–6 gets a fresh server: the counts are those of the realistic load alone.

Exit status 1 on any error or a failed rush; target misses are printed (and fail
the run only with BENCH_STRICT=1: on a shared machine they are often noise).
"""

import http.client
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "results.json"
VENV = ROOT / ".venv" / "bin"
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://{HOST}:{PORT}"
SCALE = os.environ.get("BENCH_SCALE", "40")
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "15"))
LOCUST_SECONDS = int(os.environ.get("BENCH_LOCUST_SECONDS", "150"))
LOCUST_USERS = int(os.environ.get("BENCH_LOCUST_USERS", "50"))
# Issue 18's targets (the first round's were 150 ms and 0.15): every read page, apply
# and cancel under 25 ms at p95, every read page at least 0.35 of the bare view, and
# the registration rush's 200 applicants all answered within a second.
P95_TARGET_MS, RATIO_TARGET, RUSH_TARGET_MS = 25.0, 0.35, 1000.0
PDF_DEMO_TARGET_S, PDF_LARGEST_TARGET_S = 1.0, 3.0
PDF_RUNS = os.environ.get("BENCH_PDF_RUNS", "3")
# Measured under the realistic load, reported, and held to no target: a sign-in
# hashes the password on purpose, and the pages after it are the same pages as above.
SIGN_IN_ROWS = [
    "sign_in_form",
    "sign_in",
    "my_page_own",
    "course_catalogue_own",
    "sign_out",
]
READ_PAGES = [
    "registry_list",
    "wco_page",
    "course_catalogue",
    "course_page",
    "course_applications",
    "board_agenda",
    "my_page",
    "consultation_queue",
    "network_landing",
    "network_body",
    "contact_log",
    "initiative_page",
    "fund_public_round",
    "fund_round_reviews",
    "fund_application",
    "fund_ledger",
    "industry_meeting",
    "project_list",
    "talent_request",
    "talent_profile",
    "privacy_export",
    "privacy_erasure",
    "programme_page",
    "site_months",
    "session_entry",
    "period_report",
]

ENV = {
    **os.environ,
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": os.environ.get(
        "BENCH_SECRET_KEY",
        "bench-only-" + "x" * 20 + "-not-a-production-secret-0123456789",
    ),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wco_bench"
    ),
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"),
    "DJANGO_CONN_MAX_AGE": "600",
    "EMAIL_URL": "locmem:",
    "DJANGO_STATIC_ROOT": str(ROOT / "staticfiles"),
    "WCO_BENCH_INSECURE_LOOPBACK": "1",
    # Every simulated user comes from 127.0.0.1: the forms' per-address throttle
    # would refuse the load (and the registration rush) instead of serving it.
    "WCO_FORM_THROTTLES": "0",
    "BENCH_BIND": f"{HOST}:{PORT}",
    "PYTHONUNBUFFERED": "1",
}


def start_server(extra_env=None):
    if not port_is_free():
        sys.exit(f"bench: {HOST}:{PORT} is in use (another server?); set BENCH_PORT.")
    server = subprocess.Popen(
        [VENV / "gunicorn", "wco_sse.wsgi", "-c", ROOT / "bench" / "gunicorn.conf.py"],
        cwd=ROOT,
        env={**ENV, **(extra_env or {})},
        start_new_session=True,
    )
    wait_for_server(server)
    return server


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)
    for _ in range(60):
        if port_is_free():
            return
        time.sleep(0.5)


def fragment_hit_rates(directory):
    """{fragment: {"hit", "miss", "rate"}}, added up over the workers' files."""
    totals = {}
    for path in sorted(Path(directory).glob("*.json")):
        for name, counts in json.loads(path.read_text()).items():
            entry = totals.setdefault(name, {"hit": 0, "miss": 0})
            entry["hit"] += counts["hit"]
            entry["miss"] += counts["miss"]
    for entry in totals.values():
        looked_up = entry["hit"] + entry["miss"]
        entry["rate"] = round(entry["hit"] / looked_up, 3) if looked_up else None
    return dict(sorted(totals.items()))


def say(message):
    print(f"[bench] {message}", flush=True)


def run(*args, capture=False, **kwargs):
    return subprocess.run(
        [str(a) for a in args],
        cwd=ROOT,
        env=ENV,
        check=True,
        text=True,
        capture_output=capture,
        **kwargs,
    )


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("wrk is missing: installing Debian's package (apt-get install -y wrk)")
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False)
    if not shutil.which("wrk"):
        sys.exit(
            "bench: wrk is not installed. On Debian/Ubuntu: sudo apt-get install -y wrk"
        )


def ensure_database():
    import psycopg

    url = ENV["DATABASE_URL"]
    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            say(f"creating database {name}")
            connection.execute(f'CREATE DATABASE "{name}"')
    import redis

    # Only the bench's own Redis database: stale sessions and queued emails go.
    redis.Redis.from_url(ENV["REDIS_URL"]).flushdb()


def analyze():
    """Planner statistics for what the seed just bulk-inserted (autovacuum would get
    there in its own time; a production database has them)."""
    import psycopg

    with psycopg.connect(ENV["DATABASE_URL"], autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")


def machine():
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = int(line.split()[1]) // 1024 // 1024
    os_name = platform.platform()
    release = Path("/etc/os-release")
    if release.exists():
        for line in release.read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{model}, {os.cpu_count()} cores, {memory} GB RAM, {os_name}, "
        f"Python {platform.python_version()}, PostgreSQL and Redis on the same machine; "
        f"load average at start {load}"
    )


def port_is_free():
    import socket

    with socket.socket() as probe:
        return probe.connect_ex((HOST, PORT)) != 0


def wait_for_server(process):
    for _ in range(120):
        if process.poll() is not None:
            sys.exit("bench: gunicorn exited at start (see above)")
        try:
            with urllib.request.urlopen(f"{BASE}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit("bench: gunicorn did not answer /healthz")


def cookie(session):
    return f"sessionid={session['session']}; csrftoken={session['csrf']}"


def page_spec(fixtures, name):
    return fixtures["bare"] if name == "bare" else fixtures["pages"][name]


def verify_pages(fixtures):
    """One request per page before the run: a wrong fixture fails loudly here."""
    for name in ["bare", *READ_PAGES]:
        page = page_spec(fixtures, name)
        connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        session = fixtures["sessions"][page["role"]]
        connection.request("GET", page["path"], headers={"Cookie": cookie(session)})
        response = connection.getresponse()
        body = response.read().decode()
        if response.status != 200 or page["marker"] not in body:
            sys.exit(
                f"bench: {name} ({page['path']}) answered {response.status}"
                f"{' without its marker' if response.status == 200 else ''}"
            )


def wrk(fixtures, name, seconds):
    page = page_spec(fixtures, name)
    session = fixtures["sessions"][page["role"]]
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c20",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "check.lua"),
            BASE + page["path"],
            "--",
            cookie(session),
            page["marker"],
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rps, errors, checked = 0.0, 0, 0
    for line in result.stdout.splitlines():
        if line.startswith("Requests/sec:"):
            rps = float(line.split()[1])
        elif line.startswith("BENCH_ERRORS"):
            errors = int(line.split()[1])
        elif line.startswith("BENCH_CHECKED"):
            checked = int(line.split()[1])
        elif "Socket errors" in line:
            # connect/read/write/timeout errors: requests that never got a response.
            errors += sum(
                int(part.split()[-1]) for part in line.split(":")[1].split(",")
            )
    return {"rps": rps, "errors": errors, "checked": checked}


def throughput(fixtures):
    """wrk on each page, sandwiched between runs of the bare view: on a shared
    machine the load moves, so each page is compared with the bare view measured
    just before and just after it."""
    say(f"throughput: wrk, 20 connections, {WRK_SECONDS} s per run")

    def measure(name):
        wrk(fixtures, name, 2)  # warm-up: workers, connections, caches
        measured = wrk(fixtures, name, WRK_SECONDS)
        say(
            f"  {name:<20} {measured['rps']:8.1f} req/s  "
            f"{measured['errors']} errors of {measured['checked']}"
        )
        return measured

    results, bare_runs = {}, [measure("bare")]
    for name in READ_PAGES:
        results[name] = measure(name)
        bare_runs.append(measure("bare"))
        results[name]["bare_rps"] = statistics.mean(
            run["rps"] for run in bare_runs[-2:]
        )
    results["bare"] = {
        "rps": statistics.mean(run["rps"] for run in bare_runs),
        "errors": sum(run["errors"] for run in bare_runs),
        "runs": [run["rps"] for run in bare_runs],
    }
    return results


def latency(fixtures_path):
    say(
        f"latency: locust headless, {LOCUST_USERS} users waiting 1–3 s, "
        f"{LOCUST_SECONDS} s"
    )
    out = OUT / "locust.json"
    subprocess.run(
        [
            VENV / "locust",
            "-f",
            ROOT / "bench" / "locustfile.py",
            "--headless",
            "--users",
            str(LOCUST_USERS),
            "--spawn-rate",
            "10",
            "--run-time",
            f"{LOCUST_SECONDS}s",
            "--host",
            BASE,
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env={**ENV, "BENCH_FIXTURES": str(fixtures_path), "BENCH_LOCUST_OUT": str(out)},
        check=False,
        stdout=subprocess.DEVNULL,
    )
    data = json.loads(out.read_text())
    return {
        name: {**percentiles(samples), "errors": data["errors"].get(name, 0)}
        for name, samples in data["samples"].items()
    }


def percentiles(samples):
    ordered = sorted(samples)

    def at(share):
        if not ordered:
            return 0.0
        index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
        return round(ordered[index], 1)

    return {
        "count": len(ordered),
        "p50_ms": at(0.50),
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
    }


def rush(fixtures):
    """200 signed-in members apply at the same moment for a 30-seat course."""
    spec = fixtures["rush"]
    members = spec["members"]
    path = f"/support/school/{spec['course']}/apply/"
    say(
        f"registration rush: {len(members)} simultaneous applications, {spec['seats']} seats"
    )
    barrier = threading.Barrier(len(members))
    results = [None] * len(members)

    def apply(index, member):
        connection = http.client.HTTPConnection(HOST, PORT, timeout=120)
        connection.connect()
        body = "privacy_consent=on"
        headers = {
            "Cookie": cookie(member),
            "X-CSRFToken": member["csrf"],
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        barrier.wait()
        started = time.perf_counter()
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            ok = response.status == 200 and 'id="course-application-state"' in text
            status = response.status
        except OSError as error:
            ok, status = False, str(error)
        results[index] = ((time.perf_counter() - started) * 1000, ok, status)
        connection.close()

    threads = [
        threading.Thread(target=apply, args=(index, member))
        for index, member in enumerate(members)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    outcome = json.loads(
        run(
            VENV / "python",
            "bench/prepare.py",
            "rush-outcome",
            spec["course"],
            capture=True,
        ).stdout
    )
    errors = sum(1 for result in results if not result[1])
    waitlisted = outcome["waitlisted"]
    passed = (
        errors == 0
        and outcome["confirmed"] == spec["seats"]
        and waitlisted == len(members) - spec["seats"]
        and outcome["positions"] == list(range(1, waitlisted + 1))
        and outcome["other"] == 0
    )
    return {
        **percentiles([result[0] for result in results]),
        "max_ms": round(max(result[0] for result in results), 1),
        "errors": errors,
        "rps": round(len(members) / elapsed, 1),
        "confirmed": outcome["confirmed"],
        "waitlisted": waitlisted,
        "positions_contiguous": outcome["positions"] == list(range(1, waitlisted + 1)),
        "statuses": sorted({str(result[2]) for result in results}),
        "passed": passed,
    }


def documents():
    """Each printed document's time: on a demo-size database, and the largest of
    each kind on the scale data. The median of BENCH_PDF_RUNS requests after one to
    warm up, whole view included (bench/pdfs.py)."""
    say(f"documents: each PDF {PDF_RUNS} times, at demo size and at scale {SCALE}")
    demo_db = OUT / "pdf-demo.sqlite3"
    demo_env = {**ENV, "DATABASE_URL": f"sqlite:///{demo_db}"}
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run(
            [VENV / "python", "manage.py", *command],
            cwd=ROOT,
            env=demo_env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    measured = {}
    for size, env, target in (
        ("demo", demo_env, PDF_DEMO_TARGET_S),
        ("largest", ENV, PDF_LARGEST_TARGET_S),
    ):
        out = OUT / f"pdfs-{size}.json"
        subprocess.run(
            [
                *(VENV / "python", ROOT / "bench" / "pdfs.py"),
                *("--runs", PDF_RUNS, "--json", out, "--target", str(target)),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        measured[size] = json.loads(out.read_text())
    return measured


def document_misses(measured):
    misses = []
    for size, target in (
        ("demo", PDF_DEMO_TARGET_S),
        ("largest", PDF_LARGEST_TARGET_S),
    ):
        for name, entry in measured[size].items():
            if "error" in entry:
                misses.append(f"{name} ({size}): {entry['error']}")
            elif entry["median_s"] > target:
                misses.append(
                    f"{name} ({size}): {entry['median_s']:.2f} s > {target:.0f} s"
                )
    return misses


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    ensure_wrk()
    started = time.monotonic()
    the_machine = machine()
    say(the_machine)
    ensure_database()
    say(f"migrate and seed_demo --scale {SCALE} (tops up; the first run takes minutes)")
    run(VENV / "python", "manage.py", "migrate", "--noinput", "-v0")
    run(VENV / "python", "manage.py", "seed_demo", "--scale", SCALE)
    analyze()
    run(VENV / "python", "manage.py", "collectstatic", "--noinput", "-v0")
    run(VENV / "python", "manage.py", "check", "--deploy", "-v0", capture=True)
    fixtures_path = OUT / "fixtures.json"
    fixtures_path.write_text(
        run(VENV / "python", "bench/prepare.py", capture=True).stdout, encoding="utf-8"
    )
    fixtures = json.loads(fixtures_path.read_text(encoding="utf-8"))
    printed = documents()

    server = start_server()
    try:
        verify_pages(fixtures)
        rates = throughput(fixtures)
    finally:
        stop_server(server)
    stats_dir = OUT / "fragment-stats"
    shutil.rmtree(stats_dir, ignore_errors=True)
    stats_dir.mkdir(parents=True)
    server = start_server(
        {"WCO_FRAGMENT_STATS": "1", "BENCH_FRAGMENT_STATS_DIR": str(stats_dir)}
    )
    try:
        latencies = latency(fixtures_path)
    finally:
        stop_server(server)
    hit_rates = fragment_hit_rates(stats_dir)
    server = start_server()
    try:
        rushed = rush(fixtures)
    finally:
        stop_server(server)

    pages, misses = {}, []
    for name in ["bare", *READ_PAGES, "apply", "cancel", *SIGN_IN_ROWS]:
        measured = latencies.get(
            name, {"p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0, "errors": 0}
        )
        rate = rates.get(name)
        entry = {
            # apply and cancel count for p95 only: their throughput is not measured.
            "rps": round(rate["rps"], 1) if rate else None,
            "p50_ms": measured["p50_ms"],
            "p95_ms": measured["p95_ms"],
            "p99_ms": measured["p99_ms"],
            "errors": measured["errors"] + (rate["errors"] if rate else 0),
            # Against the bare view measured just before and after the page.
            "ratio_to_bare": round(rate["rps"] / rate["bare_rps"], 3)
            if rate and name != "bare" and rate["bare_rps"]
            else (1.0 if name == "bare" else None),
        }
        pages[name] = entry
        if name not in SIGN_IN_ROWS and entry["p95_ms"] >= P95_TARGET_MS:
            misses.append(f"{name}: p95 {entry['p95_ms']} ms ≥ {P95_TARGET_MS:.0f}")
        if name in READ_PAGES and entry["ratio_to_bare"] < RATIO_TARGET:
            misses.append(
                f"{name}: {entry['ratio_to_bare']:.3f} of bare < {RATIO_TARGET}"
            )
    if rushed["max_ms"] > RUSH_TARGET_MS:
        misses.append(
            f"rush: the last of {len(fixtures['rush']['members'])} answered after "
            f"{rushed['max_ms']:.0f} ms > {RUSH_TARGET_MS:.0f}"
        )
    pages["rush_apply"] = {
        "rps": rushed["rps"],
        "p50_ms": rushed["p50_ms"],
        "p95_ms": rushed["p95_ms"],
        "p99_ms": rushed["p99_ms"],
        "errors": rushed["errors"],
        "ratio_to_bare": None,
    }
    RESULTS.write_text(
        json.dumps(
            {
                "machine": the_machine,
                "pages": pages,
                "fragments": hit_rates,
                "documents": printed,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    (OUT / "rush.json").write_text(json.dumps(rushed, indent=2))

    print()
    print(f"Machine: {the_machine}")
    print(f"Load average at the end: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print(
        f"{'page':<20} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'÷ bare':>7}"
    )
    for name, entry in pages.items():
        rps = f"{entry['rps']:.1f}" if entry["rps"] is not None else "–"
        ratio = (
            f"{entry['ratio_to_bare']:.3f}"
            if entry["ratio_to_bare"] is not None
            else "–"
        )
        print(
            f"{name:<20} {rps:>8} {entry['p50_ms']:>8.1f} {entry['p95_ms']:>8.1f} "
            f"{entry['p99_ms']:>8.1f} {entry['errors']:>7} {ratio:>7}"
        )
    print(
        f"(bare view runs: {', '.join(f'{r:.1f}' for r in rates['bare']['runs'])} req/s)"
    )
    print("Fragment cache under the realistic load (hits ÷ lookups):")
    for name, entry in hit_rates.items():
        rate = f"{entry['rate']:.3f}" if entry["rate"] is not None else "–"
        print(f"  {name:<40} {entry['hit']:>7} hits {entry['miss']:>7} misses  {rate}")
    print(
        f"Registration rush: {rushed['confirmed']} confirmed, {rushed['waitlisted']} "
        f"waitlisted, positions contiguous: {rushed['positions_contiguous']}, "
        f"{rushed['errors']} errors, apply p95 {rushed['p95_ms']} ms, "
        f"the last answered after {rushed['max_ms']} ms — "
        + ("PASS" if rushed["passed"] else "FAIL")
    )
    print("Printed documents (median s; demo size ≤ 1 s, largest ≤ 3 s):")
    print(f"  {'document':<16} {'demo':>6} {'largest':>8} {'pages':>6}")
    for name, entry in printed["largest"].items():
        demo = printed["demo"].get(name, {})
        print(
            f"  {name:<16} {demo.get('median_s', float('nan')):>6.2f} "
            f"{entry.get('median_s', float('nan')):>8.2f} {entry.get('pages', 0):>6}"
        )
    misses += document_misses(printed)
    errors = sum(entry["errors"] for entry in pages.values())
    if misses:
        print(
            f"Targets missed (p95 < {P95_TARGET_MS:.0f} ms, ≥ {RATIO_TARGET:.0%} of bare, "
            f"the rush within {RUSH_TARGET_MS / 1000:.0f} s, PDFs 1 s / 3 s):"
        )
        for miss in misses:
            print(f"  - {miss}")
    else:
        print(
            f"Targets met: p95 < {P95_TARGET_MS:.0f} ms on every page, every read page "
            f"≥ {RATIO_TARGET:.0%} of bare, the rush within "
            f"{RUSH_TARGET_MS / 1000:.0f} s, every PDF within 1 s at demo size and 3 s "
            "at its largest."
        )
    print(
        f"Results written to {RESULTS.relative_to(ROOT)} in {time.monotonic() - started:.0f} s."
    )
    if errors or not rushed["passed"]:
        sys.exit(1)
    if misses and os.environ.get("BENCH_STRICT") == "1":
        sys.exit(1)


if __name__ == "__main__":
    main()
