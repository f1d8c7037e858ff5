"""Where the second factor is required, staff set one up before they continue."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail

from tests.browser.conftest import csp_reports, path_of, sign_in, sign_out
from tests.browser.totp import fresh_totp
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def require_second_factor(settings):
    settings.WCO_REQUIRE_SECOND_FACTOR = True


def test_staff_sets_up_totp_and_then_signs_in_with_it(
    transactional_db, demo, require_second_factor, live_server, page, console
):
    """A staff member without a second factor is sent to set one up; once TOTP is
    active, the next sign-in asks for a code before the home page."""
    base = live_server.url
    sign_in(page, base, "staff@example.org")
    assert path_of(page) == "/accounts/2fa/"
    # Any other page sends them back until a second factor exists.
    page.goto(f"{base}/secretariat/")
    assert path_of(page) == "/accounts/2fa/"

    with page.expect_navigation():
        page.locator("main a[href$='/accounts/2fa/totp/activate/']").click()
    # The account's first second factor needs a code sent to its mailbox.
    assert path_of(page).startswith("/members/me/second-factor/mailbox/")
    with page.expect_navigation():
        page.locator("main button[name=send]").click()
    code = re.search(r"^\s*(\d{6})\s*$", mail.outbox[-1].body, re.MULTILINE)
    page.locator("#id_code").fill(code.group(1))
    with page.expect_navigation():
        page.locator("main form:has(#id_code) [type=submit]").click()
    # allauth asks for the password again before adding an authenticator.
    assert path_of(page).startswith("/accounts/reauthenticate/")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()

    assert path_of(page) == "/accounts/2fa/totp/activate/"
    secret_field = page.locator("#authenticator_secret")
    assert secret_field.is_disabled()
    secret = secret_field.input_value()
    assert re.fullmatch(r"[A-Z2-7]+=*", secret)
    page.locator("#id_code").fill(fresh_totp(secret))
    with page.expect_navigation():
        page.locator(
            "main form[action$='/accounts/2fa/totp/activate/'] [type=submit]"
        ).click()

    # Recovery codes are generated with the first authenticator and shown.
    assert path_of(page) == "/accounts/2fa/recovery-codes/"
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) >= 8
    assert all(re.fullmatch(r"[0-9a-zA-Z]{6,}", code) for code in codes)
    staff = demo["staff"]
    assert set(
        Authenticator.objects.filter(user=staff).values_list("type", flat=True)
    ) == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}

    # The second factor lets them in everywhere now.
    page.goto(f"{base}/secretariat/")
    assert path_of(page) == "/secretariat/"

    sign_out(page)
    sign_in(page, base, "staff@example.org")
    assert path_of(page) == "/accounts/2fa/authenticate/"
    page.locator("#id_code").fill(fresh_totp(secret))
    with page.expect_navigation():
        page.locator(
            "main form[action$='/accounts/2fa/authenticate/'] [type=submit]"
        ).click()
    assert path_of(page) == "/"
    assert page.locator("header .dropdown-toggle").inner_text() == "staff@example.org"
    # allauth's pages (their scripts included) keep to our Content-Security-Policy.
    assert csp_reports(console) == []


def test_member_is_not_sent_to_set_up_a_second_factor(
    transactional_db, demo, require_second_factor, live_server, page
):
    """A plain member holds no role: the requirement doesn't apply to them."""
    base = live_server.url
    sign_in(page, base, "member@example.org")
    assert path_of(page) == "/"
    assert page.locator("header .dropdown-toggle").inner_text() == "member@example.org"
    response = page.goto(f"{base}/members/me/")
    assert response.status == 200
    assert path_of(page) == "/members/me/"
