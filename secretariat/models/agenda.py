from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Section
from wco_sse.core.choices import ChoiceLabelsMixin
from wco_sse.core.models import TrackedModel

from .meetings import Meeting


class Source(models.TextChoices):
    """Where an item comes from: exactly one section, or 事務局 / the board."""

    SUPPORT = Section.SUPPORT.value, Section.SUPPORT.label
    NETWORK = Section.NETWORK.value, Section.NETWORK.label
    BUSINESS = Section.BUSINESS.value, Section.BUSINESS.label
    SECRETARIAT = "secretariat", _("Secretariat")
    BOARD = "board", _("Board of directors")


SECTION_SOURCES = (Source.SUPPORT, Source.NETWORK, Source.BUSINESS)


@dataclass(frozen=True)
class Action:
    """A move along the pipeline: the states it starts from, the state it leads to
    (None where the service works it out, as for an outcome) and the permission it
    needs on the item."""

    name: str
    label: str
    sources: tuple
    target: str | None
    perm: str
    needs_reason: bool = False

    def concerns(self, status):
        """Whether an item in ``status`` is at this step: waiting for it, or just
        past it (a page loaded a moment before may still offer it)."""
        return status in self.sources or status == self.target


class AgendaItem(ChoiceLabelsMixin, TrackedModel):
    """An agenda item (議案) on its way from a section (or 事務局 / the board) to a decision."""

    class Kind(models.TextChoices):
        DELIBERATION = "deliberation", _("For decision")
        REPORT = "report", _("Report")
        DISCUSSION = "discussion", _("For discussion")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")
        PLACED = "placed", _("On the agenda")
        CIRCULATED = "circulated", _("Resolution without a meeting in progress")
        DEFERRED = "deferred", _("Carried over")
        APPROVED = "approved", _("Approved")
        AMENDED = "amended", _("Approved with amendments")
        REJECTED = "rejected", _("Rejected")
        REPORTED = "reported", _("Reported")
        DISCUSSED = "discussed", _("Discussed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class ResolutionType(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary resolution")
        SPECIAL = "special", _("Special resolution")

    OUTCOMES = (
        Status.APPROVED,
        Status.AMENDED,
        Status.REJECTED,
        Status.DEFERRED,
        Status.REPORTED,
        Status.DISCUSSED,
    )
    FINAL = (
        Status.APPROVED,
        Status.AMENDED,
        Status.REJECTED,
        Status.REPORTED,
        Status.DISCUSSED,
        Status.WITHDRAWN,
    )
    ADOPTED = (Status.APPROVED, Status.AMENDED)
    # Directors and auditors see an item from 上程 on (DESIGN).
    BOARD_VISIBLE = (
        Status.PLACED,
        Status.CIRCULATED,
        Status.DEFERRED,
        Status.APPROVED,
        Status.AMENDED,
        Status.REJECTED,
        Status.REPORTED,
        Status.DISCUSSED,
    )
    EDITABLE = (Status.DRAFT, Status.RETURNED)
    # Once the author can no longer edit it, until its outcome, the secretariat may
    # still change its papers (別紙), saying in the item's history what changed.
    PAPERS_AMENDABLE = (
        Status.SUBMITTED,
        Status.ACCEPTED,
        Status.PLACED,
        Status.DEFERRED,
    )
    # A director's special interest is declared (or removed) before the outcome.
    INTEREST_OPEN = (Status.SUBMITTED, Status.ACCEPTED, Status.PLACED, Status.DEFERRED)
    # Where a resolution without a meeting can take an item from.
    WRITTEN_SOURCES = (Status.ACCEPTED, Status.DEFERRED)

    # The pipeline (DESIGN flow 3): every move, from which states, by whom. Services
    # refuse anything else; the item page offers what this table allows.
    ACTIONS = {
        action.name: action
        for action in (
            Action(
                "submit",
                _("Submit"),
                (Status.DRAFT, Status.RETURNED),
                Status.SUBMITTED,
                "secretariat.submit_item",
            ),
            Action(
                "withdraw",
                _("Withdraw"),
                (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED),
                Status.WITHDRAWN,
                "secretariat.withdraw_item",
            ),
            Action(
                "accept",
                _("Accept"),
                (Status.SUBMITTED,),
                Status.ACCEPTED,
                "secretariat.review_item",
            ),
            Action(
                "return",
                _("Return to the section"),
                (Status.SUBMITTED,),
                Status.RETURNED,
                "secretariat.review_item",
                needs_reason=True,
            ),
            Action(
                "place",
                _("Place on a meeting"),
                (Status.ACCEPTED, Status.DEFERRED),
                Status.PLACED,
                "secretariat.place_item",
            ),
            Action(
                "unplace",
                _("Take off the agenda"),
                (Status.PLACED,),
                Status.ACCEPTED,
                "secretariat.place_item",
            ),
            Action(
                "decide",
                _("Record the outcome"),
                (Status.PLACED,),
                None,
                "secretariat.decide_item",
            ),
        )
    }
    # The moves made from the item page's own form (place and decide have pages).
    SIMPLE_ACTIONS = ("submit", "withdraw", "accept", "return", "unplace")

    # What the section (or the secretariat) writes on an item while drafting it.
    EDITABLE_FIELDS = (
        "kind",
        "title",
        "body",
        "target_meeting",
        "resolution_type",
        "activity_report_of",
    )

    source = models.CharField(
        pgettext_lazy("agenda item source", "from"),
        max_length=12,
        choices=Source.choices,
    )
    kind = models.CharField(
        _("kind"), max_length=14, choices=Kind.choices, default=Kind.DELIBERATION
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("proposal"), blank=True)
    resolution_type = models.CharField(
        _("resolution type"),
        max_length=10,
        choices=ResolutionType.choices,
        default=ResolutionType.ORDINARY,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    target_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("for the meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targeted_items",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("placed on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_late = models.BooleanField(
        _("submitted after the deadline"), default=False
    )
    activity_report_of = models.ForeignKey(
        "members.Person",
        verbose_name=_("activity report of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "For the report on the execution of duties by a representative or executive director."
        ),
    )
    referred_from = models.ForeignKey(
        "self",
        verbose_name=_("referred by the board from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    # What the item decides about, when a section's record is its subject (a fund
    # application): set by the section's drafting service; the handler registered for
    # the subject's model (``secretariat.subjects``) acts on the decision.
    subject_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("subject type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_id = models.PositiveBigIntegerField(_("subject id"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting_id", "order", "-created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "source"]),
            models.Index(fields=["meeting", "order"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="placed") | Q(meeting__isnull=False),
                name="secretariat_placed_item_has_meeting",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_from_section(self):
        return self.source in SECTION_SOURCES

    @property
    def is_final(self):
        return self.status in self.FINAL

    @property
    def status_badge(self):
        return {
            self.Status.DRAFT: "secondary",
            self.Status.SUBMITTED: "info",
            self.Status.RETURNED: "warning",
            self.Status.ACCEPTED: "primary",
            self.Status.PLACED: "primary",
            self.Status.CIRCULATED: "primary",
            self.Status.DEFERRED: "warning",
            self.Status.APPROVED: "success",
            self.Status.AMENDED: "success",
            self.Status.REJECTED: "danger",
            self.Status.REPORTED: "success",
            self.Status.DISCUSSED: "success",
            self.Status.WITHDRAWN: "secondary",
        }[self.status]


class AgendaPaper(TrackedModel):
    """A paper (別紙) of an item: a stored file in its place among the item's papers,
    which the board packet follows (別紙1, 別紙2 …)."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="papers",
    )
    file = models.OneToOneField(
        "core.StoredFile",
        verbose_name=_("file"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("agenda paper", "position"), default=1
    )

    class Meta:
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        ordering = ["item", "position", "pk"]

    def __str__(self):
        return f"{self.item} / {self.position}"


class AgendaTransition(TrackedModel):
    """Every change of an item's state: who, when, why, at which meeting; and, after
    it left its author's hands, every change of its papers. Append-only."""

    class Event(models.TextChoices):
        PAPER_ADDED = "paper_added", _("Paper added")
        PAPER_REPLACED = "paper_replaced", _("Paper replaced")
        PAPER_REMOVED = "paper_removed", _("Paper removed")
        PAPER_MOVED = "paper_moved", _("Papers reordered")

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(
        pgettext_lazy("status change", "from"),
        max_length=12,
        choices=AgendaItem.Status.choices,
        blank=True,
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"),
        max_length=12,
        choices=AgendaItem.Status.choices,
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("by (as recorded)"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # A change of the papers rather than of the state (which stays as it was).
    event = models.CharField(
        _("change"), max_length=20, choices=Event.choices, blank=True
    )
    detail = models.CharField(_("what changed"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agenda item transition")
        verbose_name_plural = _("agenda item transitions")
        ordering = ["at", "pk"]

    def __str__(self):
        return (
            f"{self.item}: {self.get_from_status_display()} → "
            f"{self.get_to_status_display()}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Transitions are append-only.")
        super().save(*args, **kwargs)


class AgendaComment(TrackedModel):
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_label = models.CharField(_("by (as recorded)"), max_length=200)
    text = models.TextField(_("comment"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.author_label}: {self.text[:40]}"
