"""The person picker in the browser, with the keyboard only: the secretariat adds a
member to a body by typing the kana, moving to the right one of two namesakes (told
apart by their W.Co) and pressing Enter."""

import pytest
from playwright.sync_api import expect

from secretariat.models import Body, BodyMember
from tests.browser.conftest import csp_reports, sign_in
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.browser


def namesake(organization_name):
    person = PersonFactory(
        family_name="山田",
        given_name="花子",
        family_name_kana="ヤマダ",
        given_name_kana="ハナコ",
    )
    AffiliationFactory(
        person=person, organization=OrganizationFactory(name=organization_name)
    )
    return person


def test_a_person_is_found_by_kana_and_chosen_with_the_keyboard(
    transactional_db, demo, live_server, page, console
):
    base = live_server.url
    body = Body.objects.create(name="業種別会議（配食）", kind=Body.Kind.AD_HOC)
    namesake("ワーカーズ・コレクティブ あおば")
    wanted = namesake("ワーカーズ・コレクティブ みどり")

    sign_in(page, base, "staff@example.org")
    page.goto(f"{base}/secretariat/bodies/{body.pk}/members/")
    search = page.get_by_role("combobox", name="氏名")
    search.focus()
    page.keyboard.type("やまだ はなこ")
    matches = page.get_by_role("listbox")
    options = matches.get_by_role("option")
    expect(options).to_have_count(2)
    texts = options.all_inner_texts()
    assert all("山田 花子（ヤマダ ハナコ）" in text for text in texts)
    target = next(i for i, text in enumerate(texts) if "みどり" in text)
    for _step in range(target):
        page.keyboard.press("ArrowDown")
    assert search.get_attribute("aria-activedescendant") == options.nth(
        target
    ).get_attribute("id")
    page.keyboard.press("Enter")
    assert "みどり" in search.input_value()
    assert matches.is_hidden()
    # Enter chose the person; it did not submit the form. Submit it.
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()
    member = BodyMember.objects.get(body=body)
    assert member.person == wanted
    assert csp_reports(console) == []
    assert [m for m in console if m.startswith("pageerror")] == []
