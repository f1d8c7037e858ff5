from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Support section")

    def ready(self):
        from wco_sse.core.audit import register_audit_actions

        from . import home, panels  # noqa: F401  (registers its pages' parts and panels)
        from .audit_labels import AUDIT_ACTIONS

        register_audit_actions(AUDIT_ACTIONS)

        from wco_sse.core.emails import register_email_context

        from .services.course_emails import (
            APPLICATION_EMAIL_CONTEXT,
            application_email_context,
        )

        register_email_context(APPLICATION_EMAIL_CONTEXT, application_email_context)

        from . import hooks_industry, hooks_projects, hooks_requests, hooks_talent

        for part in (hooks_industry, hooks_projects, hooks_talent, hooks_requests):
            part.ready()
        # What its models hold of people (issue 16).
        from . import privacy  # noqa: F401
