"""CSRF on every URL, cookies in production, and the Content-Security-Policy in a
real browser on the pages beyond the main navigation (tests/browser/test_navigation.py
covers each role's landing pages)."""

import json
import logging
import os
import re
import subprocess
import sys
import uuid

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

from tests.platform.test_settings import PRODUCTION_ENV, ROOT

pytestmark = pytest.mark.django_db

SAMPLE_ARGUMENTS = {
    "int": "1",
    "uuid": str(uuid.UUID(int=1)),
    "str": "x",
    "slug": "x",
    "path": "1",
}


def _concrete(pattern):
    """A path that ``pattern`` matches: sample values for its converters, the first
    alternative of a regular expression's group."""
    if isinstance(pattern, RoutePattern):
        return re.sub(
            r"<(?:(\w+):)?\w+>",
            lambda m: SAMPLE_ARGUMENTS.get(m.group(1) or "str", "x"),
            str(pattern),
        )
    regex = re.sub(
        r"\(\?P<\w+>([^()]*)\)",
        lambda m: m.group(1).split("|")[0] if "|" in m.group(1) else "x",
        pattern.regex.pattern,
    )
    return regex.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")


def _takes_post(entry):
    view_class = getattr(entry.callback, "view_class", None)
    return view_class is None or hasattr(view_class, "post")


def every_url():
    """(path, route) for every URL pattern of the project, admin and allauth too."""

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + _concrete(entry.pattern))
            else:
                yield "/" + prefix + _concrete(entry.pattern), entry

    return list(walk(get_resolver().url_patterns, ""))


def csrf_refused(request, reason=""):
    """Stands in for our "form could not be sent" page while walking every URL
    (rendering that page 450 times is the slow part; tests/platform/test_pages.py
    checks the page itself)."""
    from django.http import HttpResponseForbidden

    return HttpResponseForbidden("csrf-refused")


@pytest.fixture
def quiet_refusals():
    """Each refusal is logged twice (CSRF and the 403); 450 of them cost more than
    the requests."""
    loggers = [logging.getLogger(n) for n in ("django.security.csrf", "django.request")]
    for logger in loggers:
        logger.disabled = True
    yield
    for logger in loggers:
        logger.disabled = False


def test_every_url_refuses_a_form_post_without_the_csrf_token(
    demo, settings, quiet_refusals
):
    """Whatever the URL (a form, an htmx action, a public consent link, the admin),
    a POST without the token is refused by the CSRF check before its view runs;
    none is exempt."""
    settings.CSRF_FAILURE_VIEW = f"{__name__}.csrf_refused"
    urls = every_url()
    assert len(urls) > 150
    anonymous = Client(enforce_csrf_checks=True)
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(demo["secgen"])
    for path, entry in urls:
        resolve(path)  # a path the pattern matches (the check runs once resolved)
        assert not getattr(entry.callback, "csrf_exempt", False), path
        # The check does not depend on who asks: an anonymous POST on every URL,
        # and a signed-in user's htmx POST on the portal's own views that take one.
        tries = [(anonymous, {})]
        if not path.startswith("/admin/") and _takes_post(entry):
            tries.append((signed_in, {"HX-Request": "true"}))
        for client, headers in tries:
            response = client.post(path, {"x": "1"}, headers=headers)
            assert response.status_code == 403, (path, headers, response.status_code)
            assert response.content == b"csrf-refused", path


def test_the_same_post_with_its_token_passes_the_check(demo):
    """The control: a token from the page makes the same kind of POST go through."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["member"])
    client.get("/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 302
    response = client.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    assert response.status_code == 403
    assert "403_csrf.html" in [t.name for t in response.templates]


# --- Cookies in production ------------------------------------------------------------------

COOKIE_SETTINGS = (
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
)


@pytest.fixture(scope="module")
def production_cookie_settings():
    """The cookie settings as production (DJANGO_DEBUG=false) reads them: the
    settings module imported in a process of its own, with production's variables
    (Django's defaults for what it leaves unset)."""
    code = (
        "import json; from django.conf import global_settings as d; "
        "import wco_sse.settings as s; print(json.dumps({n: getattr(s, n, "
        f"getattr(d, n)) for n in {COOKIE_SETTINGS!r}}}))"
    )
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_httponly_and_same_site(
    production_cookie_settings,
):
    values = production_cookie_settings
    for prefix in ("SESSION", "CSRF", "LANGUAGE"):
        assert values[f"{prefix}_COOKIE_SECURE"] is True, prefix
        assert values[f"{prefix}_COOKIE_HTTPONLY"] is True, prefix
        assert values[f"{prefix}_COOKIE_SAMESITE"] in ("Lax", "Strict"), prefix


def test_every_cookie_the_portal_sets_carries_the_production_flags(
    demo, settings, production_cookie_settings
):
    """Signing in, switching the language and a message after a redirect, under
    production's cookie settings: each Set-Cookie says Secure, HttpOnly, SameSite."""
    from tests.conftest import DEMO_PASSWORD

    for name, value in production_cookie_settings.items():
        setattr(settings, name, value)
    client = Client()
    seen = {}

    def collect(response):
        for morsel in response.cookies.values():
            if morsel.value:
                seen[morsel.key] = morsel

    collect(client.get("/accounts/login/"))
    collect(
        client.post(
            "/accounts/login/",
            {"login": "member@example.org", "password": DEMO_PASSWORD},
        )
    )
    collect(client.post("/i18n/setlang/", {"language": "en", "next": "/"}))
    collect(client.post("/accounts/logout/"))
    assert {"sessionid", "csrftoken", "django_language"} <= set(seen), set(seen)
    for name, morsel in seen.items():
        assert morsel["secure"] is True, name
        assert morsel["httponly"] is True, name
        assert morsel["samesite"] in ("Lax", "Strict"), name
