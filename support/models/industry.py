"""Industry meetings (業種別会議) and the issues W.Cos share at them (課題共有).

An industry meeting is a support-section ``secretariat.Body`` of category 業種別会議;
``IndustryMeeting`` holds its link to the registry's ``Industry``. Its meetings,
convocations, attendance, minutes, action items and documents are the secretariat's.
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


class IndustryMeeting(TrackedModel):
    """The link between a support-section body (category 業種別会議) and the industry
    whose W.Cos it seats: one meeting body per industry."""

    body = models.OneToOneField(
        "secretariat.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="industry_meeting",
    )
    industry = models.OneToOneField(
        "members.Industry",
        verbose_name=_("industry"),
        on_delete=models.PROTECT,
        related_name="support_meeting",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("industry meeting")
        verbose_name_plural = _("industry meetings")
        ordering = ["industry__order", "industry__name"]

    def __str__(self):
        return self.body.name

    def get_absolute_url(self):
        return reverse("support:industry_detail", args=[self.pk])


class SharedIssue(ChoiceLabelsMixin, TrackedModel):
    """An issue a W.Co raised at an industry meeting (課題共有), and what it became: a
    project, a support-section agenda item, or nothing more."""

    class State(models.TextChoices):
        SHARED = "shared", pgettext_lazy("shared issue", "Shared")
        CONSIDERING = "considering", pgettext_lazy("shared issue", "Under study")
        RESOLVED = "resolved", pgettext_lazy("shared issue", "Resolved")
        PROJECT = "project", pgettext_lazy("shared issue", "Became a project")
        AGENDA = "agenda", pgettext_lazy("shared issue", "Became an agenda item")
        CLOSED = "closed", pgettext_lazy("shared issue", "Closed")

    # The moves a person makes by hand. PROJECT and AGENDA are reached only by making
    # the project or drafting the item (the services that do so set them).
    TRANSITIONS = {
        State.SHARED: (State.CONSIDERING, State.RESOLVED, State.CLOSED),
        State.CONSIDERING: (State.RESOLVED, State.CLOSED),
    }
    OPEN_STATES = (State.SHARED, State.CONSIDERING)

    industry_meeting = models.ForeignKey(
        IndustryMeeting,
        verbose_name=_("industry meeting"),
        on_delete=models.PROTECT,
        related_name="issues",
    )
    # The meeting it was raised at (one of the industry meeting body's meetings).
    meeting = models.ForeignKey(
        "secretariat.Meeting",
        verbose_name=pgettext_lazy("shared issue", "raised at"),
        on_delete=models.PROTECT,
        related_name="shared_issues",
    )
    raised_by = models.ForeignKey(
        "members.Organization",
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="shared_issues",
    )
    title = models.CharField(pgettext_lazy("shared issue", "title"), max_length=120)
    text = models.TextField(
        pgettext_lazy("shared issue", "issue"), max_length=DESCRIPTION_MAX_LENGTH
    )
    state = models.CharField(
        pgettext_lazy("shared issue", "state"),
        max_length=12,
        choices=State.choices,
        default=State.SHARED,
    )
    outcome = models.TextField(
        pgettext_lazy("shared issue", "outcome"), max_length=NOTE_MAX_LENGTH, blank=True
    )
    # What it became (set by the services that make the project or draft the item).
    project = models.ForeignKey(
        "support.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agenda_item = models.ForeignKey(
        "secretariat.AgendaItem",
        verbose_name=_("agenda item"),
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
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("shared issue")
        verbose_name_plural = _("shared issues")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["industry_meeting", "state"]),
            models.Index(fields=["raised_by", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="project") | Q(project__isnull=False),
                name="support_issue_project_has_project",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("support:issue_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES

    def next_states(self):
        return self.TRANSITIONS.get(self.State(self.state), ())


class SchoolCommittee(TrackedModel):
    """The W.Co School's 運営委員会: a support-section body (category 委員会); one row,
    made by the migration, naming it."""

    body = models.OneToOneField(
        "secretariat.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="school_committee",
    )

    class Meta:
        verbose_name = _("W.Co School operating committee")
        verbose_name_plural = _("W.Co School operating committee")

    def __str__(self):
        return self.body.name
