from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wco_sse.core.models import TrackedModel

from .meetings import Meeting


class ConvocationDispatch(TrackedModel):
    """One sending of a meeting's convocation (招集通知), or of a follow-up notice
    (追加送付) after its agenda changed: what was sent, to whom and by which channel,
    kept as sent so the next follow-up says what changed and goes to the same
    recipients."""

    class Kind(models.TextChoices):
        CONVOCATION = "convocation", _("Convocation")
        FOLLOW_UP = "follow_up", _("Follow-up notice")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="dispatches",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    late = models.BooleanField(_("sent later than the notice period"), default=False)
    # [{"pk", "title", "kind"}] of the placed items, in their order.
    agenda = models.JSONField(_("agenda as sent"), default=list)
    # {"when", "place", "online_url"} as the notice stated them.
    schedule = models.JSONField(_("date and place as sent"), default=dict)
    # [{"key", "name", "channel", "email", "fax", "postal_code", "address",
    #   "language"}]: the convocation's recipients, whom follow-ups go to.
    recipients = models.JSONField(_("recipients"), default=list)
    # A follow-up's changes: {"added": [...], "removed": [...], "renamed": [[old,
    # new]], "reordered": bool, "schedule": [[field, old, new]]}.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("convocation sent")
        verbose_name_plural = _("convocations sent")
        ordering = ["meeting", "sent_at", "pk"]

    def __str__(self):
        return f"{self.meeting}: {self.get_kind_display()}"

    @property
    def email_count(self):
        return sum(1 for r in self.recipients if r["channel"] == "email")

    @property
    def paper_recipients(self):
        return [r for r in self.recipients if r["channel"] != "email"]
