"""Accounts: a self-signed-up person's registry record, resetting someone's second
factor, and the code that proves a mailbox before an account's first one."""

import secrets

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac
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


# --- A code to the mailbox before the first second factor (members.second_factor) -----
MAILBOX_CODE_SECONDS = 15 * 60
MAILBOX_CODE_ATTEMPTS = 5
MAILBOX_CODE_RESEND_SECONDS = 60
MAILBOX_CODES_PER_DAY = 10


def _mailbox_code_key(user_id, what):
    return f"mailbox-code:{what}:{user_id}"


def _mailbox_code_digest(user_id, code):
    # Only a keyed hash is kept: the cache alone does not give the code away.
    return salted_hmac("wco.mailbox-code", f"{user_id}:{code}").hexdigest()


def mailbox_address(account):
    """The account's confirmed primary address, where the code goes; or None."""
    return (
        EmailAddress.objects.filter(user=account, primary=True, verified=True)
        .values_list("email", flat=True)
        .first()
    )


def mailbox_code_send(*, account, request=None) -> str:
    """Send a one-time code to ``account``'s confirmed address; return the address.

    One code at a time (a new one replaces the last), at most one a minute and ten a
    day: five wrong tries a code and ten codes a day leave a guesser one chance in
    twenty thousand a day, and the owner an email for each code."""
    address = mailbox_address(account)
    if not address:
        raise ServiceError(
            _(
                "Your account has no confirmed email address. Please ask the "
                "secretariat to set up your second factor."
            )
        )
    if not cache.add(
        _mailbox_code_key(account.pk, "wait"), 1, MAILBOX_CODE_RESEND_SECONDS
    ):
        raise ServiceError(
            _(
                "A code was sent less than a minute ago. Please check your mailbox, "
                "or wait a moment before asking for another."
            )
        )
    sent_key = _mailbox_code_key(account.pk, "sent")
    cache.add(sent_key, 0, 24 * 3600)
    if cache.incr(sent_key) > MAILBOX_CODES_PER_DAY:
        raise ServiceError(
            _(
                "Too many codes were asked for today. Please try again tomorrow, or "
                "ask the secretariat to set up your second factor."
            )
        )
    code = f"{secrets.randbelow(10**6):06d}"
    cache.set(
        _mailbox_code_key(account.pk, "digest"),
        _mailbox_code_digest(account.pk, code),
        MAILBOX_CODE_SECONDS,
    )
    cache.delete(_mailbox_code_key(account.pk, "tries"))
    # The code travels in the context key "code" (the outbox keeps no copy of it).
    get_adapter(request).send_mail(
        "mfa/email/mailbox_code",
        address,
        {"code": code, "user": account, "minutes": MAILBOX_CODE_SECONDS // 60},
    )
    return address


def mailbox_code_confirm(*, account, code) -> None:
    """Check the code typed in; raise ServiceError (at the field ``code``) if it is
    wrong, expired or used up. After five wrong tries even the right code is refused
    until a new one is sent."""
    digest_key = _mailbox_code_key(account.pk, "digest")
    tries_key = _mailbox_code_key(account.pk, "tries")
    digest = cache.get(digest_key)
    if digest is None:
        raise ServiceError(
            _("This code has expired or was never sent. Please ask for a new one."),
            field="code",
        )
    cache.add(tries_key, 0, MAILBOX_CODE_SECONDS)
    tries = cache.incr(tries_key)
    if tries > MAILBOX_CODE_ATTEMPTS:
        cache.delete(digest_key)
        raise ServiceError(
            _("Too many wrong codes. Please ask for a new code."), field="code"
        )
    typed = "".join((code or "").split())
    if not constant_time_compare(digest, _mailbox_code_digest(account.pk, typed)):
        if tries >= MAILBOX_CODE_ATTEMPTS:
            cache.delete(digest_key)
            _mailbox_audit(account, "mfa.mailbox_locked")
            raise ServiceError(
                _("Too many wrong codes. Please ask for a new code."), field="code"
            )
        raise ServiceError(
            _("This code is not right. Please check it and try again."), field="code"
        )
    cache.delete_many([digest_key, tries_key])
    _mailbox_audit(account, "mfa.mailbox_confirmed")


def _mailbox_audit(account, action):
    # In a transaction of its own: a refusal raised after it must not take it back.
    with service_transaction():
        audit_record(
            actor=account,
            action=action,
            target=Person.objects.filter(account=account).first(),
        )
