"""Outcomes of items at a held meeting, computed from the record and stored."""

from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Person
from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError

from ..models import AgendaItem, Decision, Meeting
from ..tally import item_tally
from .agenda import ACTIONS, _check, _lock_item, _log, _notify_section

S = AgendaItem.Status

VOTE, DEFER, REPORT, DISCUSS = "vote", "defer", "report", "discuss"
RESULTS_BY_KIND = {
    AgendaItem.Kind.DELIBERATION: (VOTE, DEFER),
    AgendaItem.Kind.REPORT: (REPORT, DEFER),
    AgendaItem.Kind.DISCUSSION: (DISCUSS, DEFER),
}


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
    computed here), 継続審議, 報告済 or 協議済.

    Only at a held meeting; a vote needs the item's quorum; the votes can't exceed the
    directors (members) present and entitled; dissenting directors are named.
    """
    spec = ACTIONS["decide"]
    with transaction.atomic():
        meeting_id = (
            AgendaItem.objects.filter(pk=item.pk)
            .values_list("meeting_id", flat=True)
            .first()
        )
        if meeting_id is None:
            _check(actor, item, spec)
            raise ServiceError(_("This item is not on the agenda of a meeting."))
        meeting = (
            Meeting.objects.select_related("body")
            .select_for_update(of=("self",))
            .get(pk=meeting_id)
        )
        item = _lock_item(item)
        _check(actor, item, spec)
        if item.meeting_id != meeting.pk:
            raise ServiceError(_("The item was moved; please reload the page."))
        if meeting.status != Meeting.Status.HELD:
            raise ServiceError(
                _(
                    "Outcomes are recorded only for a meeting that has been held (this one is %(status)s)."
                )
                % {"status": meeting.get_status_display()}
            )
        if result not in RESULTS_BY_KIND[item.kind]:
            raise ServiceError(
                _("This outcome does not fit this kind of item (%(kind)s).")
                % {"kind": item.get_kind_display()},
                field="result",
            )
        tally = item_tally(item, meeting)
        decision = Decision(
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
            decided_on=meeting.day,
            recorded_by=actor,
        )
        dissenter_ids = []
        if result == VOTE:
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
            votes_for = _count(votes_for, "votes_for")
            votes_against = _count(votes_against, "votes_against")
            abstentions = _count(abstentions, "abstentions")
            if votes_for + votes_against + abstentions > tally.present_count:
                raise ServiceError(
                    _(
                        "%(votes)s votes are more than the %(present)s present and entitled to vote on this item."
                    )
                    % {
                        "votes": votes_for + votes_against + abstentions,
                        "present": tally.present_count,
                    },
                    field="votes_for",
                )
            if not tally.is_assembly:
                present_ids = {seat.person.pk for seat in tally.present}
                dissenter_ids = sorted({p.pk for p in dissenters})
                if not set(dissenter_ids) <= present_ids:
                    raise ServiceError(
                        _(
                            "Dissenting directors must be among those present and entitled to vote."
                        ),
                        field="dissenters",
                    )
                if len(dissenter_ids) != votes_against:
                    raise ServiceError(
                        _("Name each director who voted against (%(count)s).")
                        % {"count": votes_against},
                        field="dissenters",
                    )
            decision.votes_for = votes_for
            decision.votes_against = votes_against
            decision.abstentions = abstentions
            decision.adopted = tally.adopted_by(votes_for)
            if decision.adopted:
                decision.outcome = S.AMENDED if decision.amendment else S.APPROVED
            else:
                decision.outcome = S.REJECTED
        else:
            decision.outcome = {
                DEFER: S.DEFERRED,
                REPORT: S.REPORTED,
                DISCUSS: S.DISCUSSED,
            }[result]
        decision.save()
        if dissenter_ids:
            decision.dissenters.set(dissenter_ids)
        if tally.excluded:
            decision.excluded.set([seat.person.pk for seat in tally.excluded])
        from_status = item.status
        item.status = decision.outcome
        update = ["status", "updated_at"]
        if decision.outcome == S.DEFERRED:
            # The item leaves this meeting and waits to be placed on a later one; the
            # decision row keeps this meeting in its history.
            item.meeting = None
            update.append("meeting")
        item.save(update_fields=update)
        _log(item, actor=actor, from_status=from_status, meeting=meeting)
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
        _notify_section(item, event=f"decide:{decision.pk}")
    return decision
