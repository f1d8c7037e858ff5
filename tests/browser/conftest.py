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


def sign_out(page):
    """Sign out from the account menu in the navigation bar (a POST form)."""
    page.locator("header .dropdown-toggle").click()
    with page.expect_navigation():
        page.locator("header form[action$='/accounts/logout/'] [type=submit]").click()


def path_of(page):
    return re.sub(r"^https?://[^/]+", "", page.url)


@pytest.fixture(scope="session")
def _axe_context(browser, browser_context_args):
    """One browser context for axe-core, kept for the session.

    It bypasses CSP (our policy forbids the injected script) and loads axe-core in
    every document.
    """
    context = browser.new_context(**browser_context_args, bypass_csp=True)
    context.add_init_script(path=str(AXE_PATH))
    yield context
    context.close()


@pytest.fixture
def axe_page(_axe_context):
    """A page of the axe-core context; ``axe_page.signed_in_as(context)`` gives it the
    cookies (the session) of another browser context."""
    _axe_context.clear_cookies()
    page = _axe_context.new_page()

    def signed_in_as(context):
        _axe_context.clear_cookies()
        _axe_context.add_cookies(context.cookies())
        return page

    page.signed_in_as = signed_in_as
    yield page
    page.close()
    _axe_context.clear_cookies()


def axe_violations(page):
    """axe-core's violations of impact serious or critical on ``page`` as it is now
    (the ``axe_page`` fixture)."""
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
