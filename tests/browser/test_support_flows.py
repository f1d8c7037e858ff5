"""The support section as its users go through it, in the browser (Japanese)."""

import datetime

import pytest
from django.utils import timezone

from support.models import (
    Application,
    Appointment,
    Consultation,
    CourseSession,
)
from tests.browser.conftest import csp_reports, path_of, sign_in, sign_out
from tests.support.factories import CourseFactory
from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.browser


def _accept_confirmations(page):
    page.on("dialog", lambda dialog: dialog.accept())


def _submit(page, form_selector="main form[method=post]"):
    with page.expect_navigation():
        page.locator(f"{form_selector} [type=submit]").last.click()


def test_last_seat_waitlist_cancel_and_promotion(
    transactional_db, demo, live_server, page, console
):
    """A member takes the last seat, a second member is waitlisted at position 1;
    the first cancels; the second is promoted, told by email, and sees it on their
    page."""
    base = live_server.url
    _accept_confirmations(page)
    course = CourseFactory(capacity=2, title="少人数で学ぶ資金計画")
    Application.objects.create(
        course=course,
        person=demo.ctx.accounts["citizen@example.org"],
        status="confirmed",
    )

    sign_in(page, base, "member@example.org")
    page.goto(f"{base}/support/school/{course.pk}/")
    with page.expect_navigation():
        page.locator(f"a[href='/support/school/{course.pk}/apply/']").click()
    page.locator("#id_privacy_consent").check()
    _submit(page)
    assert path_of(page).startswith("/support/school/applications/")
    assert page.locator("#application-state .text-bg-success").count() == 1
    first = Application.objects.get(course=course, person__account=demo["member"])
    assert first.status == "confirmed"
    sign_out(page)

    sign_in(page, base, "rep@example.org")
    page.goto(f"{base}/support/school/{course.pk}/")
    with page.expect_navigation():
        page.locator(f"a[href='/support/school/{course.pk}/apply/']").click()
    page.locator("#id_privacy_consent").check()
    _submit(page)
    state = page.locator("#application-state").inner_text()
    assert "1" in state
    second = Application.objects.get(course=course, person__account=demo["rep"])
    assert (second.status, second.waitlist_position) == ("waitlisted", 1)
    sign_out(page)

    sign_in(page, base, "member@example.org")
    page.goto(f"{base}/members/me/")
    with page.expect_navigation():
        page.locator(f"a[href='/support/school/applications/{first.pk}/']").click()
    with page.expect_navigation():
        page.locator("#cancel-application").click()
    first.refresh_from_db()
    assert first.status == "cancelled"
    sign_out(page)

    second.refresh_from_db()
    assert second.status == "confirmed"
    email = OutboundEmail.objects.get(template="course_promoted")
    assert email.to == "rep@example.org" and email.status == "sent"
    assert "繰り上げ" in email.body_text or course.title in email.body_text

    sign_in(page, base, "rep@example.org")
    page.goto(f"{base}/members/me/")
    row = (
        page.locator("#panel-courses")
        .locator("xpath=..")
        .locator(f"li:has(a[href='/support/school/applications/{second.pk}/'])")
    )
    assert row.locator(".text-bg-success").count() == 1
    assert csp_reports(console) == []


def test_citizen_requests_secretariat_assigns_advisor_publishes_citizen_books(
    transactional_db, demo, live_server, page, console
):
    base = live_server.url

    sign_in(page, base, "citizen@example.org")
    page.goto(f"{base}/support/consultations/")
    with page.expect_navigation():
        page.locator("a[href='/support/consultations/new/?desk=general']").click()
    page.locator("#id_topic").select_option("startup")
    page.locator("#id_description").fill("地域で配食のW.Coを始めたいです。")
    page.locator("#id_preferred_times").fill("平日の午後")
    page.locator("#id_consent").check()
    _submit(page)
    case = Consultation.objects.get()
    assert path_of(page) == f"/support/consultations/{case.pk}/"
    assert case.desk == "general" and case.status == "new"
    sign_out(page)

    sign_in(page, base, "staff@example.org")
    page.goto(f"{base}/support/consultations/queue/")
    with page.expect_navigation():
        page.locator(f"a[href='/support/consultations/{case.pk}/']").click()
    with page.expect_navigation():
        page.locator(f"a[href='/support/consultations/{case.pk}/assign/']").click()
    advisor = demo.ctx.accounts["advisor@example.org"]
    page.locator("#id_advisor").select_option(str(advisor.pk))
    _submit(page)
    case.refresh_from_db()
    assert case.advisor == advisor
    assert advisor.full_name in page.locator("#consultation-advisor").inner_text()
    sign_out(page)

    sign_in(page, base, "advisor@example.org")
    page.goto(f"{base}/support/consultations/slots/")
    day = timezone.localdate() + datetime.timedelta(days=4)
    page.locator("#id_starts_at").fill(f"{day:%Y-%m-%d}T10:00")
    page.locator("#id_ends_at").fill(f"{day:%Y-%m-%d}T11:00")
    page.locator("#id_place").fill("W.Co SSE 相談室")
    _submit(page)
    assert path_of(page) == "/support/consultations/slots/"
    slot = advisor.appointment_slots.get()
    sign_out(page)

    sign_in(page, base, "citizen@example.org")
    page.goto(f"{base}/members/me/")
    with page.expect_navigation():
        page.locator(f"a[href='/support/consultations/{case.pk}/']").click()
    with page.expect_navigation():
        page.locator(f"a[href='/support/consultations/{case.pk}/book/']").click()
    page.locator(f"input[name=slot][value='{slot.pk}']").check()
    _submit(page)
    appointment = Appointment.objects.get(consultation=case, status="booked")
    assert appointment.slot == slot
    assert "10:00" in page.locator("#appointment-slot").inner_text()
    case.refresh_from_db()
    assert case.status == "in_progress"
    emails = OutboundEmail.objects.filter(template="appointment_booked")
    assert sorted(e.to for e in emails) == [
        "advisor@example.org",
        "citizen@example.org",
    ]
    assert csp_reports(console) == []


def test_attendance_on_a_tablet_one_tap_toggles_without_horizontal_scroll(
    transactional_db, demo, live_server, browser, browser_context_args, tmp_path
):
    """At 820×1180 each participant is one big button; a tap marks them present
    (htmx swaps the row), a second tap undoes it; the page never scrolls sideways."""
    course = CourseFactory(capacity=30, title="はじめての会計・決算")
    people = [
        demo.ctx.accounts[f"{r}@example.org"] for r in ("member", "rep", "citizen")
    ]
    applications = [
        Application.objects.create(course=course, person=p, status="confirmed")
        for p in people
    ]
    session = CourseSession.objects.filter(course=course).first()
    context = browser.new_context(
        **browser_context_args, viewport={"width": 820, "height": 1180}
    )
    page = context.new_page()
    base = live_server.url
    sign_in(page, base, "school@example.org")
    page.goto(f"{base}/support/school/sessions/{session.pk}/attendance/")
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    target = applications[1]
    button = page.locator(
        f"form[action$='/attendance/{target.pk}/'] button.attendance-toggle"
    )
    box = button.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 200
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    page.wait_for_function(
        "sel => document.querySelector(sel).getAttribute('aria-pressed') === 'true'",
        arg=f"form[action$='/attendance/{target.pk}/'] button",
    )
    assert path_of(page) == f"/support/school/sessions/{session.pk}/attendance/"
    assert target.attendances.get(session=session).present
    page.locator(f"form[action$='/attendance/{target.pk}/'] button").click()
    page.wait_for_function(
        "sel => document.querySelector(sel).getAttribute('aria-pressed') === 'false'",
        arg=f"form[action$='/attendance/{target.pk}/'] button",
    )
    assert not target.attendances.get(session=session).present
    page.screenshot(path=str(tmp_path / "attendance-tablet.png"), full_page=True)
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    context.close()


@pytest.mark.parametrize(
    ("role", "paths"),
    [
        ("anonymous", ["/support/school/", "/support/consultations/"]),
        (
            "member",
            [
                "/support/school/",
                "/support/school/{course}/",
                "/support/school/{course}/apply/",
                "/support/consultations/new/",
                "/members/me/",
            ],
        ),
        (
            "staff",
            [
                "/support/school/manage/",
                "/support/school/manage/{course}/",
                "/support/school/manage/{course}/edit/",
                "/support/school/sessions/{session}/attendance/",
                "/support/school/statistics/",
                "/support/consultations/queue/",
                "/support/consultations/intake/",
                "/support/consultations/statistics/",
            ],
        ),
        (
            "advisor",
            ["/support/consultations/slots/", "/support/consultations/assigned/"],
        ),
    ],
)
def test_support_pages_have_no_serious_accessibility_violations(
    role, paths, transactional_db, demo, live_server, page, console, axe_page
):
    from tests.browser.conftest import axe_violations

    course = CourseFactory(capacity=2)
    Application.objects.create(
        course=course, person=demo.ctx.accounts["rep@example.org"], status="confirmed"
    )
    session = course.sessions.first()
    base = live_server.url
    if role != "anonymous":
        sign_in(page, base, f"{role}@example.org")
    axe_page.signed_in_as(page.context)
    found = {}
    for path in paths:
        path = path.format(course=course.pk, session=session.pk)
        assert page.goto(base + path).status == 200, path
        axe_page.goto(base + path)
        violations = axe_violations(axe_page)
        if violations:
            found[path] = violations
    assert found == {}
    assert csp_reports(console) == []
    assert [m for m in console if m.startswith("pageerror")] == []
