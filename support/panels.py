"""The support section's panels on "my page" and on the W.Co page.

Each ``load`` runs a fixed number of queries, whatever the number of rows.
"""

from django.utils.translation import gettext_lazy as _

from members.panels import MY_PAGE, ORGANIZATION_PAGE, Panel, register_panel
from members.roles import roles_of

from . import selectors


def _my_courses(person, user):
    return {"applications": selectors.person_applications(person=person)}


def _my_consultations(person, user):
    consultations = selectors.person_consultations(person=person)
    return {"consultations": consultations}


def _applications_for_our_people(person, user):
    org_ids = roles_of(user).represented_org_ids
    if not org_ids:
        return None
    return {
        "applications": selectors.representative_applications(
            organization_ids=org_ids, person=person
        )
    }


def _organization_people_applications(organization):
    """The versions of the applications of the W.Co's people (one small query)."""
    people = selectors.organization_people_ids(organization=organization)
    return [f"support.application:person:{pk}" for pk in people]


def _organization_courses(organization, user):
    return {
        "applications": selectors.organization_course_history(organization=organization)
    }


register_panel(
    MY_PAGE,
    Panel(
        "courses",
        _("My W.Co School courses"),
        "support/panels/my_courses.html",
        _my_courses,
        order=40,
        # The person's own applications (Application names them; a waitlist that
        # moves renews those it moves) and the courses' titles and dates: not every
        # application anyone makes or cancels, which came all day.
        depends_on=("support.application:person:{pk}", "support.course"),
    ),
)
register_panel(
    MY_PAGE,
    Panel(
        "consultations",
        _("My consultations"),
        "support/panels/my_consultations.html",
        _my_consultations,
        order=50,
        # What it shows: the viewer's cases and their booked appointments.
        depends_on=(
            "support.consultation",
            "support.appointment",
            "support.appointmentslot",
        ),
    ),
)
register_panel(
    MY_PAGE,
    Panel(
        "courses-for-our-people",
        _("Applications for our people"),
        "support/panels/our_applications.html",
        _applications_for_our_people,
        order=42,
        permission="support.apply_for_people",
        depends_on=(
            "support.application",
            "support.course",
            "members.person",
            "members.organization",
        ),
    ),
)
register_panel(
    ORGANIZATION_PAGE,
    Panel(
        "courses",
        _("W.Co School courses taken by our people"),
        "support/panels/organization_courses.html",
        _organization_courses,
        order=60,
        permission="support.view_organization_courses",
        # Whose courses (current confirmed affiliations, names) and which: the
        # applications of the W.Co's people (each names its person's version), not
        # every application anyone makes or cancels, which come all day.
        depends_on=(
            "support.course",
            "members.affiliation",
            "members.person",
        ),
        depends_on_for=_organization_people_applications,
    ),
)
