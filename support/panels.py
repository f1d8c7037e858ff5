"""The support section's panels on "my page" and on the W.Co page.

Each ``load`` runs a fixed number of queries, whatever the number of rows.
"""

from django.utils.translation import gettext_lazy as _

from members.panels import MY_PAGE, ORGANIZATION_PAGE, Panel, register_panel

from . import selectors


def _my_courses(person, user):
    return {"applications": selectors.person_applications(person=person)}


def _my_consultations(person, user):
    consultations = selectors.person_consultations(person=person)
    return {"consultations": consultations}


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
        # Not cached: every application anyone makes or cancels may move this
        # viewer's waitlist, and under the benchmark's load it was re-rendered on
        # 489 of 489 lookups (issue 10).
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
    ORGANIZATION_PAGE,
    Panel(
        "courses",
        _("W.Co School courses taken by our people"),
        "support/panels/organization_courses.html",
        _organization_courses,
        order=60,
        permission="support.view_organization_courses",
        # Not cached: any application renews it (hit rate 0.04 under load, issue 10).
    ),
)
