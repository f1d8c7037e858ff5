"""People the secretariat records when they phone in: a step of the services that
apply for them (代理申込) or take their request (相談受付), in the same transaction."""

from dataclasses import dataclass, fields

from django.utils.translation import gettext as _

from members.models import Person
from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

__all__ = ["NEW_PERSON_FIELDS", "NewPerson", "person_create_for_proxy"]


@dataclass(frozen=True, kw_only=True)
class NewPerson:
    """Someone not yet in the registry, as the secretariat takes them down."""

    family_name: str
    given_name: str = ""
    family_name_kana: str = ""
    given_name_kana: str = ""
    phone: str = ""
    email: str = ""


# The forms that take a new person down name their fields by this list.
NEW_PERSON_FIELDS = tuple(field.name for field in fields(NewPerson))


def person_or_new_person_check(person, new_person):
    """A service acting for someone who phoned in takes exactly one of the two."""
    if (person is None) == (new_person is None):
        raise ServiceError(
            _("Choose a person from the registry, or enter a new person's name.")
        )


def person_create_within(*, actor, details: NewPerson) -> Person:
    """A registry record for ``details``, inside the caller's transaction: the
    caller has checked that ``actor`` may record people."""
    if not details.family_name.strip():
        raise ServiceError(_("Please enter the family name."), field="family_name")
    if not details.phone.strip() and not details.email.strip():
        raise ServiceError(
            _("Please enter a phone number or an email address to reach them."),
            field="phone",
        )
    person = Person.objects.create(
        **{name: getattr(details, name).strip() for name in NEW_PERSON_FIELDS}
    )
    audit_record(actor=actor, action="person.create_for_proxy", target=person)
    return person


def person_create_for_proxy(*, actor, **details) -> Person:
    """A registry record for someone who phoned in and is not yet known
    (``details``: the fields of ``NewPerson``)."""
    require(actor, "support.apply_by_proxy")
    details = NewPerson(**details)
    with service_transaction():
        return person_create_within(actor=actor, details=details)
