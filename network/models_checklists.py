"""Formation checklists as data (設立手続きのチェックリスト): a template per intended form
of an initiative, its steps with deadlines counted from an event of the founding, and
which steps each initiative has done.

An initiative follows the template of its intended form; a step changed later
changes every initiative of that form. A step some initiative has done is retired
rather than deleted, so what was done stays on record.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wco_sse.core.choices import ChoiceLabelsMixin
from wco_sse.core.models import TrackedModel
from wco_sse.core.text import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH

from .choices import InitiativeForm

# Deadlines are counted within two years of their event, before or after.
OFFSET_LIMIT = 730


class ChecklistAnchor(models.TextChoices):
    """The events of a founding a step's deadline is counted from."""

    FOUNDING_MEETING = "founding_meeting", _("Date of the founding meeting")
    REGISTRATION = "registration", _("Date of the registration")
    BUSINESS_START = "business_start", _("Start of business")


# Where an initiative keeps the date of each event.
ANCHOR_FIELDS = {
    ChecklistAnchor.FOUNDING_MEETING: "founding_meeting_on",
    ChecklistAnchor.REGISTRATION: "registered_on",
    ChecklistAnchor.BUSINESS_START: "business_started_on",
}


class ChecklistTemplate(ChoiceLabelsMixin, TrackedModel):
    """The steps of founding one intended form; one template per form. Seeded
    templates (and any changed since) wait for the secretariat to confirm them."""

    form = models.CharField(
        _("intended form"),
        max_length=16,
        choices=InitiativeForm.choices,
        unique=True,
    )
    name = models.CharField(pgettext_lazy("checklist", "name"), max_length=200)
    note = models.TextField(
        pgettext_lazy("checklist", "note"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("formation checklist")
        verbose_name_plural = _("formation checklists")
        ordering = ["form", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:checklist_detail", args=[self.pk])

    @property
    def confirmed(self):
        return self.confirmed_at is not None


class ChecklistStep(ChoiceLabelsMixin, TrackedModel):
    """One step of a template, with an optional deadline: ``offset_days`` after the
    ``anchor`` event (before it when negative)."""

    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(pgettext_lazy("checklist step", "order"))
    title = models.CharField(pgettext_lazy("checklist step", "title"), max_length=200)
    description = models.TextField(
        pgettext_lazy("checklist step", "description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
    )
    anchor = models.CharField(
        _("counted from"), max_length=16, choices=ChecklistAnchor.choices, blank=True
    )
    offset_days = models.SmallIntegerField(
        _("days from the event"), null=True, blank=True
    )
    retired = models.BooleanField(
        pgettext_lazy("checklist step", "retired"),
        default=False,
        help_text=_("No longer asked of initiatives; kept where it was done."),
    )

    class Meta:
        verbose_name = _("checklist step")
        verbose_name_plural = _("checklist steps")
        ordering = ["template", "order", "pk"]
        constraints = [
            # A deadline names both its event and its distance from it, or neither.
            models.CheckConstraint(
                condition=(Q(anchor="") & Q(offset_days__isnull=True))
                | (~Q(anchor="") & Q(offset_days__isnull=False)),
                name="network_step_deadline_whole",
            ),
            models.CheckConstraint(
                condition=Q(offset_days__isnull=True)
                | Q(offset_days__gte=-OFFSET_LIMIT, offset_days__lte=OFFSET_LIMIT),
                name="network_step_offset_in_range",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def has_deadline(self):
        return bool(self.anchor)

    def deadline_for(self, initiative) -> datetime.date | None:
        """The step's deadline for ``initiative``; None without a deadline or while
        the event's date is not known."""
        if not self.anchor:
            return None
        day = getattr(initiative, ANCHOR_FIELDS[self.anchor])
        if day is None:
            return None
        try:
            return day + datetime.timedelta(days=self.offset_days)
        except OverflowError:  # an event at the ends of the calendar
            return None


class InitiativeStepDone(TrackedModel):
    """An initiative has done a step of its checklist, on a day."""

    initiative = models.ForeignKey(
        "network.Initiative", on_delete=models.CASCADE, related_name="steps_done"
    )
    step = models.ForeignKey(
        ChecklistStep, on_delete=models.PROTECT, related_name="done_records"
    )
    done_on = models.DateField(_("done on"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("checklist step", "done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["initiative", "step"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "step"], name="network_step_done_once"
            )
        ]

    def __str__(self):
        return f"{self.initiative} — {self.step}"
