"""Sign-in rate limit: after five wrong passwords for one account within five
minutes, a sixth attempt is refused even with the right password, saying so; the
fifth wrong one is not yet the limit, writing the address differently does not
reset it, other accounts are not locked out, and five minutes later it is lifted.

(tests/platform/test_pages.py checks the plain case; these pin its edges.)"""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ACCOUNT = "member@example.org"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    """The rate limiter's clock, which a test can move forward."""
    import allauth.core.internal.ratelimit as ratelimit

    class Clock:
        offset = 0.0

        def time(self):
            return time.time() + self.offset

        def monotonic(self):
            return time.monotonic()

        def sleep(self, seconds):
            time.sleep(seconds)

    fake = Clock()
    monkeypatch.setattr(ratelimit, "time", fake)
    return fake


def sign_in(client, password, login=ACCOUNT):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def wrong(client, times, login=ACCOUNT):
    for _ in range(times):
        response = sign_in(client, "not-the-password", login=login)
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session


def refused_as_too_many(response):
    with translation.override("ja"):
        message = translation.gettext(
            "Too many failed login attempts. Try again later."
        )
    return response.status_code in (200, 429) and message in response.content.decode()


def test_four_wrong_passwords_are_not_yet_the_limit(client, demo):
    wrong(client, 4)
    sign_in(client, DEMO_PASSWORD)
    assert "_auth_user_id" in client.session


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, demo):
    wrong(client, 5)
    response = sign_in(client, DEMO_PASSWORD)
    assert "_auth_user_id" not in client.session
    assert refused_as_too_many(response)
    # Writing the address in capitals, or around spaces, is the same account.
    for login in (ACCOUNT.upper(), f"  {ACCOUNT} ", "Member@Example.ORG"):
        response = sign_in(client, DEMO_PASSWORD, login=login)
        assert "_auth_user_id" not in client.session, login
        assert refused_as_too_many(response), login


def test_the_limit_is_per_account(client, demo):
    wrong(client, 5)
    sign_in(client, DEMO_PASSWORD, login="citizen@example.org")
    assert "_auth_user_id" in client.session


def test_the_limit_is_lifted_five_minutes_after(client, demo, clock):
    wrong(client, 5)
    clock.offset = 4 * 60 + 50
    assert refused_as_too_many(sign_in(client, DEMO_PASSWORD))
    assert "_auth_user_id" not in client.session
    clock.offset = 5 * 60 + 5
    sign_in(client, DEMO_PASSWORD)
    assert "_auth_user_id" in client.session


def test_wrong_passwords_spread_over_more_than_five_minutes_do_not_lock(
    client, demo, clock
):
    wrong(client, 3)
    clock.offset = 5 * 60 + 5
    wrong(client, 4)
    sign_in(client, DEMO_PASSWORD)
    assert "_auth_user_id" in client.session
