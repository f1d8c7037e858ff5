"""What the contracts part of the business section plugs into (file owners, panels,
audit words, subject handlers): imported by `BusinessConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from wco_sse.core.audit import register_audit_actions
from wco_sse.core.files import register_file_owner

from .models import Contract, DataDisposal, Expense

AUDIT_ACTIONS = {
    "contract.create": _("recorded the contract"),
    "contract.update": _("changed the contract"),
    "contract.personnel_name": _("named a person for personal information"),
    "contract.personnel_update": _("changed a person's dates for personal information"),
    "contract.budget": _("set the contract's budget"),
    "contract.expense_add": _("added an expense"),
    "contract.expense_correct": _("corrected an expense"),
    "contract.incident": _("logged an incident"),
    "contract.incident_update": _("updated an incident"),
    "contract.disposal": _("recorded data returned or destroyed"),
}

register_audit_actions(AUDIT_ACTIONS)
# The contract's documents (仕様書 and others), an expense's evidence and a disposal's
# certificate: read by those who read the contract, changed by those who run it.
for _model in (Contract, Expense, DataDisposal):
    register_file_owner(
        _model, view="business.view_contract", edit="business.manage_contract"
    )
from . import tasks_contracts  # noqa: E402, F401  (registers the beat task with Celery)
