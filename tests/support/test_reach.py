"""The issue's example for the school: a course's staff pages are not there for a
member, as for a course that does not exist. Every URL with an id of every app is
tried with missing ids in tests/hostile/test_reach.py."""

from django.urls import reverse

from tests.support.factories import CourseFactory, staff_user

MISSING = 999_999_999


def test_a_course_page_for_the_staff_is_not_there_for_a_member(client, demo):
    """The issue's example: a member on an existing course's edit page gets what a
    missing course gives, 404, and so on every staff page of a course."""
    course = CourseFactory()
    client.force_login(demo["member"])
    for name in (
        "support:course_manage",
        "support:course_edit",
        "support:course_status",
        "support:course_export",
        "support:course_email",
        "support:course_apply_proxy",
    ):
        for method in ("get", "post"):
            existing = getattr(client, method)(reverse(name, args=[course.pk]))
            missing = getattr(client, method)(reverse(name, args=[MISSING]))
            assert (existing.status_code, missing.status_code) == (404, 404), name
    client.force_login(staff_user())
    assert (
        client.get(reverse("support:course_edit", args=[course.pk])).status_code == 200
    )
