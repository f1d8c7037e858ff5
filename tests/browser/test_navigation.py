"""Each role's main navigation: exactly its entries, each opening, accessible, CSP-clean."""

import pytest
from django.urls import reverse

from tests.browser.conftest import (
    axe_violations,
    csp_reports,
    path_of,
    sign_in,
)

pytestmark = pytest.mark.browser

MYPAGE = "members:mypage"  # members.view_mypage: signed in with a registry record
REGISTRY = "members:index"  # members.view_registry: holds any role
SECRETARIAT = "secretariat:index"  # secretariat, board, officer, council, sections
SUPPORT = "support:index"  # everyone, anonymous visitors too
FUND = "network:fund_public_rounds"  # the fund's open calls: everyone, too
NETWORK = "network:index"  # secretariat, board, officer, council, network, fund
BUSINESS = "business:index"  # secretariat, board, officer, council, business
ALL_ENTRIES = (MYPAGE, REGISTRY, SECRETARIAT, SUPPORT, FUND, NETWORK, BUSINESS)
# The page of the W.Co the account represents (members:organization_detail), after
# "My page": for W.Co representatives (the demo's 代表理事 represents one too).
OUR_WCO = "our-wco"

GOVERNANCE = (MYPAGE, REGISTRY, SECRETARIAT, SUPPORT, FUND, NETWORK, BUSINESS)
# What each demo account (and an anonymous visitor) sees, in the navigation's order.
EXPECTED = {
    "secgen": GOVERNANCE,
    "staff": GOVERNANCE,
    "board": (MYPAGE, OUR_WCO, *GOVERNANCE[1:]),  # 代表理事, a W.Co's representative
    "auditor": GOVERNANCE,  # 監事: read-only, but reads every section
    "council": GOVERNANCE,
    "support": (MYPAGE, REGISTRY, SECRETARIAT, SUPPORT, FUND),
    "network": (MYPAGE, REGISTRY, SECRETARIAT, SUPPORT, FUND, NETWORK),
    "business": (MYPAGE, REGISTRY, SECRETARIAT, SUPPORT, FUND, BUSINESS),
    "school": (MYPAGE, REGISTRY, SUPPORT, FUND),
    "advisor": (MYPAGE, REGISTRY, SUPPORT, FUND),
    "finance-advisor": (MYPAGE, REGISTRY, SUPPORT, FUND),
    "fund": (MYPAGE, REGISTRY, SUPPORT, FUND, NETWORK),
    "rep": (MYPAGE, OUR_WCO, SUPPORT, FUND),  # a W.Co's representative holds no office
    "member": (MYPAGE, SUPPORT, FUND),
    "citizen": (MYPAGE, SUPPORT, FUND),
    "anonymous": (SUPPORT, FUND),
}
# Pages an anonymous visitor is also checked on (CSP, axe-core).
ANONYMOUS_PAGES = ("/accounts/login/", "/accounts/signup/", "/privacy/")

NAV_LINKS = "#main-nav .navbar-nav.me-auto a.nav-link"


def entry_url(name, user):
    if name != OUR_WCO:
        return reverse(name)
    from members.roles import roles_of

    (organization_id,) = roles_of(user).represented_org_ids
    return reverse("members:organization_detail", args=[organization_id])


@pytest.mark.parametrize("role", list(EXPECTED))
def test_main_navigation_for_role(
    role, transactional_db, demo, live_server, page, console, axe_page
):
    """The navigation shows exactly the entries the role may open; each opens (200)
    with no CSP report or script error, and axe-core finds nothing serious."""
    base = live_server.url
    if role == "anonymous":
        page.goto(f"{base}/")
    else:
        sign_in(page, base, f"{role}@example.org")
    assert path_of(page) == "/"

    expected = [entry_url(name, demo.get(role)) for name in EXPECTED[role]]
    hrefs = page.locator(NAV_LINKS).evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert hrefs == expected

    # Follow each entry from the navigation of the page before it.
    for href in expected:
        with page.expect_navigation() as navigation:
            page.locator(f"{NAV_LINKS}[href='{href}']").click()
        assert navigation.value.status == 200, href
        assert path_of(page) == href
        assert (
            page.locator(f"{NAV_LINKS}[aria-current=page]").get_attribute("href")
            == href
        )
    extra_pages = ANONYMOUS_PAGES if role == "anonymous" else ()
    for path in extra_pages:
        assert page.goto(base + path).status == 200, path
    assert csp_reports(console) == []
    assert [m for m in console if m.startswith("pageerror")] == []

    # Entries not shown are refused: 403 when signed in, the sign-in page otherwise.
    for name in ALL_ENTRIES:
        if name in EXPECTED[role]:
            continue
        response = page.request.get(base + reverse(name), max_redirects=0)
        if role == "anonymous":
            assert response.status == 302, name
            assert response.headers["location"].startswith("/accounts/login/")
        else:
            assert response.status == 403, name

    # axe-core runs in its own browser context (our CSP forbids injected scripts),
    # signed in with the same session.
    axe_page.signed_in_as(page.context)
    violations = {}
    for path in ["/", *expected, *extra_pages]:
        response = axe_page.goto(base + path)
        assert response.status == 200, path
        found = axe_violations(axe_page)
        if found:
            violations[path] = found
    assert violations == {}
