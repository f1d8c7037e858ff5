"""The demo's tools: dates, the demo board's officers, and a builder that drives the
services as the secretariat, the sections and the council would."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from members.models import Person

from .. import services
from ..models import AgendaItem, AgendaTransition, Body, Meeting, MinutesSignatory

K = AgendaItem.Kind
P, ON, X = "present", "online", "absent"


def at(day, hour=14):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def month_day(today, offset, day=20):
    """The ``day``th of the month ``offset`` months from ``today``'s."""
    month = today.month - 1 + offset
    return datetime.date(today.year + month // 12, month % 12 + 1, day)


def _officer(family):
    return Person.objects.get(family_name=family, role_assignments__isnull=False)


@dataclass
class Cast:
    """The demo board: 高橋 (代表理事, board@), 林 (業務執行理事), 清水, 山口 and 森;
    the auditors 田中 (auditor@) and 池田."""

    representative: Person
    auditor: Person
    hayashi: Person
    shimizu: Person
    yamaguchi: Person
    mori: Person
    ikeda: Person

    @classmethod
    def of(cls, ctx):
        return cls(
            ctx.accounts["board@example.org"],
            ctx.accounts["auditor@example.org"],
            *(_officer(name) for name in ("林", "清水", "山口", "森", "池田")),
        )

    @property
    def directors(self):
        return [
            self.representative,
            self.hayashi,
            self.shimizu,
            self.yamaguchi,
            self.mori,
        ]

    def usual_attendance(self):
        """森 and 池田 are away; 清水 joins online."""
        return [
            (self.representative, P),
            (self.hayashi, P),
            (self.shimizu, ON),
            (self.yamaguchi, P),
            (self.mori, X),
            (self.auditor, P),
            (self.ikeda, X),
        ]

    def full_attendance(self):
        return [(person, P) for person, _kind in self.usual_attendance()]


class Builder:
    def __init__(self, ctx):
        self.ctx = ctx
        self.staff = ctx.accounts["secgen@example.org"].account
        self.council = ctx.accounts["council@example.org"].account
        self.sections = {
            s: ctx.accounts[f"{s}@example.org"].account
            for s in ("support", "network", "business")
        }
        self.board = Body.objects.statutory(Body.Kind.BOARD)
        self.today = timezone.localdate()
        self.cast = Cast.of(ctx)

    def item(
        self, source, title, body, kind=K.DELIBERATION, *, until="accepted", **extra
    ):
        """An item of ``source`` drafted by its section, moved on up to ``until``."""
        author = self.sections.get(source, self.staff)
        it = services.agenda_item_create(
            actor=author, source=source, kind=kind, title=title, body=body, **extra
        )
        if until == "draft":
            return it
        it = services.agenda_item_transition(actor=author, item=it, action="submit")
        if until == "submitted":
            return it
        if until == "returned":
            return services.agenda_item_transition(
                actor=self.council,
                item=it,
                action="return",
                reason="目的と予算の根拠を追記してください。",
            )
        return services.agenda_item_transition(
            actor=self.council, item=it, action="accept"
        )

    def meeting(self, day, title, body=None, **extra):
        return services.meeting_create(
            actor=self.staff,
            body=body or self.board,
            title=title,
            starts_at=at(day),
            ends_at=at(day, 16),
            place="W.Co SSE 事務所 会議室（横浜市）",
            online_url="https://meet.example.org/wco-board",
            online_method="出席者の音声と映像が即時に他の出席者に伝わり、適時的確な意見表明が互いにできるビデオ会議システム",
            chair=self.cast.representative,
            **extra,
        )

    def convene(self, meeting, *, days_before):
        """Convene ``meeting`` as if it had been ``days_before`` its day (in time)."""
        services.meeting_convene(actor=self.staff, meeting=meeting)
        Meeting.objects.filter(pk=meeting.pk).update(
            convened_at=meeting.starts_at - datetime.timedelta(days=days_before),
            convened_late=False,
        )
        meeting.refresh_from_db()
        return meeting

    def hold(self, meeting, attendance):
        self.convene(meeting, days_before=10)
        services.meeting_hold(actor=self.staff, meeting=meeting)
        for person, kind in attendance:
            services.attendance_set(
                actor=self.staff, meeting=meeting, person=person, kind=kind
            )
        meeting.refresh_from_db()
        return meeting

    def backdate(self, item, meeting):
        """Spread the item's history over the weeks before ``meeting``."""
        steps = list(AgendaTransition.objects.filter(item=item).order_by("pk"))
        for index, step in enumerate(steps):
            days = max(len(steps) - index - 1, 0) * 5
            AgendaTransition.objects.filter(pk=step.pk).update(
                at=meeting.starts_at - datetime.timedelta(days=days)
            )
        AgendaItem.objects.filter(pk=item.pk).update(
            submitted_at=meeting.starts_at - datetime.timedelta(days=20)
        )

    def minutes(self, meeting, *, sign_all=True, extra=()):
        """Minutes written, sent for signature and signed (all, or the first only)."""
        minutes = services.minutes_start(actor=self.staff, meeting=meeting)
        services.minutes_update(
            actor=self.staff,
            minutes=minutes,
            opening="定刻、代表理事 高橋由美子が議長となり開会を宣し、出席理事が定足数を満たしていることを確認した。",
            auditors_statements="監事 田中正樹より、各議案の審議について特段の意見はない旨の発言があった。",
            other_matters="",
            writer=self.ctx.accounts["secgen@example.org"],
        )
        services.minutes_finalize(
            actor=self.staff, minutes=minutes, extra_signatories=list(extra)
        )
        signatories = list(minutes.signatories.order_by("order"))
        for signatory in signatories if sign_all else signatories[:1]:
            services.minutes_sign(
                actor=self.staff,
                signatory=signatory,
                method=MinutesSignatory.Method.SEAL,
                signed_on=min(meeting.day + datetime.timedelta(days=7), self.today),
            )
        return minutes
