"""The network section's audit codes in words, for the histories people read."""

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "contact.create": _("recorded a contact with a partner"),
    "contact.update": _("changed a contact with a partner"),
    "contact.follow_up_done": _("marked the follow-up done"),
    "contact.follow_up_reopen": _("reopened the follow-up"),
}
AUDIT_ACTIONS.update(
    {
        "initiative.create": _("recorded a new initiative"),
        "initiative.update": _("changed an initiative"),
        "initiative.stage": _("changed an initiative's stage"),
        "initiative.support": _("recorded support to an initiative"),
        "initiative.link": _("linked an initiative to its registered organization"),
    }
)
AUDIT_ACTIONS |= {
    "proposal.create": _("recorded a policy proposal"),
    "proposal.update": _("changed a policy proposal"),
    "proposal.transition": _("moved a policy proposal on"),
    "proposal.agenda_item": _("drafted an agenda item on a policy proposal"),
    "proposal.file_attach": _("attached a document to a policy proposal"),
}
AUDIT_ACTIONS |= {
    "checklist.create": _("created a formation checklist"),
    "checklist.update": _("changed a formation checklist"),
    "checklist.confirm": _("confirmed a formation checklist"),
    "checklist.step_add": _("added a step to a formation checklist"),
    "checklist.step_change": _("changed a step of a formation checklist"),
    "checklist.step_delete": _("deleted a step of a formation checklist"),
    "initiative.step_done": _("marked a checklist step of an initiative done"),
    "initiative.step_undone": _("opened a checklist step of an initiative again"),
}
