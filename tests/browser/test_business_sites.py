"""A recorder enters a session on a phone (390 px wide): signed in, from their page's
"enter today's session" button to the saved session, the last session's counts
offered, a negative count refused at the field; no horizontal scrolling, no CSP
report. The site's page draws its chart from the JSON on the page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from business.models import Session
from tests.browser.conftest import csp_reports, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_a_recorder_enters_a_session_on_a_phone(
    transactional_db, demo, live_server, page, console
):
    from tests.business.sites.helpers import recorded_pantry, session

    site = recorded_pantry(demo)
    session(site, days_ago=7, adults=31, households=27, food_packages=27)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "member@example.org")
    page.goto(live_server.url + reverse("members:mypage"))
    with page.expect_navigation():
        page.get_by_role("link", name="本日の開催回を入力").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.locator("#id_adults")).to_have_value("31")
    expect(page.locator("#id_adults")).to_have_attribute("inputmode", "numeric")
    page.locator("#id_adults").fill("-2")
    with page.expect_navigation():
        page.get_by_role("button", name="開催回を保存する").click()
    expect(page.locator("main")).to_contain_text("マイナスは入力できません")
    assert not Session.objects.filter(site=site, date=timezone.localdate()).exists()
    page.locator("#id_adults").fill("35")
    page.locator("#id_children").fill("8")
    with page.expect_navigation():
        page.get_by_role("button", name="開催回を保存する").click()
    expect(page.locator("body")).to_contain_text("開催回を記録しました")
    made = Session.objects.get(site=site, date=timezone.localdate())
    assert (made.adults, made.children, made.households) == (35, 8, 27)
    assert (
        made.date - datetime.timedelta(days=7)
        == Session.objects.exclude(pk=made.pk).get(site=site).date
    )
    expect(page.locator("canvas#site-chart")).to_be_visible()
    assert not csp_reports(console)
    assert not [m for m in console if m.startswith("pageerror")]
