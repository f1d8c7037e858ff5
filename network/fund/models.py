"""The fund's records.

Money is integer yen everywhere. The ledger (``LedgerAccount``, ``LedgerTransaction``,
``LedgerLine``) is append-only double entry: a line's amount is positive for a debit
and negative for a credit, and the lines of one transaction sum to zero (PostgreSQL
checks it at commit with a deferred constraint trigger; ``network.fund.ledger`` checks
it first on every database). Balances, budgets and what is left of a round are read
from the ledger, never kept beside it.
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

# The most one amount may be: 10 億円, far above anything the fund will hold, low
# enough that no sum of lines overflows a bigint.
MAX_YEN = 1_000_000_000


def _user_fk(verbose_name, **kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **kwargs,
    )


class CostCategory(models.TextChoices):
    """The cost lines a budget is written in; a round names those it funds."""

    PERSONNEL = "personnel", _("Personnel")
    HONORARIA = "honoraria", _("Honoraria")
    TRAVEL = "travel", _("Travel")
    SUPPLIES = "supplies", _("Supplies")
    EQUIPMENT = "equipment", _("Equipment")
    VENUE = "venue", _("Venue hire")
    PRINTING = "printing", _("Printing and publicity")
    COMMUNICATION = "communication", _("Postage and communication")
    OUTSOURCING = "outsourcing", _("Outsourcing")
    OTHER = "other", pgettext_lazy("cost category", "Other")


# --- Programmes, sources, rubrics -------------------------------------------------------


class FundProgramme(ChoiceLabelsMixin, TrackedModel):
    """A programme of the fund (助成プログラム). Grants only for now; the kind is kept
    so loans can come later without reshaping the ledger."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Grant")
        LOAN = "loan", _("Loan (not offered yet)")

    name = models.CharField(pgettext_lazy("programme", "name"), max_length=200)
    kind = models.CharField(
        pgettext_lazy("programme", "kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.GRANT,
    )
    purpose = models.TextField(
        _("purpose"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    active = models.BooleanField(pgettext_lazy("programme", "active"), default=True)
    created_by = _user_fk(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fund programme")
        verbose_name_plural = _("fund programmes")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="grant"), name="fund_programme_grants_only"
            )
        ]

    def __str__(self):
        return self.name


class FundSource(ChoiceLabelsMixin, TrackedModel):
    """Where the fund's money comes from (財源): a ledger dimension with a net-asset
    account of its own. A named fund (冠基金) is restricted to one programme."""

    class Kind(models.TextChoices):
        MEMBER_DONATIONS = "member_donations", _("Members' donations")
        NAMED_FUND = "named_fund", _("Named fund")
        SEIKATSU_CLUB = "seikatsu_club", _("Seikatsu Club campaign")
        BOARD_TRANSFER = "board_transfer", _("Transfer by board decision")
        OTHER = "other", pgettext_lazy("fund source", "Other")

    name = models.CharField(pgettext_lazy("fund source", "name"), max_length=200)
    kind = models.CharField(
        pgettext_lazy("fund source", "kind"), max_length=20, choices=Kind.choices
    )
    programme = models.ForeignKey(
        FundProgramme,
        verbose_name=_("restricted to programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="designated_sources",
    )
    description = models.TextField(
        pgettext_lazy("fund source", "description"),
        max_length=NOTE_MAX_LENGTH,
        blank=True,
    )
    active = models.BooleanField(pgettext_lazy("fund source", "active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fund source")
        verbose_name_plural = _("fund sources")
        ordering = ["pk"]
        constraints = [
            # Only a named fund is restricted, and it always is.
            models.CheckConstraint(
                condition=Q(kind="named_fund", programme__isnull=False)
                | (~Q(kind="named_fund") & Q(programme__isnull=True)),
                name="fund_source_named_fund_restricted",
            )
        ]

    def __str__(self):
        return self.name


class Rubric(TrackedModel):
    """A versioned set of review criteria. A rubric a round has used is not changed:
    a new version is made instead."""

    name = models.CharField(pgettext_lazy("rubric", "name"), max_length=200)
    version = models.PositiveSmallIntegerField(
        pgettext_lazy("rubric", "version"), default=1
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"], name="fund_rubric_unique_version"
            )
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"


class RubricCriterion(TrackedModel):
    rubric = models.ForeignKey(
        Rubric,
        verbose_name=_("rubric"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(pgettext_lazy("criterion", "name"), max_length=100)
    description = models.TextField(
        pgettext_lazy("criterion", "description"),
        max_length=NOTE_MAX_LENGTH,
        blank=True,
    )
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=5)

    class Meta:
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        ordering = ["rubric", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gte=1) & Q(max_score__lte=100),
                name="fund_criterion_max_score_range",
            )
        ]

    def __str__(self):
        return self.name


# --- Rounds -------------------------------------------------------------------------------


class FundRound(ChoiceLabelsMixin, TrackedModel):
    """A call for applications (募集回) of a programme. Its budget is what ledger
    entries allocated to its budget account; what is left is that balance less the
    earmarks of recommendations not yet decided."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("fund round", "Being prepared")
        PUBLISHED = "published", pgettext_lazy("fund round", "Published")
        REVIEW = "review", pgettext_lazy("fund round", "Under review")
        CLOSED = "closed", pgettext_lazy("fund round", "Closed")

    programme = models.ForeignKey(
        FundProgramme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    title = models.CharField(pgettext_lazy("fund round", "title"), max_length=200)
    description = models.TextField(
        _("call text"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    status = models.CharField(
        pgettext_lazy("fund round", "status"),
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
    )
    # When the funded projects may run.
    project_start = models.DateField(_("projects from"))
    project_end = models.DateField(_("projects until"))
    # When applications are taken (17:00 必着 on the closing day by default).
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    cap_per_grant = models.PositiveIntegerField(_("cap per grant (yen)"))
    eligible_costs = models.JSONField(
        _("eligible cost lines"), default=list, blank=True
    )
    requires_prior_consultation = models.BooleanField(
        _("prior consultation required"), default=False
    )
    allow_concurrent = models.BooleanField(
        _("a group may hold two live applications"), default=False
    )
    renewable = models.BooleanField(_("renewable"), default=False)
    rubric = models.ForeignKey(
        Rubric,
        verbose_name=_("rubric"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    # The fund committee meeting as a network body (委員会) for this round's hearings.
    committee = models.ForeignKey(
        "secretariat.Body",
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A change request above this share of the award goes to the committee (%).
    change_committee_share = models.PositiveSmallIntegerField(
        _("changes above this share go to the committee (%)"), default=20
    )
    created_by = _user_fk(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("fund round")
        verbose_name_plural = _("fund rounds")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="fund_round_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(project_end__gte=models.F("project_start")),
                name="fund_round_project_period",
            ),
            models.CheckConstraint(
                condition=Q(cap_per_grant__gte=1) & Q(cap_per_grant__lte=MAX_YEN),
                name="fund_round_cap_range",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:fund_round", args=[self.pk])


# --- Applications -------------------------------------------------------------------------


class FundApplication(ChoiceLabelsMixin, TrackedModel):
    """An application to a round by a W.Co or an association (申請書)."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("fund application", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("fund application", "Submitted")
        INELIGIBLE = "ineligible", pgettext_lazy("fund application", "Ineligible")
        IN_REVIEW = "in_review", pgettext_lazy("fund application", "In review")
        RECOMMENDED = "recommended", pgettext_lazy("fund application", "Recommended")
        NOT_RECOMMENDED = (
            "not_recommended",
            pgettext_lazy("fund application", "Not recommended"),
        )
        AT_BOARD = "at_board", pgettext_lazy("fund application", "Before the board")
        AWARDED = "awarded", pgettext_lazy("fund application", "Awarded")
        REJECTED = "rejected", pgettext_lazy("fund application", "Not awarded")
        WITHDRAWN = "withdrawn", pgettext_lazy("fund application", "Withdrawn")

    # Applications that still count as the group's live one (one per group unless
    # the round allows two).
    LIVE = (
        Status.DRAFT,
        Status.SUBMITTED,
        Status.IN_REVIEW,
        Status.RECOMMENDED,
        Status.AT_BOARD,
    )
    # Items the applicant may publish or not (公開/非公開), by key.
    PUBLISHABLE = ("organization", "project_title", "purpose", "content", "amount")

    round = models.ForeignKey(
        FundRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("applicant organization"),
        on_delete=models.PROTECT,
        related_name="fund_applications",
    )
    status = models.CharField(
        pgettext_lazy("fund application", "status"),
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFT,
    )
    entered_on_paper = models.BooleanField(
        _("entered from a paper application"), default=False
    )
    # The organization block: a copy of the registry at the time of applying.
    org_name = models.CharField(_("organization name"), max_length=200)
    org_name_kana = models.CharField(
        _("organization name (kana)"), max_length=200, blank=True
    )
    org_representative = models.CharField(
        _("representative"), max_length=100, blank=True
    )
    org_address = models.CharField(
        pgettext_lazy("fund application", "address"), max_length=300, blank=True
    )
    org_phone = models.CharField(
        pgettext_lazy("fund application", "phone"), max_length=30, blank=True
    )
    org_email = models.EmailField(
        pgettext_lazy("fund application", "email address"), blank=True
    )
    org_founded_on = models.DateField(_("founded on"), null=True, blank=True)
    org_member_count = models.PositiveIntegerField(
        _("number of members"), null=True, blank=True
    )
    # Contacts.
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    accounting_name = models.CharField(
        _("accounting contact"), max_length=100, blank=True
    )
    accounting_phone = models.CharField(
        _("accounting contact phone"), max_length=30, blank=True
    )
    accounting_email = models.EmailField(_("accounting contact email"), blank=True)
    # The project.
    project_title = models.CharField(_("project title"), max_length=200, blank=True)
    is_continuing = models.BooleanField(_("continuing project"), default=False)
    continuing_year = models.PositiveSmallIntegerField(
        _("year of the project"), null=True, blank=True
    )
    purpose = models.TextField(
        pgettext_lazy("project", "purpose"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
    )
    content = models.TextField(
        pgettext_lazy("project", "content"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
    )
    project_start = models.DateField(_("project starts"), null=True, blank=True)
    project_end = models.DateField(_("project ends"), null=True, blank=True)
    expected_participants = models.PositiveIntegerField(
        _("expected participants"), null=True, blank=True
    )
    amount_requested = models.PositiveIntegerField(
        _("amount requested (yen)"), null=True, blank=True
    )
    total_cost = models.PositiveIntegerField(
        _("total cost (yen)"), null=True, blank=True
    )
    other_grants = models.TextField(
        _("other grants"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    declares_no_antisocial_forces = models.BooleanField(
        _("not an antisocial force"), default=False
    )
    declares_no_political_religious_aims = models.BooleanField(
        _("no political or religious aims"), default=False
    )
    # {key in PUBLISHABLE: True/False}: what may be published if awarded.
    publish = models.JSONField(_("public items"), default=dict, blank=True)
    created_by = _user_fk(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = _user_fk(_("submitted by"))
    # Screening by the secretariat.
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    screened_by = _user_fk(_("screened by"))
    ineligible_reason = models.TextField(
        _("reason it is ineligible"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    prior_consultation_on = models.DateField(
        _("prior consultation on"), null=True, blank=True
    )
    # The desk case's number as the consultation desk gives it (support is another
    # section: a number, never a link, and nothing of the case is read here).
    prior_consultation_case = models.CharField(
        _("consultation case number"), max_length=30, blank=True
    )
    # The committee's recommendation.
    recommended_amount = models.PositiveIntegerField(
        _("recommended amount (yen)"), null=True, blank=True
    )
    recommendation_reasons = models.TextField(
        _("reasons for the recommendation"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    recommended_at = models.DateTimeField(_("recommended at"), null=True, blank=True)
    recommended_by = _user_fk(_("recommended by"))
    # What the recommendation holds of the round's budget until the board decides.
    earmarked = models.PositiveIntegerField(_("earmarked (yen)"), default=0)
    agenda_item = models.OneToOneField(
        "secretariat.AgendaItem",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("fund application")
        verbose_name_plural = _("fund applications")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["round", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested__isnull=True)
                | (Q(amount_requested__gte=1) & Q(amount_requested__lte=MAX_YEN)),
                name="fund_application_amount_range",
            ),
            models.CheckConstraint(
                condition=Q(recommended_amount__isnull=True)
                | Q(recommended_amount__lte=models.F("amount_requested")),
                name="fund_application_recommended_within_request",
            ),
        ]

    def __str__(self):
        return f"{self.org_name}: {self.project_title}"

    def get_absolute_url(self):
        return reverse("network:fund_application", args=[self.pk])


class BudgetLine(ChoiceLabelsMixin, TrackedModel):
    """A line of a budget: the application's plan, a change request's revision, or the
    final report's actual cost."""

    class Stage(models.TextChoices):
        PLAN = "plan", pgettext_lazy("budget", "Plan")
        CHANGE = "change", pgettext_lazy("budget", "Revised plan")
        ACTUAL = "actual", pgettext_lazy("budget", "Actual")

    application = models.ForeignKey(
        FundApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="budget_lines",
    )
    stage = models.CharField(
        pgettext_lazy("budget", "stage"),
        max_length=8,
        choices=Stage.choices,
        default=Stage.PLAN,
    )
    change_request = models.ForeignKey(
        "network.ChangeRequest",
        verbose_name=_("change request"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="lines",
    )
    category = models.CharField(
        _("cost line"), max_length=16, choices=CostCategory.choices
    )
    description = models.CharField(
        pgettext_lazy("budget line", "description"), max_length=200, blank=True
    )
    amount = models.PositiveIntegerField(_("amount (yen)"))
    # Of which asked from the fund (the rest from the group's own money or others).
    from_fund = models.PositiveIntegerField(_("of which from the fund (yen)"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["application", "stage", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_fund__lte=models.F("amount")) & Q(amount__lte=MAX_YEN),
                name="fund_budget_line_range",
            ),
            models.CheckConstraint(
                condition=Q(stage="change", change_request__isnull=False)
                | (~Q(stage="change") & Q(change_request__isnull=True)),
                name="fund_budget_line_change_has_request",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.amount}"


class ApplicationFile(TrackedModel):
    """A file attached to an application, with the applicant's 公開/非公開 choice.
    The stored file is attached to the application and governed by its rules."""

    application = models.ForeignKey(
        FundApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    file = models.OneToOneField(
        "core.StoredFile",
        verbose_name=_("file"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    public = models.BooleanField(pgettext_lazy("file", "public"), default=False)

    class Meta:
        verbose_name = _("application file")
        verbose_name_plural = _("application files")
        ordering = ["pk"]


# --- Review -----------------------------------------------------------------------------


class ConflictDeclaration(TrackedModel):
    """A fund committee member's declaration on one application, made before opening
    it: conflicted (then the application, its files and scores are hidden from them)
    or not."""

    application = models.ForeignKey(
        FundApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
    )
    reviewer = models.ForeignKey(
        "members.Person",
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="fund_conflicts",
    )
    conflicted = models.BooleanField(_("has a conflict of interest"))
    reason = models.CharField(
        pgettext_lazy("conflict", "reason"), max_length=300, blank=True
    )
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict declaration")
        verbose_name_plural = _("conflict declarations")
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="fund_conflict_once"
            )
        ]


class Review(ChoiceLabelsMixin, TrackedModel):
    """One reviewer's scores of one application at one stage: on the documents, then
    (optionally) after the hearing."""

    class Stage(models.TextChoices):
        DOCUMENTS = "documents", _("Document review")
        HEARING = "hearing", _("After the hearing")

    application = models.ForeignKey(
        FundApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    reviewer = models.ForeignKey(
        "members.Person",
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="fund_reviews",
    )
    stage = models.CharField(
        pgettext_lazy("review", "stage"), max_length=10, choices=Stage.choices
    )
    comment = models.TextField(
        pgettext_lazy("review", "comment"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    total = models.PositiveIntegerField(_("total score"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["application", "stage", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer", "stage"], name="fund_review_once"
            )
        ]


class ReviewScore(TrackedModel):
    review = models.ForeignKey(
        Review,
        verbose_name=_("review"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        RubricCriterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.PositiveSmallIntegerField(pgettext_lazy("review", "score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["review", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="fund_score_once"
            )
        ]


# --- Awards to settlement -----------------------------------------------------------------


class Award(ChoiceLabelsMixin, TrackedModel):
    """The board's grant to an application (交付決定). A 修正可決 leaves the amount to
    the secretariat (``AWAITING_AMOUNT``) before anything is paid."""

    class Status(models.TextChoices):
        AWAITING_AMOUNT = "awaiting_amount", _("Awaiting the amount")
        AWARDED = "awarded", pgettext_lazy("award", "Awarded")
        REPORTED = "reported", _("Report received")
        SETTLED = "settled", _("Settled")

    class PaymentMode(models.TextChoices):
        ADVANCE = "advance", _("Advance, then settlement")
        AFTER_REPORT = "after_report", _("After the report")

    application = models.OneToOneField(
        FundApplication,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="award",
    )
    number = models.CharField(_("award number"), max_length=30, unique=True)
    status = models.CharField(
        pgettext_lazy("award", "status"),
        max_length=16,
        choices=Status.choices,
        default=Status.AWARDED,
    )
    amount = models.PositiveIntegerField(
        _("amount awarded (yen)"), null=True, blank=True
    )
    payment_mode = models.CharField(
        _("payment"),
        max_length=16,
        choices=PaymentMode.choices,
        default=PaymentMode.ADVANCE,
    )
    decided_on = models.DateField(_("decided on"))
    # The board's decision (secretariat.Decision) it came from.
    decision = models.ForeignKey(
        "secretariat.Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    report_due = models.DateField(_("report due"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(
        _("reminder sent at"), null=True, blank=True
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="awaiting_amount")
                | (Q(amount__gte=1) & Q(amount__lte=MAX_YEN)),
                name="fund_award_amount_known",
            )
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("network:fund_award", args=[self.pk])


class Payment(ChoiceLabelsMixin, TrackedModel):
    """A payment of an award: prepared by one secretariat member, confirmed (and so
    booked) by another. The idempotency key makes a double submission post once."""

    class Kind(models.TextChoices):
        ADVANCE = "advance", _("Advance payment")
        SETTLEMENT = "settlement", _("Settlement payment")

    class Status(models.TextChoices):
        PREPARED = "prepared", pgettext_lazy("payment", "Prepared")
        CONFIRMED = "confirmed", pgettext_lazy("payment", "Paid")
        CANCELLED = "cancelled", pgettext_lazy("payment", "Cancelled")

    award = models.ForeignKey(
        Award,
        verbose_name=_("award"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    kind = models.CharField(
        pgettext_lazy("payment", "kind"), max_length=12, choices=Kind.choices
    )
    status = models.CharField(
        pgettext_lazy("payment", "status"),
        max_length=12,
        choices=Status.choices,
        default=Status.PREPARED,
    )
    amount = models.PositiveIntegerField(_("amount (yen)"))
    pay_on = models.DateField(_("payment date"))
    idempotency_key = models.CharField(max_length=64, unique=True)
    prepared_by = _user_fk(_("prepared by"))
    prepared_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    confirmed_by = _user_fk(_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["award", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=1) & Q(amount__lte=MAX_YEN),
                name="fund_payment_amount_range",
            ),
            # Four eyes: the one who confirms is never the one who prepared.
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True)
                | ~Q(confirmed_by=models.F("prepared_by")),
                name="fund_payment_four_eyes",
            ),
        ]


class ChangeRequest(ChoiceLabelsMixin, TrackedModel):
    """A change of plan (変更計画書): revised budget lines and the reason. Decided by
    the secretariat, or by the committee when it moves more than the round's share."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("change request", "Submitted")
        APPROVED = "approved", pgettext_lazy("change request", "Approved")
        REFUSED = "refused", pgettext_lazy("change request", "Refused")

    award = models.ForeignKey(
        Award,
        verbose_name=_("award"),
        on_delete=models.PROTECT,
        related_name="change_requests",
    )
    reason = models.TextField(
        pgettext_lazy("change request", "reason"), max_length=NOTE_MAX_LENGTH
    )
    status = models.CharField(
        pgettext_lazy("change request", "status"),
        max_length=10,
        choices=Status.choices,
        default=Status.SUBMITTED,
    )
    needs_committee = models.BooleanField(_("decided by the committee"), default=False)
    submitted_by = _user_fk(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_by = _user_fk(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    answer = models.TextField(
        pgettext_lazy("change request", "answer"),
        max_length=NOTE_MAX_LENGTH,
        blank=True,
    )

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["award", "pk"]


class FinalReport(ChoiceLabelsMixin, TrackedModel):
    """The final report (実績報告): what was done, the actual cost lines (``BudgetLine``
    of stage ACTUAL) and evidence files attached to the report. Unspent money is
    returned and booked before the award is settled."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("report", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("report", "Submitted")
        ACCEPTED = "accepted", pgettext_lazy("report", "Accepted")

    award = models.OneToOneField(
        Award,
        verbose_name=_("award"),
        on_delete=models.PROTECT,
        related_name="report",
    )
    status = models.CharField(
        pgettext_lazy("report", "status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
    )
    summary = models.TextField(
        _("what was done"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    outcomes = models.TextField(
        _("outcomes"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    submitted_by = _user_fk(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_by = _user_fk(_("accepted by"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # Paid less what was spent from the fund, when that is more than nothing.
    refund_due = models.PositiveIntegerField(_("to be returned (yen)"), default=0)
    refund_received_on = models.DateField(_("returned on"), null=True, blank=True)

    class Meta:
        verbose_name = _("final report")
        verbose_name_plural = _("final reports")


# --- Money in ---------------------------------------------------------------------------


class Contribution(ChoiceLabelsMixin, TrackedModel):
    """Money given to the fund (寄付・募金), booked to its source's net assets."""

    class Method(models.TextChoices):
        TRANSFER = "transfer", _("Bank transfer")
        CASH = "cash", _("Cash")
        DIRECT_DEBIT = "direct_debit", _("Direct debit")
        OTHER = "other", pgettext_lazy("payment method", "Other")

    source = models.ForeignKey(
        FundSource,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("from organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_contributions",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("from person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_contributions",
    )
    donor_name = models.CharField(_("from (name)"), max_length=200, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    amount = models.PositiveIntegerField(_("amount (yen)"))
    received_on = models.DateField(_("received on"))
    method = models.CharField(
        _("method"), max_length=16, choices=Method.choices, default=Method.TRANSFER
    )
    receipt_number = models.CharField(_("receipt number"), max_length=30, unique=True)
    note = models.CharField(
        pgettext_lazy("contribution", "note"), max_length=300, blank=True
    )
    recorded_by = _user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=1) & Q(amount__lte=MAX_YEN),
                name="fund_contribution_amount_range",
            ),
            # Exactly one way of saying who gave: the registry, a name, or nobody.
            models.CheckConstraint(
                condition=(
                    Q(anonymous=True)
                    & Q(organization__isnull=True)
                    & Q(person__isnull=True)
                    & Q(donor_name="")
                )
                | (
                    Q(anonymous=False)
                    & (
                        (Q(organization__isnull=False) & Q(person__isnull=True))
                        | (Q(organization__isnull=True) & Q(person__isnull=False))
                        | (
                            Q(organization__isnull=True)
                            & Q(person__isnull=True)
                            & ~Q(donor_name="")
                        )
                    )
                ),
                name="fund_contribution_one_donor",
            ),
        ]

    def __str__(self):
        return self.receipt_number


# --- The ledger ---------------------------------------------------------------------------


class LedgerAccount(ChoiceLabelsMixin, TrackedModel):
    """An account of the fund's books. Cash (普通預金) is one account; each source has
    a net-asset account, each round a budget account, each award a payable (未払助成金)
    account. Made by ``network.fund.ledger``, never by hand."""

    class Kind(models.TextChoices):
        CASH = "cash", _("Ordinary deposit")
        NET_ASSETS = "net_assets", _("Net assets of a source")
        ROUND_BUDGET = "round_budget", _("Budget of a round")
        GRANT_PAYABLE = "grant_payable", _("Grants payable")

    code = models.CharField(_("account code"), max_length=20, unique=True)
    name = models.CharField(pgettext_lazy("account", "name"), max_length=200)
    kind = models.CharField(
        pgettext_lazy("account", "kind"), max_length=16, choices=Kind.choices
    )
    source = models.OneToOneField(
        FundSource,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account",
    )
    round = models.OneToOneField(
        FundRound,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account",
    )
    award = models.OneToOneField(
        Award,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account",
    )

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="cash", source=None, round=None, award=None)
                | Q(kind="net_assets", source__isnull=False, round=None, award=None)
                | Q(kind="round_budget", source=None, round__isnull=False, award=None)
                | Q(kind="grant_payable", source=None, round=None, award__isnull=False),
                name="fund_account_dimension",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="cash"),
                name="fund_one_cash_account",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class LedgerTransaction(ChoiceLabelsMixin, TrackedModel):
    """One posting of the ledger: its lines sum to zero. Never changed or deleted; a
    mistake is corrected by a reversing transaction with a reason. Its primary key is
    its journal number (仕訳番号)."""

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("Contribution")
        ALLOCATION = "allocation", _("Allocation to a round")
        TRANSFER = "transfer", _("Transfer between sources")
        AWARD = "award", _("Grant awarded")
        PAYMENT = "payment", _("Grant paid")
        RELEASE = "release", _("Unused award released")
        REFUND = "refund", _("Unspent grant returned")
        REVERSAL = "reversal", _("Reversal")

    kind = models.CharField(
        pgettext_lazy("ledger", "kind"), max_length=16, choices=Kind.choices
    )
    occurred_on = models.DateField(_("date"))
    memo = models.CharField(pgettext_lazy("ledger", "memo"), max_length=300)
    reason = models.TextField(
        pgettext_lazy("ledger", "reason"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    contribution = models.ForeignKey(
        Contribution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transactions",
    )
    award = models.ForeignKey(
        Award,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transactions",
    )
    payment = models.ForeignKey(
        Payment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transactions",
    )
    created_by = _user_fk(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="reversal")
                | (Q(reverses__isnull=False) & ~Q(reason="")),
                name="fund_reversal_has_reason",
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.memo}"


class LedgerLine(TrackedModel):
    """A debit (positive) or credit (negative) of one account; never zero."""

    transaction = models.ForeignKey(
        LedgerTransaction,
        verbose_name=_("transaction"),
        on_delete=models.PROTECT,
        related_name="lines",
    )
    account = models.ForeignKey(
        LedgerAccount,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="lines",
    )
    amount = models.BigIntegerField(_("amount (yen)"))

    class Meta:
        verbose_name = _("ledger line")
        verbose_name_plural = _("ledger lines")
        ordering = ["transaction", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount=0)
                & Q(amount__gte=-MAX_YEN * 10)
                & Q(amount__lte=MAX_YEN * 10),
                name="fund_line_nonzero",
            )
        ]
