"""Period reports (実績報告): one whole number per entered indicator for a programme
(and its contract) over a period; ratios are computed, never stored. A correction
after submission is a new revision that keeps the old one.

And the clients' own spreadsheets: an XLSX the section uploads with placeholders
({{新規相談受付件数}}, {{年度}} …) that the portal fills in a copy.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wco_sse.core.choices import ChoiceLabelsMixin
from wco_sse.core.models import TrackedModel
from wco_sse.core.text import NOTE_MAX_LENGTH


class PeriodReport(ChoiceLabelsMixin, TrackedModel):
    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("report state", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("report state", "Submitted")
        ACCEPTED = "accepted", pgettext_lazy("report state", "Accepted")

    TRANSITIONS = {
        State.DRAFT: (State.SUBMITTED,),
        State.SUBMITTED: (State.ACCEPTED,),
    }

    programme = models.ForeignKey(
        "business.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    contract = models.ForeignKey(
        "business.Contract",
        verbose_name=_("contract"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    # The version of the indicator set it was written with (kept when the set changes).
    version = models.ForeignKey(
        "business.IndicatorSetVersion",
        verbose_name=_("indicator set version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    # The revision this one corrects (kept as it was).
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    state = models.CharField(
        pgettext_lazy("report", "state"),
        max_length=10,
        choices=State.choices,
        default=State.DRAFT,
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    submitted_to = models.CharField(_("submitted to"), max_length=120, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    correction_reason = models.CharField(
        _("reason for the correction"), max_length=200, blank=True
    )
    note = models.TextField(
        pgettext_lazy("report", "note"), max_length=NOTE_MAX_LENGTH, blank=True
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
        verbose_name = _("period report")
        verbose_name_plural = _("period reports")
        ordering = ["programme", "-period_start", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "period_start", "period_end", "revision"],
                name="business_periodreport_unique_revision",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="business_periodreport_end_after_start",
            ),
        ]

    def get_absolute_url(self):
        return reverse("business:report_detail", args=[self.pk])


class ReportValue(TrackedModel):
    report = models.ForeignKey(
        PeriodReport,
        verbose_name=_("period report"),
        on_delete=models.CASCADE,
        related_name="values",
    )
    indicator = models.ForeignKey(
        "business.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.PositiveIntegerField(pgettext_lazy("report value", "value"))

    class Meta:
        verbose_name = _("report value")
        verbose_name_plural = _("report values")
        ordering = ["report", "indicator__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="business_reportvalue_unique"
            )
        ]


class ReportTemplate(TrackedModel):
    """A client's own spreadsheet (XLSX) with placeholders; the file is the
    ``StoredFile`` attached to this row."""

    programme = models.ForeignKey(
        "business.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="templates",
    )
    name = models.CharField(pgettext_lazy("report template", "name"), max_length=120)
    # The placeholders the upload held that the portal does not know (shown, kept).
    unknown_placeholders = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["programme", "name", "pk"]
