"""Reads of places and their sessions: the list for the viewer, one site with what
its page shows, the monthly table with the months that miss a funder's condition,
the public directory, and the sites a recorder enters sessions for."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from wco_sse.core.dates import format_month
from wco_sse.core.japan import fiscal_year, fiscal_year_bounds, format_fiscal_year
from wco_sse.core.selectors import get_visible_or_404

from ..models import (
    WEEKDAY_BITS,
    FundingCondition,
    Session,
    SessionType,
    Site,
    SiteRecorder,
)
from ..rules import is_business_reader, recorded_site_ids

RECENT_SESSIONS = 10
# The monthly table's counts, in the order the table and the export show them.
MONTH_COUNTS = (
    "sessions",
    "adults",
    "children",
    "households",
    "meals",
    "food_packages",
    "volunteers",
    "volunteer_hours",
)
_SUMMED = MONTH_COUNTS[1:]


def _sites():
    return Site.objects.select_related(
        "programme", "operator", "municipality", "municipality__parent"
    )


def site_list(*, user, kind="", programme=None):
    """The sites the viewer may see (all for the section's readers, their own for a
    recorder), each with its last session's day and this month's sessions (one
    query)."""
    today = timezone.localdate()
    month_start = today.replace(day=1)
    sites = _sites().annotate(
        last_session=Max("sessions__date"),
        sessions_this_month=Count(
            "sessions", filter=Q(sessions__date__gte=month_start)
        ),
    )
    if not is_business_reader(user):
        sites = sites.filter(pk__in=recorded_site_ids(user))
    if kind in Site.Kind.values:
        sites = sites.filter(kind=kind)
    if programme is not None:
        sites = sites.filter(programme=programme)
    return sites.order_by("-active", "name", "pk")


def site_get_for(*, user, pk, perm="business.view_site"):
    """The site, or 404 when missing or outside ``user``'s reach for ``perm``."""
    return get_visible_or_404(_sites(), user=user, perm=perm, pk=pk)


def _child_of_site(queryset, *, user, site_pk, pk, perm):
    found = get_visible_or_404(queryset, user=user, pk=pk, site_id=site_pk)
    if not user.has_perm(perm, found.site):
        raise Http404
    return found


def condition_get_for(*, user, site_pk, pk, perm="business.manage_site"):
    return _child_of_site(
        FundingCondition.objects.select_related("site", "funder"),
        user=user,
        site_pk=site_pk,
        pk=pk,
        perm=perm,
    )


def recorder_get_for(*, user, site_pk, pk, perm="business.manage_site"):
    return _child_of_site(
        SiteRecorder.objects.select_related("site", "person"),
        user=user,
        site_pk=site_pk,
        pk=pk,
        perm=perm,
    )


def session_get_for(*, user, site_pk, pk, perm="business.record_session"):
    return _child_of_site(
        Session.objects.select_related("site", "type"),
        user=user,
        site_pk=site_pk,
        pk=pk,
        perm=perm,
    )


def session_type_list():
    """Every type of session, retired ones too, each with how many sessions were
    recorded as it (one query)."""
    recorded = (
        Session.objects.filter(type=OuterRef("pk"))
        .order_by()
        .values("type")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return list(
        SessionType.objects.annotate(
            session_count=Coalesce(Subquery(recorded, output_field=IntegerField()), 0)
        ).order_by("position", "name", "pk")
    )


def site_conditions(site):
    return list(
        FundingCondition.objects.filter(site=site)
        .select_related("funder")
        .order_by("start", "pk")
    )


def attach_condition_files(conditions):
    """Each condition's ``files`` (the 保健所 notification), in one query."""
    from django.contrib.contenttypes.models import ContentType

    from wco_sse.core.models import StoredFile

    files = {}
    if conditions:
        for stored in StoredFile.objects.filter(
            attached_type=ContentType.objects.get_for_model(FundingCondition),
            attached_id__in=[str(c.pk) for c in conditions],
        ).order_by("-uploaded_at"):
            files.setdefault(stored.attached_id, []).append(stored)
    for condition in conditions:
        condition.files = files.get(str(condition.pk), [])
    return conditions


def site_recorders(site, *, today=None):
    """The site's recorders, current ones first; each has ``current``."""
    today = today or timezone.localdate()
    rows = list(
        SiteRecorder.objects.filter(site=site)
        .select_related("person")
        .order_by("person__sort_key", "start", "pk")
    )
    for row in rows:
        row.current = row.start <= today and (row.end is None or row.end >= today)
    rows.sort(key=lambda r: not r.current)
    return rows


def recent_sessions(site, limit=RECENT_SESSIONS):
    return list(
        Session.objects.filter(site=site)
        .select_related("type")
        .order_by("-date", "-starts", "-pk")[:limit]
    )


_UNKNOWN = object()


def first_session_day(site):
    first = Session.objects.filter(site=site).order_by("date").values("date").first()
    return first["date"] if first else None


def site_years(site, *, today=None, first_day=_UNKNOWN):
    """The fiscal years the site's table may show: from its first session's to this
    one, newest first, as (year, label)."""
    today = today or timezone.localdate()
    this_year = fiscal_year(today)
    if first_day is _UNKNOWN:
        first_day = first_session_day(site)
    first_year = fiscal_year(first_day) if first_day else this_year
    first_year = min(first_year, this_year)
    return [(y, format_fiscal_year(y)) for y in range(this_year, first_year - 1, -1)]


WEEKDAYS = (
    pgettext_lazy("weekday", "Mon"),
    pgettext_lazy("weekday", "Tue"),
    pgettext_lazy("weekday", "Wed"),
    pgettext_lazy("weekday", "Thu"),
    pgettext_lazy("weekday", "Fri"),
    pgettext_lazy("weekday", "Sat"),
    pgettext_lazy("weekday", "Sun"),
)


def weekday_labels(days):
    """The weekdays of an ``opening_days`` mask, Monday first (月, 火 …)."""
    return [
        str(name)
        for name, bit in zip(WEEKDAYS, WEEKDAY_BITS, strict=True)
        if days & bit
    ]


# --- The monthly table ----------------------------------------------------------------


@dataclass
class MonthRow:
    month: datetime.date
    sessions: int = 0
    adults: int = 0
    children: int = 0
    households: int = 0
    meals: int = 0
    food_packages: int = 0
    volunteers: int = 0
    volunteer_hours: Decimal = Decimal("0")
    flags: list = field(default_factory=list)
    # A month still to come: nothing to count yet (shown as "—").
    future: bool = False

    def values(self):
        if self.future:
            return [None] * len(MONTH_COUNTS)
        return [getattr(self, name) for name in MONTH_COUNTS]


@dataclass
class MonthlyTable:
    year: int
    months: list
    total: MonthRow

    @property
    def flagged(self):
        return [row for row in self.months if row.flags]


def _months(year):
    start, _end = fiscal_year_bounds(year)
    months = []
    for i in range(12):
        month = start.month + i
        months.append(
            datetime.date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        )
    return months


def _month_end(month):
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def _days(sessions):
    """The month's sessions by day (開催日): several types on one day are one opening,
    its hours from the first start to the last end, its meals added up."""
    days = {}
    for session in sessions:
        day = days.setdefault(
            session["date"],
            {"starts": session["starts"], "ends": session["ends"], "meals": 0},
        )
        day["starts"] = min(day["starts"], session["starts"])
        day["ends"] = max(day["ends"], session["ends"])
        day["meals"] += session["meals"] or 0
    for date, day in days.items():
        start = datetime.datetime.combine(date, day["starts"])
        end = datetime.datetime.combine(date, day["ends"])
        day["hours"] = Decimal((end - start).total_seconds()) / Decimal(3600)
    return list(days.values())


def _number(value):
    """12, or 2.5 (hours shown without a needless .0)."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else value.normalize()


def _condition_flags(condition, month, sessions, *, today, first_day):
    """Why ``month`` misses ``condition`` (a list of reasons, empty when it meets it).
    The conditions count days with sessions (開催日); a month the site began partway
    through is not held to the number of days, nor is the month still running."""
    month_end = _month_end(month)
    if condition.start and condition.start > month_end:
        return []
    if condition.end and condition.end < month:
        return []
    if first_day is None or month_end < first_day or month > today:
        return []
    funder = condition.funder.name if condition.funder_id else condition.funder_name
    days = _days(sessions)
    reasons = []
    needed = condition.sessions_per_month
    whole_month = first_day <= month and month_end < today
    if (
        needed
        and whole_month
        and (condition.start is None or condition.start <= month)
        and len(days) < needed
    ):
        reasons.append(
            _(
                "%(funder)s: sessions on %(count)s days, fewer than the %(needed)s a "
                "month it asks for"
            )
            % {"funder": funder, "count": len(days), "needed": needed}
        )
    hours = condition.hours_per_session
    if hours:
        short = sum(1 for day in days if day["hours"] < hours)
        if short:
            reasons.append(
                _("%(funder)s: %(count)s sessions shorter than %(hours)s hours")
                % {"funder": funder, "count": short, "hours": _number(hours)}
            )
    meals = condition.meals_per_session
    if meals:
        few = sum(1 for day in days if day["meals"] < meals)
        if few:
            reasons.append(
                _("%(funder)s: %(count)s sessions with fewer than %(meals)s meals")
                % {"funder": funder, "count": few, "meals": meals}
            )
    if condition.health_notice_required and (
        condition.health_notice_on is None or condition.health_notice_on > month_end
    ):
        reasons.append(
            _("%(funder)s: no health centre (保健所) notification on file")
            % {"funder": funder}
        )
    return reasons


def monthly_table(
    site, year, *, conditions=None, today=None, first_day=_UNKNOWN
) -> MonthlyTable:
    """The site's sessions of fiscal ``year`` per month, with totals and, per month,
    the reasons it misses a funder's condition (two queries)."""
    today = today or timezone.localdate()
    start, end = fiscal_year_bounds(year)
    conditions = site_conditions(site) if conditions is None else conditions
    if first_day is _UNKNOWN:
        first_day = first_session_day(site)
    rows = {
        month: MonthRow(month=month, future=month > today) for month in _months(year)
    }
    by_month = {month: [] for month in rows}
    sessions = Session.objects.filter(site=site, date__gte=start, date__lte=end).values(
        "date", "starts", "ends", *_SUMMED
    )
    for session in sessions:
        month = session["date"].replace(day=1)
        row = rows[month]
        row.sessions += 1
        for name in _SUMMED:
            setattr(row, name, getattr(row, name) + (session[name] or 0))
        by_month[month].append(session)
    total = MonthRow(month=start)
    for month, row in rows.items():
        for condition in conditions:
            row.flags.extend(
                _condition_flags(
                    condition,
                    month,
                    by_month[month],
                    today=today,
                    first_day=first_day,
                )
            )
        for name in MONTH_COUNTS:
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return MonthlyTable(year=year, months=list(rows.values()), total=total)


def chart_data(table, labels):
    """What ``static/js/business-sites.js`` draws: months and one series per count
    (null for the months still to come)."""
    return {
        "labels": [format_month(row.month) for row in table.months],
        "series": [
            {
                "label": str(labels[name]),
                "type": "line" if name == "sessions" else "bar",
                "axis": "sessions" if name == "sessions" else "people",
                "data": [
                    None if row.future else float(getattr(row, name))
                    for row in table.months
                ],
            }
            for name in ("sessions", "adults", "children", "meals", "food_packages")
        ],
    }


# --- The public directory and the recorder's sites ------------------------------------


def directory_sites():
    """Open sites that consented to be listed: name, kind, area and opening days."""
    return list(
        Site.objects.filter(public=True, active=True)
        .select_related("municipality", "municipality__parent")
        .only(
            "name",
            "kind",
            "opening_days",
            "opening_pattern",
            "prefecture",
            "city_outside",
            "municipality__name",
            "municipality__parent__name",
        )
        .order_by("municipality__code", "name", "pk")
    )


def recorder_sites(*, person, today=None):
    """The open sites ``person`` records today, each with ``today_session``: the
    session recorded today (of any type) or None (two queries)."""
    today = today or timezone.localdate()
    sites = list(
        Site.objects.filter(
            active=True,
            recorders__person=person,
            recorders__start__lte=today,
        )
        .filter(Q(recorders__end__isnull=True) | Q(recorders__end__gte=today))
        .distinct()
        .order_by("name", "pk")
    )
    recorded = {}
    for session in Session.objects.filter(
        site__in=[s.pk for s in sites], date=today
    ).order_by("pk"):
        recorded.setdefault(session.site_id, session)
    for site in sites:
        site.today_session = recorded.get(site.pk)
        site.opens_today = site.opens_on(today)
    return sites


# --- What the programme's period reports read ------------------------------------------


def programme_site_months(programme, start, end):
    """The sessions of all the programme's sites from ``start`` to ``end`` per month:
    {first day of the month: {"sessions": …, "adults": …, …}} (one query), for the
    period reports and the client's template to take the months from."""
    from django.db.models import Sum
    from django.db.models.functions import TruncMonth

    rows = (
        Session.objects.filter(
            site__programme=programme, date__gte=start, date__lte=end
        )
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(sessions=Count("pk"), **{name: Sum(name) for name in _SUMMED})
        .order_by("month")
    )
    months = {}
    for row in rows:
        month = row.pop("month")
        if isinstance(month, datetime.datetime):
            month = month.date()
        months[month] = {name: row[name] or 0 for name in MONTH_COUNTS}
    return months
