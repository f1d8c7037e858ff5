"""理事会の決議の省略 (みなし決議, 一般社団法人法 96条).

A director proposes; the secretariat circulates it to every director entitled to vote
(and to the auditors) with a link; it is adopted on the date of the last consent when
every one has consented and no auditor has objected; one objection, or a missing
consent at the deadline, and it lapses (WrittenResolution.TRANSITIONS). The item is
locked before the resolution, the resolution before its answers.
"""

import datetime
import secrets

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Person
from members.models.roles import DIRECTOR_ROLES
from members.roles import roles_of
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..membership import board_directors, board_officers
from ..models import (
    AgendaItem,
    Body,
    Source,
    WrittenResolution,
    WrittenResponse,
)
from .common import site_url
from .consents import token_hash
from .locks import lock_item, lock_resolution_with_item
from .pipeline import transition_log

S = AgendaItem.Status
R = WrittenResolution.Status
A = WrittenResponse.Answer


def _board():
    body = Body.objects.statutory(Body.Kind.BOARD)
    if not body.allows_written_resolution:
        raise ServiceError(
            _("The board's articles do not allow resolutions without a meeting.")
        )
    return body


def _is_director(person, day):
    return person.pk in board_directors(day)


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
    require(
        actor,
        "secretariat.propose_written_item",
        item,
        message=_("The secretariat proposes existing items."),
    )
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
    held = board_officers(day)
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
            # The link answers for the person: the outbox keeps it only until sent.
            secrets=["url"],
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
        item, resolution = lock_resolution_with_item(resolution.pk)
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
