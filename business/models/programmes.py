"""Programmes (事業): the section's own work, of kinds the section keeps as data.

The section's list of programmes is not decided (the seed document: 7月から検討), so a
kind is a row, not code: 自治体委託事業 (自立相談支援, 就労準備支援, …), the social
workplaces' model project, the regional network project, places and cafés.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wco_sse.core.choices import ChoiceLabelsMixin
from wco_sse.core.models import TrackedModel
from wco_sse.core.text import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH


class ProgrammeKind(TrackedModel):
    """A kind of programme the section runs (data: a new kind needs no code)."""

    name = models.CharField(pgettext_lazy("programme kind", "name"), max_length=80)
    # The group it is listed under (自治体委託事業 for the contracted ones), blank for none.
    group = models.CharField(
        pgettext_lazy("programme kind", "group"), max_length=80, blank=True
    )
    description = models.TextField(
        pgettext_lazy("programme kind", "description"),
        max_length=NOTE_MAX_LENGTH,
        blank=True,
    )
    # Whether programmes of this kind are contracted (a client, contracts, reports).
    contracted = models.BooleanField(_("contracted by a client"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("programme kind")
        verbose_name_plural = _("programme kinds")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "name"], name="business_programmekind_unique_name"
            )
        ]

    def __str__(self):
        return f"{self.group}（{self.name}）" if self.group else self.name


class Programme(ChoiceLabelsMixin, TrackedModel):
    class State(models.TextChoices):
        CONSIDERING = "considering", pgettext_lazy("programme state", "Under study")
        PREPARING = "preparing", pgettext_lazy("programme state", "In preparation")
        ACTIVE = "active", pgettext_lazy("programme state", "Running")
        ENDED = "ended", pgettext_lazy("programme state", "Ended")

    # The one way forward (a programme may also be dropped while studied or prepared).
    TRANSITIONS = {
        State.CONSIDERING: (State.PREPARING, State.ENDED),
        State.PREPARING: (State.ACTIVE, State.ENDED),
        State.ACTIVE: (State.ENDED,),
    }

    kind = models.ForeignKey(
        ProgrammeKind,
        verbose_name=pgettext_lazy("programme", "kind"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    title = models.CharField(pgettext_lazy("programme", "title"), max_length=120)
    purpose = models.TextField(
        pgettext_lazy("programme", "purpose"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
    )
    start = models.DateField(pgettext_lazy("programme", "start"), null=True, blank=True)
    end = models.DateField(pgettext_lazy("programme", "end"), null=True, blank=True)
    state = models.CharField(
        pgettext_lazy("programme", "state"),
        max_length=12,
        choices=State.choices,
        default=State.CONSIDERING,
    )
    # The business section member leading it.
    lead = models.ForeignKey(
        "members.Person",
        verbose_name=pgettext_lazy("programme", "lead"),
        on_delete=models.PROTECT,
        related_name="led_programmes",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="business_programme_end_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("business:programme_detail", args=[self.pk])


class Partner(ChoiceLabelsMixin, TrackedModel):
    """A registry organization taking part in a programme, with its part."""

    class Part(models.TextChoices):
        CLIENT = "client", _("Commissioning body (委託元)")
        JV_MEMBER = "jv_member", _("Joint venture member")
        SUBCONTRACTOR = "subcontractor", _("Subcontractor")
        COOPERATING = "cooperating", _("Cooperating organization")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="partners",
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="programme_parts",
    )
    part = models.CharField(
        pgettext_lazy("programme partner", "part"), max_length=16, choices=Part.choices
    )
    # A joint venture member's share, in percent.
    share = models.DecimalField(
        _("share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # A subcontractor needs the client's approval (再委託の承認).
    client_approved_on = models.DateField(
        _("client's approval date"), null=True, blank=True
    )
    note = models.CharField(
        pgettext_lazy("programme partner", "note"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("programme partner")
        verbose_name_plural = _("programme partners")
        ordering = ["programme", "part", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organization", "part"],
                name="business_partner_unique_part",
            ),
            models.CheckConstraint(
                condition=Q(share__isnull=True) | (Q(share__gt=0) & Q(share__lte=100)),
                name="business_partner_share_range",
            ),
        ]

    def __str__(self):
        return f"{self.organization} ({self.get_part_display()})"
