"""Places (居場所・カフェ・子ども食堂・パントリー) and their sessions (開催回).

A session is counts only: no field anywhere here names a person supported. The
recorders a section names per site enter that site's sessions (``is_site_recorder``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models.registry import AddressFields
from wco_sse.core.choices import ChoiceLabelsMixin
from wco_sse.core.models import TrackedModel
from wco_sse.core.text import NOTE_MAX_LENGTH

# Opening days as a bit mask: Monday is bit 0, Sunday bit 6.
WEEKDAY_BITS = tuple(1 << day for day in range(7))


class Site(ChoiceLabelsMixin, AddressFields):
    class Kind(models.TextChoices):
        IBASHO = "ibasho", pgettext_lazy("site kind", "Drop-in place (居場所)")
        CAFE = "cafe", pgettext_lazy("site kind", "Café")
        CHILDREN_DINER = (
            "children_diner",
            pgettext_lazy("site kind", "Children's diner (子ども食堂)"),
        )
        PANTRY = "pantry", pgettext_lazy("site kind", "Food pantry")
        OTHER = "other", pgettext_lazy("site kind", "Other")

    programme = models.ForeignKey(
        "business.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="sites",
    )
    name = models.CharField(pgettext_lazy("site", "name"), max_length=120)
    kind = models.CharField(
        pgettext_lazy("site", "kind"), max_length=16, choices=Kind.choices
    )
    # A registry W.Co that runs it; blank: the organization itself.
    operator = models.ForeignKey(
        "members.Organization",
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="business_sites",
    )
    opening_pattern = models.CharField(_("opening pattern"), max_length=200, blank=True)
    # The weekdays it opens (WEEKDAY_BITS); the recorders' reminder follows them.
    opening_days = models.PositiveSmallIntegerField(_("opening days"), default=0)
    # Whether it may appear in the public directory.
    public = models.BooleanField(_("listed in the public directory"), default=False)
    active = models.BooleanField(pgettext_lazy("site", "open"), default=True)
    note = models.TextField(
        pgettext_lazy("site", "note"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("business:site_detail", args=[self.pk])

    def opens_on(self, day):
        return bool(self.opening_days & WEEKDAY_BITS[day.weekday()])


class FundingCondition(TrackedModel):
    """What one funder asks of a site (sessions a month, hours and meals a session,
    the 保健所 notification); a month that misses it is flagged."""

    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="conditions",
    )
    funder = models.ForeignKey(
        "members.Organization",
        verbose_name=_("funder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    funder_name = models.CharField(
        _("funder (not in the registry)"), max_length=120, blank=True
    )
    sessions_per_month = models.PositiveSmallIntegerField(
        _("sessions a month"), null=True, blank=True
    )
    hours_per_session = models.DecimalField(
        _("hours a session"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    meals_per_session = models.PositiveSmallIntegerField(
        _("meals a session"), null=True, blank=True
    )
    health_notice_required = models.BooleanField(
        _("health centre (保健所) notification required"), default=False
    )
    health_notice_on = models.DateField(
        _("health centre notified on"), null=True, blank=True
    )
    start = models.DateField(
        pgettext_lazy("funding condition", "from"), null=True, blank=True
    )
    end = models.DateField(
        pgettext_lazy("funding condition", "until"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("funding condition")
        verbose_name_plural = _("funding conditions")
        ordering = ["site", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(funder__isnull=False) | ~Q(funder_name=""),
                name="business_condition_names_funder",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="business_condition_end_after_start",
            ),
        ]


class SiteRecorder(TrackedModel):
    """A person the section names to enter one site's sessions, for a period."""

    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="recorders",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="site_recorders",
    )
    start = models.DateField(pgettext_lazy("site recorder", "from"))
    end = models.DateField(
        pgettext_lazy("site recorder", "until"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("site recorder")
        verbose_name_plural = _("site recorders")
        ordering = ["site", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="business_recorder_end_after_start",
            ),
        ]


class SessionType(TrackedModel):
    """A type of session (data: 食堂, 弁当配布, パントリー, 学習支援, イベント, カフェ営業 …)."""

    name = models.CharField(
        pgettext_lazy("session type", "name"), max_length=40, unique=True
    )
    position = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("session type")
        verbose_name_plural = _("session types")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class Session(TrackedModel):
    """One opening of a site (開催回): counts, never names. ``version`` guards two
    recorders saving the same session: the second is told, nothing is lost."""

    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    date = models.DateField(pgettext_lazy("site session", "date"))
    starts = models.TimeField(pgettext_lazy("site session", "from"))
    ends = models.TimeField(pgettext_lazy("site session", "until"))
    type = models.ForeignKey(
        SessionType,
        verbose_name=pgettext_lazy("site session", "type"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    adults = models.PositiveIntegerField(_("adults"), default=0)
    children = models.PositiveIntegerField(_("children"), default=0)
    # Optional age bands of the children.
    children_preschool = models.PositiveIntegerField(
        _("children under school age"), null=True, blank=True
    )
    children_primary = models.PositiveIntegerField(
        _("primary school children"), null=True, blank=True
    )
    children_secondary = models.PositiveIntegerField(
        _("secondary school children"), null=True, blank=True
    )
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    meals = models.PositiveIntegerField(_("meals"), default=0)
    food_packages = models.PositiveIntegerField(_("food packages"), default=0)
    volunteers = models.PositiveIntegerField(_("volunteers"), default=0)
    volunteer_hours = models.DecimalField(
        _("volunteer hours"), max_digits=6, decimal_places=1, default=0
    )
    staff = models.PositiveIntegerField(
        pgettext_lazy("site session", "staff"), default=0
    )
    note = models.CharField(
        pgettext_lazy("site session", "note"), max_length=400, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["site", "-date", "starts", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "date", "type"], name="business_session_unique_day_type"
            ),
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")),
                name="business_session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(volunteer_hours__gte=0),
                name="business_session_hours_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.site} {self.date}"
