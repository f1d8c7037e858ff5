"""Projects (各種プロジェクト): a specialist question the support section works on
with a team, milestones, outputs, and the agenda items that started and closed it.

Where a project came from is an industry issue, a board decision (its agenda item) or
a consultation *topic*: never a consultation, which stays confidential.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wco_sse.core.choices import ChoiceLabelsMixin
from wco_sse.core.models import TrackedModel
from wco_sse.core.text import DESCRIPTION_MAX_LENGTH

from .consultations import Consultation


class Project(ChoiceLabelsMixin, TrackedModel):
    class State(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("project state", "Proposed")
        APPROVED = "approved", pgettext_lazy("project state", "Approved")
        ACTIVE = "active", pgettext_lazy("project state", "In progress")
        REPORTED = "reported", pgettext_lazy("project state", "Reported")
        CLOSED = "closed", pgettext_lazy("project state", "Closed")

    # The one way forward; APPROVED and CLOSED are also reached when the agenda item
    # that starts or closes the project is decided (a subject handler).
    TRANSITIONS = {
        State.PROPOSED: (State.APPROVED, State.CLOSED),
        State.APPROVED: (State.ACTIVE, State.CLOSED),
        State.ACTIVE: (State.REPORTED, State.CLOSED),
        State.REPORTED: (State.CLOSED,),
    }

    class Origin(models.TextChoices):
        ISSUE = "issue", _("An industry meeting's issue")
        DECISION = "decision", _("A board decision")
        TOPIC = "topic", _("A consultation topic")
        OTHER = "other", pgettext_lazy("project origin", "Other")

    title = models.CharField(pgettext_lazy("project", "title"), max_length=120)
    question = models.TextField(
        _("specialist question"), max_length=DESCRIPTION_MAX_LENGTH
    )
    origin = models.CharField(
        _("where it came from"),
        max_length=10,
        choices=Origin.choices,
        default=Origin.OTHER,
    )
    origin_issue = models.ForeignKey(
        "support.SharedIssue",
        verbose_name=_("industry meeting's issue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    origin_item = models.ForeignKey(
        "secretariat.AgendaItem",
        verbose_name=_("board decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A topic of the consultation desk, never a case.
    origin_topic = models.CharField(
        _("consultation topic"),
        max_length=12,
        choices=Consultation.Topic.choices,
        blank=True,
    )
    origin_note = models.CharField(
        pgettext_lazy("project origin", "note"), max_length=200, blank=True
    )
    lead = models.ForeignKey(
        "members.Person",
        verbose_name=pgettext_lazy("project", "lead"),
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    # The project team: a support-section body of category プロジェクトチーム.
    team = models.OneToOneField(
        "secretariat.Body",
        verbose_name=_("project team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project",
    )
    state = models.CharField(
        pgettext_lazy("project", "state"),
        max_length=10,
        choices=State.choices,
        default=State.PROPOSED,
    )
    start = models.DateField(pgettext_lazy("project", "start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    report = models.TextField(
        pgettext_lazy("project", "report"), max_length=10_000, blank=True
    )
    # The agenda items that started and closed it (drafted from the project's page;
    # each names the project as its subject).
    start_item = models.ForeignKey(
        "secretariat.AgendaItem",
        verbose_name=_("agenda item that started it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    close_item = models.ForeignKey(
        "secretariat.AgendaItem",
        verbose_name=_("agenda item that closed it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "planned_end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(start__isnull=True)
                | Q(planned_end__gte=models.F("start")),
                name="support_project_end_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("support:project_detail", args=[self.pk])

    def next_states(self):
        return self.TRANSITIONS.get(self.State(self.state), ())


class Milestone(TrackedModel):
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(pgettext_lazy("milestone", "title"), max_length=120)
    due = models.DateField(pgettext_lazy("milestone", "due"))
    done_on = models.DateField(
        pgettext_lazy("milestone", "done on"), null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["done_on", "due"])]

    def __str__(self):
        return self.title

    @property
    def is_done(self):
        return self.done_on is not None

    @property
    def is_overdue(self):
        return self.done_on is None and self.due < timezone.localdate()
