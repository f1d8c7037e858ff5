"""Per-item quorum and adoption at the board, computed by the service from the record
(DESIGN flow 3: the board rules): directors entitled to vote, special interests,
auditors who never count."""

import pytest

from members.models import Role, RoleAssignment
from secretariat import services
from secretariat.models import (
    AgendaItem,
    Attendance,
    Threshold,
    threshold_met,
    threshold_needed,
)
from secretariat.tally import item_tally
from tests.factories import PersonFactory
from tests.secretariat import helpers as h
from wco_sse.core.errors import PermissionDenied, ServiceError

pytestmark = pytest.mark.django_db
S = AgendaItem.Status


@pytest.mark.parametrize(
    ("threshold", "count", "total", "met"),
    [
        (Threshold.MAJORITY, 3, 5, True),
        (Threshold.MAJORITY, 2, 4, False),  # half is not a majority
        (Threshold.MAJORITY, 3, 4, True),
        (Threshold.HALF, 2, 4, True),
        (Threshold.HALF, 2, 5, False),
        (Threshold.TWO_THIRDS, 2, 3, True),
        (Threshold.TWO_THIRDS, 3, 5, False),
        (Threshold.TWO_THIRDS, 4, 6, True),
        (Threshold.MAJORITY, 0, 0, False),
    ],
)
def test_thresholds(threshold, count, total, met):
    assert threshold_met(threshold, count, total) is met
    needed = threshold_needed(threshold, total)
    if total == 0:
        assert needed == 0
    else:  # the least that reaches it
        assert threshold_met(threshold, needed, total)
        assert not threshold_met(threshold, needed - 1, total)


# The demo board: five directors (高橋 代表理事, 林 業務執行理事, 清水, 山口, 森) and two
# auditors (田中, 池田). Each case: the directors present (by index into the five),
# the special-interest directors, whether the auditors attend, the votes, and what
# must follow: the item's entitled/present/quorum, then the outcome or the refusal.
CASES = [
    # present, interested, auditors, (for, against, abstain), dissent idx, expected
    (
        "all present, unanimous",
        [0, 1, 2, 3, 4],
        [],
        True,
        (5, 0, 0),
        [],
        (5, 5, 3, True, S.APPROVED),
    ),
    (
        "3 of 5 present: quorum",
        [0, 1, 2],
        [],
        False,
        (2, 1, 0),
        [2],
        (5, 3, 3, True, S.APPROVED),
    ),
    (
        "2 of 5 present: no quorum",
        [0, 1],
        [],
        True,
        (2, 0, 0),
        [],
        (5, 2, 3, False, "no quorum"),
    ),
    (
        "abstaining is not for",
        [0, 1, 2],
        [],
        False,
        (1, 0, 2),
        [],
        (5, 3, 3, True, S.REJECTED),
    ),
    (
        "a tie is not a majority",
        [0, 1, 2, 3],
        [],
        False,
        (2, 2, 0),
        [2, 3],
        (5, 4, 3, True, S.REJECTED),
    ),
    (
        "auditors never count",
        [0, 1],
        [],
        True,
        (2, 0, 0),
        [],
        (5, 2, 3, False, "no quorum"),
    ),
    (
        "absent directors lower only the present",
        [0, 1, 2],
        [],
        False,
        (3, 0, 0),
        [],
        (5, 3, 3, True, S.APPROVED),
    ),
    (
        "interest of a present director",
        [0, 1, 2],
        [2],
        False,
        (2, 0, 0),
        [],
        (4, 2, 3, False, "no quorum"),
    ),
    (
        "interest of an absent director",
        [0, 1, 2],
        [4],
        False,
        (2, 1, 0),
        [1],
        (4, 3, 3, True, S.APPROVED),
    ),
    (
        "two interested: 2 of 3 entitled",
        [0, 1, 2],
        [1, 2],
        False,
        (1, 0, 0),
        [],
        (3, 1, 2, False, "no quorum"),
    ),
    (
        "two interested, split",
        [0, 3, 4],
        [1, 2],
        False,
        (2, 1, 0),
        [4],
        (3, 3, 2, True, S.APPROVED),
    ),
    (
        "two interested, 1 for 1 against",
        [0, 3],
        [1, 2],
        False,
        (1, 1, 0),
        [3],
        (3, 2, 2, True, S.REJECTED),
    ),
    (
        "more votes than present",
        [0, 1, 2],
        [],
        False,
        (3, 1, 0),
        [],
        (5, 3, 3, True, "too many"),
    ),
    (
        "votes of the interested can't be cast",
        [0, 1, 2, 3],
        [3],
        False,
        (4, 0, 0),
        [],
        (4, 3, 3, True, "too many"),
    ),
    (
        "dissenters must be named",
        [0, 1, 2],
        [],
        False,
        (2, 1, 0),
        [],
        (5, 3, 3, True, "dissent"),
    ),
    (
        "a dissenter must be present",
        [0, 1, 2],
        [],
        False,
        (2, 1, 0),
        [4],
        (5, 3, 3, True, "dissent"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_board_quorum_and_adoption(demo, case):
    _name, present, interested, auditors, votes, dissent, expected = case
    entitled, present_count, quorum, quorum_met, outcome = expected
    directors = sorted(h.directors(), key=lambda p: p.family_name_kana)
    by_name = {p.family_name: p for p in directors}
    order = [by_name[n] for n in ("高橋", "林", "清水", "山口", "森")]
    meeting = h.meeting(demo)
    item = h.item(demo, status="placed", meeting=meeting)
    for index in interested:
        services.special_interest_declare(
            actor=demo["staff"], item=item, person=order[index], reason="兼職"
        )
    h.held_meeting_from(demo, meeting)
    h.attend(demo, meeting, [order[i] for i in present])
    h.attend(
        demo, meeting, [p for i, p in enumerate(order) if i not in present], "absent"
    )
    if auditors:
        h.attend(demo, meeting, h.auditors())

    tally = item_tally(item, meeting)
    assert (
        tally.entitled_count,
        tally.present_count,
        tally.quorum_needed,
        tally.quorum_met,
    ) == (
        entitled,
        present_count,
        quorum,
        quorum_met,
    )
    call = {
        "actor": demo["staff"],
        "item": item,
        "result": "vote",
        "votes_for": votes[0],
        "votes_against": votes[1],
        "abstentions": votes[2],
        "dissenters": [order[i] for i in dissent],
    }
    if outcome in ("no quorum", "too many", "dissent"):
        with pytest.raises(ServiceError) as error:
            services.decision_record(**call)
        field = {
            "no quorum": "result",
            "too many": "votes_for",
            "dissent": "dissenters",
        }
        assert error.value.field == field[outcome]
        item.refresh_from_db()
        assert item.status == S.PLACED and not item.decisions.exists()
        return
    decision = services.decision_record(**call)
    assert decision.outcome == outcome
    assert decision.adopted is (outcome == S.APPROVED)
    assert (decision.entitled, decision.present, decision.quorum_needed) == (
        entitled,
        present_count,
        quorum,
    )
    assert sorted(p.pk for p in decision.dissenters.all()) == sorted(
        order[i].pk for i in dissent
    )
    assert sorted(p.pk for p in decision.excluded.all()) == sorted(
        order[i].pk for i in interested
    )
    item.refresh_from_db()
    assert item.status == outcome


def test_an_amendment_makes_it_adopted_with_amendments(demo):
    meeting = h.meeting(demo)
    item = h.item(demo, status="placed", meeting=meeting)
    h.held_meeting_from(demo, meeting)
    h.attend(demo, meeting, h.directors())
    decision = services.decision_record(
        actor=demo["staff"],
        item=item,
        result="vote",
        votes_for=5,
        votes_against=0,
        abstentions=0,
        amendment="上限額を修正",
    )
    assert decision.outcome == S.AMENDED


def test_articles_can_raise_the_board_thresholds(demo):
    board = h.board()
    board.adoption = Threshold.TWO_THIRDS
    board.save()
    meeting = h.meeting(demo)
    item = h.item(demo, status="placed", meeting=meeting)
    h.held_meeting_from(demo, meeting)
    h.attend(demo, meeting, h.directors()[:3])
    decision = services.decision_record(
        actor=demo["staff"],
        item=item,
        result="vote",
        votes_for=2,
        votes_against=1,
        abstentions=0,
        dissenters=[h.directors()[2]],
    )
    assert decision.outcome == S.APPROVED  # 2 of 3 is two thirds
    item2 = h.item(
        demo, status="placed", meeting=h.meeting(demo, days=30), title="二つ目"
    )
    h.held_meeting_from(demo, item2.meeting)
    h.attend(demo, item2.meeting, h.directors()[:4])
    decision = services.decision_record(
        actor=demo["staff"],
        item=item2,
        result="vote",
        votes_for=2,
        votes_against=2,
        abstentions=0,
        dissenters=h.directors()[2:4],
    )
    assert decision.outcome == S.REJECTED


def test_no_decision_before_the_meeting_is_held(demo):
    meeting = h.meeting(demo)
    item = h.item(demo, status="placed", meeting=meeting)
    services.meeting_convene(actor=demo["staff"], meeting=meeting)
    with pytest.raises(ServiceError) as error:
        services.decision_record(actor=demo["staff"], item=item, result="defer")
    assert error.value.message == (
        "結果を記録できるのは開催済の会議のみです（この会議は「招集済」です）。"
    )
    item.refresh_from_db()
    assert item.status == S.PLACED


def test_the_board_takes_no_proxy_and_no_written_vote(demo):
    meeting = h.meeting(demo)
    director = h.directors()[0]
    for kind in (Attendance.Kind.PROXY, Attendance.Kind.WRITTEN):
        with pytest.raises(ServiceError) as error:
            services.attendance_set(
                actor=demo["staff"], meeting=meeting, person=director, kind=kind
            )
        assert error.value.field == "kind"
    assert not meeting.attendances.exists()


def test_attendance_lists_only_members_of_the_body(demo):
    meeting = h.meeting(demo)
    with pytest.raises(
        ServiceError, match=r"^この会議に記録できるのは理事会の構成員のみです。$"
    ):
        services.attendance_set(
            actor=demo["staff"], meeting=meeting, person=PersonFactory(), kind="present"
        )
    # The council member is no director: not on the board's sheet.
    with pytest.raises(
        ServiceError, match=r"^この会議に記録できるのは理事会の構成員のみです。$"
    ):
        services.attendance_set(
            actor=demo["staff"],
            meeting=meeting,
            person=demo["council"].person,
            kind="present",
        )
    # The auditor is recorded, as an auditor.
    attendance = services.attendance_set(
        actor=demo["staff"], meeting=meeting, person=h.auditors()[0], kind="present"
    )
    assert attendance.capacity == Attendance.Capacity.AUDITOR


def test_a_director_whose_term_ended_is_not_counted(demo):
    director = h.directors()[-1]
    RoleAssignment.objects.filter(person=director, role=Role.DIRECTOR).update(
        end=h.at(-1).date()
    )
    meeting = h.meeting(demo)
    item = h.item(demo, status="placed", meeting=meeting)
    h.held_meeting_from(demo, meeting)
    assert item_tally(item, meeting).entitled_count == 4


def test_a_director_declares_only_their_own_special_interest(demo):
    item = h.item(demo, status="placed", meeting=h.meeting(demo))
    own = demo["board"].person
    other = next(p for p in h.directors() if p != own)
    with pytest.raises(
        PermissionDenied, match=r"^特別利害関係は理事本人が申告します。$"
    ):
        services.special_interest_declare(actor=demo["board"], item=item, person=other)
    interest = services.special_interest_declare(
        actor=demo["board"], item=item, person=own
    )
    assert interest.self_declared
    assert list(item.special_interests.values_list("person", flat=True)) == [own.pk]
