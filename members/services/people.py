"""People's registry records: registered and changed (versioned, see ``records``)."""

from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.dates import format_day
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..fields import PERSON_REGISTRY_FIELDS, PERSON_SELF_FIELDS
from ..models import Person
from ..roles import forget_roles
from .records import apply_fields, record_update


def person_create(*, actor, data) -> Person:
    """Register a person (the secretariat's form)."""
    with service_transaction():
        return person_create_within(actor=actor, data=data)


def person_create_within(*, actor, data) -> Person:
    """``person_create`` inside the caller's transaction (an import's commit)."""
    require(actor, "members.change_registry")
    person = Person()
    apply_fields(person, data, PERSON_REGISTRY_FIELDS)
    person.save()
    audit_record(
        actor=actor, action="person.create", target=person, data={"version": 1}
    )
    return person


def person_lock_unerased(person, *, field=None) -> Person:
    """Lock ``person``'s row and refuse an erased entry (or the shared anonymous
    one): nothing is added to or changed in it. Inside the caller's transaction; an
    edit that waited for an erasure's lock gets this refusal once it commits."""
    locked = (
        Person.objects.select_for_update(of=("self",))
        .only("pk", "erased_at", "is_placeholder")
        .get(pk=person.pk)
    )
    if locked.is_placeholder:
        raise ServiceError(
            _(
                "This entry stands for anonymized records: it names no one and "
                "cannot be changed."
            ),
            field=field,
        )
    if locked.erased_at is not None:
        raise ServiceError(
            _(
                "This person's data was erased on %(day)s: their entry can no "
                "longer be changed, and nothing can be added to it."
            )
            % {"day": format_day(locked.erased_at)},
            field=field,
        )
    return locked


def person_update(*, actor, person, data, expected_version) -> Person:
    """Save changes to a person's record: the secretariat, or the person themself."""
    old_address = person.contact_email
    with service_transaction():
        updated = person_update_within(
            actor=actor, person=person, data=data, expected_version=expected_version
        )
        _tell_of_new_address(updated, old_address)
    return updated


def _tell_of_new_address(person, old_address):
    """Someone who signs in to the portal is told at their previous address when the
    address the portal writes to them at changes (by them or by the secretariat)."""
    new_address = person.contact_email
    if person.account_id is None or not old_address or old_address == new_address:
        return
    email_queue(
        key=None,
        template="contact_email_changed",
        to=old_address,
        language=person.language,
        context={"person": person, "old": old_address, "new": new_address},
    )


def person_update_within(*, actor, person, data, expected_version) -> Person:
    """``person_update`` inside the caller's transaction (an import's commit)."""
    require(actor, "members.edit_person_record", person)
    person_lock_unerased(person)
    if actor.has_perm("members.change_registry"):
        allowed = PERSON_REGISTRY_FIELDS
    else:
        allowed = PERSON_SELF_FIELDS  # the person themself
    locked, changes = record_update(
        actor=actor,
        record=person,
        data=data,
        allowed=allowed,
        expected_version=expected_version,
        action="person.update",
    )
    if "is_individual_supporter" in changes:
        forget_roles(locked.account)
    return locked
