"""The ordinary general assembly: the accounts the board adopted, convened with the
notice period of written votes, tallied with a proxy."""

import datetime

from members.models import Organization

from .. import services
from ..models import AgendaItem, Body, EmailNoticeConsent
from .builder import month_day

# How the 正会員 attended, in turn: their representative, or a proxy to the chair.
KINDS = ["present", "present", "proxy", "present", "absent"]


def _attend(b, agm, regular):
    for index, organization in enumerate(regular):
        kind = KINDS[index % len(KINDS)]
        services.attendance_set(
            actor=b.staff,
            meeting=agm,
            organization=organization,
            kind=kind,
            acting_name="代表者"
            if kind == "present"
            else ("議長に委任" if kind == "proxy" else ""),
        )


def general_assembly(b, referred):
    """The home W.Co takes notices by email; the assembly adopts what the board
    referred to it."""
    regular = list(
        Organization.objects.filter(
            membership_class=Organization.MembershipClass.REGULAR
        ).order_by("name_kana")
    )
    home = b.ctx.data.get("home_wco")
    if home is not None:
        EmailNoticeConsent.objects.get_or_create(
            organization=home, defaults={"agreed_on": datetime.date(2024, 6, 22)}
        )
    if referred is None or not regular:
        return
    assembly = Body.objects.statutory(Body.Kind.ASSEMBLY)
    agm = b.meeting(month_day(b.today, -5, day=27), "定時社員総会", body=assembly)
    to_agm = services.agenda_item_refer_to_assembly(
        actor=b.staff,
        item=referred,
        resolution_type=AgendaItem.ResolutionType.ORDINARY,
    )
    services.agenda_item_place(actor=b.staff, item=to_agm, meeting=agm)
    b.convene(agm, days_before=15)
    services.meeting_hold(actor=b.staff, meeting=agm)
    _attend(b, agm, regular)
    present = len(
        [k for _i, k in zip(regular, KINDS * 5, strict=False) if k != "absent"]
    )
    services.decision_record(
        actor=b.staff,
        item=to_agm,
        result="vote",
        votes_for=present,
        votes_against=0,
        abstentions=0,
        discussion="議長より議案の説明があり、全員異議なく承認された。",
    )
    b.minutes(agm, extra=[b.cast.yamaguchi])
