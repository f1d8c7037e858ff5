"""The network section's records: the contact log with partners (渉外記録)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import LegalForm
from wco_sse.core.choices import ChoiceLabelsMixin
from wco_sse.core.models import TrackedModel
from wco_sse.core.text import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH
from wco_sse.core.tracking import TrackedQuerySet

from .choices import InitiativeForm


class PartnerCategory(models.TextChoices):
    """The seed's partners: co-ops, the public sector, the capital sector, other
    co-operatives, universities and research."""

    CONSUMER_COOPERATIVE = "consumer_coop", _("Consumer co-op")
    GOVERNMENT = "government", pgettext_lazy("partner category", "Government")
    BUSINESS_FINANCE = "business_finance", _("Business and finance")
    COOPERATIVE = "cooperative", _("Co-operative")
    ACADEMIA = "academia", _("University and research")
    OTHER = "other", pgettext_lazy("partner category", "Other")


# The category a new contact starts from, by the partner's legal form; the user may
# change it (a foundation may be a university's).
LEGAL_FORM_CATEGORIES = {
    LegalForm.CONSUMER_COOPERATIVE: PartnerCategory.CONSUMER_COOPERATIVE,
    LegalForm.LOCAL_GOVERNMENT: PartnerCategory.GOVERNMENT,
    LegalForm.STOCK_COMPANY: PartnerCategory.BUSINESS_FINANCE,
    LegalForm.GODO_KAISHA: PartnerCategory.BUSINESS_FINANCE,
    LegalForm.WORKERS_COOPERATIVE: PartnerCategory.COOPERATIVE,
    LegalForm.BUSINESS_COOPERATIVE: PartnerCategory.COOPERATIVE,
}


def category_for_legal_form(legal_form):
    return LEGAL_FORM_CATEGORIES.get(legal_form, PartnerCategory.OTHER)


class ContactQuerySet(TrackedQuerySet):
    def overdue(self, day=None):
        """Follow-ups not done whose due date has passed."""
        day = day or timezone.localdate()
        return self.exclude(follow_up="").filter(
            follow_up_done=False, follow_up_due__lt=day
        )


class Contact(ChoiceLabelsMixin, TrackedModel):
    """One contact with a partner organization: who met whom, about what, and what
    is to be done next by whom."""

    class Channel(models.TextChoices):
        MEETING = "meeting", pgettext_lazy("contact channel", "Meeting in person")
        PHONE = "phone", pgettext_lazy("contact channel", "Phone")
        EMAIL = "email", pgettext_lazy("contact channel", "Email")
        VISIT = "visit", pgettext_lazy("contact channel", "Visit")
        CONFERENCE = "conference", pgettext_lazy("contact channel", "Conference")
        OTHER = "other", pgettext_lazy("contact channel", "Other")

    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="network_contacts",
    )
    date = models.DateField(pgettext_lazy("contact log", "date"))
    channel = models.CharField(
        pgettext_lazy("contact log", "channel"),
        max_length=12,
        choices=Channel.choices,
        default=Channel.MEETING,
    )
    category = models.CharField(
        _("partner category"), max_length=20, choices=PartnerCategory.choices
    )
    our_people = models.ManyToManyField(
        "members.Person",
        verbose_name=_("our people"),
        blank=True,
        related_name="network_contacts",
    )
    their_people = models.CharField(_("their people"), max_length=300, blank=True)
    topic = models.CharField(pgettext_lazy("contact log", "topic"), max_length=200)
    summary = models.TextField(
        pgettext_lazy("contact log", "summary"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
    )
    follow_up = models.TextField(_("follow-up"), max_length=NOTE_MAX_LENGTH, blank=True)
    follow_up_owner = models.ForeignKey(
        "members.Person",
        verbose_name=_("follow-up owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="network_follow_ups",
    )
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-date", "-pk"]
        constraints = [
            # A follow-up is someone's: the services refuse one without an owner at
            # the field; this keeps any other path from storing it.
            models.CheckConstraint(
                condition=Q(follow_up="") | Q(follow_up_owner__isnull=False),
                name="network_contact_follow_up_has_owner",
            ),
        ]
        indexes = [
            models.Index(fields=["follow_up_owner", "follow_up_done", "follow_up_due"]),
            models.Index(fields=["organization", "date"]),
            models.Index(fields=["category", "date"]),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.organization.name}: {self.topic}"

    def get_absolute_url(self):
        return reverse("network:contact_detail", args=[self.pk])

    @property
    def has_follow_up(self):
        return bool(self.follow_up)

    @property
    def is_overdue(self):
        return (
            bool(self.follow_up)
            and not self.follow_up_done
            and self.follow_up_due is not None
            and self.follow_up_due < timezone.localdate()
        )


class Proposal(ChoiceLabelsMixin, TrackedModel):
    """A policy proposal, a research report or a request (政策提言・調査研究・要望) the
    network section addresses to partner organizations, and how it went: approved by
    the board, submitted, answered, closed."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("Policy proposal")
        RESEARCH = "research", _("Research")
        REQUEST = "request", pgettext_lazy("proposal kind", "Request")
        OTHER = "other", pgettext_lazy("proposal kind", "Other")

    class State(models.TextChoices):
        CONSIDERING = "considering", _("Under consideration")
        APPROVED = "approved", _("Approved by the board")
        SUBMITTED = "submitted", pgettext_lazy("proposal state", "Submitted")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", pgettext_lazy("proposal state", "Closed")

    # The one way forward: each state and the state it moves to.
    NEXT_STATE = {
        State.CONSIDERING: State.APPROVED,
        State.APPROVED: State.SUBMITTED,
        State.SUBMITTED: State.ANSWERED,
        State.ANSWERED: State.CLOSED,
    }
    # The date field each state sets when reached.
    STATE_DATES = {
        State.APPROVED: "approved_on",
        State.SUBMITTED: "submitted_on",
        State.ANSWERED: "answered_on",
        State.CLOSED: "closed_on",
    }

    kind = models.CharField(
        pgettext_lazy("proposal", "kind"),
        max_length=12,
        choices=Kind.choices,
        default=Kind.POLICY,
    )
    title = models.CharField(pgettext_lazy("proposal", "title"), max_length=200)
    addressees = models.ManyToManyField(
        "members.Organization",
        verbose_name=_("addressees"),
        blank=True,
        related_name="network_proposals",
    )
    purpose = models.TextField(
        pgettext_lazy("proposal", "purpose"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
    )
    body = models.TextField(
        pgettext_lazy("proposal", "text"),
        max_length=DESCRIPTION_MAX_LENGTH * 4,
        blank=True,
    )
    state = models.CharField(
        pgettext_lazy("proposal", "state"),
        max_length=12,
        choices=State.choices,
        default=State.CONSIDERING,
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    answer_summary = models.TextField(
        _("summary of the answer"), max_length=DESCRIPTION_MAX_LENGTH, blank=True
    )
    agenda_items = models.ManyToManyField(
        "secretariat.AgendaItem",
        verbose_name=_("agenda items"),
        blank=True,
        related_name="network_proposals",
    )
    created_by = models.ForeignKey(
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
        verbose_name = pgettext_lazy("policy proposal", "proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "kind"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:proposal_detail", args=[self.pk])

    @property
    def next_state(self):
        return self.NEXT_STATE.get(self.state)

    @property
    def next_state_label(self):
        state = self.next_state
        return self.State(state).label if state else ""


# --- New W.Cos and associations (創出・継続支援) ----------------------------------------------


class Initiative(ChoiceLabelsMixin, TrackedModel):
    """A group on its way to a W.Co or an association, followed by the network section
    from the idea to its founding and after."""

    Form = InitiativeForm

    class Stage(models.TextChoices):
        IDEA = "idea", pgettext_lazy("initiative stage", "Idea")
        PREPARATION = "preparation", pgettext_lazy("initiative stage", "Preparation")
        FOUNDING = "founding", pgettext_lazy("initiative stage", "Founding")
        ACTIVE = "active", pgettext_lazy("initiative stage", "Active")
        SUSTAINING = (
            "sustaining",
            pgettext_lazy("initiative stage", "Continued support"),
        )
        DORMANT = "dormant", pgettext_lazy("initiative stage", "Dormant or dissolved")

    name = models.CharField(pgettext_lazy("initiative", "name"), max_length=200)
    form = models.CharField(
        _("intended form"), max_length=16, choices=Form.choices, default=Form.WCO
    )
    municipality = models.ForeignKey(
        "members.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    founders = models.ManyToManyField(
        "members.Person",
        verbose_name=_("founders"),
        blank=True,
        related_name="founded_initiatives",
    )
    lead = models.ForeignKey(
        "members.Person",
        verbose_name=_("lead"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_initiatives",
    )
    stage = models.CharField(
        pgettext_lazy("initiative", "stage"),
        max_length=12,
        choices=Stage.choices,
        default=Stage.IDEA,
    )
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    # The events the formation checklist counts its deadlines from (models_checklists).
    founding_meeting_on = models.DateField(
        _("date of the founding meeting"), null=True, blank=True
    )
    registered_on = models.DateField(
        _("date of the registration"), null=True, blank=True
    )
    business_started_on = models.DateField(
        _("start of business"), null=True, blank=True
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("registered organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    created_by = models.ForeignKey(
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
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["stage", "form"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:initiative_detail", args=[self.pk])


class InitiativeFounder(TrackedModel):
    """A founder known only by name and contact, until the secretariat registers them."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="unregistered_founders"
    )
    name = models.CharField(pgettext_lazy("founder", "name"), max_length=100)
    contact = models.CharField(pgettext_lazy("founder", "contact"), max_length=200)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name


class InitiativeStageChange(TrackedModel):
    """A change of an initiative's stage, on a date, for a reason."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="stage_changes"
    )
    date = models.DateField(pgettext_lazy("stage change", "date"))
    from_stage = models.CharField(max_length=12, choices=Initiative.Stage.choices)
    to_stage = models.CharField(max_length=12, choices=Initiative.Stage.choices)
    reason = models.TextField(_("reason"), max_length=NOTE_MAX_LENGTH)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="network_stage_change_has_reason"
            ),
        ]


class SupportEntry(ChoiceLabelsMixin, TrackedModel):
    """One act of support to an initiative: a meeting, a visit, a referral, a grant."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", pgettext_lazy("support kind", "Interview")
        VISIT = "visit", pgettext_lazy("support kind", "Visit")
        MEETING = "meeting", pgettext_lazy("support kind", "Meeting")
        COURSE = "course", _("Referral to a course")
        CONSULTATION = "consultation", _("Referral to the consultation desk")
        FUND = "fund", pgettext_lazy("support kind", "Fund")
        OTHER = "other", pgettext_lazy("support kind", "Other")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="support_entries"
    )
    date = models.DateField(pgettext_lazy("support log", "date"))
    kind = models.CharField(
        pgettext_lazy("support log", "kind"), max_length=12, choices=Kind.choices
    )
    note = models.TextField(
        pgettext_lazy("support log", "note"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    by = models.ForeignKey(
        "members.Person",
        verbose_name=pgettext_lazy("support log", "by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-date", "-pk"]


# The formation checklists live in their own module; imported here so that Django
# finds their models with the app's.
from .fund.models import (  # noqa: E402, F401
    ApplicationFile,
    Award,
    BudgetLine,
    ChangeRequest,
    ConflictDeclaration,
    Contribution,
    CostCategory,
    FinalReport,
    FundApplication,
    FundProgramme,
    FundRound,
    FundSource,
    LedgerAccount,
    LedgerLine,
    LedgerTransaction,
    Payment,
    Review,
    ReviewScore,
    Rubric,
    RubricCriterion,
)
from .models_checklists import (  # noqa: E402, F401
    ChecklistAnchor,
    ChecklistStep,
    ChecklistTemplate,
    InitiativeStepDone,
)
