"""The Content-Security-Policy holds in Debian's chromium on the pages behind each
demo role's navigation (lists, records, forms, statistics, htmx actions), with
every typed text a payload: no CSP report, no script error, no payload element in
the live page. tests/browser/test_navigation.py checks the landing pages themselves.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.browser.conftest import csp_reports
from tests.hostile import output_world
from tests.hostile.output_helpers import MARK

pytestmark = pytest.mark.browser


@pytest.fixture
def console(page):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    return messages


def _pages(world, demo):
    """Role -> pages beyond its navigation, a few each."""
    course, item = world["course"], world["item"]
    consultation, meeting = world["consultation"], world["meeting"]
    return {
        "secgen": [
            reverse("members:organization_detail", args=[world["org"].pk]),
            reverse("members:person_detail", args=[world["person"].pk]),
            reverse("members:import_upload"),
            reverse("support:consultation_stats"),
        ],
        "staff": [
            reverse("secretariat:meeting_detail", args=[meeting.pk]),
            reverse("secretariat:item_detail", args=[item.pk]),
            reverse("support:consultation_detail", args=[consultation.pk]),
        ],
        "school": [
            reverse("support:course_manage", args=[course.pk]),
            reverse("support:course_edit", args=[course.pk]),
            reverse("support:school_stats"),
        ],
        "advisor": [
            reverse("support:consultation_records", args=[consultation.pk]),
            reverse("support:slot_list"),
        ],
        "council": [reverse("secretariat:item_list")],
        "support": [reverse("secretariat:item_create")],
        "board": [reverse("secretariat:meeting_agenda", args=[meeting.pk])],
        "rep": [reverse("members:mypage_edit")],
        "member": [
            reverse("support:course_detail", args=[course.pk]),
            reverse("support:application_detail", args=[world["application"].pk]),
        ],
        "citizen": [
            reverse("support:course_list"),
            reverse("support:consultation_request"),
        ],
    }


def _as(page, base, user):
    """Give the browser ``user``'s session (signing in through the form is
    tests/browser's subject)."""
    page.context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )


def _check(page, console, where):
    assert csp_reports(console) == [], where
    assert [m for m in console if m.startswith("pageerror")] == [], where
    assert page.locator(f"[{MARK}]").count() == 0, where


def test_pages_and_htmx_actions_of_each_role_keep_the_policy(
    transactional_db, demo, live_server, page, console
):
    base = live_server.url
    world = output_world.build(demo)
    for role, paths in _pages(world, demo).items():
        _as(page, base, demo[role])
        for path in paths:
            response = page.goto(base + path)
            assert response.status == 200, (role, path, response.status)
            _check(page, console, (role, path))
    _as(page, base, None)
    page.goto(base + reverse("support:course_detail", args=[world["course"].pk]))
    page.goto(base + reverse("account_login") + "?next=%22%3E%3Cimg%20data-pwn%3E")
    _check(page, console, "anonymous")

    # htmx: a search that swaps the results in, an inline edit posted with the
    # page's CSRF header (refused: markup is no phone number; the field shows what
    # was typed), and an attendance toggle.
    _as(page, base, demo["secgen"])
    page.goto(base + reverse("members:person_list"))
    with page.expect_response(lambda r: "q=person_family" in r.url):
        page.locator("input[name=q]").fill("person_family")
    page.locator("#results").get_by_text(world.texts["person_family"]).first.wait_for()
    _check(page, console, "person search")

    page.goto(base + reverse("members:organization_detail", args=[world["org"].pk]))
    page.locator("#field-phone button").first.click()
    field = page.locator("#inline-phone")
    typed = f'"><img {MARK} src=x>'
    field.fill(typed)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("#field-phone [type=submit]").click()
    assert posted.value.status == 200
    page.locator("#field-phone .invalid-feedback").wait_for()
    assert page.locator("#inline-phone").input_value() == typed
    _check(page, console, "inline edit")

    _as(page, base, demo["school"])
    session = world["course"].sessions.get()
    page.goto(base + reverse("support:session_attendance", args=[session.pk]))
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator(".attendance-toggle").first.click()
    assert posted.value.status == 200
    page.locator(".attendance-toggle[aria-pressed=true]").first.wait_for()
    _check(page, console, "attendance")
