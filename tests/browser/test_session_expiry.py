"""An idle staff session ends: the next page, or htmx request, goes to sign-in whole."""

import re
import time

import pytest

from members.middleware import SESSION_SEEN, SESSION_STARTED
from tests.browser.conftest import path_of, sign_in

SIGN_IN_AGAIN = "/accounts/login/?next=/secretariat/"


@pytest.fixture
def short_idle(settings):
    settings.WCO_STAFF_SESSION_IDLE_SECONDS = 1


def _idle_out():
    # The middleware counts whole seconds: two of them are past a 1-second limit.
    time.sleep(2.2)


@pytest.mark.browser
def test_idle_staff_navigation_lands_on_sign_in(
    transactional_db, demo, short_idle, live_server, page
):
    """A staff member idle past the limit who follows a link gets the sign-in page,
    which brings them back to that link afterwards."""
    base = live_server.url
    sign_in(page, base, "staff@example.org")
    assert path_of(page) == "/"
    _idle_out()

    with page.expect_navigation():
        page.locator("#main-nav a[href='/secretariat/']").click()

    assert path_of(page) == SIGN_IN_AGAIN
    assert page.locator("#id_login").is_visible()
    assert page.locator("header .dropdown-toggle").count() == 0  # signed out


@pytest.mark.browser
def test_idle_staff_htmx_request_reloads_the_whole_page_at_sign_in(
    transactional_db, demo, short_idle, live_server, page
):
    """An htmx request after expiry doesn't swap the sign-in form into a fragment:
    htmx follows HX-Redirect and the whole page becomes the sign-in page."""
    base = live_server.url
    sign_in(page, base, "staff@example.org")
    assert path_of(page) == "/"
    _idle_out()

    # No page has an hx-get element yet: ask htmx (loaded on every page) directly.
    with page.expect_navigation(url=re.compile(r"/accounts/login/")):
        page.evaluate("htmx.ajax('GET', '/secretariat/', {target: '#main'})")

    assert path_of(page) == SIGN_IN_AGAIN
    assert page.locator("header").count() == 1
    assert page.locator("#main #main").count() == 0
    assert page.locator("#id_login").is_visible()


def _signed_in(client, user, *, idle_for=0, age=0):
    client.force_login(user)
    session = client.session
    now = int(time.time())
    session[SESSION_STARTED] = now - age
    session[SESSION_SEEN] = now - idle_for
    session.save()


def test_htmx_request_after_idle_expiry_gets_hx_redirect(client, demo):
    """An idle session's htmx request is answered with HX-Redirect to sign-in (not a
    302 htmx would follow and swap in), and the session is over."""
    _signed_in(client, demo["staff"], idle_for=31 * 60)

    response = client.get("/secretariat/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Redirect"] == SIGN_IN_AGAIN
    assert "_auth_user_id" not in client.session
    assert client.get("/secretariat/").status_code == 302


def test_plain_request_after_idle_expiry_redirects_to_sign_in(client, demo):
    """Without htmx the same expiry is an ordinary redirect to sign-in."""
    _signed_in(client, demo["staff"], idle_for=31 * 60)

    response = client.get("/secretariat/")

    assert response.status_code == 302
    assert response["Location"] == SIGN_IN_AGAIN
    assert "HX-Redirect" not in response


def test_htmx_request_after_absolute_lifetime_gets_hx_redirect(client, demo):
    """A session past its absolute lifetime ends too, however active it was."""
    _signed_in(client, demo["staff"], age=13 * 3600)

    response = client.get("/secretariat/", headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == SIGN_IN_AGAIN


def test_active_staff_htmx_request_is_served(client, demo):
    """Within the limits an htmx request is answered normally."""
    _signed_in(client, demo["staff"], idle_for=60)

    response = client.get("/secretariat/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "HX-Redirect" not in response


def test_anonymous_htmx_request_to_a_signed_in_page_gets_hx_redirect(client, demo):
    """A signed-out visitor's htmx request to a page that needs sign-in reloads the
    whole page at sign-in too."""
    response = client.get("/members/me/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/members/me/"


def test_member_session_has_no_idle_limit(client, demo):
    """Plain members hold no role: the staff idle limit doesn't apply to them."""
    _signed_in(client, demo["member"], idle_for=31 * 60)

    response = client.get("/members/me/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "HX-Redirect" not in response
