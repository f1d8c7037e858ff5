"""The W.Co School: courses, their sessions, applications and attendance."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wco_sse.core.choices import ChoiceLabelsMixin
from wco_sse.core.dates import format_moment
from wco_sse.core.models import TrackedModel


class CourseCategory(TrackedModel):
    """A kind of course (起業支援, 運営マネジメント, …): data the committee keeps."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("course category")
        verbose_name_plural = _("course categories")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Course(ChoiceLabelsMixin, TrackedModel):
    """A course of one or more sessions, taken as one enrolment."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Open to the public")
        MEMBERS = "members", _("Members only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", pgettext_lazy("course state", "Cancelled")
        FINISHED = "finished", _("Finished")

    # The state changes staff may make (see services.course_set_status).
    TRANSITIONS = {
        Status.DRAFT: {Status.PUBLISHED, Status.CANCELLED},
        Status.PUBLISHED: {Status.CANCELLED, Status.FINISHED},
        Status.CANCELLED: set(),
        Status.FINISHED: set(),
    }

    title = models.CharField(pgettext_lazy("course", "title"), max_length=200)
    category = models.ForeignKey(
        CourseCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    description = models.TextField(_("description"), blank=True)
    instructor = models.CharField(_("instructor"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    fee_member = models.PositiveIntegerField(_("fee for members (yen)"), default=0)
    fee_general = models.PositiveIntegerField(_("fee for the public (yen)"), default=0)
    application_opens = models.DateTimeField(_("applications open"))
    application_closes = models.DateTimeField(_("applications close"))
    cancellation_deadline = models.DateTimeField(_("cancellation deadline"))
    status = models.CharField(
        _("state"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Kept on the row so list pages need no aggregate per course.
    first_session_at = models.DateTimeField(
        _("first session"), null=True, blank=True, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["first_session_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="course_capacity_positive"
            ),
            models.CheckConstraint(
                condition=Q(application_closes__gt=models.F("application_opens")),
                name="course_application_period_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def fragment_versions(self):
        """The course card's version (core.fragments): renewed by every change
        of the course, its sessions and its applications."""
        return [f"support.course:{self.pk}"]

    @property
    def is_members_only(self):
        return self.audience == self.Audience.MEMBERS

    def application_open_at(self, moment=None):
        moment = moment or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.application_opens <= moment <= self.application_closes
        )

    def can_cancel_at(self, moment=None):
        return (moment or timezone.now()) <= self.cancellation_deadline


class CourseSession(TrackedModel):
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="course_session_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.course} {format_moment(self.starts_at)}"

    def fragment_versions(self):
        """The course card's version (core.fragments): renewed by every change
        of the course, its sessions and its applications."""
        return [f"support.course:{self.course_id}"]


class Application(ChoiceLabelsMixin, TrackedModel):
    """A person's application for a course (申込): confirmed, or on the waitlist."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("course application", "Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", pgettext_lazy("course application", "Cancelled")
        WITHDRAWN = "withdrawn", _("Left the waitlist")

    class Channel(models.TextChoices):
        SELF = "self", _("By the person")
        REPRESENTATIVE = "representative", _("By the W.Co representative")
        PROXY = "proxy", _("By the secretariat on the person's behalf")

    LIVE = (Status.CONFIRMED, Status.WAITLISTED)

    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="course_applications",
    )
    status = models.CharField(_("state"), max_length=12, choices=Status.choices)
    # 1..k among the waitlisted applications of the course, kept contiguous.
    waitlist_position = models.PositiveIntegerField(
        _("waitlist position"), null=True, blank=True
    )
    channel = models.CharField(
        _("applied"), max_length=16, choices=Channel.choices, default=Channel.SELF
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("W.Co"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_applications",
        help_text=_("The W.Co whose representative applied."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_member_rate = models.BooleanField(_("member fee"), default=False)
    fee = models.PositiveIntegerField(_("fee (yen)"), default=0)
    fee_paid = models.BooleanField(_("fee paid"), default=False)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)
    promotion_reason = models.CharField(
        _("reason for promotion out of order"), max_length=300, blank=True
    )
    ended_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # Set when a retention rule pointed the application at the shared anonymous
    # entry (members.personal_data): the course's counts keep it, the one-live-
    # application rule no longer applies to it.
    anonymized_at = models.DateTimeField(
        _("anonymized at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("course application")
        verbose_name_plural = _("course applications")
        ordering = ["course", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "person"],
                condition=Q(
                    status__in=["confirmed", "waitlisted"], anonymized_at__isnull=True
                ),
                name="application_one_live_per_person",
            ),
            models.CheckConstraint(
                condition=Q(status="waitlisted", waitlist_position__gte=1)
                | (~Q(status="waitlisted") & Q(waitlist_position__isnull=True)),
                name="application_waitlist_position_fits_status",
            ),
        ]
        indexes = [models.Index(fields=["course", "status"])]

    def __str__(self):
        return f"{self.person} / {self.course}"

    def fragment_versions(self):
        """The course card's version (core.fragments), renewed by every change of
        the course, its sessions and its applications; and the applicant's own list
        of applications (their "my page")."""
        return [
            f"support.course:{self.course_id}",
            f"support.application:person:{self.person_id}",
        ]

    @property
    def is_live(self):
        return self.status in self.LIVE


class Attendance(TrackedModel):
    """出欠: a participant's presence at one session."""

    session = models.ForeignKey(
        CourseSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    present = models.BooleanField(_("present"), default=False)
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
        verbose_name_plural = _("attendance")
        ordering = ["session", "application"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "application"], name="attendance_once_per_session"
            )
        ]

    def __str__(self):
        return f"{self.application.person} @ {self.session}"
