"""Affiliations: a person's place in an organization, asked for, added, confirmed and
ended. Only a confirmed one grants anything (members.roles)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..fields import NEW_MEMBER_FIELDS
from ..models import Affiliation, Person
from ..roles import forget_roles
from .people import person_lock_unerased
from .records import apply_fields


def affiliation_request(*, actor, person, organization) -> Affiliation:
    """A signed-up person asks to be recorded as a member of a W.Co.

    The affiliation stays unconfirmed (and grants nothing) until the W.Co's
    representative or the secretariat confirms it.
    """
    require(actor, "members.request_affiliation_for", person)
    if not organization.is_member_organization:
        raise ServiceError(
            _("Only member organizations can be chosen."), field="organization"
        )
    with service_transaction():
        person_lock_unerased(person)
        if (
            Affiliation.objects.current()
            .filter(person=person, organization=organization)
            .exists()
        ):
            raise ServiceError(
                _("You are already registered with this organization."),
                field="organization",
            )
        affiliation = Affiliation.objects.create(
            person=person,
            organization=organization,
            position=Affiliation.Position.MEMBER,
            confirmed=False,
        )
        audit_record(
            actor=actor,
            action="affiliation.request",
            target=organization,
            message=str(person),
            data={"affiliation": affiliation.pk},
        )
    return affiliation


def affiliation_add(
    *, actor, person, organization, position, start=None, confirmed=True
) -> Affiliation:
    """Give ``person`` a place in ``organization``, inside the caller's transaction
    (adding a W.Co's new member, an import's commit)."""
    require(actor, "members.manage_affiliations", organization)
    if position not in Affiliation.Position.values:
        raise ServiceError(_("Choose a position."), field="position")
    person_lock_unerased(person, field="person")
    if (
        Affiliation.objects.current()
        .filter(person=person, organization=organization, position=position)
        .exists()
    ):
        raise ServiceError(
            _("%(person)s already holds this position here.") % {"person": person},
            field="person",
        )
    affiliation = Affiliation.objects.create(
        person=person,
        organization=organization,
        position=position,
        start=start,
        confirmed=confirmed,
        confirmed_by=actor if confirmed else None,
        confirmed_at=timezone.now() if confirmed else None,
    )
    audit_record(
        actor=actor,
        action="affiliation.add",
        target=organization,
        message=f"{person} ({affiliation.get_position_display()})",
        data={"affiliation": affiliation.pk},
    )
    forget_roles(person.account)
    return affiliation


def organization_member_add(
    *, actor, organization, position, person=None, person_data=None, start=None
) -> Affiliation:
    """Add a person to a W.Co's member list, creating their record if they are new.

    The W.Co's representative may add new people to their own W.Co; choosing someone
    already in the registry is for the secretariat (it reveals who is registered).
    """
    require(actor, "members.manage_affiliations", organization)
    if person is not None:
        require(actor, "members.change_registry")
    with service_transaction():
        if person is None:
            person = Person()
            apply_fields(person, person_data or {}, NEW_MEMBER_FIELDS)
            person.save()
            audit_record(
                actor=actor,
                action="person.create",
                target=person,
                message=str(organization),
                data={"version": 1},
            )
        return affiliation_add(
            actor=actor,
            person=person,
            organization=organization,
            position=position,
            start=start,
        )


def affiliation_confirm(*, actor, affiliation) -> Affiliation:
    with service_transaction():
        locked = affiliation_confirm_within(actor=actor, affiliation=affiliation)
    forget_roles(locked.person.account)  # again, now that it is committed
    return locked


def affiliation_confirm_within(*, actor, affiliation) -> Affiliation:
    """``affiliation_confirm`` inside the caller's transaction (an import's commit)."""
    require(actor, "members.manage_affiliations", affiliation.organization)
    # The person before their affiliation (the lock order).
    person_lock_unerased(affiliation.person)
    locked = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    if locked.confirmed:
        return locked
    if locked.end is not None and locked.end < timezone.localdate():
        raise ServiceError(_("This affiliation has ended."))
    locked.confirmed = True
    locked.confirmed_by = actor
    locked.confirmed_at = timezone.now()
    locked.start = locked.start or timezone.localdate()
    locked.save(update_fields=["confirmed", "confirmed_by", "confirmed_at", "start"])
    audit_record(
        actor=actor,
        action="affiliation.confirm",
        target=locked.organization,
        message=str(locked.person),
        data={"affiliation": locked.pk},
    )
    forget_roles(locked.person.account)
    return locked


def affiliation_end(*, actor, affiliation, end=None) -> Affiliation:
    """End an affiliation (a person leaving the W.Co), or refuse a pending request."""
    with service_transaction():
        locked = affiliation_end_within(actor=actor, affiliation=affiliation, end=end)
    forget_roles(locked.person.account)  # again, now that it is committed
    return locked


def affiliation_end_within(*, actor, affiliation, end=None) -> Affiliation:
    """``affiliation_end`` inside the caller's transaction (an import's commit
    replacing a W.Co's representative)."""
    require(actor, "members.manage_affiliations", affiliation.organization)
    end = end or timezone.localdate()
    locked = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    if locked.start and end < locked.start:
        raise ServiceError(_("The end is before the start."), field="end")
    if (
        locked.position == Affiliation.Position.REPRESENTATIVE
        and locked.person.account_id == actor.pk
        and not actor.has_perm("members.change_registry")
    ):
        raise ServiceError(
            _(
                "You cannot end your own place as representative. Please ask the "
                "secretariat, who will record your successor."
            )
        )
    locked.end = end
    locked.save(update_fields=["end"])
    audit_record(
        actor=actor,
        action="affiliation.end",
        target=locked.organization,
        message=f"{locked.person} ({locked.get_position_display()})",
        data={"affiliation": locked.pk, "end": end.isoformat()},
    )
    forget_roles(locked.person.account)
    return locked
