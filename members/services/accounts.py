"""Accounts: a self-signed-up person's registry record, and resetting someone's
second factor."""

from allauth.mfa.models import Authenticator
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..models import Person


def person_create_for_signup(
    *,
    account,
    family_name,
    given_name,
    family_name_kana,
    given_name_kana,
    language="ja",
) -> Person:
    """A self-signed-up person gets a registry record of their own.

    It is linked to an existing record (and so to W.Cos) only when the secretariat or
    the W.Co's representative confirms it, never by matching the email address.
    """
    with service_transaction():
        person = Person.objects.create(
            family_name=family_name,
            given_name=given_name,
            family_name_kana=family_name_kana,
            given_name_kana=given_name_kana,
            email=account.email,
            language=language if language in {"ja", "en"} else "ja",
            account=account,
        )
        audit_record(actor=account, action="person.signup", target=person)
    return person


def second_factor_reset(*, actor, person: Person, reason: str) -> int:
    """Remove every authenticator of ``person``'s account; logged and notified."""
    require(actor, "members.reset_second_factor")
    if not reason.strip():
        raise ServiceError(
            _("Please state why the second factor is reset."), field="reason"
        )
    if person.account_id is None:
        raise ServiceError(_("This person has no account."))
    with service_transaction():
        removed, _details = Authenticator.objects.filter(
            user_id=person.account_id
        ).delete()
        audit_record(
            actor=actor,
            action="mfa.reset",
            target=person,
            message=reason.strip(),
            data={"authenticators_removed": removed},
        )
        email_queue(
            key=None,
            template="second_factor_reset",
            to=person.account.email,
            language=person.language,
            context={"person": person},
        )
    return removed
