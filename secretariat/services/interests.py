"""A director's special interest (特別利害関係) in an item: out of its quorum and vote."""

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Person
from members.roles import roles_of
from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..membership import board_directors
from ..models import AgendaItem, SpecialInterest
from .locks import lock_item


def _check_declarable(item):
    if item.status not in AgendaItem.INTEREST_OPEN:
        raise ServiceError(
            _("Special interests are declared before the item is decided.")
        )
    if item.meeting_id and item.decisions.filter(meeting_id=item.meeting_id).exists():
        raise ServiceError(_("The item has been decided at this meeting."))


def _check_director(person, item):
    day = item.meeting.day if item.meeting_id else timezone.localdate()
    if person.pk not in board_directors(day):
        raise ServiceError(
            _("Only directors have special interests to declare."), field="person"
        )


def special_interest_declare(
    *, actor, item: AgendaItem, person: Person, reason: str = ""
) -> SpecialInterest:
    """Record a director's special interest in ``item``: the director themself,
    beforehand, or the secretariat."""
    require(actor, "secretariat.declare_interest", item)
    self_declared = person.pk == roles_of(actor).person_id
    if not self_declared:
        require(
            actor,
            "secretariat.declare_others_interest",
            item,
            message=_("Directors declare their own special interests."),
        )
    reason = reason.strip()
    with service_transaction():
        item = lock_item(item.pk)
        _check_declarable(item)
        _check_director(person, item)
        interest, created = SpecialInterest.objects.get_or_create(
            item=item,
            person=person,
            defaults={
                "reason": reason[:300],
                "self_declared": self_declared,
                "declared_by": actor,
            },
        )
        if not created:
            raise ServiceError(
                _("%(person)s's special interest is already recorded.")
                % {"person": person},
                field="person",
            )
        audit_record(
            actor=actor,
            action="agenda.special_interest",
            target=item,
            message=f"{person}: {reason}",
        )
    return interest


def special_interest_remove(*, actor, interest: SpecialInterest):
    require(actor, "secretariat.decide_item", interest.item)
    with service_transaction():
        item = lock_item(interest.item_id)
        if item.status not in AgendaItem.INTEREST_OPEN:
            raise ServiceError(_("The item has been decided."))
        interest.delete()
        audit_record(
            actor=actor,
            action="agenda.special_interest_remove",
            target=item,
            message=str(interest.person),
        )
