"""Every support URL with an id finds its object first, through the viewer's reach.

The permission matrix (tests/support/permission_cases.py) gives each role's answer
on an existing object: the page, or 404 to everyone outside the page's reach. Here
the same URLs with ids that don't exist answer 404 to every role, for GET and POST,
before any role check or method dispatch: so an existing object outside the reach
answers exactly as a missing one, and never 403.
"""

from django.urls import reverse

from tests.permission_vocabulary import ROLES
from tests.support.factories import CourseFactory, staff_user
from tests.test_permission_matrix import all_urls, login_url

MISSING = 999_999_999

# Pages a visitor may open (published courses): for them too a missing id is 404.
PUBLIC = {"support:course_detail", "support:course_ical"}


def support_urls_with_ids():
    """(name, kwargs with missing ids) for every support URL taking integer ids."""
    found = []
    for route, name in all_urls():
        if not (name and name.startswith("support:") and "<int:" in route):
            continue
        ids = [part.split(">")[0] for part in route.split("<int:")[1:]]
        found.append((name, dict.fromkeys(ids, MISSING)))
    return sorted(found)


def test_every_support_url_with_an_id_is_tried():
    names = {name for name, _kwargs in support_urls_with_ids()}
    assert len(names) == 27
    assert {
        "support:course_edit",
        "support:session_attendance_toggle",
        "support:slot_withdraw",
        "support:consultation_disclosure",
        "support:appointment_cancel",
    } <= names


def test_a_missing_id_is_404_to_everyone_before_anything_else(client, demo):
    wrong = []
    for who in (*ROLES, "anonymous"):
        client.cookies.clear()
        if who != "anonymous":
            client.force_login(demo[who])
        for name, kwargs in support_urls_with_ids():
            path = reverse(name, kwargs=kwargs)
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                if who == "anonymous" and name not in PUBLIC:
                    ok = response.status_code == 302 and response[
                        "Location"
                    ] == login_url(path)
                else:
                    ok = response.status_code == 404
                if not ok:
                    wrong.append(f"{method.upper()} {name} as {who}: {response}")
    assert not wrong, "\n".join(wrong)


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
