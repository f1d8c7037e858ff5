"""Figures for the year: the school's courses and the desk's consultations. No names."""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from members.models import Desk
from wco_sse.core.japan import fiscal_year_bounds

from ..models import Attendance, Consultation, Course

# What the school's figures add up, per course, per month and for the year.
SCHOOL_TOTALS = (
    "courses",
    "capacity",
    "applications",
    "confirmed",
    "expected",
    "present",
)


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _months(start, end):
    """The first day of every month from ``start`` to ``end``."""
    day = start
    while day <= end:
        yield day
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


# --- The W.Co School ------------------------------------------------------------------


def _school_courses(start, end):
    """The year's courses (by first session), drafts and cancelled ones aside, each
    with its applications and sessions counted."""
    return list(
        Course.objects.filter(
            first_session_at__date__gte=start,
            first_session_at__date__lte=end,
        )
        .exclude(status__in=[Course.Status.DRAFT, Course.Status.CANCELLED])
        .select_related("category")
        .annotate(
            confirmed_count=Count(
                "applications",
                filter=Q(applications__status="confirmed"),
                distinct=True,
            ),
            waitlisted_count=Count(
                "applications",
                filter=Q(applications__status="waitlisted"),
                distinct=True,
            ),
            application_count=Count("applications", distinct=True),
            session_count=Count("sessions", distinct=True),
            held_count=Count(
                "sessions",
                filter=Q(sessions__starts_at__lte=timezone.now()),
                distinct=True,
            ),
        )
        .order_by("first_session_at", "pk")
    )


def _present_by_course(courses):
    return dict(
        Attendance.objects.filter(
            present=True,
            application__status="confirmed",
            session__course__in=[c.pk for c in courses],
        )
        .values_list("session__course")
        .annotate(n=Count("pk"))
        .values_list("session__course", "n")
    )


def _course_figures(course, present):
    """A course's attendance and rates; attendance counts only the sessions held so
    far."""
    course.present_count = present.get(course.pk, 0)
    course.expected_count = course.confirmed_count * course.held_count
    course.fill_rate = _rate(course.confirmed_count, course.capacity)
    course.attendance_rate = _rate(course.present_count, course.expected_count)


def _add_course(row, course):
    row["courses"] += 1
    row["capacity"] += course.capacity
    row["applications"] += course.application_count
    row["confirmed"] += course.confirmed_count
    row["expected"] += course.expected_count
    row["present"] += course.present_count


def school_statistics(*, year):
    """Per course of the fiscal year (by first session): seats, applications, fill
    rate and attendance; and the same summed per month and for the year."""
    start, end = fiscal_year_bounds(year)
    courses = _school_courses(start, end)
    present = _present_by_course(courses)
    months = [
        {"month": day, **dict.fromkeys(SCHOOL_TOTALS, 0)} for day in _months(start, end)
    ]
    by_month = {(row["month"].year, row["month"].month): row for row in months}
    totals = dict.fromkeys(SCHOOL_TOTALS, 0)
    for course in courses:
        _course_figures(course, present)
        first = timezone.localtime(course.first_session_at)
        _add_course(by_month[(first.year, first.month)], course)
        _add_course(totals, course)
    for row in [*months, totals]:
        row["fill_rate"] = _rate(row["confirmed"], row["capacity"])
        row["attendance_rate"] = _rate(row["present"], row["expected"])
    return {"courses": courses, "months": months, "totals": totals}


# --- The consultation desk -------------------------------------------------------------


def consultation_statistics(*, year):
    """Counts per desk, topic, channel and month for the fiscal year. No names."""
    start, end = fiscal_year_bounds(year)
    queryset = Consultation.objects.filter(
        created_at__date__gte=start, created_at__date__lte=end
    )
    by_month = {
        (row["month"].year, row["month"].month, row["desk"]): row["n"]
        for row in queryset.annotate(
            month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone())
        )
        .values("month", "desk")
        .annotate(n=Count("pk"))
        .order_by()
    }
    months = []
    for day in _months(start, end):
        counts = [by_month.get((day.year, day.month, desk), 0) for desk in Desk.values]
        months.append({"month": day, "counts": counts, "total": sum(counts)})

    def tally(field, choices):
        found = dict(queryset.values_list(field).annotate(n=Count("pk")).order_by())
        return [(label, found.get(value, 0)) for value, label in choices]

    return {
        "desks": [label for _value, label in Desk.choices],
        "months": months,
        "desk_totals": [
            sum(m["counts"][i] for m in months) for i in range(len(Desk.values))
        ],
        "total": sum(m["total"] for m in months),
        "by_topic": tally("topic", Consultation.Topic.choices),
        "by_channel": tally("channel", Consultation.Channel.choices),
        "by_status": tally("status", Consultation.Status.choices),
        "by_outcome": tally("outcome", Consultation.Outcome.choices),
    }
