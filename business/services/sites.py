"""Places (居場所・カフェ・子ども食堂・パントリー): recording a site, its funders'
conditions and its recorders, and the sessions (開催回) its recorders enter, as counts.

A session holds counts, never names. One session per site, day and type; two
recorders saving the same session meet the version check: the second is told what
is stored now and nothing of either is lost.

Lock order within the sites part: Site → Session (a new session locks its site, so
two recorders adding the same day's session are served one after the other).
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organization
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.files import file_attach
from wco_sse.core.transactions import service_transaction

from ..models import (
    WEEKDAY_BITS,
    FundingCondition,
    Programme,
    Session,
    SessionType,
    Site,
    SiteRecorder,
)

SITE_FIELDS = (
    "programme",
    "name",
    "kind",
    "operator",
    "postal_code",
    "prefecture",
    "municipality",
    "city_outside",
    "address",
    "building",
    "opening_pattern",
    "opening_days",
    "public",
    "active",
    "note",
)
CONDITION_FIELDS = (
    "funder",
    "funder_name",
    "sessions_per_month",
    "hours_per_session",
    "meals_per_session",
    "health_notice_required",
    "health_notice_on",
    "start",
    "end",
)
# The counts of a session: required whole numbers, and the optional ones.
COUNT_FIELDS = (
    "adults",
    "children",
    "meals",
    "food_packages",
    "volunteers",
    "staff",
)
OPTIONAL_COUNT_FIELDS = (
    "children_preschool",
    "children_primary",
    "children_secondary",
    "households",
)
AGE_BANDS = ("children_preschool", "children_primary", "children_secondary")
SESSION_FIELDS = (
    "date",
    "starts",
    "ends",
    "type",
    *COUNT_FIELDS,
    *OPTIONAL_COUNT_FIELDS,
    "volunteer_hours",
    "note",
)
# What the next session's form offers from the last one.
REPEATED_FIELDS = (
    "type",
    "starts",
    "ends",
    "adults",
    "children",
    "households",
    "meals",
    "food_packages",
    "volunteers",
    "volunteer_hours",
    "staff",
)
# Far above any real session; a larger number is a typing slip.
MAX_COUNT = 99_999
MAX_HOURS = Decimal("99999.9")
EARLIEST_DAY = datetime.date(2000, 1, 1)
ALL_DAYS = sum(WEEKDAY_BITS)


class SessionConflict(ServiceError):
    """Someone saved the session after the version the recorder started from."""

    def __init__(self, message, *, current):
        super().__init__(message, code="conflict")
        self.current = current


class DuplicateSession(ServiceError):
    """A session of this site, day and type is already recorded."""

    def __init__(self, message, *, existing):
        super().__init__(message, field="date", code="duplicate")
        self.existing = existing


def _lock_site(pk) -> Site:
    return Site.objects.select_for_update(of=("self",)).get(pk=pk)


def _lock_session(pk) -> Session:
    return Session.objects.select_for_update(of=("self",)).get(pk=pk)


def _text(data, name, limit):
    return (data.get(name) or "").replace("\x00", "").strip()[:limit]


# --- Sites ----------------------------------------------------------------------------


def _site_values(data):
    name = _text(data, "name", 120)
    if not name:
        raise ServiceError(_("Give the site a name."), field="name")
    programme = data.get("programme")
    if not isinstance(programme, Programme):
        raise ServiceError(
            _("Choose the programme the site belongs to."), field="programme"
        )
    kind = data.get("kind")
    if kind not in Site.Kind.values:
        raise ServiceError(_("Choose the kind of site."), field="kind")
    operator = data.get("operator")
    if operator is not None and operator.kind != Organization.Kind.WCO:
        raise ServiceError(
            _("Choose a W.Co, or leave it blank if the organization runs it."),
            field="operator",
        )
    days = data.get("opening_days") or 0
    if not isinstance(days, int) or days < 0 or days > ALL_DAYS:
        raise ServiceError(_("Choose the days it opens."), field="opening_days")
    values = {
        "programme": programme,
        "name": name,
        "kind": kind,
        "operator": operator,
        "opening_pattern": _text(data, "opening_pattern", 200),
        "opening_days": days,
        "public": bool(data.get("public")),
        "active": bool(data.get("active", True)),
        "note": (data.get("note") or "").replace("\x00", "").strip(),
    }
    for name in (
        "postal_code",
        "prefecture",
        "municipality",
        "city_outside",
        "address",
        "building",
    ):
        if name in data:
            values[name] = data[name]
    for name in ("postal_code", "city_outside", "address", "building"):
        if name in values:
            values[name] = (values[name] or "").replace("\x00", "").strip()
    return values


def site_create(*, actor, data) -> Site:
    require(actor, "business.manage_site")
    values = _site_values(data)
    with service_transaction():
        site = Site.objects.create(**values)
        audit_record(actor=actor, action="business_site.create", target=site)
    return site


def site_update(*, actor, site, data) -> Site:
    require(actor, "business.manage_site", site)
    values = _site_values(data)
    with service_transaction():
        locked = _lock_site(site.pk)
        changed = [n for n, v in values.items() if getattr(locked, n) != v]
        for name in changed:
            setattr(locked, name, values[name])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
            audit_record(
                actor=actor,
                action="business_site.update",
                target=locked,
                message=", ".join(sorted(changed)),
            )
    return locked


# --- Funding conditions ---------------------------------------------------------------


def _condition_values(data):
    funder = data.get("funder")
    funder_name = _text(data, "funder_name", 120)
    if funder is None and not funder_name:
        raise ServiceError(
            _("Choose the funder from the registry, or write its name."),
            field="funder",
        )
    if funder is not None:
        funder_name = ""
    hours = data.get("hours_per_session")
    if hours is not None and not (Decimal("0") < hours <= Decimal("24")):
        raise ServiceError(
            _("Hours a session are between 0 and 24."), field="hours_per_session"
        )
    for name in ("sessions_per_month", "meals_per_session"):
        value = data.get(name)
        if value is not None and not (0 <= value <= MAX_COUNT):
            raise ServiceError(_("Enter a number from 0 up."), field=name)
    sessions = data.get("sessions_per_month")
    if sessions is not None and sessions > 31:
        raise ServiceError(
            _("A month has at most 31 days."), field="sessions_per_month"
        )
    start, end = data.get("start"), data.get("end")
    if start and end and end < start:
        raise ServiceError(_("The end comes before the start."), field="end")
    required = bool(data.get("health_notice_required"))
    notified = data.get("health_notice_on")
    if notified and notified > timezone.localdate():
        raise ServiceError(
            _("The notification date cannot be in the future."),
            field="health_notice_on",
        )
    return {
        "funder": funder,
        "funder_name": funder_name,
        "sessions_per_month": sessions,
        "hours_per_session": hours,
        "meals_per_session": data.get("meals_per_session"),
        "health_notice_required": required,
        "health_notice_on": notified,
        "start": start,
        "end": end,
    }


def condition_create(*, actor, site, data, uploaded=None) -> FundingCondition:
    require(actor, "business.manage_site", site)
    values = _condition_values(data)
    with service_transaction():
        locked = _lock_site(site.pk)
        condition = FundingCondition.objects.create(site=locked, **values)
        if uploaded is not None:
            file_attach(
                actor=actor,
                target=condition,
                uploaded=uploaded,
                description=_("Health centre notification"),
            )
        audit_record(
            actor=actor,
            action="business_site.condition_add",
            target=locked,
            message=condition_funder(condition),
        )
    return condition


def condition_update(*, actor, condition, data, uploaded=None) -> FundingCondition:
    require(actor, "business.manage_site", condition.site)
    values = _condition_values(data)
    with service_transaction():
        _lock_site(condition.site_id)
        locked = FundingCondition.objects.select_for_update().get(pk=condition.pk)
        changed = [n for n, v in values.items() if getattr(locked, n) != v]
        for name in changed:
            setattr(locked, name, values[name])
        if changed:
            locked.save(update_fields=changed)
        if uploaded is not None:
            file_attach(
                actor=actor,
                target=locked,
                uploaded=uploaded,
                description=_("Health centre notification"),
            )
        if changed or uploaded is not None:
            audit_record(
                actor=actor,
                action="business_site.condition_update",
                target=condition.site,
                message=", ".join(sorted(changed)) or condition_funder(locked),
            )
    return locked


def condition_delete(*, actor, condition):
    require(actor, "business.manage_site", condition.site)
    from wco_sse.core.files import file_delete_within, files_attached_to

    with service_transaction():
        site = _lock_site(condition.site_id)
        for stored in files_attached_to(condition):
            file_delete_within(actor=actor, stored=stored, target=condition)
        label = condition_funder(condition)
        FundingCondition.objects.filter(pk=condition.pk).delete()
        audit_record(
            actor=actor,
            action="business_site.condition_delete",
            target=site,
            message=label,
        )


def condition_funder(condition):
    return condition.funder.name if condition.funder_id else condition.funder_name


# --- Recorders ------------------------------------------------------------------------


def recorder_add(*, actor, site, person, start, end=None) -> SiteRecorder:
    require(actor, "business.manage_site", site)
    if person is None:
        raise ServiceError(_("Choose the person who records."), field="person")
    if start is None:
        raise ServiceError(_("Enter the day they start recording."), field="start")
    if end is not None and end < start:
        raise ServiceError(_("The end comes before the start."), field="end")
    with service_transaction():
        locked = _lock_site(site.pk)
        overlapping = SiteRecorder.objects.filter(site=locked, person=person).filter(
            Q(end__isnull=True) | Q(end__gte=start)
        )
        if end is not None:
            overlapping = overlapping.filter(start__lte=end)
        if overlapping.exists():
            raise ServiceError(
                _("%(name)s already records this site in that period.")
                % {"name": person.full_name},
                field="person",
            )
        recorder = SiteRecorder.objects.create(
            site=locked, person=person, start=start, end=end
        )
        audit_record(
            actor=actor,
            action="business_site.recorder_add",
            target=locked,
            message=person.full_name,
        )
    return recorder


def recorder_end(*, actor, recorder, day=None):
    """The recorder stops: from ``day`` (today) on they no longer record the site. A
    recorder who has not started yet is removed."""
    require(actor, "business.manage_site", recorder.site)
    day = day or timezone.localdate()
    with service_transaction():
        site = _lock_site(recorder.site_id)
        locked = SiteRecorder.objects.select_for_update().get(pk=recorder.pk)
        last_day = day - datetime.timedelta(days=1)
        if locked.end is not None and locked.end <= last_day:
            raise ServiceError(_("This person no longer records the site."))
        name = locked.person.full_name
        if locked.start > last_day:
            locked.delete()
        else:
            locked.end = last_day
            locked.save(update_fields=["end"])
        audit_record(
            actor=actor, action="business_site.recorder_end", target=site, message=name
        )


# --- Sessions -------------------------------------------------------------------------


def _whole(data, name, *, required):
    value = data.get(name)
    if value is None:
        if required:
            return 0
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ServiceError(_("Enter a whole number."), field=name)
    if value < 0:
        raise ServiceError(_("A count cannot be negative."), field=name)
    if value > MAX_COUNT:
        raise ServiceError(
            _("Enter at most %(max)s.") % {"max": f"{MAX_COUNT:,}"}, field=name
        )
    return value


def _session_values(data, *, current_type=None):
    today = timezone.localdate()
    day = data.get("date")
    if not isinstance(day, datetime.date):
        raise ServiceError(_("Enter the day of the session."), field="date")
    if day > today:
        raise ServiceError(
            _("A session in the future cannot be recorded yet."), field="date"
        )
    if day < EARLIEST_DAY:
        raise ServiceError(_("Enter the day of the session."), field="date")
    starts, ends = data.get("starts"), data.get("ends")
    if not isinstance(starts, datetime.time):
        raise ServiceError(_("Enter the time it started."), field="starts")
    if not isinstance(ends, datetime.time):
        raise ServiceError(_("Enter the time it ended."), field="ends")
    if ends <= starts:
        raise ServiceError(_("It ends before it starts."), field="ends")
    kind = data.get("type")
    if not isinstance(kind, SessionType) or not (
        kind.active or kind.pk == current_type
    ):
        raise ServiceError(_("Choose the type of session."), field="type")
    values = {"date": day, "starts": starts, "ends": ends, "type": kind}
    for name in COUNT_FIELDS:
        values[name] = _whole(data, name, required=True)
    for name in OPTIONAL_COUNT_FIELDS:
        values[name] = _whole(data, name, required=False)
    bands = [values[name] for name in AGE_BANDS if values[name] is not None]
    if sum(bands) > values["children"]:
        raise ServiceError(
            _("The age bands add up to more than the children counted."),
            field="children",
        )
    hours = data.get("volunteer_hours")
    if hours in (None, ""):
        hours = Decimal("0")
    try:
        hours = Decimal(hours).quantize(Decimal("0.1"))
    except (InvalidOperation, TypeError, ValueError):
        raise ServiceError(
            _("Enter the hours as a number."), field="volunteer_hours"
        ) from None
    if hours < 0:
        raise ServiceError(
            _("Hours cannot be negative."), field="volunteer_hours"
        ) from None
    if hours > MAX_HOURS:
        raise ServiceError(_("That is too many hours."), field="volunteer_hours")
    values["volunteer_hours"] = hours
    values["note"] = _text(data, "note", 400)
    return values


def _refuse_duplicate(site, values, *, exclude=None):
    existing = Session.objects.filter(
        site=site, date=values["date"], type=values["type"]
    )
    if exclude is not None:
        existing = existing.exclude(pk=exclude)
    found = existing.first()
    if found is not None:
        raise DuplicateSession(
            _(
                "A %(type)s session of this site on this day is already recorded: "
                "change that one instead."
            )
            % {"type": values["type"].name},
            existing=found,
        )


def session_create(*, actor, site, data) -> Session:
    """Record one session (開催回) of ``site``: counts only."""
    require(actor, "business.record_session", site)
    values = _session_values(data)
    with service_transaction():
        locked = _lock_site(site.pk)
        _refuse_duplicate(locked, values)
        session = Session.objects.create(site=locked, recorded_by=actor, **values)
        audit_record(
            actor=actor,
            action="business_session.create",
            target=session,
            data={"site": locked.pk, "date": values["date"].isoformat()},
        )
    return session


def session_update(*, actor, session, data, version) -> Session:
    """Change a session. Saved from an older ``version`` than the stored one, it is
    refused with what is stored now (SessionConflict): the recorder decides."""
    require(actor, "business.record_session", session.site)
    values = _session_values(data, current_type=session.type_id)
    with service_transaction():
        locked = _lock_session(session.pk)
        if version != locked.version:
            raise SessionConflict(
                _(
                    "Someone else saved this session while you were editing it. "
                    "What is stored now is shown below; your entries are still in "
                    "the form: save again to replace it with them."
                ),
                current=locked,
            )
        _refuse_duplicate(locked.site, values, exclude=locked.pk)
        changed = [n for n, v in values.items() if getattr(locked, n) != v]
        for name in changed:
            setattr(locked, name, values[name])
        if changed:
            locked.version += 1
            locked.recorded_by = actor
            locked.save(
                update_fields=[*changed, "version", "recorded_by", "updated_at"]
            )
            audit_record(
                actor=actor,
                action="business_session.update",
                target=locked,
                message=", ".join(sorted(changed)),
            )
    return locked


def last_session_values(site):
    """What the next session's form offers: the last session's type, times and
    typical counts (empty when the site has none yet)."""
    last = (
        Session.objects.filter(site=site)
        .order_by("-date", "-starts", "-pk")
        .values(*(f"{n}_id" if n == "type" else n for n in REPEATED_FIELDS))
        .first()
    )
    if last is None:
        return {}
    last["type"] = last.pop("type_id")
    return last


# --- Session types --------------------------------------------------------------------


def _session_type_values(data):
    name = _text(data, "name", 40)
    if not name:
        raise ServiceError(_("Give the session type a name."), field="name")
    position = data.get("position")
    position = 100 if position in (None, "") else position
    if not isinstance(position, int) or not 0 <= position <= 32767:
        raise ServiceError(_("Give an order between 0 and 32767."), field="position")
    return {
        "name": name,
        "position": position,
        "active": bool(data.get("active", True)),
    }


def _session_type_name_taken():
    return ServiceError(
        _("There is already a session type of this name."), field="name"
    )


def session_type_create(*, actor, data) -> SessionType:
    """A new type of session (data: no code needed), offered at once."""
    require(actor, "business.manage_session_types")
    values = _session_type_values(data)
    try:
        with service_transaction():
            if SessionType.objects.filter(name=values["name"]).exists():
                raise _session_type_name_taken()
            session_type = SessionType.objects.create(**values)
            audit_record(
                actor=actor, action="business_session_type.create", target=session_type
            )
    except IntegrityError:  # the same name added at the same moment
        raise _session_type_name_taken() from None
    return session_type


def session_type_update(*, actor, session_type, data) -> SessionType:
    """Rename, reorder or retire a type. A retired type is no longer offered for new
    sessions; the sessions recorded as it keep it (and show its new name)."""
    require(actor, "business.manage_session_types")
    values = _session_type_values(data)
    try:
        with service_transaction():
            locked = SessionType.objects.select_for_update().get(pk=session_type.pk)
            taken = SessionType.objects.filter(name=values["name"]).exclude(
                pk=locked.pk
            )
            if taken.exists():
                raise _session_type_name_taken()
            changed = [n for n, v in values.items() if getattr(locked, n) != v]
            for name in changed:
                setattr(locked, name, values[name])
            if changed:
                locked.save(update_fields=changed)
                audit_record(
                    actor=actor,
                    action="business_session_type.update",
                    target=locked,
                    message=", ".join(sorted(changed)),
                )
    except IntegrityError:
        raise _session_type_name_taken() from None
    return locked


# --- The recorders' reminder ----------------------------------------------------------


def session_reminders_send(*, day=None) -> int:
    """Email the current recorders of every open site that was due to open on
    ``day`` (yesterday by default) and has no session recorded for it. Safe to run
    twice: the email's key names the site, the day and the person."""
    day = day or timezone.localdate() - datetime.timedelta(days=1)
    bit = WEEKDAY_BITS[day.weekday()]
    recorded = Session.objects.filter(date=day).values("site_id")
    sites = (
        Site.objects.filter(active=True)
        .annotate(opens=F("opening_days").bitand(bit))
        .filter(opens__gt=0)
        .exclude(pk__in=recorded)
    )
    recorders = (
        SiteRecorder.objects.filter(site__in=sites, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .select_related("site", "person__account")
        .order_by("site_id", "pk")
    )
    queued = 0
    for recorder in recorders:
        person = recorder.person
        url = reverse("business:session_create", args=[recorder.site_id])
        with service_transaction():
            if email_queue(
                key=f"business-site-reminder:{recorder.site_id}:{day}:{person.pk}",
                template="business/sites/session_reminder",
                to=person.contact_email,
                language=person.language,
                context={
                    "person": person,
                    "site": recorder.site,
                    "day": day,
                    "path": f"{url}?date={day.isoformat()}",
                },
            ):
                queued += 1
    return queued
