"""理事会の決議の省略 (みなし決議, 一般社団法人法 96条).

A director proposes; the secretariat circulates it to every director entitled to vote
(and to the auditors) with a link; it is adopted on the date of the last consent when
every one has consented and no auditor has objected; one objection, or a missing
consent at the deadline, and it lapses (WrittenResolution.TRANSITIONS). The item is
locked before the resolution, the resolution before its answers.
"""

import datetime
import hashlib
import secrets

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Person, Role, RoleAssignment
from members.models.roles import DIRECTOR_ROLES
from members.roles import roles_of
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import PermissionDenied, ServiceError, require

from ..models import (
    AgendaItem,
    Body,
    Decision,
    Minutes,
    Source,
    WrittenResolution,
    WrittenResponse,
)
from .common import service_transaction, site_url
from .locks import lock_item, lock_resolution, lock_response
from .pipeline import transition_log

S = AgendaItem.Status
R = WrittenResolution.Status
A = WrittenResponse.Answer


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _board():
    body = Body.objects.statutory(Body.Kind.BOARD)
    if not body.allows_written_resolution:
        raise ServiceError(
            _("The board's articles do not allow resolutions without a meeting.")
        )
    return body


def _is_director(person, day):
    return (
        RoleAssignment.objects.current(day)
        .filter(person=person, role__in=DIRECTOR_ROLES)
        .exists()
    )


def _lock_with_item(resolution_pk):
    """The resolution's item, then the resolution, both locked (the lock order)."""
    item_id = (
        WrittenResolution.objects.filter(pk=resolution_pk)
        .values_list("item_id", flat=True)
        .get()
    )
    item = lock_item(item_id)
    return item, lock_resolution(resolution_pk)


# --- Proposing -------------------------------------------------------------------------


def _proposer(actor, proposer):
    """A director proposes for themself; the secretariat names the director."""
    snapshot = roles_of(actor)
    if not snapshot.is_secretariat:
        proposer = Person.objects.get(pk=snapshot.person_id)
    if proposer is None:
        raise ServiceError(_("Choose the proposing director."), field="proposer")
    if not _is_director(proposer, timezone.localdate()):
        raise ServiceError(_("The proposer must be a director."), field="proposer")
    return proposer


def _new_matter(*, actor, title, text):
    if not title.strip():
        raise ServiceError(_("Give the matter a title."), field="title")
    item = AgendaItem.objects.create(
        source=Source.BOARD,
        kind=AgendaItem.Kind.DELIBERATION,
        title=title.strip()[:200],
        body=text,
        status=S.ACCEPTED,
        created_by=actor,
    )
    transition_log(
        item,
        actor=actor,
        from_status="",
        reason=_("Proposed for a resolution without a meeting"),
    )
    return item


def _existing_item(item, *, actor):
    item = lock_item(item.pk)
    if not roles_of(actor).is_secretariat:
        raise PermissionDenied(_("The secretariat proposes existing items."))
    if (
        item.status not in AgendaItem.WRITTEN_SOURCES
        or item.kind != AgendaItem.Kind.DELIBERATION
    ):
        raise ServiceError(
            _("Only an accepted item for decision can be resolved without a meeting.")
        )
    if WrittenResolution.objects.filter(item=item).exists():
        raise ServiceError(_("This item already had a resolution without a meeting."))
    return item


def written_resolution_propose(
    *,
    actor,
    proposer: Person | None = None,
    title: str = "",
    text: str = "",
    item: AgendaItem | None = None,
) -> WrittenResolution:
    """A director proposes a matter (a new one, or an accepted item); the secretariat may
    record a director's proposal for them."""
    require(actor, "secretariat.propose_written")
    body = _board()
    proposer = _proposer(actor, proposer)
    with service_transaction():
        if item is None:
            item = _new_matter(actor=actor, title=title, text=text)
        else:
            item = _existing_item(item, actor=actor)
        resolution = WrittenResolution.objects.create(
            body=body, item=item, proposer=proposer, created_by=actor
        )
        audit_record(actor=actor, action="written.propose", target=resolution)
    return resolution


# --- Circulating -----------------------------------------------------------------------


def _asked(item, day):
    """(directors, auditors) to ask, by person id: every director but those with a
    special interest in the item, and every auditor who is not also a director."""
    interested = set(item.special_interests.values_list("person_id", flat=True))
    held = {}
    for person_id, role in (
        RoleAssignment.objects.current(day)
        .filter(role__in=(*DIRECTOR_ROLES, Role.AUDITOR))
        .values_list("person_id", "role")
    ):
        held.setdefault(person_id, set()).add(role)
    directors = sorted(
        pk
        for pk, roles in held.items()
        if roles & set(DIRECTOR_ROLES) and pk not in interested
    )
    auditors = sorted(
        pk for pk, roles in held.items() if not roles & set(DIRECTOR_ROLES)
    )
    return directors, auditors


def _consent_forms(resolution, directors, auditors):
    """One consent form each, with the secret of its link; [(person, capacity, token)]."""
    people = Person.objects.in_bulk([*directors, *auditors])
    links = []
    for capacity, ids in (
        (WrittenResponse.Capacity.DIRECTOR, directors),
        (WrittenResponse.Capacity.AUDITOR, auditors),
    ):
        for pk in ids:
            token = secrets.token_urlsafe(32)
            WrittenResponse.objects.create(
                resolution=resolution,
                person_id=pk,
                capacity=capacity,
                token_hash=token_hash(token),
            )
            links.append((people[pk], capacity, token))
    return links


def _send_links(resolution, item, links):
    for person, capacity, token in links:
        email_queue(
            key=f"written:{resolution.pk}:{person.pk}",
            template="secretariat/written_resolution",
            to=person.contact_email if hasattr(person, "contact_email") else "",
            language=person.language,
            context={
                "person": person,
                "resolution": resolution,
                "item": item,
                "is_auditor": capacity == WrittenResponse.Capacity.AUDITOR,
                "url": site_url(
                    reverse("secretariat:written_answer_link", args=[token])
                ),
            },
        )


def _item_circulated(item, *, actor):
    from_status = item.status
    item.status = S.CIRCULATED
    item.meeting = None
    item.save(update_fields=["status", "meeting", "updated_at"])
    transition_log(
        item, actor=actor, from_status=from_status, reason=_("Circulated for consent")
    )


def written_resolution_circulate(
    *, actor, resolution: WrittenResolution, deadline: datetime.datetime
) -> WrittenResolution:
    """Send the matter to every director entitled to vote (consent forms) and to every
    auditor, each with a personal link."""
    require(actor, "secretariat.circulate_written")
    if deadline is None or deadline <= timezone.now():
        raise ServiceError(_("The deadline must be in the future."), field="deadline")
    with service_transaction():
        item, resolution = _lock_with_item(resolution.pk)
        if not resolution.can_move_to(R.CIRCULATING):
            raise ServiceError(
                _("This resolution is %(status)s: it can't be circulated.")
                % {"status": resolution.get_status_display()}
            )
        directors, auditors = _asked(item, timezone.localdate())
        if not directors:
            raise ServiceError(_("No director is entitled to vote on this matter."))
        links = _consent_forms(resolution, directors, auditors)
        resolution.status = R.CIRCULATING
        resolution.circulated_at = timezone.now()
        resolution.deadline = deadline
        resolution.save(update_fields=["status", "circulated_at", "deadline"])
        _item_circulated(item, actor=actor)
        _send_links(resolution, item, links)
        audit_record(
            actor=actor,
            action="written.circulate",
            target=resolution,
            data={"directors": directors, "auditors": auditors},
        )
    return resolution


# --- Answers, adoption and lapse -------------------------------------------------------


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
    elif via == WrittenResponse.Via.PORTAL and (
        actor is None or roles_of(actor).person_id != response.person_id
    ):
        raise PermissionDenied(_("Only the person asked can answer."))


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
        item, resolution = _lock_with_item(response.resolution_id)
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
            item, resolution = _lock_with_item(pk)
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
