"""The talent bank and skill registry (人材バンク・技能登録バンク).

A person keeps a ``TalentProfile`` (or the secretariat enters one with their consent
recorded); ``HeldQualification`` rows name the qualifications from the secretariat's
list (``Qualification``). A W.Co, a section or the secretariat asks for people with a
``TalentRequest``; a coordinator proposes candidates (``TalentProposal``); the
requester sees a candidate's profile only once the candidate agrees.

Availability is a set of (weekday, part of the day) slots kept as a bit mask
(``availability_mask``), so "free on every slot the request needs" is one bitwise
test in the database.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wco_sse.core.choices import ChoiceLabelsMixin
from wco_sse.core.japan import fiscal_year, fiscal_year_bounds
from wco_sse.core.models import TrackedModel
from wco_sse.core.text import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH

# --- Availability: seven weekdays × three parts of the day --------------------------

WEEKDAYS = (
    (0, pgettext_lazy("weekday", "Mon")),
    (1, pgettext_lazy("weekday", "Tue")),
    (2, pgettext_lazy("weekday", "Wed")),
    (3, pgettext_lazy("weekday", "Thu")),
    (4, pgettext_lazy("weekday", "Fri")),
    (5, pgettext_lazy("weekday", "Sat")),
    (6, pgettext_lazy("weekday", "Sun")),
)
DAY_PARTS = (
    (0, pgettext_lazy("part of the day", "Morning")),
    (1, pgettext_lazy("part of the day", "Afternoon")),
    (2, pgettext_lazy("part of the day", "Evening")),
)


def slot_code(weekday: int, part: int) -> str:
    """A slot's code in forms: "0-1" is Monday afternoon."""
    return f"{weekday}-{part}"


# Every slot as (code, weekday, part), in the order a form shows them.
SLOTS = tuple(
    (slot_code(day, part), day, part)
    for day, _day in WEEKDAYS
    for part, _p in DAY_PARTS
)


def _bit(weekday: int, part: int) -> int:
    return 1 << (weekday * len(DAY_PARTS) + part)


def availability_mask(codes) -> int:
    """The mask of slot codes ("0-1", …); unknown codes raise ValueError."""
    mask = 0
    for code in codes:
        day, part = (int(x) for x in str(code).split("-"))
        if not (0 <= day < len(WEEKDAYS) and 0 <= part < len(DAY_PARTS)):
            raise ValueError(code)
        mask |= _bit(day, part)
    return mask


def availability_codes(mask: int) -> list[str]:
    """The slot codes set in ``mask``, in form order."""
    return [code for code, day, part in SLOTS if mask & _bit(day, part)]


ALL_SLOTS_MASK = availability_mask(code for code, _d, _p in SLOTS)


def end_of_fiscal_year(day: datetime.date) -> datetime.date:
    """The last day of the fiscal year (April–March) holding ``day``: a consent's
    default expiry."""
    return fiscal_year_bounds(fiscal_year(day))[1]


# --- The secretariat's list of qualifications ----------------------------------------


class Qualification(TrackedModel):
    """A qualification people may hold (介護福祉士, 調理師, 普通自動車運転免許, …)."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    expires = models.BooleanField(
        _("expires"),
        default=False,
        help_text=_("Whether the qualification has an expiry date to record."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


# --- Profiles -------------------------------------------------------------------------


class TalentProfile(ChoiceLabelsMixin, TrackedModel):
    class State(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("talent profile", "Active")
        DORMANT = "dormant", pgettext_lazy("talent profile", "Dormant")
        WITHDRAWN = "withdrawn", pgettext_lazy("talent profile", "Withdrawn")

    class Scope(models.TextChoices):
        COORDINATORS = "coordinators", _("Coordinators only")
        PROPOSE = "propose", _("May be proposed to W.Cos")

    class ConsentMethod(models.TextChoices):
        SELF = "self", _("Given by the person on the portal")
        VERBAL = "verbal", _("Verbal consent, recorded by staff")
        WRITTEN = "written", _("Written consent")

    person = models.OneToOneField(
        "members.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="talent_profile",
    )
    state = models.CharField(
        pgettext_lazy("talent profile", "state"),
        max_length=10,
        choices=State.choices,
        default=State.ACTIVE,
    )
    consent_scope = models.CharField(
        _("consent scope"),
        max_length=12,
        choices=Scope.choices,
        default=Scope.COORDINATORS,
    )
    consent_method = models.CharField(
        _("consent"), max_length=10, choices=ConsentMethod.choices
    )
    consent_at = models.DateTimeField(_("consent given at"))
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_expires = models.DateField(
        _("consent valid until"),
        help_text=_("The end of the fiscal year unless renewed."),
    )
    areas = models.ManyToManyField(
        "members.Municipality",
        verbose_name=_("areas"),
        related_name="talent_profiles",
    )
    availability = models.PositiveIntegerField(_("days and times available"), default=0)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), null=True, blank=True
    )
    preferred_industries = models.ManyToManyField(
        "members.Industry",
        verbose_name=_("preferred industries"),
        blank=True,
        related_name="talent_profiles",
    )
    introduction = models.TextField(_("self-introduction"), max_length=800, blank=True)
    # Keeping it current: the yearly "still available?" email and its answer.
    refresh_asked_on = models.DateField(_("asked to confirm on"), null=True, blank=True)
    confirmed_on = models.DateField(_("last confirmed on"), null=True, blank=True)
    state_changed_on = models.DateField(_("state changed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("talent profile")
        verbose_name_plural = _("talent profiles")
        ordering = ["person__family_name_kana", "person__given_name_kana", "pk"]
        indexes = [
            models.Index(fields=["state", "consent_scope", "consent_expires"]),
        ]

    def __str__(self):
        return str(self.person)

    def get_absolute_url(self):
        return reverse("support:talent_profile_detail", args=[self.pk])

    @property
    def availability_codes(self):
        return availability_codes(self.availability)

    def may_be_proposed(self, day: datetime.date) -> bool:
        return (
            self.state == self.State.ACTIVE
            and self.consent_scope == self.Scope.PROPOSE
            and self.consent_expires >= day
        )


class TalentSkill(TrackedModel):
    """A skill in the person's words, with years of experience."""

    profile = models.ForeignKey(
        TalentProfile,
        verbose_name=_("talent profile"),
        on_delete=models.CASCADE,
        related_name="skills",
    )
    name = models.CharField(pgettext_lazy("skill", "skill"), max_length=60)
    years = models.PositiveSmallIntegerField(_("years of experience"), default=0)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["-years", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "name"], name="support_talent_skill_once"
            ),
        ]

    def __str__(self):
        return self.name


class HeldQualification(ChoiceLabelsMixin, TrackedModel):
    """A qualification on a profile. Its evidence file (a StoredFile attached to it)
    is seen by the secretariat and the person alone; the secretariat verifies it."""

    class State(models.TextChoices):
        HELD = "held", pgettext_lazy("qualification", "Held")
        EXPECTED = "expected", pgettext_lazy("qualification", "Expected")

    profile = models.ForeignKey(
        TalentProfile,
        verbose_name=_("talent profile"),
        on_delete=models.CASCADE,
        related_name="qualifications",
    )
    qualification = models.ForeignKey(
        Qualification,
        verbose_name=_("qualification"),
        on_delete=models.PROTECT,
        related_name="holders",
    )
    state = models.CharField(
        pgettext_lazy("qualification", "state"),
        max_length=10,
        choices=State.choices,
        default=State.HELD,
    )
    number = models.CharField(
        pgettext_lazy("qualification", "number"), max_length=40, blank=True
    )
    obtained_on = models.DateField(_("date obtained"), null=True, blank=True)
    expires_on = models.DateField(
        pgettext_lazy("qualification", "expires on"), null=True, blank=True
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The expiry reminder (60 days before) went on this day; sent once per expiry.
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("held qualification")
        verbose_name_plural = _("held qualifications")
        ordering = ["qualification__order", "qualification__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "qualification"],
                name="support_qualification_once_per_profile",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(obtained_on__isnull=True)
                | Q(expires_on__gte=F("obtained_on")),
                name="support_qualification_expires_after_obtained",
            ),
        ]
        indexes = [models.Index(fields=["qualification", "state", "expires_on"])]

    def __str__(self):
        return str(self.qualification)

    @property
    def is_verified(self):
        return self.verified_at is not None

    def valid_on(self, day: datetime.date) -> bool:
        """Held (not only expected) and not expired on ``day``."""
        return self.state == self.State.HELD and (
            self.expires_on is None or self.expires_on >= day
        )


# --- Requests and proposals -------------------------------------------------------------


class PayUnit(models.TextChoices):
    HOUR = "hour", pgettext_lazy("pay per", "per hour")
    DAY = "day", pgettext_lazy("pay per", "per day")
    MONTH = "month", pgettext_lazy("pay per", "per month")


class TalentRequest(ChoiceLabelsMixin, TrackedModel):
    """People asked for: by a W.Co's representative for their W.Co
    (``organization``), or by a section member or the secretariat for the
    organization's own work (no organization)."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("talent request", "Open")
        FILLED = "filled", pgettext_lazy("talent request", "Filled")
        CLOSED = "closed", pgettext_lazy("talent request", "Closed")

    title = models.CharField(pgettext_lazy("talent request", "title"), max_length=120)
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("for the W.Co"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="talent_requests",
    )
    requested_by = models.ForeignKey(
        "members.Person",
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="talent_requests",
    )
    description = models.TextField(
        pgettext_lazy("talent request", "work"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
    )
    industry = models.ForeignKey(
        "members.Industry",
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="talent_requests",
    )
    qualifications = models.ManyToManyField(
        Qualification,
        verbose_name=_("required qualifications"),
        blank=True,
        related_name="requests",
    )
    areas = models.ManyToManyField(
        "members.Municipality",
        verbose_name=_("areas"),
        related_name="talent_requests",
    )
    availability = models.PositiveIntegerField(_("days and times"), default=0)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), null=True, blank=True
    )
    headcount = models.PositiveSmallIntegerField(_("number of people"), default=1)
    pay_min = models.PositiveIntegerField(_("pay from (yen)"), null=True, blank=True)
    pay_max = models.PositiveIntegerField(_("pay up to (yen)"), null=True, blank=True)
    pay_unit = models.CharField(
        _("pay per"), max_length=6, choices=PayUnit.choices, default=PayUnit.HOUR
    )
    start = models.DateField(pgettext_lazy("talent request", "from"))
    end = models.DateField(
        pgettext_lazy("talent request", "until"), null=True, blank=True
    )
    state = models.CharField(
        pgettext_lazy("talent request", "state"),
        max_length=8,
        choices=State.choices,
        default=State.OPEN,
    )
    coordinator = models.ForeignKey(
        "members.Person",
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinated_talent_requests",
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
        verbose_name = _("talent request")
        verbose_name_plural = _("talent requests")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount__gte=1), name="support_request_headcount"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="support_request_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(pay_min__isnull=True)
                | Q(pay_max__isnull=True)
                | Q(pay_max__gte=F("pay_min")),
                name="support_request_pay_range",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("support:talent_request_detail", args=[self.pk])

    @property
    def availability_codes(self):
        return availability_codes(self.availability)


class TalentProposal(ChoiceLabelsMixin, TrackedModel):
    """A candidate a coordinator proposed for a request, and how it went.

    The requester sees the candidate's profile from AGREED on. The request's row
    (locked) guards its headcount: never more proposals in ``ACCEPTED_STATES`` than
    the request's headcount."""

    class State(models.TextChoices):
        PROPOSED = (
            "proposed",
            pgettext_lazy("talent proposal", "Awaiting the candidate"),
        )
        DECLINED = (
            "declined",
            pgettext_lazy("talent proposal", "Declined by the candidate"),
        )
        AGREED = "agreed", pgettext_lazy("talent proposal", "Agreed; profile shared")
        MEETING = "meeting", pgettext_lazy("talent proposal", "Trial or interview")
        HIRED = "hired", pgettext_lazy("talent proposal", "Hired")
        NOT_HIRED = "not_hired", pgettext_lazy("talent proposal", "Not concluded")
        WITHDRAWN = "withdrawn", pgettext_lazy("talent proposal", "Withdrawn")

    ACCEPTED_STATES = (State.AGREED, State.MEETING, State.HIRED)
    SHARED_STATES = (State.AGREED, State.MEETING, State.HIRED, State.NOT_HIRED)
    OPEN_STATES = (State.PROPOSED, State.AGREED, State.MEETING)

    class Meeting(models.TextChoices):
        TRIAL = "trial", pgettext_lazy("talent proposal", "Trial work")
        INTERVIEW = "interview", pgettext_lazy("talent proposal", "Interview")

    class Reason(models.TextChoices):
        """Why a proposal did not end in hiring (不成立)."""

        MISMATCH = "mismatch", _("Conditions did not match")
        CANDIDATE = "candidate", _("The candidate declined")
        REQUESTER = "requester", _("The requester declined")
        OTHER = "other", pgettext_lazy("talent proposal reason", "Other")

    request = models.ForeignKey(
        TalentRequest,
        verbose_name=_("talent request"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    profile = models.ForeignKey(
        TalentProfile,
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    state = models.CharField(
        pgettext_lazy("talent proposal", "state"),
        max_length=10,
        choices=State.choices,
        default=State.PROPOSED,
    )
    proposed_by = models.ForeignKey(
        "members.Person",
        verbose_name=pgettext_lazy("talent proposal", "proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(
        pgettext_lazy("talent proposal", "proposed at"), auto_now_add=True
    )
    message = models.TextField(
        _("message to the candidate"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    meeting_kind = models.CharField(
        _("trial or interview"), max_length=10, choices=Meeting.choices, blank=True
    )
    meeting_on = models.DateField(_("trial or interview on"), null=True, blank=True)
    outcome_reason = models.CharField(
        _("reason"), max_length=10, choices=Reason.choices, blank=True
    )
    outcome_note = models.CharField(
        pgettext_lazy("talent proposal outcome", "note"), max_length=500, blank=True
    )
    outcome_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("talent", "proposal")
        verbose_name_plural = pgettext_lazy("talent", "proposals")
        ordering = ["proposed_at", "pk"]
        constraints = [
            # A candidate is proposed once for a request while the proposal lives.
            models.UniqueConstraint(
                fields=["request", "profile"],
                condition=Q(state__in=("proposed", "agreed", "meeting", "hired")),
                name="support_proposal_once_per_request",
            ),
            models.CheckConstraint(
                condition=~Q(state="not_hired") | ~Q(outcome_reason=""),
                name="support_proposal_not_hired_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["profile", "state"])]

    def __str__(self):
        return f"{self.request} / {self.profile}"

    def get_absolute_url(self):
        return reverse("support:talent_proposal_detail", args=[self.pk])

    @property
    def is_shared(self):
        """The requester may see the candidate's profile."""
        return self.state in self.SHARED_STATES
