"""The organization picker in the browser, on a form choosing several: a network
member addresses a policy proposal to two organizations found by their kana, removes
one chosen by mistake and saves; the page never listed the registry."""

import pytest
from playwright.sync_api import expect

from network.models import Proposal
from tests.browser.conftest import csp_reports, sign_in
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.browser


def test_addressees_are_found_by_kana_added_and_removed(
    transactional_db, demo, live_server, page, console
):
    base = live_server.url
    city = OrganizationFactory(
        name="テスト市役所", name_kana="テストシヤクショ", partner=True
    )
    wrong = OrganizationFactory(
        name="テスト町役場", name_kana="テストマチヤクバ", partner=True
    )
    coop = OrganizationFactory(
        name="テスト生活協同組合",
        name_kana="テストセイカツキョウドウクミアイ",
        partner=True,
    )

    sign_in(page, base, "network@example.org")
    page.goto(f"{base}/network/proposals/new/")
    # Only the chosen organizations are ever in the page: none yet.
    assert page.locator("select#id_addressees option").count() == 0
    page.locator("#id_kind").select_option("policy")
    page.locator("#id_title").fill("協同労働の推進に関する提言")

    search = page.get_by_role("combobox", name="提出先")
    for wanted in ("てすとしやくしょ", "てすとまち", "てすとせいかつ"):
        search.fill(wanted)
        options = page.get_by_role("listbox").get_by_role("option")
        expect(options).to_have_count(1)
        options.first.click()
        expect(search).to_have_value("")
    chosen = page.locator(".person-picker-chosen li")
    expect(chosen).to_have_count(3)
    chosen.filter(has_text=wrong.name).get_by_role("button").click()
    expect(chosen).to_have_count(2)
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()
    proposal = Proposal.objects.get(title="協同労働の推進に関する提言")
    assert set(proposal.addressees.all()) == {city, coop}
    text = page.locator("main").inner_text()
    assert city.name in text and coop.name in text and wrong.name not in text
    assert csp_reports(console) == []
    assert [m for m in console if m.startswith("pageerror")] == []
