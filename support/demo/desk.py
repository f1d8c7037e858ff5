"""The consultation desk's demo data: the advisors' slots for the next two weeks and
a case in every state."""

import datetime
from typing import NamedTuple

from members.models import Desk

from ..models import Appointment, AppointmentSlot, Consultation, ConsultationRecord
from .school import local


class CaseSpec(NamedTuple):
    requester: str  # a demo account
    desk: str
    topic: str
    channel: str
    status: str
    description: str
    outcome: str


CONSULTATIONS = [
    CaseSpec(*row)
    for row in (
        (
            "citizen@example.org",
            Desk.GENERAL,
            "startup",
            "form",
            "new",
            "地域で配食のワーカーズ・コレクティブを立ち上げたいと考えています。何から始めればよいでしょうか。",
            "",
        ),
        (
            "member@example.org",
            Desk.GENERAL,
            "conversion",
            "form",
            "assigned",
            "私たちのW.Coを労働者協同組合に移行するか検討しています。手続きと費用を知りたいです。",
            "",
        ),
        (
            "rep@example.org",
            Desk.FINANCE,
            "finance",
            "phone",
            "in_progress",
            "配食車両の買い替えのため、融資を受けられるか相談したいです。",
            "",
        ),
        (
            "member@example.org",
            Desk.GENERAL,
            "labour",
            "visit",
            "closed",
            "メンバーの働き方と社会保険の扱いについて確認したいです。",
            "advice",
        ),
        (
            "citizen@example.org",
            Desk.FINANCE,
            "accounting",
            "email",
            "closed",
            "個人で始めた事業の記帳方法について教えてください。",
            "referred",
        ),
    )
]

REFERRED_TO = "神奈川県よろず支援拠点"


def _slots(advisors, *, today, now):
    """Weekday slots for the next two weeks, for each advisor who has none ahead."""
    for person, hour in advisors:
        if AppointmentSlot.objects.filter(advisor=person, starts_at__gt=now).exists():
            continue
        for offset in (2, 3, 6, 9, 13):
            day = today + datetime.timedelta(days=offset)
            AppointmentSlot.objects.create(
                advisor=person,
                starts_at=local(day, hour),
                ends_at=local(day, hour + 1),
                place="W.Co SSE 事務局 相談室",
                online=offset % 2 == 0,
            )


def _case(spec, *, advisor, staff, requester, now):
    """The case as the desk would have it in ``spec.status``: assigned, referred
    and closed as far as that state goes; a phone request with verbal consent."""
    phone = spec.channel != "form"
    assigned = spec.status != "new"
    referred = spec.outcome == "referred"
    return Consultation.objects.create(
        requester=requester,
        desk=spec.desk,
        topic=spec.topic,
        channel=spec.channel,
        description=spec.description,
        preferred_times="平日の午後",
        consent_method="verbal" if phone else "checkbox",
        consent_at=now,
        consent_recorded_by=staff if phone else None,
        status=spec.status,
        advisor=advisor if assigned else None,
        assigned_at=now if assigned else None,
        outcome=spec.outcome,
        closed_at=now if spec.status == "closed" else None,
        referred_to=REFERRED_TO if referred else "",
        referral_consent_at=now if referred else None,
        referral_consent_recorded_by=staff if referred else None,
        created_by=staff if phone else requester.account,
    )


def _book_last_open_slot(consultation, *, staff, now):
    slot = (
        AppointmentSlot.objects.filter(advisor=consultation.advisor, starts_at__gt=now)
        .exclude(appointments__status="booked")
        .order_by("starts_at")
        .last()
    )
    if slot is not None:
        Appointment.objects.create(
            slot=slot, consultation=consultation, booked_by=staff
        )


def seed_consultations(ctx, *, today, now):
    """Idempotent: a case is looked up by its text first."""
    accounts = ctx.accounts
    advisor = accounts["advisor@example.org"]
    finance = accounts["finance-advisor@example.org"]
    staff = accounts["staff@example.org"].account
    _slots(((advisor, 14), (finance, 10)), today=today, now=now)
    for spec in CONSULTATIONS:
        if Consultation.objects.filter(description=spec.description).exists():
            continue
        consultation = _case(
            spec,
            advisor=finance if spec.desk == Desk.FINANCE else advisor,
            staff=staff,
            requester=accounts[spec.requester],
            now=now,
        )
        if spec.status in ("in_progress", "closed"):
            ConsultationRecord.objects.create(
                consultation=consultation,
                author=consultation.advisor,
                body="初回面談。現状と課題を伺い、必要な資料を案内した。",
            )
        if spec.status == "in_progress":
            _book_last_open_slot(consultation, staff=staff, now=now)
