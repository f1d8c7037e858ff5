"""The secretariat types a postal code on the new-organization form: the address is
filled in, and a lookup that fails says so under the field instead of doing nothing.

The live server answers each request in a thread of its own, as ``make run`` does:
the lookup must work there (it answered 500 from any thread but the first)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import csp_reports, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def kanagawa(transactional_db):
    """Kanagawa's municipalities, as the data migration loads them: a transactional
    test before this one flushed them away."""
    from members.data.reference import ensure_loaded

    ensure_loaded()


def _open_form(page, base):
    sign_in(page, base, "staff@example.org")
    page.goto(base + reverse("members:organization_create"))
    return page.locator("#id_postal_code")


def _type_code(field, code):
    field.fill(code)
    field.press("Tab")  # the lookup runs on change


def test_postal_code_fills_the_address_under_a_threaded_server(
    transactional_db, kanagawa, demo, live_server, page, console
):
    _open_form(page, live_server.url)
    # Each request in a new thread of the live server.
    for code, town in [("231-0023", "山下町"), ("231-0021", "日本大通"),
                       ("231-0024", "吉浜町")]:  # fmt: skip
        _type_code(page.locator("#id_postal_code"), code)
        expect(page.locator("#address-fields [role=status]")).to_contain_text(
            "神奈川県横浜市中区" + town
        )
        expect(page.locator("#id_address")).to_have_value(town)
    assert not page.locator("#id_postal_code-request-error").count()
    assert not csp_reports(console)


def test_unknown_postal_code_says_so_next_to_the_field(
    transactional_db, kanagawa, demo, live_server, page
):
    field = _open_form(page, live_server.url)
    _type_code(field, "999-9999")
    message = page.locator("#postal-code-message")
    expect(message).to_contain_text("999-9999")
    expect(page.locator("#id_postal_code")).to_have_attribute(
        "aria-describedby", "postal-code-message"
    )


@pytest.mark.parametrize("failure", ["server error", "no connection"])
def test_failed_lookup_says_so_next_to_the_field(
    transactional_db, kanagawa, demo, live_server, page, failure
):
    """A lookup the server cannot answer (or that never reaches it) leaves a message
    under the postal code; the next lookup that works clears it."""
    field = _open_form(page, live_server.url)
    lookup_url = "**" + reverse("members:postal_code_lookup") + "*"

    def fail(route):
        if failure == "server error":
            route.fulfill(status=500, body="Server Error")
        else:
            route.abort()

    page.route(lookup_url, fail)
    _type_code(field, "231-0023")
    message = page.locator("#id_postal_code-request-error")
    expect(message).to_be_visible()
    expect(message).to_have_attribute("role", "alert")
    expect(message).not_to_be_empty()
    expect(field).to_have_attribute("aria-describedby", "id_postal_code-request-error")

    page.unroute(lookup_url)
    _type_code(field, "231-0025")
    expect(page.locator("#address-fields [role=status]")).to_contain_text("横浜市中区")
    expect(page.locator("#id_postal_code-request-error")).to_have_count(0)
