import os
import shutil
import socket

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Playwright's sync API runs an event loop in the test thread; the ORM calls our
# browser tests make around it are safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

hypothesis_settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
hypothesis_settings.register_profile(
    "dev",
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

REQUIRE_SERVICES = os.environ.get("WCO_REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("WCO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _redis_url():
    return os.environ.get("WCO_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_available():
    from urllib.parse import urlsplit

    parts = urlsplit(_redis_url())
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _missing_service(marker_name):
    from django.db import connection

    if marker_name == "postgres" and connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://…"
    if marker_name == "redis" and not _redis_available():
        return "needs Redis at " + _redis_url()
    if marker_name == "browser" and not (
        os.path.exists(CHROMIUM) or shutil.which("chromium")
    ):
        return "needs Debian's chromium at " + CHROMIUM
    return None


@pytest.fixture(autouse=True)
def _required_services(request):
    """Skip a test whose service is missing, or fail it in the full CI run."""
    for name in ("postgres", "redis", "browser"):
        if request.node.get_closest_marker(name):
            reason = _missing_service(name)
            if reason:
                if REQUIRE_SERVICES:
                    pytest.fail(f"Required in the full run: {reason}")
                pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fast_hashing_and_quiet_storage(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.WCO_PRIVACY_JOURNAL = tmp_path / "privacy-journal.jsonl"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what an earlier test counted against a
    limit (sign-in, the public forms' throttle) or cached does not carry over."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Kanagawa's municipalities and the industries, as migration 0004 loads them.

    A transactional test flushes every table when it ends, reference data included;
    the tests after it on the same worker get it back here.
    """
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    transactional = bool(
        {"transactional_db", "live_server"} & names
        or (marker and marker.kwargs.get("transaction"))
    )
    if not (marker or transactional or "db" in names):
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from members.data.reference import ensure_loaded

    ensure_loaded()


class Demo(dict):
    """Short role name ("secgen", "member", …) -> User; ``ctx`` holds the seed's data."""

    ctx = None


DEMO_PASSWORD = "demo-pass-2026"


def _demo_password_hash():
    from django.contrib.auth.hashers import MD5PasswordHasher

    # The tests' hasher (fast), whatever the settings say at session start.
    return MD5PasswordHasher().encode(DEMO_PASSWORD, "demo-salt")


def _seed_demo():
    from members.demo import SeedContext, load_context, seed

    ctx = SeedContext(password_hash=_demo_password_hash(), with_dues=False)
    if not load_context(ctx):
        seed(ctx)
    return ctx


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the demo registry once per test database: each test's transaction rolls
    back to it. (A transactional test flushes it; ``demo`` seeds it again then.)"""
    with django_db_blocker.unblock():
        from members.data.reference import ensure_loaded

        ensure_loaded()
        _seed_demo()


@pytest.fixture
def empty_registry(db):
    """For tests that count every record of a kind: the session's demo registry is
    removed inside the test's transaction (it is back for the next test)."""
    from allauth.account.models import EmailAddress

    from members.models import (
        Affiliation,
        LegalFormChange,
        Organization,
        Person,
        RoleAssignment,
        User,
    )

    Affiliation.objects.all().delete()
    RoleAssignment.objects.all().delete()
    LegalFormChange.objects.all().delete()
    Organization.objects.all().delete()
    Person.objects.all().delete()
    EmailAddress.objects.all().delete()
    User.objects.all().delete()


@pytest.fixture
def demo(db):
    """The demo registry and one account per role, as seed_demo makes them."""
    ctx = _seed_demo()
    users = Demo(
        (email.split("@")[0], person.account) for email, person in ctx.accounts.items()
    )
    users.ctx = ctx
    return users


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }
