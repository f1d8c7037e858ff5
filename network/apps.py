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

    def _register_proposal_files(self):
        # A proposal's documents: read by those who read it, kept by those who keep it.
        from wco_sse.core.files import register_file_owner

        from .models import Proposal

        register_file_owner(
            Proposal, view="network.view_proposals", edit="network.change_proposal"
        )
