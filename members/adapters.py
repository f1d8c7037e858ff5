from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from wco_sse.core.emails import email_queue_rendered

from .signin_limits import SignInLimitsMixin


class _Site:
    """What allauth's email templates read as ``current_site``: our name, the host."""

    def __init__(self, request):
        self.name = settings.WCO_ORGANIZATION_NAME
        self.domain = get_current_site(request).domain if request else ""


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
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        email_queue_rendered(
            key=None,
            template=template_prefix.rsplit("/", 1)[-1],
            to=email,
            language=language,
            subject=message.subject,
            text=message.body,
            html=html,
        )

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        """Security notices (password, email address, second factor) greet the person
        by name, as our other emails do."""
        super().send_notification_mail(
            template_prefix, user, {"user": user, **(context or {})}, email
        )
