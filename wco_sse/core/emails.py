"""The one way the portal sends email.

``email_queue`` renders the message in the recipient's language when it is queued,
records it under a key naming the occasion, and hands it to Celery after the
transaction commits. ``email_deliver`` (the body of the task ``send_email``) sends a queued message at
most once, however often the task runs.
"""

import logging
import uuid
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboundEmail

logger = logging.getLogger(__name__)


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


def email_render(*, template, context, language="ja"):
    """Subject, plain text and HTML of ``emails/<template>``, in ``language``."""
    context = _base_context(context)
    with translation.override(language):
        subject = _render_plain(f"emails/{template}_subject.txt", context)
        text = _render_plain(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    return " ".join(subject.split()), text.strip() + "\n", html


def email_queue(*, key, template, to, context, language="ja", attachments=()):
    """Queue one email; return it, or None when ``key`` was queued before or no address.

    ``attachments`` are small text files as (filename, content, mimetype)."""
    if not to:
        return None
    subject, text, html = email_render(
        template=template, context=context, language=language
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
    )


def email_queue_rendered(
    *, key, template, to, language, subject, text, html="", attachments=()
):
    key = key or f"{template}:{uuid.uuid4()}"
    with transaction.atomic():
        email, created = OutboundEmail.objects.get_or_create(
            key=key,
            defaults={
                "template": template,
                "to": to,
                "language": language,
                "subject": subject[:300],
                "body_text": text,
                "body_html": html,
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


def _enqueue(email_id):
    send_email.delay(email_id)


@shared_task(
    name="wco_sse.core.tasks.send_email",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_kwargs={"max_retries": 6},
)
def send_email(email_id):
    return email_deliver(email_id=email_id)


def email_deliver(*, email_id):
    """Send a queued email unless it was sent already. Returns True when it was sent now."""
    try:
        with transaction.atomic():
            email = OutboundEmail.objects.select_for_update().get(pk=email_id)
            if email.status == OutboundEmail.Status.SENT:
                return False
            message = EmailMultiAlternatives(
                subject=email.subject,
                body=email.body_text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[email.to],
            )
            if email.body_html:
                message.attach_alternative(email.body_html, "text/html")
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
            email.save(update_fields=["status", "sent_at", "attempts", "last_error"])
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
