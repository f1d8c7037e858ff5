from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Registry")

    def ready(self):
        from wco_sse.core.audit import register_audit_actions

        from .audit_labels import AUDIT_ACTIONS

        register_audit_actions(AUDIT_ACTIONS)
        from wco_sse.core import fragments
        from wco_sse.core.files import register_file_owner

        from . import home, panels, signals, signin_limits  # noqa: F401  (registers its parts)
        from .imports import tasks  # noqa: F401  (where Celery's worker finds them)
        from .models import Organization
        from .roles import VERSION_NAME

        # Every cached fragment is of what its viewer's roles let them see.
        fragments.register_viewer_version(VERSION_NAME)
        from wco_sse.core.printjobs import register_print_document

        from .prints import build_member_roster, build_voting_members

        register_print_document(
            "members.member_roster",
            permission="members.print_registry",
            builder=build_member_roster,
        )
        register_print_document(
            "members.voting_members",
            permission="members.print_registry",
            builder=build_voting_members,
        )
        register_file_owner(
            Organization,
            view="members.view_organization_page",
            edit="members.edit_organization",
        )
        # What its models hold of people (issue 16).
        from . import privacy  # noqa: F401
        from .personal_data import (
            hooks_erasure,
            hooks_export,
            hooks_requests,
            hooks_retention,
        )

        for part in (hooks_requests, hooks_export, hooks_erasure, hooks_retention):
            part.ready()
