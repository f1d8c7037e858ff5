from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wco_sse.core.models import TrackedModel

from .agenda import AgendaItem
from .bodies import Body


class WrittenResolution(TrackedModel):
    """理事会の決議の省略 (みなし決議): a director proposes, every director entitled to vote
    consents in writing by the deadline and no auditor objects."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CIRCULATING = "circulating", _("Awaiting consents")
        ADOPTED = "adopted", _("Adopted")
        LAPSED = "lapsed", _("Lapsed")

    class LapseReason(models.TextChoices):
        OBJECTION = "objection", _("A director objected")
        AUDITOR_OBJECTION = "auditor_objection", _("An auditor objected")
        DEADLINE = "deadline", _("Not every director consented by the deadline")
        WITHDRAWN = "withdrawn", _("Withdrawn by the secretariat")

    # Proposed → circulated for consent → adopted (every director consented) or
    # lapsed (an objection, or the deadline).
    TRANSITIONS = {
        Status.PROPOSED: {Status.CIRCULATING},
        Status.CIRCULATING: {Status.ADOPTED, Status.LAPSED},
        Status.ADOPTED: set(),
        Status.LAPSED: set(),
    }

    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="written_resolutions",
    )
    item = models.OneToOneField(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="written_resolution",
    )
    proposer = models.ForeignKey(
        "members.Person",
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline for answers"), null=True, blank=True)
    lapse_reason = models.CharField(
        _("why it lapsed"), max_length=20, choices=LapseReason.choices, blank=True
    )
    adopted_on = models.DateField(_("deemed adopted on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("resolution without a meeting")
        verbose_name_plural = _("resolutions without a meeting")
        ordering = ["-proposed_at", "-pk"]

    def __str__(self):
        return str(self.item)

    @property
    def is_open(self):
        return self.status in (self.Status.PROPOSED, self.Status.CIRCULATING)

    def can_move_to(self, status):
        return status in self.TRANSITIONS[self.status]


class WrittenResponse(TrackedModel):
    """A director's consent form (同意書) or objection, or an auditor's objection.

    Kept with the resolution (ten years, DESIGN). ``token_hash`` is the SHA-256 of the
    secret in the email link, so the link works for directors without an account.
    """

    class Capacity(models.TextChoices):
        DIRECTOR = "director", _("Director")
        AUDITOR = "auditor", _("Auditor")

    class Answer(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        CONSENT = "consent", _("Consents")
        OBJECT = "object", _("Objects")

    class Via(models.TextChoices):
        PORTAL = "portal", _("In the portal")
        LINK = "link", _("From the link in the email")
        PAPER = "paper", _("On paper, recorded by the secretariat")

    resolution = models.ForeignKey(
        WrittenResolution,
        verbose_name=_("resolution without a meeting"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    capacity = models.CharField(
        pgettext_lazy("role at a meeting", "capacity"),
        max_length=10,
        choices=Capacity.choices,
    )
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    via = models.CharField(_("answered"), max_length=8, choices=Via.choices, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    # Set when the retention rule (``secretariat.written_responses``) anonymized the
    # response: it then names the shared anonymous entry, with the other anonymized
    # responses of its resolution; its answer stays, so the count and the outcome do.
    anonymized = models.BooleanField(_("anonymized"), default=False, editable=False)

    class Meta:
        verbose_name = _("consent form")
        verbose_name_plural = _("consent forms")
        ordering = ["resolution", "capacity", "person__family_name_kana", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "person"],
                condition=Q(anonymized=False),
                name="secretariat_response_once",
            ),
            models.CheckConstraint(
                condition=Q(answer="pending") | Q(answered_at__isnull=False),
                name="secretariat_response_answered_at",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_answer_display()}"
