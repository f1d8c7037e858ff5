"""Every agenda-item action by role and by state: allowed ones move the item and log
who/when/why; forbidden ones are refused with a message and change nothing."""

import pytest

from secretariat import services
from secretariat.models import AgendaItem
from tests.secretariat import helpers as h
from wco_sse.core.errors import PermissionDenied, ServiceError

pytestmark = pytest.mark.django_db

S = AgendaItem.Status
ROLES = ("support", "network", "council", "staff", "board", "auditor", "member")
STATES = (
    "draft",
    "submitted",
    "returned",
    "accepted",
    "withdrawn",
    "placed",
    "placed_held",
    "deferred",
    "approved",
)

# Written by hand from DESIGN (flow 3) and the issue: who may take each action, and
# from which states. The item comes from the support section.
WHO = {
    "submit": {"support"},
    "withdraw": {"support"},
    "accept": {"council"},
    "return": {"council"},
    "place": {"staff"},
    "unplace": {"staff"},
    "decide": {"staff"},
}
FROM = {
    "submit": {"draft", "returned"},
    "withdraw": {"draft", "submitted", "returned", "accepted"},
    "accept": {"submitted"},
    "return": {"submitted"},
    "place": {"accepted", "deferred"},
    "unplace": {"placed"},  # not once the meeting is held: record an outcome instead
    "decide": {"placed_held"},  # a decision only at a held meeting
}
TO = {
    "submit": S.SUBMITTED,
    "withdraw": S.WITHDRAWN,
    "accept": S.ACCEPTED,
    "return": S.RETURNED,
    "place": S.PLACED,
    "unplace": S.ACCEPTED,
    "decide": S.DEFERRED,
}


def build(demo, state, open_meeting):
    if state in ("placed_held", "deferred", "approved"):
        meeting = h.meeting(demo, title=f"理事会 {state}")
        item = h.item(demo, status="placed", meeting=meeting)
        h.held_meeting_from(demo, meeting)
        if state == "placed_held":
            return item
        h.attend(demo, meeting, h.directors()[:4])
        if state == "deferred":
            services.decision_record(actor=demo["staff"], item=item, result="defer")
        else:
            services.decision_record(
                actor=demo["staff"],
                item=item,
                result="vote",
                votes_for=4,
                votes_against=0,
                abstentions=0,
            )
        return AgendaItem.objects.get(pk=item.pk)
    if state == "placed":
        return h.item(demo, status="placed", meeting=open_meeting)
    return h.item(demo, status=state)


def attempt(demo, action, role, item, open_meeting):
    user = demo[role]
    if action == "place":
        return services.agenda_item_place(actor=user, item=item, meeting=open_meeting)
    if action == "decide":
        return services.decision_record(actor=user, item=item, result="defer")
    return services.agenda_item_transition(
        actor=user, item=item, action=action, reason="理由"
    )


@pytest.mark.parametrize("action", list(WHO))
def test_action_by_role_and_state(demo, action):
    """The full table for one action: 9 states × 7 roles."""
    open_meeting = h.meeting(demo, title="第6回理事会", days=40)
    wrong = []
    for state in STATES:
        item = build(demo, state, open_meeting)
        # Refused attempts change nothing, so one item serves every role of a state;
        # the allowed roles come last.
        for role in sorted(ROLES, key=lambda r: r in WHO[action]):
            item = AgendaItem.objects.get(pk=item.pk)
            before = (item.status, item.transitions.count())
            allowed = role in WHO[action] and state in FROM[action]
            try:
                attempt(demo, action, role, item, open_meeting)
            except (PermissionDenied, ServiceError) as error:
                assert error.message, "a refusal says why"
                after = AgendaItem.objects.get(pk=item.pk)
                changed = (after.status, after.transitions.count()) != before
                if allowed or changed:
                    wrong.append(
                        f"{state} by {role}: refused ({error.message}), changed={changed}"
                    )
                if role not in WHO[action] and not isinstance(error, PermissionDenied):
                    wrong.append(
                        f"{state} by {role}: a wrong role must be refused as such"
                    )
                continue
            after = AgendaItem.objects.get(pk=item.pk)
            if not allowed:
                wrong.append(f"{state} by {role}: allowed but should be refused")
            elif after.status != TO[action]:
                wrong.append(f"{state} by {role}: became {after.status}")
            else:
                last = after.transitions.order_by("-pk").first()
                assert last.actor == demo[role] and last.at is not None
                assert last.to_status == TO[action]
    assert not wrong, "\n".join(wrong)


def test_returning_needs_a_reason(demo):
    item = h.item(demo, status="submitted")
    with pytest.raises(ServiceError) as error:
        services.agenda_item_transition(
            actor=demo["council"], item=item, action="return"
        )
    assert error.value.field == "reason"
    item.refresh_from_db()
    assert item.status == S.SUBMITTED


def test_a_late_submission_is_flagged_not_lost(demo):
    meeting = h.meeting(demo, days=3)  # its deadline (14 days before) has passed
    item = services.agenda_item_create(
        actor=demo["support"],
        source="support",
        kind="deliberation",
        title="遅れた議案",
        target_meeting=meeting,
    )
    item = services.agenda_item_transition(
        actor=demo["support"], item=item, action="submit"
    )
    assert item.status == S.SUBMITTED and item.submitted_late


def test_a_section_drafts_only_for_itself(demo):
    with pytest.raises(PermissionDenied) as error:
        services.agenda_item_create(
            actor=demo["support"],
            source="network",
            kind="deliberation",
            title="他セクション",
        )
    assert (error.value.field, error.value.message) == (
        "source",
        "議案は所属するセクションの分のみ作成できます。",
    )
    with pytest.raises(ServiceError) as error:
        services.agenda_item_create(
            actor=demo["support"], source="support", kind="deliberation", title="  "
        )
    assert error.value.field == "title"
    assert not AgendaItem.objects.exists()


def test_a_deferred_item_keeps_its_history_at_the_next_meeting(demo):
    first = h.meeting(demo, title="第5回理事会")
    item = h.item(demo, status="placed", meeting=first)
    h.held_meeting_from(demo, first)
    services.decision_record(actor=demo["staff"], item=item, result="defer")
    later = h.meeting(demo, title="第6回理事会", days=30)
    item = services.agenda_item_place(actor=demo["staff"], item=item, meeting=later)
    assert item.status == S.PLACED and item.meeting == later
    assert list(item.decisions.values_list("meeting__title", "outcome")) == [
        ("第5回理事会", S.DEFERRED)
    ]
    meetings = [t.meeting.title for t in item.transitions.all() if t.meeting]
    assert meetings[-2:] == ["第5回理事会", "第6回理事会"]


def test_a_cancelled_meeting_gives_its_items_back(demo):
    meeting = h.meeting(demo)
    item = h.item(demo, status="placed", meeting=meeting)
    services.meeting_cancel(actor=demo["staff"], meeting=meeting, reason="台風")
    item.refresh_from_db()
    assert item.status == S.ACCEPTED and item.meeting is None
    assert "台風" in item.transitions.last().reason


def test_a_postponed_meeting_takes_its_agenda_along(demo):
    meeting = h.meeting(demo)
    item = h.item(demo, status="placed", meeting=meeting)
    new = services.meeting_postpone(
        actor=demo["staff"], meeting=meeting, starts_at=h.at(27), reason="議長の急病"
    )
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert meeting.status == "postponed" and meeting.postponed_to == new
    assert item.meeting == new and item.status == S.PLACED
