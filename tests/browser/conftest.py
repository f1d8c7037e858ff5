"""Fixtures and helpers of the browser tests (Playwright's sync API on live_server)."""

import re
from pathlib import Path

import pytest

from tests.conftest import DEMO_PASSWORD

AXE_PATH = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}
CSP_MARKERS = ("Content Security Policy", "Refused to")


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Japanese browser: LocaleMiddleware picks the language from Accept-Language."""
    return {**browser_context_args, "locale": "ja-JP", "timezone_id": "Asia/Tokyo"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: allauth's rate limits and used TOTP codes,
    and our second-factor flag (keyed by user id, which a flushed database reuses)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def console(page):
    """Console messages and uncaught errors of ``page``, as text."""
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    return messages


def csp_reports(messages):
    return [m for m in messages if any(marker in m for marker in CSP_MARKERS)]


def sign_in(page, base_url, email, password=DEMO_PASSWORD):
    """Fill allauth's sign-in form; returns once the next page has loaded."""
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main form[action$='/accounts/login/'] [type=submit]").click()


def sign_out(page, base_url):
    """Sign out from the account menu in the navigation bar (a POST form)."""
    page.locator("header .dropdown-toggle").click()
    with page.expect_navigation():
        page.locator("header form[action$='/accounts/logout/'] [type=submit]").click()


def path_of(page):
    return re.sub(r"^https?://[^/]+", "", page.url)


def axe_violations(page):
    """axe-core's violations of impact serious or critical on the page as it is now.

    The page must belong to a context made with ``bypass_csp=True``: our CSP forbids
    the injected script.
    """
    page.add_script_tag(path=str(AXE_PATH))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]
