from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from wco_sse.core.emails import email_queue_rendered, redaction_notice

from .signin_limits import SignInLimitsMixin


class _Site:
    """What allauth's email templates read as ``current_site``: our name, the host."""

    def __init__(self, request):
        self.name = settings.WCO_ORGANIZATION_NAME
        self.domain = get_current_site(request).domain if request else ""


# The context values of allauth's emails (and ours sent through it) that let their
# holder in: confirmation and password-reset links and keys, one-time codes. The
# outbox keeps them only until the email is sent (wco_sse.core.emails).
SECRET_CONTEXT_KEYS = ("activate_url", "password_reset_url", "key", "code", "token")


def _parts(message):
    html = ""
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            html = content
    return message.subject, message.body, html


class AccountAdapter(SignInLimitsMixin, DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """allauth's emails (verification, password reset) go through our email service."""
        language = translation.get_language() or "ja"
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": _Site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        subject, text, html = _parts(message)
        secrets = [key for key in SECRET_CONTEXT_KEYS if context.get(key)]
        redacted = None
        if secrets:
            notice = redaction_notice()
            redacted = _parts(
                self.render_mail(
                    template_prefix,
                    email,
                    {**context, **dict.fromkeys(secrets, notice)},
                )
            )
        email_queue_rendered(
            key=None,
            template=template_prefix.rsplit("/", 1)[-1],
            to=email,
            language=language,
            subject=subject,
            text=text,
            html=html,
            redacted=redacted,
            secret_values=[context[key] for key in secrets],
        )

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        """Security notices (password, email address, second factor) greet the person
        by name, as our other emails do."""
        super().send_notification_mail(
            template_prefix, user, {"user": user, **(context or {})}, email
        )
