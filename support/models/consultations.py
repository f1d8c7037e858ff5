"""The consultation desk: requests, advisors' appointment slots, and confidential
case records (相談記録（非公開）)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Desk
from wco_sse.core.choices import ChoiceLabelsMixin
from wco_sse.core.dates import format_moment, format_span
from wco_sse.core.models import TrackedModel

ONLINE = pgettext_lazy("where a meeting takes place", "Online")

# Requesters may cancel or rebook an appointment until this long before it starts.
APPOINTMENT_CHANGE_DEADLINE = datetime.timedelta(hours=24)


class Consultation(ChoiceLabelsMixin, TrackedModel):
    """A request for help (相談) and the case it becomes."""

    class Topic(models.TextChoices):
        STARTUP = "startup", _("Starting a business")
        MANAGEMENT = "management", _("Running the organization")
        LABOUR = "labour", _("Labour and employment")
        ACCOUNTING = "accounting", _("Accounting and tax")
        FINANCE = "finance", _("Funding and loans")
        CONVERSION = "conversion", _("Conversion to a workers' co-operative")
        SUCCESSION = "succession", _("Business succession")
        OTHER = "other", _("Other")

    class Channel(models.TextChoices):
        FORM = "form", _("Web form")
        PHONE = "phone", pgettext_lazy("consultation channel", "Phone")
        VISIT = "visit", _("Visit")
        EMAIL = "email", pgettext_lazy("consultation channel", "Email")

    class Status(models.TextChoices):
        NEW = "new", _("Received")
        ASSIGNED = "assigned", _("Advisor assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("Resolved")
        REFERRED = "referred", _("Referred to another body")
        ADVICE = "advice", _("Advice and information given")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class ConsentMethod(models.TextChoices):
        CHECKBOX = "checkbox", _("Checkbox on the form")
        VERBAL = "verbal", _("Verbal consent, recorded by staff")
        WRITTEN = "written", _("Written consent")

    requester = models.ForeignKey(
        "members.Person",
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("W.Co"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    desk = models.CharField(
        _("desk"), max_length=10, choices=Desk.choices, default=Desk.GENERAL
    )
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    channel = models.CharField(
        _("channel"), max_length=8, choices=Channel.choices, default=Channel.FORM
    )
    description = models.TextField(_("what it is about"))
    preferred_times = models.CharField(_("preferred times"), max_length=300, blank=True)
    consent_method = models.CharField(
        _("consent"), max_length=10, choices=ConsentMethod.choices
    )
    consent_at = models.DateTimeField(_("consent given at"))
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("state"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    advisor = models.ForeignKey(
        "members.Person",
        verbose_name=_("assigned advisor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_consultations",
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    referral_consent_at = models.DateTimeField(
        _("consent to the referral given at"), null=True, blank=True
    )
    referral_consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referral consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", outcome__gt="")
                | (~Q(status="closed") & Q(outcome="")),
                name="consultation_outcome_when_closed",
            ),
            models.CheckConstraint(
                condition=Q(referred_to="") | Q(referral_consent_at__isnull=False),
                name="consultation_referral_needs_consent",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "desk"]),
            # The intake queue's order: its first page is read off the index.
            models.Index(
                fields=["status", "created_at", "id"], name="consultation_queue_idx"
            ),
        ]

    def __str__(self):
        return _("Consultation no. %(number)s") % {"number": self.pk}

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED


class AppointmentSlot(TrackedModel):
    """面談枠: a time an advisor offers for a consultation."""

    advisor = models.ForeignKey(
        "members.Person",
        verbose_name=_("advisor"),
        on_delete=models.CASCADE,
        related_name="appointment_slots",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("online link"), blank=True)
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="slot_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["advisor", "starts_at"])]

    def __str__(self):
        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        return format_span(start, end)

    @property
    def is_online(self):
        """Held online: marked so, or with a link to join."""
        return self.online or bool(self.online_url)

    @property
    def where(self):
        """Where it takes place, in words: the place, online, or both (the link
        apart: pages show it as a link, calendars in the description)."""
        parts = [self.place] if self.place else []
        if self.is_online:
            parts.append(str(ONLINE))
        return " / ".join(parts)


class Appointment(TrackedModel):
    """A consultation's booking of one slot. A slot has at most one live booking."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", pgettext_lazy("appointment", "Cancelled")

    slot = models.ForeignKey(
        AppointmentSlot,
        verbose_name=_("appointment slot"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="appointments",
    )
    status = models.CharField(
        _("state"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    booked_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Signed into the calendar link: renewing the link (a new number) withdraws
    # every copy of the old one, in the emails and wherever it was passed on.
    calendar_link_version = models.PositiveIntegerField(
        _("calendar link version"), default=0, editable=False
    )

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status="booked"),
                name="appointment_slot_booked_once",
            ),
            models.UniqueConstraint(
                fields=["consultation"],
                condition=Q(status="booked"),
                name="appointment_one_live_per_consultation",
            ),
        ]

    def __str__(self):
        return f"{self.consultation} — {self.slot}"

    def changeable_at(self, moment=None):
        moment = moment or timezone.now()
        return (
            self.status == self.Status.BOOKED
            and moment <= self.slot.starts_at - APPOINTMENT_CHANGE_DEADLINE
        )


class ConsultationRecord(TrackedModel):
    """相談記録（非公開）: the advisor's confidential notes on a case.

    Read only through support.selectors.consultation_records_read, which logs every
    read; never registered in the admin, never in a list export.
    """

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="records",
    )
    author = models.ForeignKey(
        "members.Person",
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(pgettext_lazy("case record text", "record"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case record")
        verbose_name_plural = _("case records")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return _("Case record %(number)s") % {"number": self.pk}


class ConsultationRecordRead(TrackedModel):
    """One read of a case's confidential records: who, when, how."""

    # Written with every read and shown through no app-wide fragment.
    fragment_app_version = False

    class Purpose(models.TextChoices):
        VIEW = "view", _("Viewed")
        DISCLOSURE = "disclosure", _("Disclosure export")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="record_reads",
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("read by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reader_label = models.CharField(_("read by (as recorded)"), max_length=200)
    purpose = models.CharField(
        _("purpose"), max_length=12, choices=Purpose.choices, default=Purpose.VIEW
    )
    record_count = models.PositiveIntegerField(_("records read"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case record read")
        verbose_name_plural = _("case record reads")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.reader_label} {format_moment(self.at)}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The read log is append-only.")
        super().save(*args, **kwargs)
