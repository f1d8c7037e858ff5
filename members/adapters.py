from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from .emails import email_queue_rendered


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """allauth's emails (verification, password reset) go through our email service."""
        language = translation.get_language() or "ja"
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
