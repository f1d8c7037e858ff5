"""A visitor who follows a link to a members-only course meets a page saying it is
for members, signs in there, and comes back to the course itself (Japanese)."""

import pytest

from tests.browser.conftest import path_of
from tests.conftest import DEMO_PASSWORD
from tests.support.factories import CourseFactory

pytestmark = pytest.mark.browser


def test_a_visitor_signs_in_from_a_members_only_course(
    transactional_db, demo, live_server, page
):
    base = live_server.url
    course = CourseFactory(
        audience="members", title="会員向け 労務の基礎", instructor="講師 花子"
    )
    page.goto(f"{base}/support/school/{course.pk}/")
    assert page.locator("h1").inner_text() == "会員向け 労務の基礎"
    assert page.get_by_text("会員限定の講座です").is_visible()
    assert page.get_by_text("講師 花子").count() == 0

    with page.expect_navigation():
        page.locator("main a.btn", has_text="ログイン").click()
    page.locator("#id_login").fill("member@example.org")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form[action*='/accounts/login/'] [type=submit]").click()
    assert path_of(page) == f"/support/school/{course.pk}/"
    assert page.get_by_text("講師 花子").is_visible()
