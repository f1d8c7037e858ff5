"""Reads that depend on who asks. Each owns its select_related/prefetch_related."""

import datetime

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.http import Http404
from django.utils import timezone

from members.models import Affiliation, Desk, Organization, Person, Role, RoleAssignment
from members.roles import roles_of
from wco_sse.core.japan import fiscal_year_bounds
from wco_sse.core.selectors import get_visible_or_404

from .models import (
    Application,
    Appointment,
    AppointmentSlot,
    Attendance,
    Consultation,
    ConsultationRecord,
    ConsultationRecordRead,
    Course,
    CourseSession,
)

MEMBER_CLASSES = (
    Organization.MembershipClass.REGULAR,
    Organization.MembershipClass.SUPPORTING,
)


def person_is_member(person, day=None):
    """A confirmed affiliation with a 正会員/賛助会員 organization, or an individual
    賛助会員 (for a person who may have no account)."""
    if person.is_individual_supporter:
        return True
    return (
        Affiliation.objects.current(day)
        .filter(
            person=person,
            confirmed=True,
            organization__membership_class__in=MEMBER_CLASSES,
        )
        .exists()
    )


# --- Courses --------------------------------------------------------------------------


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
        start = timezone.make_aware(datetime.datetime(month.year, month.month, 1))
        end_month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        end = timezone.make_aware(datetime.datetime(end_month.year, end_month.month, 1))
        queryset = queryset.filter(
            sessions__starts_at__gte=start, sessions__starts_at__lt=end
        ).distinct()
    else:
        # Without a month the catalogue shows what is still to come.
        queryset = queryset.filter(
            first_session_at__gte=timezone.now() - datetime.timedelta(days=1)
        )
    # Sessions are not prefetched: the catalogue loads them only for the cards it
    # renders (support.views.courses.CourseListView).
    return _with_counts(queryset.select_related("category")).order_by(
        "first_session_at", "pk"
    )


def course_get_for(*, user, pk, with_sessions=True):
    queryset = Course.objects.select_related("category")
    if with_sessions:
        queryset = queryset.prefetch_related("sessions")
    return get_visible_or_404(
        _with_counts(queryset), user=user, perm="support.view_course", pk=pk
    )


def course_confirmed_count(course):
    return Application.objects.filter(
        course=course, status=Application.Status.CONFIRMED
    ).count()


def course_list_for_staff(*, status="", year=None):
    queryset = Course.objects.all()
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


def application_get_for(*, user, pk, perm="support.view_application"):
    return get_visible_or_404(
        Application.objects.select_related(
            "course__category", "person__account", "organization"
        ),
        user=user,
        perm=perm,
        pk=pk,
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


def attended_every_session(application):
    if application.status != Application.Status.CONFIRMED:
        return False
    sessions = application.course.sessions.count()
    if not sessions:
        return False
    attended = application.attendances.filter(present=True).count()
    return attended == sessions


def person_applications(*, person):
    return list(
        Application.objects.filter(person=person)
        .select_related("course__category")
        .order_by("-course__first_session_at", "-pk")
    )


def organization_course_history(*, organization):
    """Courses the W.Co's people took (confirmed applications of people affiliated
    with it now), newest first."""
    people = Affiliation.objects.current().filter(
        organization=organization, confirmed=True
    )
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


def school_statistics(*, year):
    """Per course of the fiscal year (by first session): seats, applications, fill
    rate and attendance; and the same summed per month."""
    start, end = fiscal_year_bounds(year)
    courses = list(
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
    present = dict(
        Attendance.objects.filter(
            present=True,
            application__status="confirmed",
            session__course__in=[c.pk for c in courses],
        )
        .values_list("session__course")
        .annotate(n=Count("pk"))
        .values_list("session__course", "n")
    )
    months = []
    by_month = {}
    day = start
    while day <= end:
        row = {
            "month": day,
            "courses": 0,
            "capacity": 0,
            "applications": 0,
            "confirmed": 0,
            "expected": 0,
            "present": 0,
        }
        by_month[(day.year, day.month)] = row
        months.append(row)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    totals = {
        "courses": 0,
        "capacity": 0,
        "applications": 0,
        "confirmed": 0,
        "expected": 0,
        "present": 0,
    }
    for course in courses:
        course.present_count = present.get(course.pk, 0)
        # Attendance counts only the sessions held so far.
        course.expected_count = course.confirmed_count * course.held_count
        course.fill_rate = _rate(course.confirmed_count, course.capacity)
        course.attendance_rate = _rate(course.present_count, course.expected_count)
        first = timezone.localtime(course.first_session_at)
        for row in (by_month[(first.year, first.month)], totals):
            row["courses"] += 1
            row["capacity"] += course.capacity
            row["applications"] += course.application_count
            row["confirmed"] += course.confirmed_count
            row["expected"] += course.expected_count
            row["present"] += course.present_count
    for row in [*months, totals]:
        row["fill_rate"] = _rate(row["confirmed"], row["capacity"])
        row["attendance_rate"] = _rate(row["present"], row["expected"])
    return {"courses": courses, "months": months, "totals": totals}


def _rate(part, whole):
    return round(100 * part / whole, 1) if whole else None


# --- Consultations ---------------------------------------------------------------------


def consultation_get_for(*, user, pk, perm="support.view_consultation"):
    return get_visible_or_404(
        Consultation.objects.select_related(
            "requester__account", "organization", "advisor", "created_by"
        ),
        user=user,
        perm=perm,
        pk=pk,
    )


def consultation_queue(*, status="", desk=""):
    queryset = Consultation.objects.select_related("requester", "advisor").only(
        # The queue's columns (support/consultation_queue.html) and nothing else.
        "created_at",
        "desk",
        "topic",
        "channel",
        "status",
        "requester__family_name",
        "requester__given_name",
        "advisor__family_name",
        "advisor__given_name",
    )
    if status in Consultation.Status.values:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.exclude(status=Consultation.Status.CLOSED)
    if desk in Desk.values:
        queryset = queryset.filter(desk=desk)
    return queryset.order_by("status", "created_at", "pk")


def consultations_assigned_to(*, person, include_closed=False):
    queryset = Consultation.objects.filter(advisor=person).select_related("requester")
    if not include_closed:
        queryset = queryset.exclude(status=Consultation.Status.CLOSED)
    return queryset.order_by("created_at", "pk")


def person_consultations(*, person):
    return list(
        Consultation.objects.filter(requester=person)
        .select_related("advisor")
        .prefetch_related(
            Prefetch(
                "appointments",
                queryset=Appointment.objects.filter(
                    status=Appointment.Status.BOOKED
                ).select_related("slot"),
                to_attr="live_appointments",
            )
        )
        .order_by("-created_at", "-pk")
    )


def advisors_for_desk(desk, day=None):
    """People who hold the advisor role for ``desk`` today."""
    return Person.objects.filter(
        pk__in=RoleAssignment.objects.current(day)
        .filter(role=Role.ADVISOR, scope=desk)
        .values("person_id")
    ).order_by("family_name_kana", "given_name_kana", "pk")


def live_appointment_of(consultation):
    return (
        Appointment.objects.filter(
            consultation=consultation, status=Appointment.Status.BOOKED
        )
        .select_related("slot__advisor")
        .first()
    )


def open_slots_for(consultation):
    """The assigned advisor's future slots that nobody has booked."""
    if consultation.advisor_id is None:
        return []
    return list(
        AppointmentSlot.objects.filter(
            advisor_id=consultation.advisor_id, starts_at__gt=timezone.now()
        )
        .exclude(appointments__status=Appointment.Status.BOOKED)
        .order_by("starts_at", "pk")
    )


def advisor_slots(*, person, include_past=False):
    queryset = AppointmentSlot.objects.filter(advisor=person).prefetch_related(
        Prefetch(
            "appointments",
            queryset=Appointment.objects.filter(
                status=Appointment.Status.BOOKED
            ).select_related("consultation"),
            to_attr="live_appointments",
        )
    )
    if not include_past:
        queryset = queryset.filter(ends_at__gte=timezone.now())
    return queryset.order_by("starts_at", "pk")


def consultation_records_read(*, user, consultation, purpose="view"):
    """The case's confidential records, for a user the rules allow, with the read
    logged in the same transaction: no read without its log line."""
    if not user.has_perm("support.read_consultation_records", consultation):
        raise Http404
    with transaction.atomic():
        records = list(
            ConsultationRecord.objects.filter(consultation=consultation)
            .select_related("author")
            .order_by("created_at", "pk")
        )
        ConsultationRecordRead.objects.create(
            consultation=consultation,
            reader=user,
            reader_label=_reader_label(user),
            purpose=purpose,
            record_count=len(records),
        )
    return records


def _reader_label(user):
    person = Person.objects.filter(account=user).first()
    return f"{person} <{user.email}>" if person else user.email


def consultation_record_reads(*, consultation, limit=50):
    return list(
        ConsultationRecordRead.objects.filter(consultation=consultation)
        .select_related("reader")
        .order_by("-at", "-pk")[:limit]
    )


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
    day = start
    while day <= end:
        counts = [by_month.get((day.year, day.month, desk), 0) for desk in Desk.values]
        months.append({"month": day, "counts": counts, "total": sum(counts)})
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)

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


def session_get(pk):
    return CourseSession.objects.select_related("course").get(pk=pk)
