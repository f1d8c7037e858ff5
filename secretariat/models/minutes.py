from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wco_sse.core.models import TrackedModel

from .meetings import Meeting
from .written import WrittenResolution


class Minutes(TrackedModel):
    """議事録 of a held meeting, or of a resolution without a meeting."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNING = "signing", _("Awaiting signatures")
        CONFIRMED = "confirmed", pgettext_lazy("minutes", "Confirmed")

    # Draft → awaiting signatures → confirmed; the minutes of a resolution without a
    # meeting need no signature and are confirmed from the draft.
    TRANSITIONS = {
        Status.DRAFT: {Status.SIGNING, Status.CONFIRMED},
        Status.SIGNING: {Status.CONFIRMED},
        Status.CONFIRMED: set(),
    }
    # The text the secretariat writes (the form, the edit page and the service).
    TEXT_FIELDS = ("opening", "auditors_statements", "other_matters", "writer")

    meeting = models.OneToOneField(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes",
    )
    written_resolution = models.OneToOneField(
        WrittenResolution,
        verbose_name=_("resolution without a meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opening = models.TextField(
        _("opening and proceedings"),
        blank=True,
        help_text=_(
            "How the meeting opened, who chaired it, and anything said before the items."
        ),
    )
    auditors_statements = models.TextField(_("auditors' statements"), blank=True)
    other_matters = models.TextField(_("other matters"), blank=True)
    writer = models.ForeignKey(
        "members.Person",
        verbose_name=_("minutes written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finalized_at = models.DateTimeField(
        _("sent for signature at"), null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(meeting__isnull=False, written_resolution__isnull=True)
                    | Q(meeting__isnull=True, written_resolution__isnull=False)
                ),
                name="secretariat_minutes_of_meeting_or_written",
            )
        ]

    def __str__(self):
        return str(self.meeting or self.written_resolution)

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    def can_move_to(self, status):
        return status in self.TRANSITIONS[self.status]


class MinutesSignatory(TrackedModel):
    """A 議事録署名人 as the body's rule names them, with their 署名 / 記名押印."""

    class Method(models.TextChoices):
        PENDING = "pending", _("Not signed yet")
        SIGNATURE = "signature", _("Signed")
        SEAL = "seal", _("Name and seal")

    minutes = models.ForeignKey(
        Minutes,
        verbose_name=_("minutes"),
        on_delete=models.CASCADE,
        related_name="signatories",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("signatory"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    capacity = models.CharField(
        pgettext_lazy("role at a meeting", "capacity"), max_length=60
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    method = models.CharField(
        _("signature"), max_length=10, choices=Method.choices, default=Method.PENDING
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("minutes signatory")
        verbose_name_plural = _("minutes signatories")
        ordering = ["minutes", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "person"], name="secretariat_signatory_once"
            ),
            models.CheckConstraint(
                condition=Q(method="pending") | Q(signed_on__isnull=False),
                name="secretariat_signatory_signed_on",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.capacity})"

    @property
    def is_signed(self):
        return self.method != self.Method.PENDING
