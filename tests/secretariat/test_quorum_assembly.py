"""The general assembly: 正会員 organizations, one vote each; ordinary and special
resolutions, proxies and written votes; only what the board adopted goes there."""

import pytest

from secretariat import services
from secretariat.models import AgendaItem
from tests.factories import PersonFactory
from tests.secretariat import helpers as h
from wco_sse.core.errors import ServiceError

pytestmark = pytest.mark.django_db
S = AgendaItem.Status


ASSEMBLY_CASES = [
    # type, attendance kinds of the 5 members, (for, against, abstain), expected
    (
        "ordinary",
        ["present", "proxy", "present", "absent", "absent"],
        (2, 1, 0),
        S.APPROVED,
    ),
    (
        "ordinary",
        ["present", "proxy", "present", "absent", "absent"],
        (1, 0, 2),
        S.REJECTED,
    ),
    (
        "ordinary",
        ["present", "proxy", "absent", "absent", "absent"],
        (2, 0, 0),
        "no quorum",
    ),
    (
        "ordinary",
        ["present", "written", "present", "absent", "absent"],
        (3, 0, 0),
        S.APPROVED,
    ),
    (
        "special",
        ["present", "proxy", "present", "written", "absent"],
        (3, 1, 0),
        S.REJECTED,
    ),
    (
        "special",
        ["present", "proxy", "present", "written", "absent"],
        (4, 0, 0),
        S.APPROVED,
    ),
    (
        "special",
        ["present", "present", "present", "present", "present"],
        (3, 2, 0),
        S.REJECTED,
    ),
    (
        "ordinary",
        ["present", "present", "present", "absent", "absent"],
        (3, 1, 0),
        "too many",
    ),
]


@pytest.mark.parametrize("case", ASSEMBLY_CASES)
def test_assembly_resolutions(demo, case):
    """Ordinary: members holding a majority of all votes present, a majority of the votes
    present. Special: at least half of all members and two thirds of all votes in favour.
    Proxies and written votes count."""
    resolution_type, kinds, votes, expected = case
    item, meeting = h.assembly_item(demo, resolution_type, written_votes=True)
    members = h.regular_members()
    assert len(members) == 5
    for organization, kind in zip(members, kinds, strict=True):
        services.attendance_set(
            actor=demo["staff"],
            meeting=meeting,
            organization=organization,
            kind=kind,
            acting_name="代表者",
        )
    call = {
        "actor": demo["staff"],
        "item": item,
        "result": "vote",
        "votes_for": votes[0],
        "votes_against": votes[1],
        "abstentions": votes[2],
    }
    if expected in ("no quorum", "too many"):
        with pytest.raises(ServiceError) as error:
            services.decision_record(**call)
        assert (
            error.value.field
            == {"no quorum": "result", "too many": "votes_for"}[expected]
        )
        assert not item.decisions.exists()
        return
    decision = services.decision_record(**call)
    assert decision.outcome == expected
    assert decision.entitled == 5
    assert decision.proxies == kinds.count("proxy")
    assert decision.written_votes == kinds.count("written")


def test_written_votes_only_where_the_articles_allow_them(demo):
    _item, meeting = h.assembly_item(demo, "ordinary", written_votes=False)
    with pytest.raises(ServiceError) as error:
        services.attendance_set(
            actor=demo["staff"],
            meeting=meeting,
            organization=h.regular_members()[0],
            kind="written",
        )
    assert (error.value.field, error.value.message) == (
        "kind",
        "定款で書面表決が認められていません。",
    )
    non_member = PersonFactory()
    with pytest.raises(
        ServiceError, match=r"^この会議に記録できるのは社員総会の構成員のみです。$"
    ):
        services.attendance_set(
            actor=demo["staff"], meeting=meeting, person=non_member, kind="present"
        )
    assert not meeting.attendances.exists()


def test_only_an_adopted_board_item_goes_to_the_assembly(demo):
    item = h.item(demo, status="accepted")
    with pytest.raises(
        ServiceError,
        match=r"^社員総会に付議できるのは、理事会で可決された議案のみです。$",
    ):
        services.agenda_item_refer_to_assembly(
            actor=demo["staff"], item=item, resolution_type="ordinary"
        )
    # An item not referred can't be placed on the assembly.
    assembly_meeting = h.meeting(demo, body=h.assembly(), title="臨時社員総会")
    with pytest.raises(ServiceError) as error:
        services.agenda_item_place(
            actor=demo["staff"], item=item, meeting=assembly_meeting
        )
    assert (error.value.field, error.value.message) == (
        "meeting",
        "この議案は理事会に上程します。",
    )
