import pytest

from secretariat import services
from secretariat.models import AgendaItem
from tests.secretariat import helpers as h

pytestmark = pytest.mark.django_db


def test_a_section_item_goes_from_draft_to_approved(demo):
    """The whole pipeline through the services: draft, submit, accept, place, decide."""
    m = h.meeting(demo)
    it = h.item(demo, status="placed", meeting=m)
    services.meeting_convene(actor=demo["staff"], meeting=m)
    from secretariat.models import Meeting

    Meeting.objects.filter(pk=m.pk).update(starts_at=h.at(0, 0))
    m.refresh_from_db()
    services.meeting_hold(actor=demo["staff"], meeting=m)
    h.attend(demo, m, h.directors()[:4])
    decision = services.decision_record(
        actor=demo["staff"],
        item=it,
        result="vote",
        votes_for=3,
        votes_against=1,
        abstentions=0,
        dissenters=[h.directors()[0]],
    )
    assert decision.outcome == AgendaItem.Status.APPROVED
    it.refresh_from_db()
    assert it.status == AgendaItem.Status.APPROVED
