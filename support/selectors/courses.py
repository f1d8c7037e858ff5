"""Reads of the W.Co School: the catalogue, a course, its applications and sessions."""

import datetime

from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from members.models import Affiliation
from members.roles import roles_of
from wco_sse.core.japan import fiscal_year_bounds
from wco_sse.core.selectors import get_visible_or_404

from ..models import Application, Attendance, Course, CourseSession


def _application_count(status):
    """The course's applications in ``status``, counted for each course row.

    A correlated subquery rather than a join with GROUP BY: PostgreSQL evaluates
    it only for the rows a page shows (after ORDER BY … LIMIT), on the
    (course, status) index, where the join aggregated every matching course first.
    """
    return Coalesce(
        Subquery(
            Application.objects.filter(course=OuterRef("pk"), status=status)
            .order_by()
            .values("course")
            .annotate(count=Count("pk"))
            .values("count")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _with_counts(queryset):
    return queryset.annotate(
        confirmed_count=_application_count(Application.Status.CONFIRMED),
        waitlisted_count=_application_count(Application.Status.WAITLISTED),
    )


def month_bounds(month):
    """The aware start of ``month``'s first day and of the next month's."""
    start = timezone.make_aware(datetime.datetime(month.year, month.month, 1))
    next_month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    end = timezone.make_aware(datetime.datetime(next_month.year, next_month.month, 1))
    return start, end


def course_list_visible_to(*, user, category=None, month=None, audience=""):
    """The catalogue: published courses (and finished ones, for the record) the user
    may see, each with its seat counts and sessions."""
    queryset = Course.objects.filter(
        status__in=[Course.Status.PUBLISHED, Course.Status.CANCELLED]
    )
    if not (roles_of(user).is_member or user.has_perm("support.manage_courses")):
        queryset = queryset.filter(audience=Course.Audience.PUBLIC)
    if category:
        queryset = queryset.filter(category=category)
    if audience in Course.Audience.values:
        queryset = queryset.filter(audience=audience)
    if month:
        start, end = month_bounds(month)
        queryset = queryset.filter(
            sessions__starts_at__gte=start, sessions__starts_at__lt=end
        ).distinct()
    else:
        # Without a month the catalogue shows what is still to come.
        queryset = queryset.filter(
            first_session_at__gte=timezone.now() - datetime.timedelta(days=1)
        )
    # Sessions are not prefetched: the catalogue loads them only for the cards it
    # renders (support.views.courses.catalogue.CourseListView).
    return _with_counts(queryset.select_related("category")).order_by(
        "first_session_at", "pk"
    )


def course_get_for(
    *,
    user,
    pk,
    perms=("support.view_course",),
    with_sessions=True,
    with_counts=True,
):
    """The course with its seat counts, if ``user`` holds every one of ``perms`` on
    it (the page's reach: seeing it, applying for it, managing it); else 404."""
    queryset = Course.objects.select_related("category")
    if with_sessions:
        queryset = queryset.prefetch_related("sessions")
    if with_counts:
        queryset = _with_counts(queryset)
    return get_visible_or_404(queryset, user=user, perms=perms, pk=pk)


def course_announced_to_anyone(*, pk):
    """A members-only course that has been published (published, cancelled or held),
    for a visitor who may not see it: its existence and title are public, as the
    school announces it, its details are not. Else 404 (a draft is nobody's business
    but the school's)."""
    return get_object_or_404(
        Course.objects.select_related("category").exclude(status=Course.Status.DRAFT),
        pk=pk,
        audience=Course.Audience.MEMBERS,
    )


def course_confirmed_count(course):
    return Application.objects.filter(
        course=course, status=Application.Status.CONFIRMED
    ).count()


# A course is near its capacity once this share of its seats is taken (or all are).
NEAR_CAPACITY_PERCENT = 80


def courses_near_capacity():
    """Published courses yet to start with at least NEAR_CAPACITY_PERCENT of their
    seats confirmed (full ones included: their waitlist is growing)."""
    return _with_counts(
        Course.objects.filter(
            status=Course.Status.PUBLISHED, first_session_at__gte=timezone.now()
        )
    ).filter(confirmed_count__gte=(F("capacity") * NEAR_CAPACITY_PERCENT + 99) / 100)


def course_list_for_staff(*, status="", year=None, near_capacity=False):
    queryset = Course.objects.all()
    if near_capacity:
        queryset = Course.objects.filter(pk__in=courses_near_capacity().values("pk"))
    if status in Course.Status.values:
        queryset = queryset.filter(status=status)
    if year:
        start, end = fiscal_year_bounds(year)
        queryset = queryset.filter(
            first_session_at__date__gte=start, first_session_at__date__lte=end
        )
    return _with_counts(
        queryset.select_related("category").annotate(
            session_count=Count("sessions", distinct=True)
        )
    ).order_by("-first_session_at", "-pk")


def course_applications(*, course):
    return list(
        Application.objects.filter(course=course)
        .select_related("person__account", "organization", "applied_by")
        .order_by("status", "waitlist_position", "person__family_name_kana", "pk")
    )


def live_application_of(*, course, person):
    if person is None:
        return None
    return (
        Application.objects.filter(
            course=course, person=person, status__in=Application.LIVE
        )
        .select_related("course")
        .first()
    )


APPLICATION_RELATED = ("course__category", "person__account", "organization")


def application_get_for(
    *, user, pk, perm="support.view_application", related=APPLICATION_RELATED
):
    """The application if ``user`` has ``perm`` on it, else 404; with the records
    named in ``related`` (a page that shows less joins less)."""
    return get_visible_or_404(
        Application.objects.select_related(*related),
        user=user,
        perm=perm,
        pk=pk,
    )


# --- Sessions and attendance ------------------------------------------------------------


def session_get_for(*, user, pk, perms=("support.manage_courses",)):
    """A course session with its course, for those who run the school; else 404."""
    return get_visible_or_404(
        CourseSession.objects.select_related("course"), user=user, perms=perms, pk=pk
    )


def session_participant_get(*, session, pk):
    """An application to the session's own course (404 for any other)."""
    return get_object_or_404(
        Application.objects.select_related("person", "organization"),
        pk=pk,
        course_id=session.course_id,
    )


def session_attendance_sheet(*, session):
    """Confirmed participants of the session's course, each with their presence."""
    applications = list(
        Application.objects.filter(
            course_id=session.course_id, status=Application.Status.CONFIRMED
        )
        .select_related("person", "organization")
        .order_by("person__family_name_kana", "person__given_name_kana", "pk")
    )
    present = set(
        Attendance.objects.filter(session=session, present=True).values_list(
            "application_id", flat=True
        )
    )
    for application in applications:
        application.present = application.pk in present
    return applications


def is_present(*, session, application):
    return Attendance.objects.filter(
        session=session, application=application, present=True
    ).exists()


def attended_every_session(application):
    if application.status != Application.Status.CONFIRMED:
        return False
    sessions = application.course.sessions.count()
    if not sessions:
        return False
    attended = application.attendances.filter(present=True).count()
    return attended == sessions


# --- Panels -------------------------------------------------------------------------------


def person_applications(*, person):
    return list(
        Application.objects.filter(person=person)
        .select_related("course__category")
        .order_by("-course__first_session_at", "-pk")
    )


def representative_applications(*, organization_ids, person=None, limit=50):
    """Applications made through the W.Cos in ``organization_ids`` by their
    representatives, for their people (``person``'s own left out), newest first."""
    queryset = Application.objects.filter(
        organization_id__in=organization_ids,
        channel=Application.Channel.REPRESENTATIVE,
    )
    if person is not None:
        queryset = queryset.exclude(person=person)
    return list(
        queryset.select_related("course", "person", "organization").order_by(
            "-created_at", "-pk"
        )[:limit]
    )


def live_applicants(*, course, people):
    """{person id: application} of ``people``'s live applications for ``course``."""
    return {
        application.person_id: application
        for application in Application.objects.filter(
            course=course,
            person__in=people,
            status__in=Application.LIVE,
        )
    }


def _organization_people(organization):
    return Affiliation.objects.current().filter(
        organization=organization, confirmed=True
    )


def organization_people_ids(*, organization):
    """The people affiliated with the W.Co now (confirmed), by id."""
    # No ordering: Affiliation's own would join the organization and the person.
    people = _organization_people(organization).order_by()
    return sorted(set(people.values_list("person_id", flat=True)))


def organization_course_history(*, organization):
    """Courses the W.Co's people took (confirmed applications of people affiliated
    with it now), newest first."""
    people = _organization_people(organization)
    return list(
        Application.objects.filter(
            person_id__in=people.values("person_id"),
            status=Application.Status.CONFIRMED,
        )
        .select_related("course", "person")
        # The panel shows the course, its first session and the person: reading
        # only those columns keeps 100 rows of three models cheap to build.
        .only(
            "course__title",
            "course__first_session_at",
            "person__family_name",
            "person__given_name",
        )
        .order_by("-course__first_session_at", "person__family_name_kana", "pk")[:100]
    )
