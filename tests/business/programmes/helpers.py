"""Programmes made for the tests, through the services."""

from business.models import Partner, Programme, ProgrammeKind
from business.services import programmes as services
from secretariat import services as secretariat_services
from tests.secretariat.helpers import attend, directors, held_meeting_from, meeting


def person(demo, role):
    return demo.ctx.accounts[f"{role}@example.org"]


def kind(name="就労準備支援"):
    found = ProgrammeKind.objects.filter(name=name).first()
    return found or ProgrammeKind.objects.create(name=name, contracted=True)


def programme(demo, *, by="business", state=None, kind_name="就労準備支援", **extra):
    """A programme recorded by the business section, led by business@example.org."""
    data = {
        "kind": kind(kind_name),
        "title": "相模原市 家計改善支援事業",
        "purpose": "家計の見直しを一緒に考えます。",
        "start": None,
        "end": None,
        "lead": person(demo, "business"),
        **extra,
    }
    made = services.programme_create(actor=demo[by], data=data)
    if state is not None:
        Programme.objects.filter(pk=made.pk).update(state=state)
        made.refresh_from_db()
    return made


def partner(demo, made, organization=None, part=Partner.Part.COOPERATING, **extra):
    data = {
        "organization": organization or demo.ctx.data["home_wco"],
        "part": part,
        "share": None,
        "client_approved_on": None,
        "note": "",
        **extra,
    }
    return services.partner_add(actor=demo["business"], programme=made, data=data)


def with_home_wco(demo, **extra):
    """A programme the demo's home W.Co (the rep's) takes part in."""
    made = programme(demo, **extra)
    partner(demo, made)
    return made


def decide(demo, item, *, result="vote", against=0):
    """Put ``item`` (drafted by the business section) to a board meeting held today
    and record ``result``."""
    item = secretariat_services.agenda_item_transition(
        actor=demo["business"], item=item, action="submit"
    )
    item = secretariat_services.agenda_item_transition(
        actor=demo["council"], item=item, action="accept"
    )
    board_meeting = meeting(demo)
    item = secretariat_services.agenda_item_place(
        actor=demo["staff"], item=item, meeting=board_meeting
    )
    held_meeting_from(demo, board_meeting)
    people = directors()
    attend(demo, board_meeting, people)
    extra = (
        {
            "votes_for": len(people) - against,
            "votes_against": against,
            "abstentions": 0,
            "dissenters": people[:against],
        }
        if result == "vote"
        else {}
    )
    return secretariat_services.decision_record(
        actor=demo["staff"], item=item, result=result, **extra
    )
