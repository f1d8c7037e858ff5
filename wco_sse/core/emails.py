"""The one way the portal sends email.

``email_queue`` renders the message in the recipient's language when it is queued,
records it under a key naming the occasion, and hands it to Celery after the
transaction commits. ``email_queue_later`` records the same promise without the
words, for a service that queues while holding a lock others wait for (the course
row in a registration rush): the task writes the message from a context builder the
app registered (``register_email_context``) just before it sends it. ``email_deliver`` (the body of the task ``send_email``) sends a queued message at
most once, however often the task runs.

Secrets (a password-reset or consent link, a one-time code, a signed calendar link)
are never kept usable at rest. The sender names the context values that are secret
(``secrets=[...]``); the outbox row then holds a copy rendered with each secret
replaced by a notice (what the admin shows, what a backup holds), and the body to
send is kept apart, encrypted with a key derived from ``SECRET_KEY`` (which no
database backup contains), only until it is sent. A mail not sent within
``WCO_EMAIL_SECRET_HOURS`` loses it for good (``email_secrets_expire``, a beat task):
a database restored elsewhere, even with the key, opens no one's account.
"""

import base64
import json
import logging
import uuid
from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.html import escape
from django.utils.translation import gettext

from .models import OutboundEmail

logger = logging.getLogger(__name__)

_SEAL_SALT = "wco_sse.core.emails.sealed"
# A secret shorter than this is not searched for in the redacted copy (a
# one-character value would blot out ordinary text); it is redacted where the
# template prints it all the same.
_MIN_SCRUB_LENGTH = 6


def redaction_notice():
    """What stands in the stored copy where a secret was, in the active language."""
    return gettext("[Removed for security]")


def _base_context(context):
    return {
        "organization_name": settings.WCO_ORGANIZATION_NAME,
        "site_url": settings.WCO_SITE_URL,
        **context,
    }


def _render_plain(template_name, context):
    """A subject or plain-text part: typed text as typed, never HTML-escaped (a
    course called "A & B" is not "A &amp; B" in a mail reader)."""
    template = Engine.get_default().get_template(template_name)
    return template.render(Context(context, autoescape=False))


def email_render(*, template, context, language="ja", redact=()):
    """Subject, plain text and HTML of ``emails/<template>``, in ``language``; with
    the context values named in ``redact`` replaced by the redaction notice."""
    context = _base_context(context)
    with translation.override(language):
        if redact:
            notice = redaction_notice()
            context.update({name: notice for name in redact if name in context})
        subject = _render_plain(f"emails/{template}_subject.txt", context)
        text = _render_plain(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    return " ".join(subject.split()), text.strip() + "\n", html


def email_queue(
    *, key, template, to, context, language="ja", attachments=(), secrets=()
):
    """Queue one email; return it, or None when ``key`` was queued before or no address.

    ``attachments`` are small text files as (filename, content, mimetype).
    ``secrets`` names the context values that open something (a link with a token,
    a code): the outbox keeps them only until the email is sent."""
    if not to:
        return None
    subject, text, html = email_render(
        template=template, context=context, language=language
    )
    redacted = None
    if secrets:
        redacted = email_render(
            template=template, context=context, language=language, redact=secrets
        )
    return email_queue_rendered(
        key=key,
        template=template,
        to=to,
        language=language,
        subject=subject,
        text=text,
        html=html,
        attachments=attachments,
        redacted=redacted,
        secret_values=[context[name] for name in secrets if name in context],
    )


def email_queue_rendered(
    *,
    key,
    template,
    to,
    language,
    subject,
    text,
    html="",
    attachments=(),
    redacted=None,
    secret_values=(),
):
    """Queue an email rendered by the caller. With ``redacted`` (its subject, text
    and HTML rendered with every secret replaced by the notice), that copy is what
    the outbox keeps and the email itself is sealed until sent; ``secret_values``
    are scrubbed from the copy wherever a template printed them in some other way."""
    key = key or f"{template}:{uuid.uuid4()}"
    sealed = ""
    stored_subject, stored_text, stored_html = subject, text, html
    if redacted is not None:
        sealed = _seal(subject, text, html)
        with translation.override(language):
            notice = redaction_notice()
        stored_subject, stored_text, stored_html = (
            _scrub(part, secret_values, notice) for part in redacted
        )
    with transaction.atomic():
        email, created = OutboundEmail.objects.get_or_create(
            key=key,
            defaults={
                "template": template,
                "to": to,
                "language": language,
                "subject": stored_subject[:300],
                "body_text": stored_text,
                "body_html": stored_html,
                "sealed": sealed,
                "attachments": [
                    {"filename": name, "content": content, "mimetype": mimetype}
                    for name, content, mimetype in attachments
                ],
            },
        )
        if not created:
            return None
        transaction.on_commit(lambda: _enqueue(email.pk))
    return email


# --- Written when sent ----------------------------------------------------------------

_CONTEXT_BUILDERS = {}


def register_email_context(name, builder):
    """Register ``builder(**params)``: the context of an email queued with
    ``email_queue_later(context=name, params=...)``, read when the email is sent, or
    None when its record is gone (the email is then not sent)."""
    _CONTEXT_BUILDERS[name] = builder


def email_queue_later(*, key, template, to, context, params, language="ja"):
    """Queue one email to be written when the task sends it, not now (nothing
    happens when ``key`` was queued before, or there is no address).

    For a service holding a lock others wait for: recording the email is one
    statement in the caller's transaction, so it is sent if and only if the
    transaction commits, while rendering (templates, translations, the records it
    shows) happens in the worker, after the lock is gone. ``context`` names a builder
    registered with ``register_email_context``; ``params`` are its arguments (ids and
    plain values: what must read as it was when queued, such as a waitlist position,
    goes in as a value). Not for emails with secrets."""
    if not to:
        return
    if context not in _CONTEXT_BUILDERS:
        raise LookupError(f"No email context builder named {context!r}.")
    # INSERT … ON CONFLICT DO NOTHING: one round trip, no savepoint; a key queued
    # before stays as it was.
    OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                key=key,
                template=template,
                to=to,
                language=language,
                subject="",
                body_text="",
                render_later={"context": context, "params": params},
            )
        ],
        ignore_conflicts=True,
    )
    transaction.on_commit(lambda: _enqueue_key(key))


def _enqueue_key(key):
    send_email_keyed.delay(key)


def _write_now(email):
    """Render an email queued with ``email_queue_later`` (its row locked by the
    caller) and keep the words as ``email_queue`` would have. False when its record
    is gone: the email is given up."""
    spec = email.render_later
    builder = _CONTEXT_BUILDERS.get(spec.get("context"))
    with translation.override(email.language):
        context = builder(**spec.get("params", {})) if builder else None
    if context is None:
        _give_up(email, error="its record no longer exists")
        return False
    subject, text, html = email_render(
        template=email.template, context=context, language=email.language
    )
    email.subject, email.body_text, email.body_html = subject[:300], text, html
    email.render_later = {}
    email.save(update_fields=["subject", "body_text", "body_html", "render_later"])
    return True


def _enqueue(email_id):
    send_email.delay(email_id)


def _scrub(body, values, notice):
    for value in values:
        value = str(value)
        if len(value) >= _MIN_SCRUB_LENGTH:
            body = body.replace(value, notice).replace(escape(value), notice)
    return body


def _fernet():
    """Keys derived from ``SECRET_KEY`` (and its fallbacks, so a rotation doesn't
    strand a mail in flight): a database backup alone can't open a sealed body."""
    return MultiFernet(
        [
            Fernet(
                base64.urlsafe_b64encode(
                    salted_hmac(
                        _SEAL_SALT, "outbox", secret=secret, algorithm="sha256"
                    ).digest()
                )
            )
            for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
        ]
    )


def _seal(subject, text, html):
    payload = json.dumps({"subject": subject, "text": text, "html": html}).encode()
    return _fernet().encrypt(payload).decode()


def _unseal(sealed):
    payload = json.loads(_fernet().decrypt(sealed.encode()))
    return payload["subject"], payload["text"], payload["html"]


def sealed_rewrite(sealed, rewrite):
    """A sealed body with ``rewrite(text)`` applied to its subject and bodies (a
    name replaced by the pseudonym when its person's data is erased); one that
    cannot be opened (another SECRET_KEY) is answered as it was."""
    if not sealed:
        return sealed
    try:
        subject, text, html = _unseal(sealed)
    except (InvalidToken, ValueError, KeyError):
        return sealed
    return _seal(rewrite(subject), rewrite(text), rewrite(html))


# A mail server that is down is tried again, later and later, six times.
_RETRIES = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 30,
    "retry_kwargs": {"max_retries": 6},
}


@shared_task(name="wco_sse.core.tasks.send_email", **_RETRIES)
def send_email(email_id):
    return email_deliver(email_id=email_id)


@shared_task(name="wco_sse.core.tasks.send_email_keyed", **_RETRIES)
def send_email_keyed(key):
    """``send_email`` for an email queued by key alone (``email_queue_later``: its
    insert returns no id, and the request needn't look it up)."""
    email_id = (
        OutboundEmail.objects.filter(key=key).values_list("pk", flat=True).first()
    )
    if email_id is None:
        logger.warning("No email is queued under %s", key)
        return False
    return email_deliver(email_id=email_id)


def email_deliver(*, email_id):
    """Send a queued email unless it was sent already. Returns True when it was sent now."""
    try:
        with transaction.atomic():
            email = OutboundEmail.objects.select_for_update().get(pk=email_id)
            if email.status in (
                OutboundEmail.Status.SENT,
                OutboundEmail.Status.EXPIRED,
            ):
                return False
            if email.render_later and not _write_now(email):
                return False
            subject, text, html = email.subject, email.body_text, email.body_html
            if email.sealed:
                try:
                    subject, text, html = _unseal(email.sealed)
                except InvalidToken:
                    # Sealed under another SECRET_KEY (a restored backup): its
                    # secrets are lost, and the redacted copy is no email to send.
                    _give_up(email, error="sealed under another SECRET_KEY")
                    return False
            message = EmailMultiAlternatives(
                subject=subject,
                body=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[email.to],
            )
            if html:
                message.attach_alternative(html, "text/html")
            for attachment in email.attachments:
                message.attach(
                    attachment["filename"],
                    attachment["content"],
                    attachment["mimetype"],
                )
            message.send()
            email.status = OutboundEmail.Status.SENT
            email.sent_at = timezone.now()
            email.attempts += 1
            email.last_error = ""
            email.sealed = ""
            email.save(
                update_fields=["status", "sent_at", "attempts", "last_error", "sealed"]
            )
            return True
    except OutboundEmail.DoesNotExist:
        logger.warning("Email %s no longer exists", email_id)
        return False
    except Exception as exc:
        OutboundEmail.objects.filter(pk=email_id).exclude(
            status=OutboundEmail.Status.SENT
        ).update(
            status=OutboundEmail.Status.FAILED,
            attempts=F("attempts") + 1,
            last_error=repr(exc)[:2000],
        )
        raise


def _give_up(email, *, error):
    email.status = OutboundEmail.Status.EXPIRED
    email.sealed = ""
    email.last_error = error
    email.save(update_fields=["status", "sealed", "last_error"])
    logger.warning("Email %s was not sent: %s", email.pk, error)


def email_secrets_expire(*, now=None):
    """Drop the sealed bodies older than ``WCO_EMAIL_SECRET_HOURS``: an email sent
    keeps its redacted copy, one still unsent (its retries spent, or no worker) is
    given up. Returns how many were given up."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.WCO_EMAIL_SECRET_HOURS)
    stale = OutboundEmail.objects.filter(created_at__lt=cutoff).exclude(sealed="")
    with transaction.atomic():
        stale.filter(status=OutboundEmail.Status.SENT).update(sealed="")
        expired = stale.update(
            status=OutboundEmail.Status.EXPIRED,
            sealed="",
            last_error="not sent in time: its secrets were removed",
        )
    if expired:
        logger.warning("%s unsent emails expired with their secrets", expired)
    return expired


@shared_task(name="wco_sse.core.tasks.expire_email_secrets")
def expire_email_secrets():
    return email_secrets_expire()
