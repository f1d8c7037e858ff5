"""A request for a host the portal does not serve, and every error page, under
production's settings: a 400 with the portal's headers, pages that need no user."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.test import Client, RequestFactory

from tests.platform.test_settings import PRODUCTION_ENV, ROOT
from wco_sse import views

pytestmark = pytest.mark.django_db

PRODUCTION_SETTINGS = (
    "DEBUG",
    "ALLOWED_HOSTS",
    "MIDDLEWARE",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
)
SERVED_HOST = "portal.wco-sse.example"


@pytest.fixture(scope="module")
def production_values():
    """The settings above as production (DJANGO_DEBUG=false) behind its TLS proxy
    reads them, from the settings module imported in a process of its own."""
    code = (
        "import json; from django.conf import global_settings as d; "
        "import wco_sse.settings as s; print(json.dumps({n: getattr(s, n, "
        f"getattr(d, n)) for n in {PRODUCTION_SETTINGS!r}}}))"
    )
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **PRODUCTION_ENV, "WCO_TRUSTED_PROXY_COUNT": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def production(settings, production_values):
    for name, value in production_values.items():
        if name == "SECURE_PROXY_SSL_HEADER" and value:
            value = tuple(value)
        setattr(settings, name, value)
    assert settings.DEBUG is False
    assert SERVED_HOST in settings.ALLOWED_HOSTS
    # Django logs each refused host; the test asks for one on purpose.
    logger = logging.getLogger("django.security.DisallowedHost")
    logger.disabled = True
    yield settings
    logger.disabled = False


def assert_portal_headers(response):
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cache-Control"] == "private, no-store"


def test_a_normal_page_carries_the_portal_headers(production):
    """The control: the headers a page for the portal's own host carries."""
    response = Client().get(
        "/privacy/", headers={"host": SERVED_HOST, "x-forwarded-proto": "https"}
    )
    assert response.status_code == 200
    assert_portal_headers(response)
    assert response["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize("scheme", ["https", "http"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_host_answers_400_with_the_portal_headers(
    production, scheme, method
):
    """Host: evil.example is refused with our Japanese page and the same security
    headers as any page, over HTTPS or plain HTTP (where the HTTPS redirect would
    otherwise be the first to ask for the host), for a GET or a form POST."""
    client = Client()
    response = getattr(client, method)(
        "/privacy/",
        headers={
            "host": "evil.example",
            "x-forwarded-proto": scheme,
            "origin": "https://evil.example",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "リクエストを処理できませんでした" in html
    assert "evil.example" not in html
    assert_portal_headers(response)
    assert "Location" not in response


def _bare_request(path="/somewhere/"):
    """A request as the error handlers may get it: before any middleware ran, so no
    ``request.user``, no session, no language chosen."""
    request = RequestFactory().get(path)
    assert not hasattr(request, "user")
    return request


@pytest.mark.parametrize(
    ("handler", "status", "words"),
    [
        (views.bad_request, 400, "リクエストを処理できませんでした"),
        (views.permission_denied, 403, "権限がありません"),
        (views.page_not_found, 404, "ページが見つかりません"),
        (views.csrf_failure, 403, "フォーム"),
    ],
)
def test_every_error_page_renders_without_a_user(production, handler, status, words):
    response = handler(_bare_request())
    assert response.status_code == status
    html = response.content.decode()
    assert words in html
    # The navigation is a visitor's: the sign-in link, nobody's menu.
    assert "/accounts/login/" in html


def test_the_server_error_page_renders_without_a_user(production):
    response = views.server_error(_bare_request())
    assert response.status_code == 500
    assert "システムでエラーが発生しました" in response.content.decode()
