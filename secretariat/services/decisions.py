"""Outcomes of items at a held meeting, computed from the record and stored."""

from django.utils.translation import gettext as _

from members.models import Person
from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError
from wco_sse.core.transactions import service_transaction

from ..models import AgendaItem, Decision, Meeting
from ..subjects import subject_decided
from ..tally import item_tally
from .locks import lock_item_with_meeting
from .pipeline import action_check, check_not_moved, section_notify, transition_log

S = AgendaItem.Status


def _count(value, field):
    if value is None or value == "":
        raise ServiceError(_("Enter the number of votes."), field=field)
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ServiceError(_("Enter a whole number."), field=field) from None
    if value < 0:
        raise ServiceError(_("A number of votes can't be negative."), field=field)
    return value


def _check_decidable(item, meeting, result):
    """At a held meeting, with an outcome that fits the kind of item."""
    if meeting is None:
        raise ServiceError(_("This item is not on the agenda of a meeting."))
    check_not_moved(item, meeting)
    if meeting.status != Meeting.Status.HELD:
        raise ServiceError(
            _(
                "Outcomes are recorded only for a meeting that has been held (this one is %(status)s)."
            )
            % {"status": meeting.get_status_display()}
        )
    if result not in Decision.RESULTS_BY_KIND[item.kind]:
        raise ServiceError(
            _("This outcome does not fit this kind of item (%(kind)s).")
            % {"kind": item.get_kind_display()},
            field="result",
        )


def _check_quorum(tally):
    if not tally.quorum_met:
        raise ServiceError(
            _(
                "The quorum is not met for this item: %(present)s of the %(entitled)s entitled to vote are present, %(needed)s are needed. Carry it over instead."
            )
            % {
                "present": tally.present_count,
                "entitled": tally.entitled_count,
                "needed": tally.quorum_needed,
            },
            field="result",
        )


def _votes(tally, votes_for, votes_against, abstentions):
    """The three counts, whole and no more than those present and entitled."""
    votes = (
        _count(votes_for, "votes_for"),
        _count(votes_against, "votes_against"),
        _count(abstentions, "abstentions"),
    )
    if sum(votes) > tally.present_count:
        raise ServiceError(
            _(
                "%(votes)s votes are more than the %(present)s present and entitled to vote on this item."
            )
            % {"votes": sum(votes), "present": tally.present_count},
            field="votes_for",
        )
    return votes


def _dissenter_ids(tally, dissenters, votes_against):
    """At the board, each director who voted against is named (minutes, 法95条)."""
    if tally.is_assembly:
        return []
    present_ids = {seat.person.pk for seat in tally.present}
    ids = sorted({p.pk for p in dissenters})
    if not set(ids) <= present_ids:
        raise ServiceError(
            _("Dissenting directors must be among those present and entitled to vote."),
            field="dissenters",
        )
    if len(ids) != votes_against:
        raise ServiceError(
            _("Name each director who voted against (%(count)s).")
            % {"count": votes_against},
            field="dissenters",
        )
    return ids


def _vote(decision, tally, *, votes, dissenters):
    """Fill in a vote on ``decision``; return the dissenting directors' ids."""
    _check_quorum(tally)
    votes_for, votes_against, abstentions = _votes(tally, *votes)
    dissenter_ids = _dissenter_ids(tally, dissenters, votes_against)
    decision.votes_for = votes_for
    decision.votes_against = votes_against
    decision.abstentions = abstentions
    decision.adopted = tally.adopted_by(votes_for)
    if decision.adopted:
        decision.outcome = S.AMENDED if decision.amendment else S.APPROVED
    else:
        decision.outcome = S.REJECTED
    return dissenter_ids


def _new_decision(item, meeting, tally, *, actor, amendment, discussion):
    return Decision(
        item=item,
        meeting=meeting,
        entitled=tally.entitled_count,
        present=tally.present_count,
        quorum_needed=tally.quorum_needed,
        quorum_met=tally.quorum_met,
        proxies=tally.proxies,
        written_votes=tally.written_votes,
        amendment=amendment.strip(),
        discussion=discussion.strip(),
        agenda_order=item.order,
        decided_on=meeting.day,
        recorded_by=actor,
    )


def _move_item(item, decision, *, actor, meeting):
    """The item takes the outcome; a carried-over item leaves this meeting and waits to
    be placed on a later one (the decision keeps this meeting in its history)."""
    from_status = item.status
    item.status = decision.outcome
    update = ["status", "updated_at"]
    if decision.outcome == S.DEFERRED:
        item.meeting = None
        update.append("meeting")
    item.save(update_fields=update)
    transition_log(item, actor=actor, from_status=from_status, meeting=meeting)


def _audit(decision, *, actor, item, meeting):
    audit_record(
        actor=actor,
        action="agenda.decide",
        target=item,
        message=decision.get_outcome_display(),
        data={
            "meeting": meeting.pk,
            "for": decision.votes_for,
            "against": decision.votes_against,
            "abstain": decision.abstentions,
            "entitled": decision.entitled,
            "present": decision.present,
        },
    )


def decision_record(
    *,
    actor,
    item: AgendaItem,
    result: str,
    votes_for=None,
    votes_against=None,
    abstentions=None,
    dissenters: list[Person] = (),
    amendment: str = "",
    discussion: str = "",
) -> Decision:
    """Record what the meeting did with ``item``: a vote (可決 / 修正可決 / 否決,
    computed here), 継続審議, 報告済 or 協議済 (``Decision.RESULTS_BY_KIND``).

    Only at a held meeting; a vote needs the item's quorum; the votes can't exceed the
    directors (members) present and entitled; dissenting directors are named.
    """
    with service_transaction():
        meeting, item = lock_item_with_meeting(item.pk)
        action_check(actor, item, AgendaItem.ACTIONS["decide"])
        _check_decidable(item, meeting, result)
        tally = item_tally(item, meeting)
        decision = _new_decision(
            item,
            meeting,
            tally,
            actor=actor,
            amendment=amendment,
            discussion=discussion,
        )
        dissenter_ids = []
        if result == Decision.VOTE:
            dissenter_ids = _vote(
                decision,
                tally,
                votes=(votes_for, votes_against, abstentions),
                dissenters=dissenters,
            )
        else:
            decision.outcome = Decision.OUTCOME_OF[result]
        decision.save()
        if dissenter_ids:
            decision.dissenters.set(dissenter_ids)
        if tally.excluded:
            decision.excluded.set([seat.person.pk for seat in tally.excluded])
        _move_item(item, decision, actor=actor, meeting=meeting)
        subject_decided(item=item, decision=decision, actor=actor)
        _audit(decision, actor=actor, item=item, meeting=meeting)
        section_notify(item, event=f"decide:{decision.pk}")
    return decision
