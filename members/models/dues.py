from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wco_sse.core.models import TrackedModel


class DuesClass(models.TextChoices):
    REGULAR = "regular", _("Regular member organization")
    SUPPORTING = "supporting", _("Supporting member organization")
    INDIVIDUAL = "individual", _("Individual supporting member")


class DuesRate(TrackedModel):
    """The standard annual dues of a class in a fiscal year (April–March), in yen."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    dues_class = models.CharField(_("class"), max_length=12, choices=DuesClass.choices)
    amount = models.PositiveIntegerField(_("amount (yen)"))

    class Meta:
        verbose_name = _("dues rate")
        verbose_name_plural = _("dues rates")
        ordering = ["-fiscal_year", "dues_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "dues_class"], name="dues_rate_unique"
            )
        ]

    def __str__(self):
        return f"{self.fiscal_year} {self.get_dues_class_display()}: {self.amount}"


class Dues(TrackedModel):
    """What one member owes for one fiscal year: an organization or an individual."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dues",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dues",
    )
    dues_class = models.CharField(_("class"), max_length=12, choices=DuesClass.choices)
    amount = models.PositiveIntegerField(_("amount (yen)"))
    amount_overridden = models.BooleanField(_("amount set by hand"), default=False)
    paid_total = models.PositiveIntegerField(_("paid (yen)"), default=0)
    invoice_number = models.CharField(_("invoice number"), max_length=30, unique=True)
    invoiced_on = models.DateField(_("invoiced on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    last_reminded_on = models.DateField(_("last reminder"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("dues")
        verbose_name_plural = _("dues")
        ordering = ["-fiscal_year", "invoice_number"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organization__isnull=False) & Q(person__isnull=True))
                | (Q(organization__isnull=True) & Q(person__isnull=False)),
                name="dues_one_payer",
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "organization"],
                condition=Q(organization__isnull=False),
                name="dues_once_per_organization_year",
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "person"],
                condition=Q(person__isnull=False),
                name="dues_once_per_person_year",
            ),
        ]

    def __str__(self):
        return f"{self.invoice_number} {self.payer}"

    @property
    def payer(self):
        return self.organization if self.organization_id else self.person

    @property
    def outstanding(self):
        return max(self.amount - self.paid_total, 0)

    @property
    def state(self):
        if self.paid_total >= self.amount:
            return "paid"
        return "partial" if self.paid_total else "unpaid"


class DuesPayment(TrackedModel):
    """A payment towards dues; several partial payments may settle one year's dues."""

    class Method(models.TextChoices):
        TRANSFER = "transfer", _("Bank transfer")
        CASH = "cash", _("Cash")
        OTHER = "other", _("Other")

    dues = models.ForeignKey(
        Dues, verbose_name=_("dues"), on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.PositiveIntegerField(_("amount (yen)"))
    method = models.CharField(
        _("method"), max_length=10, choices=Method.choices, default=Method.TRANSFER
    )
    receipt_number = models.CharField(_("receipt number"), max_length=30, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        ordering = ["dues", "paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="dues_payment_positive"
            )
        ]

    def __str__(self):
        return f"{self.receipt_number} {self.amount}"
