from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network section")

    def ready(self):
        from wco_sse.core.audit import register_audit_actions

        from . import panels  # noqa: F401  (registers the organization page's panels)
        from .audit_labels import AUDIT_ACTIONS

        register_audit_actions(AUDIT_ACTIONS)
        self._register_proposal_files()
        self._register_fund()

    def _register_proposal_files(self):
        # A proposal's documents: read by those who read it, kept by those who keep it.
        from wco_sse.core.files import register_file_owner

        from .models import Proposal

        register_file_owner(
            Proposal, view="network.view_proposals", edit="network.change_proposal"
        )

    def _register_fund(self):
        # Each part of the fund plugs its page parts, panels, file owners, audit words
        # and handlers in (network.fund.hooks_*).
        from .fund import hooks_awards, hooks_money, hooks_review, hooks_rounds

        for hooks in (hooks_money, hooks_rounds, hooks_review, hooks_awards):
            hooks.register()
        # What its models hold of people (issue 16).
        from . import privacy  # noqa: F401
