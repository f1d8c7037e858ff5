"""Notices (お知らせ) and the directors' activity-report reminder."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Affiliation, Organization, Person, Role, RoleAssignment
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.japan import fiscal_year, fiscal_year_bounds
from wco_sse.core.transactions import service_transaction

from ..membership import board_holdovers, body_seats
from ..models import AgendaItem, Body, Decision, Meeting, Notice
from .common import site_url


def _validate(title, text, audience, target_body):
    if not title.strip():
        raise ServiceError(_("Give the notice a title."), field="title")
    if not text.strip():
        raise ServiceError(_("Write the notice."), field="text")
    if audience not in Notice.Audience.values:
        raise ServiceError(_("Choose who the notice is for."), field="audience")
    if audience == Notice.Audience.BODY and target_body is None:
        raise ServiceError(_("Choose the body the notice is for."), field="target_body")


def notice_save(
    *,
    actor,
    title: str,
    text: str,
    audience: str,
    target_body: Body | None = None,
    send_email: bool = True,
    notice: Notice | None = None,
) -> Notice:
    require(actor, "secretariat.manage_notices")
    _validate(title, text, audience, target_body)
    with service_transaction():
        if notice is None:
            notice = Notice(created_by=actor)
        else:
            notice = Notice.objects.select_for_update().get(pk=notice.pk)
            if notice.status == Notice.Status.PUBLISHED:
                raise ServiceError(_("A published notice can't be changed."))
        notice.title = title.strip()
        notice.text = text.strip()
        notice.audience = audience
        notice.target_body = target_body if audience == Notice.Audience.BODY else None
        notice.send_email = send_email
        notice.save()
        audit_record(actor=actor, action="notice.save", target=notice)
    return notice


def notice_recipients(notice: Notice) -> list[Person]:
    today = timezone.localdate()
    if notice.audience == Notice.Audience.STAFF:
        query = Q(
            pk__in=RoleAssignment.objects.current(today)
            .filter(role__in=(Role.SECRETARY_GENERAL, Role.SECRETARIAT_STAFF))
            .values("person_id")
        )
    elif notice.audience == Notice.Audience.ALL_MEMBERS:
        query = (
            Q(is_individual_supporter=True)
            | Q(pk__in=RoleAssignment.objects.current(today).values("person_id"))
            # 権利義務理事・監事 still hold the office whose term has ended.
            | Q(
                pk__in=list(
                    board_holdovers(Body.objects.statutory(Body.Kind.BOARD), today)
                )
            )
            | Q(
                pk__in=Affiliation.objects.current(today)
                .filter(
                    confirmed=True,
                    organization__membership_class__in=(
                        Organization.MembershipClass.REGULAR,
                        Organization.MembershipClass.SUPPORTING,
                    ),
                )
                .values("person_id")
            )
        )
    else:
        seats = body_seats(notice.target_body, today)
        if notice.target_body.is_assembly:
            query = Q(
                pk__in=Affiliation.objects.current(today)
                .filter(
                    confirmed=True,
                    position=Affiliation.Position.REPRESENTATIVE,
                    organization__in=[s.organization for s in seats],
                )
                .values("person_id")
            )
        else:
            query = Q(pk__in=[s.person.pk for s in seats])
    return list(Person.objects.filter(query).select_related("account").order_by("pk"))


def notice_publish(*, actor, notice: Notice) -> Notice:
    require(actor, "secretariat.manage_notices")
    with service_transaction():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        if notice.status == Notice.Status.PUBLISHED:
            raise ServiceError(_("This notice is already published."))
        notice.status = Notice.Status.PUBLISHED
        notice.published_at = timezone.now()
        notice.save(update_fields=["status", "published_at"])
        sent = 0
        if notice.send_email:
            url = site_url(reverse("secretariat:notice_detail", args=[notice.pk]))
            for person in notice_recipients(notice):
                if email_queue(
                    key=f"notice:{notice.pk}:{person.pk}",
                    template="secretariat/notice",
                    to=person.contact_email,
                    language=person.language,
                    context={"person": person, "notice": notice, "url": url},
                ):
                    sent += 1
        audit_record(
            actor=actor, action="notice.publish", target=notice, data={"emails": sent}
        )
    return notice


# --- 職務執行状況の報告 (一般社団法人法 91条2項) ----------------------------------------------


def add_months(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def activity_report_dates(person_ids) -> dict:
    """Dates on which each director's activity report was marked 報告済 at a held board
    meeting. A resolution without a meeting and a cancelled meeting do not count."""
    rows = Decision.objects.filter(
        item__activity_report_of_id__in=person_ids,
        outcome=AgendaItem.Status.REPORTED,
        meeting__isnull=False,
        meeting__body__kind=Body.Kind.BOARD,
        meeting__status__in=Meeting.HAS_TAKEN_PLACE,
    ).values_list("item__activity_report_of_id", "decided_on")
    dates = {}
    for person_id, day in rows:
        dates.setdefault(person_id, []).append(day)
    return {pk: sorted(days) for pk, days in dates.items()}


def activity_report_due(*, interval, reports, term_start, today) -> bool:
    """Whether a reminder is due, by the board's rule (Body.ReportInterval)."""
    if interval == Body.ReportInterval.QUARTERLY:
        last = max([term_start, *reports])
        return today > add_months(last, 3)
    year_start, _end = fiscal_year_bounds(fiscal_year(today))
    this_year = [d for d in reports if d >= year_start]
    spaced = []
    for day in this_year:
        if not spaced or day > add_months(spaced[-1], 4):
            spaced.append(day)
    if len(spaced) >= 2:
        return False
    if not spaced:
        return today >= add_months(max(year_start, term_start), 3)
    return today > add_months(spaced[-1], 4)


def activity_report_reminders_send(*, today=None) -> int:
    """Remind each 代表理事 / 業務執行理事 whose report is due. Safe to run any number of
    times: one reminder per person per month while the report is overdue."""
    today = today or timezone.localdate()
    board = Body.objects.statutory(Body.Kind.BOARD)
    terms = _terms_of_reporting_directors(today, board)
    if not terms:
        return 0
    with service_transaction():
        return _remind(board, terms, today)


def _terms_of_reporting_directors(today, board):
    """{person id: the start of their term} for each 代表理事 and 業務執行理事, in
    office or holding over (a director holding over keeps the duty to report)."""
    reporting = (Role.REPRESENTATIVE_DIRECTOR, Role.EXECUTIVE_DIRECTOR)
    held = [
        pk
        for pk, roles in board_holdovers(board, today).items()
        if roles & set(reporting)
    ]
    terms = {}
    for assignment in RoleAssignment.objects.filter(role__in=reporting).filter(
        Q(pk__in=RoleAssignment.objects.current(today).values("pk"))
        | Q(person_id__in=held)
    ):
        start = terms.get(assignment.person_id)
        terms[assignment.person_id] = (
            min(start, assignment.start) if start else assignment.start
        )
    return terms


def _remind(board, terms, today):
    reports = activity_report_dates(list(terms))
    people = Person.objects.in_bulk(list(terms))
    queued = 0
    for person_id, start in sorted(terms.items()):
        person_reports = reports.get(person_id, [])
        if not activity_report_due(
            interval=board.report_interval,
            reports=person_reports,
            term_start=start,
            today=today,
        ):
            continue
        person = people[person_id]
        if email_queue(
            key=f"activity-report:{person_id}:{today:%Y-%m}",
            template="secretariat/activity_report_reminder",
            to=person.contact_email,
            language=person.language,
            context={
                "person": person,
                "last_report": person_reports[-1] if person_reports else None,
                "interval": board.get_report_interval_display(),
                "url": site_url(reverse("secretariat:meeting_list")),
            },
        ):
            queued += 1
    return queued
