"""Indicator sets (実績指標), data the section keeps and versions.

An indicator is a count entered in a report or the ratio of two others of the same
version (就労・増収率 = 就労・増収者数 ÷ 就労支援対象者数). A changed definition makes
a new version of the set; a programme uses one version per fiscal year, and a report
keeps the version it was written with.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wco_sse.core.choices import ChoiceLabelsMixin
from wco_sse.core.models import TrackedModel
from wco_sse.core.text import NOTE_MAX_LENGTH


class IndicatorSet(TrackedModel):
    name = models.CharField(pgettext_lazy("indicator set", "name"), max_length=120)
    # The programme kind it was written for (blank: any).
    kind = models.ForeignKey(
        "business.ProgrammeKind",
        verbose_name=_("programme kind"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicator_sets",
    )
    # Seeded sets are marked until checked against the client's specification (仕様書).
    to_confirm = models.BooleanField(
        _("to confirm against the specification"), default=False
    )
    note = models.TextField(
        pgettext_lazy("indicator set", "note"), max_length=NOTE_MAX_LENGTH, blank=True
    )

    class Meta:
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class IndicatorSetVersion(TrackedModel):
    indicator_set = models.ForeignKey(
        IndicatorSet,
        verbose_name=_("indicator set"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    note = models.CharField(
        pgettext_lazy("indicator set version", "what changed"),
        max_length=200,
        blank=True,
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

    class Meta:
        verbose_name = _("indicator set version")
        verbose_name_plural = _("indicator set versions")
        ordering = ["indicator_set", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_set", "number"],
                name="business_indicatorsetversion_unique_number",
            )
        ]

    def __str__(self):
        return f"{self.indicator_set} v{self.number}"


class Indicator(ChoiceLabelsMixin, TrackedModel):
    class Kind(models.TextChoices):
        COUNT = "count", pgettext_lazy("indicator kind", "Count entered")
        RATIO = "ratio", pgettext_lazy("indicator kind", "Ratio of two indicators")

    version = models.ForeignKey(
        IndicatorSetVersion,
        verbose_name=_("indicator set version"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    # The name is also the placeholder of a client's template: {{新規相談受付件数}}.
    name = models.CharField(pgettext_lazy("indicator", "name"), max_length=60)
    definition = models.TextField(
        pgettext_lazy("indicator", "definition"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    unit = models.CharField(
        pgettext_lazy("indicator", "unit"), max_length=20, blank=True
    )
    kind = models.CharField(
        pgettext_lazy("indicator", "kind"),
        max_length=8,
        choices=Kind.choices,
        default=Kind.COUNT,
    )
    numerator = models.ForeignKey(
        "self",
        verbose_name=_("numerator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name=_("denominator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A count also shown per 100,000 inhabitants a month (the contract's population).
    per_100k = models.BooleanField(_("rate per 100,000 a month"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "name"], name="business_indicator_unique_name"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="count", numerator__isnull=True, denominator__isnull=True)
                    | Q(
                        kind="ratio", numerator__isnull=False, denominator__isnull=False
                    )
                ),
                name="business_indicator_ratio_has_terms",
            ),
        ]

    def __str__(self):
        return self.name


class ProgrammeIndicatorYear(TrackedModel):
    """The indicator set version a programme reports with in one fiscal year."""

    programme = models.ForeignKey(
        "business.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="indicator_years",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    version = models.ForeignKey(
        IndicatorSetVersion,
        verbose_name=_("indicator set version"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("programme's indicators for a year")
        verbose_name_plural = _("programmes' indicators by year")
        ordering = ["programme", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "fiscal_year"],
                name="business_programmeindicatoryear_unique_year",
            )
        ]
