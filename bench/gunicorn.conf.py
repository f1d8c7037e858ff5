"""gunicorn for `make bench`: production settings on loopback, plain HTTP.

Refuses to start on anything but a loopback address: benchmark mode turns off the
Secure-cookie and SSL-redirect flags (see WCO_BENCH_INSECURE_LOOPBACK in settings).
"""

import ipaddress
import os
import sys

bind = [os.environ.get("BENCH_BIND", "127.0.0.1:8765")]
# gunicorn's own advice, (2 × cores) + 1, as in docker-compose.yml: while one worker
# waits for PostgreSQL, Redis or a row lock, another uses the core.
workers = int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1) + 1))
worker_class = os.environ.get("BENCH_WORKER_CLASS", "sync")
threads = int(os.environ.get("BENCH_THREADS", "1"))
preload_app = True
backlog = 2048
timeout = 120
accesslog = None
errorlog = "-"
loglevel = "warning"
proc_name = "wco-bench"


def _host(address):
    host = address.rsplit(":", 1)[0] if ":" in address else address
    return host.strip("[]")


def on_starting(server):
    for address in server.cfg.bind:
        host = _host(address)
        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            sys.exit(
                f"bench/gunicorn.conf.py: refusing to bind {address}: loopback only."
            )
    if os.environ.get("WCO_BENCH_INSECURE_LOOPBACK") != "1":
        sys.exit("bench/gunicorn.conf.py: set WCO_BENCH_INSECURE_LOOPBACK=1.")
    sys.stderr.write(
        f"Benchmark server on {', '.join(server.cfg.bind)}: {workers} {worker_class} "
        f"workers × {threads} threads, DEBUG off, plain HTTP on loopback.\n"
    )


def worker_exit(server, worker):
    """With WCO_FRAGMENT_STATS on, each worker leaves its fragment cache's hits and
    misses in BENCH_FRAGMENT_STATS_DIR as it exits (bench/run.py adds them up)."""
    directory = os.environ.get("BENCH_FRAGMENT_STATS_DIR")
    if os.environ.get("WCO_FRAGMENT_STATS") != "1" or not directory:
        return
    import json
    from pathlib import Path

    try:
        from wco_sse.core.fragments import hit_counts
    except ImportError:  # code from before the counts (a before/after comparison)
        return
    Path(directory, f"{os.getpid()}.json").write_text(json.dumps(hit_counts()))
