"""No redirect parameter sends anyone off the portal: sign-in (with and without a
second factor), sign-up, re-authentication, sign-out, the language switch, and our
own views that read ``next``."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.browser.totp import fresh_totp
from tests.conftest import DEMO_PASSWORD
from tests.hostile.output_helpers import assert_shown_as_text

pytestmark = pytest.mark.django_db

HOST = "testserver"
OFF_SITE = [
    "//evil.example",
    "///evil.example",
    "https://evil.example",
    "http://evil.example/accounts/login/",
    "https:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    " //evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "https://testserver@evil.example",
    "https://evil.example\\@testserver",
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Sign-in rate limits and used TOTP codes start empty."""
    cache.clear()
    yield
    cache.clear()


def where_a_browser_goes(location, page="http://testserver/some/page/"):
    """The URL a browser loads for ``location`` (the WHATWG URL parser, for http):
    it drops tabs and newlines, trims spaces and control characters, reads
    backslashes as slashes, and takes what follows two or more slashes, or
    ``http(s):`` and any slashes, as a host."""
    cleaned = "".join(c for c in location if c not in "\t\n\r").strip("\x00 \x1f")
    cleaned = cleaned.replace("\\", "/")
    authority = re.match(r"(?i)^(https?:)/*|^//+", cleaned)
    if authority:
        scheme = authority.group(1) or ""
        cleaned = f"{scheme.lower()}//{cleaned[authority.end() :]}"
    return urljoin(page, cleaned)


def assert_stays_on_site(response, bad):
    assert response.status_code in (301, 302, 303), (bad, response.status_code)
    location = response["Location"]
    target = urlsplit(where_a_browser_goes(location))
    assert target.scheme in ("http", "https"), (bad, location)
    assert target.hostname == HOST, (bad, location)


@pytest.mark.parametrize("bad", OFF_SITE)
def test_sign_in_and_out_keep_next_on_the_portal(client, demo, bad):
    response = client.post(
        reverse("account_login"),
        {"login": "member@example.org", "password": DEMO_PASSWORD, "next": bad},
    )
    assert "_auth_user_id" in client.session
    assert_stays_on_site(response, bad)
    response = client.post(reverse("account_logout"), {"next": bad})
    assert "_auth_user_id" not in client.session
    assert_stays_on_site(response, bad)


@pytest.mark.parametrize("bad", OFF_SITE)
def test_language_switch_keeps_next_and_referer_on_the_portal(client, bad):
    response = client.post(reverse("set_language"), {"language": "en", "next": bad})
    assert_stays_on_site(response, bad)
    response = client.post(
        reverse("set_language"), {"language": "ja"}, headers={"referer": bad}
    )
    assert_stays_on_site(response, bad)


def test_a_second_factor_sign_in_keeps_next_on_the_portal(client, demo, settings):
    from allauth.mfa.totp.internal.auth import TOTP

    settings.WCO_REQUIRE_SECOND_FACTOR = True
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(demo["staff"], secret)
    for bad in OFF_SITE[:8]:
        cache.clear()
        response = client.post(
            reverse("account_login"),
            {"login": "staff@example.org", "password": DEMO_PASSWORD, "next": bad},
        )
        assert response["Location"] == reverse("mfa_authenticate"), bad
        response = client.post(
            reverse("mfa_authenticate"), {"code": fresh_totp(secret)}
        )
        assert "_auth_user_id" in client.session, bad
        assert_stays_on_site(response, bad)
        client.logout()


def test_reauthentication_and_sign_up_keep_next_on_the_portal(client, demo):
    for bad in OFF_SITE:
        # (Checking the password re-hashes the demo's test hash, which ends the
        # session: sign in again each time.)
        cache.clear()  # allauth allows ten re-authentications a minute
        demo["member"].refresh_from_db()
        client.force_login(demo["member"])
        url = reverse("account_reauthenticate")
        assert client.get(url, {"next": bad}).status_code == 200
        response = client.post(url, {"password": DEMO_PASSWORD, "next": bad})
        assert_stays_on_site(response, bad)
    client.logout()
    for number, bad in enumerate(OFF_SITE[:6]):
        cache.clear()
        response = client.post(
            reverse("account_signup") + "?next=" + bad.replace("%", "%25"),
            {
                "email": f"newcomer{number}@example.jp",
                "password1": "a-long-pass-2026!",
                "password2": "a-long-pass-2026!",
                "family_name": "新井",
                "given_name": "花子",
                "family_name_kana": "アライ",
                "given_name_kana": "ハナコ",
                "privacy_consent": "on",
                "next": bad,
            },
        )
        assert_stays_on_site(response, bad)


def test_sign_in_link_naming_another_site_is_harmless(client, demo):
    """Opening a sign-in link that names another site: the page carries ``next``
    as an escaped form value, and a signed-in user is not sent there."""
    for bad in OFF_SITE:
        response = client.get(reverse("account_login"), {"next": bad})
        assert response.status_code == 200
        assert_shown_as_text(response.content, where=bad)
    client.force_login(demo["member"])
    for bad in OFF_SITE:
        response = client.get(reverse("account_login"), {"next": bad})
        if response.status_code == 200:
            assert_shown_as_text(response.content, where=bad)
        else:
            assert_stays_on_site(response, bad)


def test_login_required_pages_send_back_to_themselves(client):
    response = client.get(reverse("members:mypage"))
    assert_stays_on_site(response, "mypage")
    assert response["Location"].startswith(reverse("account_login"))


def test_our_views_that_read_next_go_only_where_they_name(client, demo):
    """Affiliation confirm/end and the dues reminder read ``next`` as a word, never
    as a URL."""
    from tests.factories import AffiliationFactory, PersonFactory

    home = demo.ctx.data["home_wco"]
    client.force_login(demo["secgen"])
    for bad in OFF_SITE[:6]:
        affiliation = AffiliationFactory(
            person=PersonFactory(), organization=home, confirmed=False
        )
        response = client.post(
            reverse("members:affiliation_confirm", args=[affiliation.pk]),
            {"next": bad},
        )
        assert_stays_on_site(response, bad)
        assert response["Location"] == reverse(
            "members:organization_detail", args=[home.pk]
        )


def test_where_a_browser_goes_reads_urls_as_browsers_do():
    """The check above would catch a redirect to any of the payloads as given."""
    for bad in OFF_SITE:
        if bad.lower().startswith(("javascript:", "data:")):
            continue
        if "%2F" in bad:
            continue  # encoded: a path on the portal when sent as it is
        target = urlsplit(where_a_browser_goes(bad))
        assert target.hostname != HOST, bad
