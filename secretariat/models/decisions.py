"""What a meeting (or a resolution without a meeting) decided on an item, and the
special interests that keep a director out of an item's quorum and vote."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wco_sse.core.models import TrackedModel

from .agenda import AgendaItem
from .meetings import Meeting


class SpecialInterest(TrackedModel):
    """A director's special interest (特別利害関係) in an item: out of its quorum and vote."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="special_interests",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("director"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    self_declared = models.BooleanField(_("declared by the director"), default=False)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("special interest")
        verbose_name_plural = _("special interests")
        ordering = ["item", "person__family_name_kana", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "person"], name="secretariat_special_interest_once"
            )
        ]

    def __str__(self):
        return f"{self.person} / {self.item}"


class Decision(TrackedModel):
    """The outcome of an item at a held meeting or by a completed resolution without a
    meeting, with the counts it was computed from. Written by services only."""

    # What a meeting can do with an item, by its kind, and where each leads (a vote
    # leads to approved, amended or rejected, as the votes say).
    VOTE, DEFER, REPORT, DISCUSS = "vote", "defer", "report", "discuss"
    RESULTS_BY_KIND = {
        AgendaItem.Kind.DELIBERATION: (VOTE, DEFER),
        AgendaItem.Kind.REPORT: (REPORT, DEFER),
        AgendaItem.Kind.DISCUSSION: (DISCUSS, DEFER),
    }
    OUTCOME_OF = {
        DEFER: AgendaItem.Status.DEFERRED,
        REPORT: AgendaItem.Status.REPORTED,
        DISCUSS: AgendaItem.Status.DISCUSSED,
    }

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    written_resolution = models.ForeignKey(
        "secretariat.WrittenResolution",
        verbose_name=_("resolution without a meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=AgendaItem.Status.choices
    )
    entitled = models.PositiveIntegerField(_("entitled to vote"), default=0)
    present = models.PositiveIntegerField(_("present and entitled"), default=0)
    quorum_needed = models.PositiveIntegerField(_("quorum"), default=0)
    quorum_met = models.BooleanField(_("quorum met"), default=False)
    votes_for = models.PositiveIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("against"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    proxies = models.PositiveIntegerField(_("by proxy"), default=0)
    written_votes = models.PositiveIntegerField(_("written votes"), default=0)
    adopted = models.BooleanField(_("adopted"), default=False)
    amendment = models.TextField(_("amendment"), blank=True)
    discussion = models.TextField(_("discussion (for the minutes)"), blank=True)
    dissenters = models.ManyToManyField(
        "members.Person", verbose_name=_("dissenting"), blank=True, related_name="+"
    )
    excluded = models.ManyToManyField(
        "members.Person",
        verbose_name=_("special-interest directors"),
        blank=True,
        related_name="+",
    )
    # The item's place on the meeting's agenda when decided: a carried-over item is
    # placed again elsewhere, in another order, and this meeting's minutes keep this.
    agenda_order = models.PositiveSmallIntegerField(
        _("place on the agenda"), null=True, blank=True
    )
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(meeting__isnull=False, written_resolution__isnull=True)
                    | Q(meeting__isnull=True, written_resolution__isnull=False)
                ),
                name="secretariat_decision_from_meeting_or_written",
            ),
            models.UniqueConstraint(
                fields=["item", "meeting"],
                condition=Q(meeting__isnull=False),
                name="secretariat_decision_once_per_meeting",
            ),
            models.CheckConstraint(
                condition=Q(votes_for__isnull=True)
                | Q(
                    votes_for__lte=models.F("present")
                    - models.F("votes_against")
                    - models.F("abstentions")
                ),
                name="secretariat_votes_within_present",
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.get_outcome_display()}"
