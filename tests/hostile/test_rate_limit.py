"""Sign-in rate limit: after five wrong passwords for one account within five
minutes, a sixth attempt is refused even with the right password, saying so; the
fifth wrong one is not yet the limit, writing the address differently does not
reset it, other accounts are not locked out, and five minutes later it is lifted.

Behind the TLS proxy (``WCO_TRUSTED_PROXY_COUNT``) the address counted is the client's,
taken from what our proxy wrote in X-Forwarded-For and from nothing a client wrote; and
a browser that signed in to an account before is not locked out of it by anybody
else's failures (members.signin_limits).

(tests/platform/test_pages.py checks the plain case; these pin its edges;
tests/platform/test_proxy.py reads the same settings in production mode.)"""

import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from members import signin_limits
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


def sign_in(client, password, login=ACCOUNT, **headers):
    return client.post(
        reverse("account_login"), {"login": login, "password": password}, **headers
    )


def wrong(client, times, login=ACCOUNT, **headers):
    for _ in range(times):
        response = sign_in(client, "not-the-password", login=login, **headers)
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


# --- Behind the proxy -----------------------------------------------------------------
# The test client's REMOTE_ADDR, 127.0.0.1, plays the TLS proxy; each client's own
# address is what the proxy appends to X-Forwarded-For.
OFFICER = "secgen@example.org"
ATTACKER = "203.0.113.66"


def via_proxy(address, forged=""):
    """What our proxy passes on: whatever the client sent, then the address it saw."""
    return {"HTTP_X_FORWARDED_FOR": f"{forged}, {address}" if forged else address}


def fail_on_unknown_accounts(client, times, **headers):
    for n in range(times):
        response = sign_in(
            client, "not-the-password", login=f"nobody{n}@example.net", **headers
        )
        assert "_auth_user_id" not in client.session
    return response


def test_behind_one_proxy_a_strangers_failures_do_not_lock_out_other_clients(
    client, demo, settings
):
    settings.WCO_TRUSTED_PROXY_COUNT = 1
    attacker = Client()
    # Eleven failures from one client, each claiming another address of its own.
    for n in range(10):
        fail_on_unknown_accounts(
            attacker, 1, **via_proxy(ATTACKER, forged=f"198.18.0.{n}")
        )
    assert refused_as_too_many(
        fail_on_unknown_accounts(attacker, 1, **via_proxy(ATTACKER, forged="1.2.3.4"))
    )
    sign_in(client, DEMO_PASSWORD, **via_proxy("198.51.100.20"))
    assert "_auth_user_id" in client.session


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(client, demo):
    # WCO_TRUSTED_PROXY_COUNT is 0: whatever X-Forwarded-For says, the client is
    # its peer, and ten failures from it are its limit for the minute.
    for n in range(10):
        fail_on_unknown_accounts(client, 1, **via_proxy(f"198.18.0.{n}"))
    response = sign_in(client, DEMO_PASSWORD, **via_proxy("198.51.100.20"))
    assert "_auth_user_id" not in client.session
    assert refused_as_too_many(response)


def forget_session(client):
    """Sign out the way closing the browser does: the session goes, the cookies of the
    device stay (Client.logout() would drop every cookie)."""
    del client.cookies[django_settings.SESSION_COOKIE_NAME]


def test_failing_on_an_officers_address_does_not_lock_them_out_of_their_device(
    client, demo, settings
):
    settings.WCO_TRUSTED_PROXY_COUNT = 1
    officer = {"HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    sign_in(client, DEMO_PASSWORD, login=OFFICER, **officer)
    assert "_auth_user_id" in client.session
    forget_session(client)

    attacker = Client()
    for n in range(6):
        wrong(attacker, 1, login=OFFICER, **via_proxy(f"203.0.113.{n}"))
    # The account is locked for every browser it has not signed in from...
    assert refused_as_too_many(
        sign_in(attacker, DEMO_PASSWORD, login=OFFICER, **via_proxy("203.0.113.9"))
    )
    assert "_auth_user_id" not in attacker.session
    # ...but not for the officer's own, however they write their address.
    sign_in(client, DEMO_PASSWORD, login=OFFICER.upper(), **officer)
    assert "_auth_user_id" in client.session


def test_a_known_device_has_a_limit_of_its_own(client, demo, settings):
    settings.WCO_TRUSTED_PROXY_COUNT = 1
    sign_in(client, DEMO_PASSWORD, **via_proxy("198.51.100.20"))
    forget_session(client)
    wrong(client, 5, **via_proxy("198.51.100.20"))
    response = sign_in(client, DEMO_PASSWORD, **via_proxy("198.51.100.20"))
    assert "_auth_user_id" not in client.session
    assert refused_as_too_many(response)


def test_a_device_known_to_one_account_or_a_forged_cookie_gets_no_exemption(
    client, demo, settings
):
    settings.WCO_TRUSTED_PROXY_COUNT = 1
    attacker = Client()
    sign_in(attacker, DEMO_PASSWORD, **via_proxy(ATTACKER))
    assert "_auth_user_id" in attacker.session
    forget_session(attacker)
    known = attacker.cookies[signin_limits.COOKIE].value
    for cookie in (known, known[:-2] + "xx"):
        cache.clear()
        attacker.cookies[signin_limits.COOKIE] = cookie
        for n in range(5):
            wrong(attacker, 1, login=OFFICER, **via_proxy(f"203.0.113.{n}"))
        response = sign_in(
            attacker, DEMO_PASSWORD, login=OFFICER, **via_proxy("203.0.113.9")
        )
        assert refused_as_too_many(response), cookie
        assert "_auth_user_id" not in attacker.session
