"""Consents and objections to a resolution without a meeting, and what follows from
them: adopted on the last consent, lapsed on an objection or at the deadline."""

import hashlib

from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..models import AgendaItem, Decision, Minutes, WrittenResolution, WrittenResponse
from ..subjects import subject_decided
from .locks import lock_resolution_with_item, lock_response
from .pipeline import transition_log

S = AgendaItem.Status
R = WrittenResolution.Status
A = WrittenResponse.Answer


def token_hash(token: str) -> str:
    """What is stored of the secret in a consent form's link."""
    return hashlib.sha256(token.encode()).hexdigest()


def _adopt(resolution, item, directors, *, actor, now):
    """Every director consented: deemed adopted on the day of the last consent."""
    last = max(r.answered_at for r in directors)
    resolution.status = R.ADOPTED
    resolution.adopted_on = timezone.localtime(last).date()
    resolution.closed_at = now
    resolution.save(update_fields=["status", "adopted_on", "closed_at"])
    decision = Decision.objects.create(
        item=item,
        written_resolution=resolution,
        outcome=S.APPROVED,
        entitled=len(directors),
        present=len(directors),
        quorum_needed=len(directors),
        quorum_met=True,
        votes_for=len(directors),
        votes_against=0,
        abstentions=0,
        adopted=True,
        decided_on=resolution.adopted_on,
        recorded_by=actor,
    )
    interested = list(item.special_interests.values_list("person_id", flat=True))
    if interested:
        decision.excluded.set(interested)
    from_status = item.status
    item.status = S.APPROVED
    item.save(update_fields=["status", "updated_at"])
    transition_log(
        item,
        actor=actor,
        from_status=from_status,
        reason=_("Deemed adopted: every director consented"),
    )
    Minutes.objects.get_or_create(
        written_resolution=resolution, defaults={"created_by": actor}
    )
    subject_decided(item=item, decision=decision, actor=actor)
    audit_record(actor=actor, action="written.adopted", target=resolution)


def _lapse(resolution, item, reason, *, actor, now):
    """An objection or the deadline: it lapses and the item can go to a meeting."""
    resolution.status = R.LAPSED
    resolution.lapse_reason = reason
    resolution.closed_at = now
    resolution.save(update_fields=["status", "lapse_reason", "closed_at"])
    from_status = item.status
    item.status = S.ACCEPTED
    item.save(update_fields=["status", "updated_at"])
    transition_log(
        item,
        actor=actor,
        from_status=from_status,
        reason=_("The resolution without a meeting lapsed: %(reason)s")
        % {"reason": resolution.get_lapse_reason_display()},
    )
    audit_record(
        actor=actor, action="written.lapsed", target=resolution, message=str(reason)
    )


def _lapse_reason(resolution, directors, auditors, now):
    if any(r.answer == A.OBJECT for r in directors):
        return WrittenResolution.LapseReason.OBJECTION
    if any(r.answer == A.OBJECT for r in auditors):
        return WrittenResolution.LapseReason.AUDITOR_OBJECTION
    if all(r.answer == A.CONSENT for r in directors):
        return ""
    if resolution.deadline and now > resolution.deadline:
        return WrittenResolution.LapseReason.DEADLINE
    return ""


def _settle(item, resolution, *, actor, now):
    """Adopt or lapse ``resolution`` from its answers (it and its item are locked);
    return its status."""
    responses = list(resolution.responses.all())
    directors = [
        r for r in responses if r.capacity == WrittenResponse.Capacity.DIRECTOR
    ]
    auditors = [r for r in responses if r.capacity == WrittenResponse.Capacity.AUDITOR]
    reason = _lapse_reason(resolution, directors, auditors, now)
    if reason:
        _lapse(resolution, item, reason, actor=actor, now=now)
    elif all(r.answer == A.CONSENT for r in directors):
        _adopt(resolution, item, directors, actor=actor, now=now)
    return resolution.status


def _check_answerer(response, *, via, actor):
    if via == WrittenResponse.Via.PAPER:
        require(actor, "secretariat.circulate_written")
    elif via == WrittenResponse.Via.PORTAL:
        require(
            actor,
            "secretariat.answer_response",
            response,
            message=_("Only the person asked can answer."),
        )


def written_response_answer(
    *, response: WrittenResponse, answer: str, via: str, actor=None
) -> WrittenResponse:
    """Record a consent or an objection. ``actor`` is the signed-in user (None when the
    answer comes from the emailed link, whose token already identified the person)."""
    if answer not in (A.CONSENT, A.OBJECT):
        raise ServiceError(_("Choose whether you consent or object."), field="answer")
    _check_answerer(response, via=via, actor=actor)
    now = timezone.now()
    expired = False
    with service_transaction():
        item, resolution = lock_resolution_with_item(response.resolution_id)
        response = lock_response(response.pk)
        if resolution.status != R.CIRCULATING:
            raise ServiceError(
                _("This resolution is %(status)s: answers are no longer taken.")
                % {"status": resolution.get_status_display()}
            )
        if now > resolution.deadline:
            # Lapse it now (the beat task may not have run yet), then refuse.
            _settle(item, resolution, actor=actor, now=now)
            expired = True
        else:
            _record_answer(
                resolution, response, answer=answer, via=via, actor=actor, now=now
            )
            _settle(item, resolution, actor=actor, now=now)
    if expired:
        raise ServiceError(_("The deadline for answers has passed."))
    return response


def _record_answer(resolution, response, *, answer, via, actor, now):
    if response.answer != A.PENDING:
        raise ServiceError(_("Your answer has already been recorded."))
    if response.capacity == WrittenResponse.Capacity.AUDITOR and answer == A.CONSENT:
        raise ServiceError(
            _("Auditors do not consent; they may object."), field="answer"
        )
    response.answer = answer
    response.answered_at = now
    response.via = via
    response.save(update_fields=["answer", "answered_at", "via"])
    audit_record(
        actor=actor,
        action="written.answer",
        target=resolution,
        message=f"{response.person}: {response.get_answer_display()}",
        data={"via": via},
    )


def written_resolutions_expire(*, now=None) -> int:
    """Lapse every circulating resolution whose deadline has passed (a beat task)."""
    now = now or timezone.now()
    count = 0
    for pk in WrittenResolution.objects.filter(
        status=R.CIRCULATING, deadline__lt=now
    ).values_list("pk", flat=True):
        with service_transaction():
            item, resolution = lock_resolution_with_item(pk)
            if (
                resolution.status == R.CIRCULATING
                and _settle(item, resolution, actor=None, now=now) == R.LAPSED
            ):
                count += 1
    return count


def response_for_token(token: str):
    if not token or len(token) > 100:
        return None
    return (
        WrittenResponse.objects.select_related("resolution__item", "person")
        .filter(token_hash=token_hash(token))
        .first()
    )
