import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wco_sse.core.choices import ChoiceLabelsMixin
from wco_sse.core.dates import format_span
from wco_sse.core.models import TrackedModel

from .bodies import Body


class Meeting(ChoiceLabelsMixin, TrackedModel):
    """One meeting of a body: 予定 → 招集済 → 開催済 → 議事録確定, or 中止 / 延期."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CONVENED = "convened", _("Convened")
        HELD = "held", _("Held")
        CLOSED = "closed", _("Minutes confirmed")
        CANCELLED = "cancelled", _("Cancelled")
        POSTPONED = "postponed", _("Postponed")

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary")
        EXTRAORDINARY = "extraordinary", _("Extraordinary")

    # The table of allowed status changes; services refuse anything else.
    TRANSITIONS = {
        Status.SCHEDULED: {Status.CONVENED, Status.CANCELLED, Status.POSTPONED},
        Status.CONVENED: {Status.HELD, Status.CANCELLED, Status.POSTPONED},
        Status.HELD: {Status.CLOSED},
        Status.CLOSED: set(),
        Status.CANCELLED: set(),
        Status.POSTPONED: set(),
    }
    OPEN = (Status.SCHEDULED, Status.CONVENED)
    HAS_TAKEN_PLACE = (Status.HELD, Status.CLOSED)
    # Attendance is recorded up to the meeting and after it, until the minutes fix it.
    ATTENDANCE_OPEN = (Status.SCHEDULED, Status.CONVENED, Status.HELD)

    # What the secretariat sets on a meeting: the form, the edit page and the update
    # service share this list. The papers' era settings start from the body's rule.
    WAREKI_FIELDS = ("packet_wareki", "minutes_wareki", "tally_wareki")
    EDITABLE_FIELDS = (
        "title",
        "kind",
        "starts_at",
        "ends_at",
        "place",
        "online_url",
        "online_method",
        "chair",
        "submission_deadline",
        *WAREKI_FIELDS,
    )
    # The date and place the convocation announced: fixed once the meeting is held,
    # cancelled or postponed.
    SCHEDULE_FIELDS = ("title", "kind", "starts_at", "ends_at", "place", "online_url")
    # A postponed meeting's successor takes everything but its times.
    POSTPONE_KEEPS = tuple(
        name
        for name in EDITABLE_FIELDS
        if name not in ("starts_at", "ends_at", "submission_deadline")
    )

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(pgettext_lazy("meeting", "title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.ORDINARY
    )
    starts_at = models.DateTimeField(_("date and time"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    online_method = models.CharField(
        _("how remote participants attend"),
        max_length=200,
        blank=True,
        help_text=_(
            "For the minutes, e.g. a video conference in which everyone can hear and speak at once."
        ),
    )
    chair = models.ForeignKey(
        "members.Person",
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    submission_deadline = models.DateTimeField(_("agenda submission deadline"))
    convened_at = models.DateTimeField(_("convocation sent at"), null=True, blank=True)
    convened_late = models.BooleanField(_("convocation sent late"), default=False)
    status_reason = models.CharField(
        _("reason for cancelling or postponing"), max_length=300, blank=True
    )
    postponed_to = models.ForeignKey(
        "self",
        verbose_name=_("postponed to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="postponed_from",
    )
    packet_wareki = models.BooleanField(
        _("board packet in the Japanese era"), default=True
    )
    minutes_wareki = models.BooleanField(_("minutes in the Japanese era"), default=True)
    tally_wareki = models.BooleanField(
        _("tally sheet in the Japanese era"), default=True
    )
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
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["body", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(ends_at__gte=models.F("starts_at")),
                name="secretariat_meeting_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def day(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def when_display(self):
        """The day with its weekday, the start and the end, in the portal's one date
        style (``wco_sse.core.dates``): 2026年12月12日(土) 14:00–16:00."""
        return format_span(self.starts_at, self.ends_at)

    @property
    def has_taken_place(self):
        return self.status in self.HAS_TAKEN_PLACE

    @property
    def notice_deadline(self):
        """The last day the convocation may be sent: N clear days before the meeting
        (初日不算入: neither the day it is sent nor the meeting day counts)."""
        return self.day - datetime.timedelta(days=self.body.effective_notice_days + 1)

    @property
    def status_badge(self):
        return {
            self.Status.SCHEDULED: "secondary",
            self.Status.CONVENED: "primary",
            self.Status.HELD: "info",
            self.Status.CLOSED: "success",
            self.Status.CANCELLED: "dark",
            self.Status.POSTPONED: "warning",
        }[self.status]

    def can_move_to(self, status):
        return status in self.TRANSITIONS[self.status]


class Attendance(TrackedModel):
    """Who attended, and how. For the assembly the attendee is a 正会員 organization,
    with the person acting for it (its representative, or a proxy holder)."""

    class Kind(models.TextChoices):
        PRESENT = "present", _("Present")
        ONLINE = "online", _("Present online")
        ABSENT = "absent", _("Absent")
        PROXY = "proxy", _("By proxy")
        WRITTEN = "written", _("Written vote")

    class Capacity(models.TextChoices):
        DIRECTOR = "director", _("Director")
        AUDITOR = "auditor", _("Auditor")
        MEMBER = "member", _("Member of the body")
        ORGANIZATION = "organization", _("Voting member (regular member organization)")

    PRESENT_KINDS = (Kind.PRESENT, Kind.ONLINE, Kind.PROXY, Kind.WRITTEN)
    IN_PERSON_KINDS = (Kind.PRESENT, Kind.ONLINE)

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_attendances",
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_attendances",
    )
    capacity = models.CharField(
        pgettext_lazy("role at a meeting", "capacity"),
        max_length=14,
        choices=Capacity.choices,
    )
    kind = models.CharField(_("attendance"), max_length=10, choices=Kind.choices)
    acting_name = models.CharField(
        _("acting for the organization"),
        max_length=120,
        blank=True,
        help_text=_("The representative attending, or the holder of the proxy."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["meeting", "capacity", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="secretariat_attendance_person_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organization"],
                condition=Q(organization__isnull=False),
                name="secretariat_attendance_organization_once",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organization__isnull=False),
                name="secretariat_attendance_has_attendee",
            ),
        ]

    def __str__(self):
        return f"{self.person or self.organization}: {self.get_kind_display()}"

    @property
    def is_present(self):
        return self.kind in self.PRESENT_KINDS
