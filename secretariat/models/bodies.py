from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Section
from wco_sse.core.models import TrackedModel
from wco_sse.core.text import NOTE_MAX_LENGTH
from wco_sse.core.tracking import TrackedManager, TrackedQuerySet


class Threshold(models.TextChoices):
    """A share of a whole, as the articles (定款) state thresholds."""

    MAJORITY = "majority", _("More than half")
    HALF = "half", _("At least half")
    TWO_THIRDS = "two_thirds", _("At least two thirds")
    THREE_QUARTERS = "three_quarters", _("At least three quarters")


_FRACTIONS = {
    # (numerator, denominator, strictly more than)
    Threshold.MAJORITY: (1, 2, True),
    Threshold.HALF: (1, 2, False),
    Threshold.TWO_THIRDS: (2, 3, False),
    Threshold.THREE_QUARTERS: (3, 4, False),
}


def threshold_met(threshold, count, total):
    """Whether ``count`` out of ``total`` reaches ``threshold`` (integers only, no floats)."""
    if total <= 0:
        return False
    numerator, denominator, strict = _FRACTIONS[Threshold(threshold)]
    if strict:
        return count * denominator > total * numerator
    return count * denominator >= total * numerator


def threshold_needed(threshold, total):
    """The smallest count out of ``total`` that reaches ``threshold``."""
    if total <= 0:
        return 0
    for count in range(total + 1):
        if threshold_met(threshold, count, total):
            return count
    return total + 1


# The three bodies every deployment has, with the rules of the model articles; the
# secretariat adjusts them to the association's own articles (定款).
STATUTORY_DEFAULTS = {
    "board": {
        "name": "理事会",
        "notice_days": 7,
        "submission_days": 14,
        "allows_written_resolution": True,
        "minutes_signers": "officers",
    },
    "council": {
        "name": "業務運営会議",
        "notice_days": 3,
        "submission_days": 7,
        "minutes_signers": "chair",
    },
    "assembly": {
        "name": "社員総会",
        "notice_days": 7,
        "written_vote_notice_days": 14,
        "submission_days": 30,
        "minutes_signers": "chair_and_signatories",
    },
}


class BodyManager(TrackedManager):
    def statutory(self, kind):
        """The board, the council or the assembly (made with the model rules if missing)."""
        body, _created = self.get_or_create(
            kind=kind, defaults=STATUTORY_DEFAULTS[str(kind)]
        )
        return body


class Body(TrackedModel):
    """A 会議体: the board, the operations council, the general assembly, or an ad-hoc body.

    Its rules are those of the articles (定款). The board's and the council's members
    follow from role assignments, the assembly's are the 正会員 organizations; only
    ad-hoc bodies list their members (BodyMember).
    """

    class Kind(models.TextChoices):
        BOARD = "board", _("Board of directors")
        COUNCIL = "council", _("Operations council")
        ASSEMBLY = "assembly", _("General assembly")
        AD_HOC = "ad_hoc", _("Other body")

    class MinutesSigners(models.TextChoices):
        OFFICERS = "officers", _("The attending directors and auditors")
        REPRESENTATIVE = (
            "representative",
            _("The attending representative directors and auditors"),
        )
        CHAIR = "chair", _("The chair")
        CHAIR_AND_SIGNATORIES = (
            "chair_and_signatories",
            _("The chair and the minutes signatories chosen at the meeting"),
        )

    class Category(models.TextChoices):
        """What kind of body a section runs (the statutory ones have none)."""

        LIAISON = "liaison", _("Liaison council")
        COMMUNITY = "community", _("Community-building council")
        INDUSTRY = "industry", _("Industry meeting")
        COMMITTEE = "committee", _("Committee")
        PROJECT_TEAM = "project_team", _("Project team")
        OTHER = "other", _("Other")

    class ReportInterval(models.TextChoices):
        QUARTERLY = "quarterly", _("At least once every three months")
        TWICE_YEARLY = (
            "twice_yearly",
            _("Twice in each fiscal year, more than four months apart"),
        )

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.AD_HOC
    )
    description = models.TextField(
        _("description"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    # The section that runs an ad-hoc body (its members run it with the secretariat);
    # blank for the secretariat's own bodies and the statutory ones.
    section = models.CharField(
        _("section"),
        max_length=12,
        choices=Section.choices,
        blank=True,
        help_text=_(
            "The section whose members run the body with the secretariat. Leave "
            "empty for the secretariat's own bodies."
        ),
    )
    category = models.CharField(
        pgettext_lazy("body", "category"),
        max_length=16,
        choices=Category.choices,
        blank=True,
    )
    notice_days = models.PositiveSmallIntegerField(
        _("convocation notice (days)"),
        default=7,
        help_text=_(
            "Clear days between the day the convocation is sent and the day of the meeting."
        ),
    )
    written_vote_notice_days = models.PositiveSmallIntegerField(
        _("convocation notice where written votes are allowed (days)"), default=14
    )
    submission_days = models.PositiveSmallIntegerField(
        _("agenda submission deadline (days before the meeting)"), default=14
    )
    quorum = models.CharField(
        _("quorum"),
        max_length=16,
        choices=Threshold.choices,
        default=Threshold.MAJORITY,
    )
    adoption = models.CharField(
        _("majority for adoption"),
        max_length=16,
        choices=Threshold.choices,
        default=Threshold.MAJORITY,
    )
    special_members = models.CharField(
        _("special resolution: members in favour, of all members"),
        max_length=16,
        choices=Threshold.choices,
        default=Threshold.HALF,
    )
    special_votes = models.CharField(
        _("special resolution: votes in favour, of all votes"),
        max_length=16,
        choices=Threshold.choices,
        default=Threshold.TWO_THIRDS,
    )
    allows_written_resolution = models.BooleanField(
        _("resolutions without a meeting allowed"), default=False
    )
    allows_written_votes = models.BooleanField(
        _("written votes allowed"), default=False
    )
    minutes_signers = models.CharField(
        _("who signs the minutes"),
        max_length=24,
        choices=MinutesSigners.choices,
        default=MinutesSigners.CHAIR,
    )
    report_interval = models.CharField(
        _("directors' activity reports"),
        max_length=16,
        choices=ReportInterval.choices,
        default=ReportInterval.QUARTERLY,
    )
    documents_wareki = models.BooleanField(
        _("documents in the Japanese era by default"), default=True
    )
    # 一般社団法人法 65条3項 and 75条: the board has at least three directors and an
    # auditor; the articles may set more. Below it, those leaving hold over.
    directors_minimum = models.PositiveSmallIntegerField(
        _("minimum number of directors"),
        default=3,
        validators=[MinValueValidator(3), MaxValueValidator(99)],
        help_text=_(
            "Three by law, or more where the articles say so. A director whose term "
            "ends while the board would fall below it keeps their rights and duties "
            "until a successor takes office."
        ),
    )
    auditors_minimum = models.PositiveSmallIntegerField(
        _("minimum number of auditors"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("One by law, or more where the articles say so."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = BodyManager()

    # The rules the secretariat keeps (as the articles state them): the form, the
    # services and the edit page share this list.
    RULE_FIELDS = (
        "name",
        "description",
        "section",
        "category",
        "notice_days",
        "written_vote_notice_days",
        "submission_days",
        "quorum",
        "adoption",
        "special_members",
        "special_votes",
        "allows_written_resolution",
        "allows_written_votes",
        "minutes_signers",
        "report_interval",
        "documents_wareki",
        "directors_minimum",
        "auditors_minimum",
        "is_active",
    )
    # Rules only the board has.
    BOARD_ONLY_FIELDS = ("directors_minimum", "auditors_minimum")
    # Fields only an ad-hoc body has.
    AD_HOC_ONLY_FIELDS = ("section", "category")

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["kind", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=~Q(kind="ad_hoc"),
                name="secretariat_one_body_per_statutory_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind="ad_hoc") | (Q(section="") & Q(category="")),
                name="secretariat_statutory_body_no_section",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_board(self):
        return self.kind == self.Kind.BOARD

    @property
    def is_assembly(self):
        return self.kind == self.Kind.ASSEMBLY

    @property
    def is_ad_hoc(self):
        return self.kind == self.Kind.AD_HOC

    @property
    def takes_agenda(self):
        """Bodies that decide agenda items from the pipeline."""
        return self.kind in {self.Kind.BOARD, self.Kind.ASSEMBLY}

    @property
    def effective_notice_days(self):
        if self.is_assembly and self.allows_written_votes:
            return max(self.notice_days, self.written_vote_notice_days)
        return self.notice_days


class BodyMemberQuerySet(TrackedQuerySet):
    def current(self, day=None):
        day = day or timezone.localdate()
        return self.filter(Q(start__isnull=True) | Q(start__lte=day)).filter(
            Q(end__isnull=True) | Q(end__gte=day)
        )


class BodyMember(TrackedModel):
    """A member of an ad-hoc body (industry meeting, council, committee).

    A seat held by an organization names it: the person is its delegate. A seat is
    current while it has no end date; a delegate's change ends the old seat the day
    before the new one starts, so an organization holds at most one open seat.
    """

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="body_memberships",
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("for the organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="body_seats",
    )
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = BodyMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("body member")
        verbose_name_plural = _("body members")
        ordering = ["body", "person__family_name_kana", "pk"]
        constraints = [
            # A person sits once at a time; a former member may sit again.
            models.UniqueConstraint(
                fields=["body", "person"],
                condition=Q(end__isnull=True),
                name="secretariat_body_member_once",
            ),
            # One open seat per organization per body.
            models.UniqueConstraint(
                fields=["body", "organization"],
                condition=Q(end__isnull=True) & Q(organization__isnull=False),
                name="secretariat_one_open_seat_per_organization",
            ),
        ]

    def __str__(self):
        return f"{self.body} / {self.person}"


class EmailNoticeConsent(TrackedModel):
    """A 社員 (正会員 organization) agreed to receive the assembly's notices by email
    (電磁的方法による招集通知の承諾); the others get them by post."""

    organization = models.OneToOneField(
        "members.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    agreed_on = models.DateField(_("agreed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent to notices by email")
        verbose_name_plural = _("consents to notices by email")
        ordering = ["organization__name_kana"]

    def __str__(self):
        return str(self.organization)
