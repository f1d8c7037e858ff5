"""Choices shared by the network section's model modules."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InitiativeForm(models.TextChoices):
    """The form an initiative intends to take (``Initiative.Form``); a formation
    checklist is kept per form."""

    WCO = "wco", _("W.Co")
    WORKERS_COOPERATIVE = (
        "workers_coop",
        _("Workers' co-operative (労働者協同組合)"),
    )
    ASSOCIATION = "association", pgettext_lazy("initiative form", "Association")
    OTHER = "other", pgettext_lazy("initiative form", "Other")
