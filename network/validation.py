"""Rules of a contact's input that the form and the service both apply."""

from django.utils.translation import gettext as _

from wco_sse.core.errors import ServiceError


def follow_up_problem(data):
    """What is wrong with the follow-up in ``data``, as a ServiceError naming its
    field, or None: a follow-up is someone's, by a date; an owner or a date is for a
    follow-up."""
    follow_up = (data.get("follow_up") or "").strip()
    owner = data.get("follow_up_owner")
    due = data.get("follow_up_due")
    if follow_up and owner is None:
        return ServiceError(
            _("Name who takes care of the follow-up."), field="follow_up_owner"
        )
    if follow_up and due is None:
        return ServiceError(
            _("Give the date the follow-up is due."), field="follow_up_due"
        )
    if not follow_up and (owner is not None or due is not None):
        return ServiceError(
            _("Describe the follow-up, or leave its owner and date empty."),
            field="follow_up",
        )
    return None
