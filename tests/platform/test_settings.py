"""Production mode refuses to start without its variables and passes the deploy check."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-long-random-secret-for-the-deploy-check-0123456789-abcdefghijkl",
    "DJANGO_ALLOWED_HOSTS": "portal.wco-sse.example",
    "DATABASE_URL": "postgres://wco:secret@127.0.0.1:5432/wco",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def _manage(*args, env):
    # The test run's own switches (async-unsafe ORM for Playwright) are not production's.
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_required_variables():
    for missing in (
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
    ):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
        result = _manage("check", env=env)
        assert result.returncode != 0, missing
        assert missing in result.stderr


def test_production_deploy_check_is_clean():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout


def test_sqlite_waits_instead_of_failing_when_locked():
    from django.conf import settings

    default = settings.DATABASES["default"]
    if default["ENGINE"].endswith("sqlite3"):
        assert default["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert default["OPTIONS"]["timeout"] >= 5
