"""Benchmark mode (WCO_BENCH_INSECURE_LOOPBACK) relaxes only the Secure-cookie and
SSL-redirect flags, says so at start-up, and only ever on loopback."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from tests.factories import PersonFactory
from tests.platform.test_settings import PRODUCTION_ENV, _manage
from wco_sse.bench import BareView, LoopbackOnlyMiddleware

BENCH_ENV = {
    **PRODUCTION_ENV,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "WCO_BENCH_INSECURE_LOOPBACK": "1",
}
SHOW = (
    "from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
    "s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS > 0, s.DEBUG, "
    "s.MIDDLEWARE[0])"
)


def test_bench_mode_refuses_a_host_that_is_not_loopback():
    env = {**BENCH_ENV, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,portal.wco-sse.example"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "WCO_BENCH_INSECURE_LOOPBACK" in result.stderr


def test_bench_mode_relaxes_only_secure_cookies_and_the_redirect_and_says_so():
    result = _manage("shell", "--no-imports", "-c", SHOW, env=BENCH_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",  # Secure session cookie
        "False",  # Secure CSRF cookie
        "False",  # SSL redirect
        "True",  # HttpOnly stays
        "True",  # HSTS stays (sent on HTTPS responses only)
        "False",  # still production: DEBUG off
        "wco_sse.bench.LoopbackOnlyMiddleware",
    ]
    assert "Secure cookies and the SSL redirect are OFF" in result.stderr


def test_production_without_bench_mode_keeps_every_flag():
    result = _manage("shell", "--no-imports", "-c", SHOW, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:3] == ["True", "True", "True"]
    assert "LoopbackOnly" not in result.stdout
    assert "OFF" not in result.stderr


def test_the_bare_view_has_no_url_outside_bench_mode(client):
    with pytest.raises(NoReverseMatch):
        reverse("bench_bare")
    assert client.get("/bench/bare/").status_code == 404


@pytest.mark.parametrize(
    ("address", "status"),
    [("127.0.0.1", 200), ("::1", 200), ("203.0.113.9", 403), ("10.0.0.2", 403)],
)
def test_bench_mode_answers_loopback_only(address, status):
    middleware = LoopbackOnlyMiddleware(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    assert middleware(request).status_code == status


@pytest.mark.django_db
def test_bare_view_reads_one_row_for_a_signed_in_user(django_assert_max_num_queries):
    request = RequestFactory().get("/bench/bare/")
    request.user = AnonymousUser()
    assert BareView.as_view()(request).status_code == 302

    request.user = PersonFactory(with_account=True).account
    with django_assert_max_num_queries(1):
        response = BareView.as_view()(request)
        response.render()
    assert response.status_code == 200
    assert b"bench-bare-ok" in response.content


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("staff", "/members/organizations/"),
        ("board", "/secretariat/"),
        ("member", "/members/me/"),
    ],
)
def test_prepared_sessions_are_signed_in_past_the_second_factor(
    client, settings, demo, role, path
):
    """The benchmark's sessions, written straight into the store, are what a sign-in
    (with the second factor where the role needs one) leaves: no redirect."""
    from bench.prepare import signed_in

    settings.WCO_REQUIRE_SECOND_FACTOR = True
    session = signed_in(demo[role])
    client.cookies["sessionid"] = session["session"]
    response = client.get(path)
    assert response.status_code == 200
    assert response.wsgi_request.user == demo[role]
