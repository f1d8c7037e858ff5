"""Start the commands docker-compose.yml describes, natively, and check /healthz.

docker compose needs an engine this machine doesn't have, so CI runs the very same
commands (read from the compose file) against the local PostgreSQL and Redis.
"""

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("SMOKE_PORT", "8765"))


def native(command):
    command = list(command)
    if command[0] == "python":
        command[0] = sys.executable
    else:
        command[0] = str(Path(sys.executable).parent / command[0])
    return [
        f"127.0.0.1:{PORT}" if part.startswith("0.0.0.0:") else part for part in command
    ]


def get(path):
    """One plain-HTTP GET, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def main():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "smoke-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_MEDIA_ROOT": str(ROOT / ".ci-work" / "files"),
        "DJANGO_STATIC_ROOT": str(ROOT / ".ci-work" / "static"),
    }
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not env.get(name):
            sys.exit(f"smoke: {name} must be set")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    subprocess.run(
        native(services["migrate"]["command"]), cwd=ROOT, env=env, check=True
    )
    logs = ROOT / ".ci-work"
    logs.mkdir(exist_ok=True)
    processes = {}
    try:
        for name in ("web", "worker", "beat"):
            log = (logs / f"smoke-{name}.log").open("w")
            processes[name] = subprocess.Popen(
                native(services[name]["command"]),
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            try:
                status, body, _ = get("/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert status == 200, f"/healthz answered {status}"
        assert body == b"ok\n", body
        status, _, headers = get("/")
        assert status == 301 and headers["Location"].startswith("https://"), (
            status,
            headers,
        )
        # The worker may still be starting on a busy machine: ask until it answers.
        deadline = time.monotonic() + 90
        while True:
            ping = subprocess.run(
                [str(Path(sys.executable).parent / "celery"), "-A", "wco_sse", "inspect",
                 "ping", "--timeout", "5"],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            if "pong" in ping.stdout or time.monotonic() > deadline:
                break
            time.sleep(2)
        assert "pong" in ping.stdout, ping.stdout + ping.stderr
        time.sleep(3)
        for name, process in processes.items():
            assert process.poll() is None, (
                f"{name} exited: see .ci-work/smoke-{name}.log"
            )
        print(
            "smoke: gunicorn, celery worker and beat run; /healthz 200 over plain HTTP"
        )
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()
