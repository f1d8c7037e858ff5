"""Contracts (委託契約) on a programme: the client, the fiscal year's amount, the
people answerable for personal information, the budget against the expenses, the
incidents and, at the end, the data returned or destroyed.

No case files: records of the people supported stay in the client's designated
system; the portal holds counts (reports) and money.
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


class CostCategory(models.TextChoices):
    PERSONNEL = "personnel", _("Personnel (人件費)")
    HONORARIA = "honoraria", _("Honoraria (謝金)")
    TRAVEL = "travel", _("Travel (旅費)")
    EQUIPMENT = "equipment", _("Equipment and rent (備品・借料)")
    COMMUNICATION = "communication", _("Communication and carriage (通信運搬費)")
    PRINTING = "printing", _("Printing and publicity (印刷広報費)")
    SUBCONTRACTING = "subcontracting", _("Subcontracting (再委託費)")
    OVERHEAD = "overhead", _("General administration (一般管理費)")


class Contract(ChoiceLabelsMixin, TrackedModel):
    class PaymentMode(models.TextChoices):
        ADVANCE = "advance", _("Advance payment, then settlement (概算払・精算)")
        SETTLEMENT = "settlement", _("Payment on settlement (精算払)")

    class ReportFrequency(models.TextChoices):
        MONTHLY = "monthly", pgettext_lazy("report frequency", "Monthly")
        QUARTERLY = "quarterly", pgettext_lazy("report frequency", "Quarterly")
        YEARLY = "yearly", pgettext_lazy("report frequency", "Yearly")

    programme = models.ForeignKey(
        "business.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    # Usually a 地方公共団体 of the registry; for a JV contract, the lead partner.
    client = models.ForeignKey(
        "members.Organization",
        verbose_name=pgettext_lazy("contract", "client"),
        on_delete=models.PROTECT,
        related_name="business_contracts",
    )
    title = models.CharField(pgettext_lazy("contract", "title"), max_length=120)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    start = models.DateField(pgettext_lazy("contract", "start"))
    end = models.DateField(pgettext_lazy("contract", "end"))
    # Integer yen, tax included.
    amount = models.PositiveBigIntegerField(_("contract amount (yen, tax included)"))
    payment_mode = models.CharField(
        _("payment"),
        max_length=12,
        choices=PaymentMode.choices,
        default=PaymentMode.ADVANCE,
    )
    # 概算払: what the client has paid in advance so far (integer yen).
    advance_received = models.PositiveBigIntegerField(
        _("advance received (yen)"), default=0
    )
    spec_version = models.CharField(
        _("specification (仕様書) version"), max_length=60, blank=True
    )
    report_frequency = models.CharField(
        _("reports"),
        max_length=10,
        choices=ReportFrequency.choices,
        default=ReportFrequency.MONTHLY,
    )
    # The day of the month after the period by which a report is due.
    report_due_day = models.PositiveSmallIntegerField(
        _("report due on day"), default=10
    )
    training_report_due = models.DateField(
        _("training report (研修報告) due"), null=True, blank=True
    )
    # The population of the client's area, for per-100,000 rates (blank: none).
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    note = models.TextField(
        pgettext_lazy("contract", "note"), max_length=NOTE_MAX_LENGTH, blank=True
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
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-fiscal_year", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="business_contract_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(report_due_day__gte=1) & Q(report_due_day__lte=31),
                name="business_contract_due_day_range",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("business:contract_detail", args=[self.pk])


class ContractPersonnel(ChoiceLabelsMixin, TrackedModel):
    """A person answerable for personal information under the contract (個人情報
    責任者) or handling it (従事者), for a period; a change ends one row and starts
    another, so the history stays."""

    class Role(models.TextChoices):
        RESPONSIBLE = "responsible", _("Person responsible for personal information")
        WORKER = "worker", _("Person handling personal information")

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="personnel",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="contract_roles",
    )
    role = models.CharField(
        pgettext_lazy("contract personnel", "role"), max_length=12, choices=Role.choices
    )
    start = models.DateField(pgettext_lazy("contract personnel", "from"))
    end = models.DateField(
        pgettext_lazy("contract personnel", "until"), null=True, blank=True
    )
    client_notified_on = models.DateField(_("client told on"), null=True, blank=True)

    class Meta:
        verbose_name = _("contract personnel")
        verbose_name_plural = _("contract personnel")
        ordering = ["contract", "role", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="business_personnel_end_after_start",
            ),
        ]


class BudgetLine(ChoiceLabelsMixin, TrackedModel):
    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="budget_lines",
    )
    category = models.CharField(
        _("cost category"), max_length=16, choices=CostCategory.choices
    )
    amount = models.PositiveBigIntegerField(_("budget (yen)"))

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["contract", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "category"], name="business_budgetline_unique"
            )
        ]


class Expense(ChoiceLabelsMixin, TrackedModel):
    """An expense against a contract. Never edited in place: a correction is a new
    entry (its amount may be negative) that names the entry it corrects and why."""

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="expenses",
    )
    date = models.DateField(pgettext_lazy("expense", "date"))
    category = models.CharField(
        _("cost category"), max_length=16, choices=CostCategory.choices
    )
    payee = models.CharField(_("payee"), max_length=120)
    amount = models.BigIntegerField(_("amount (yen)"))
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    reason = models.CharField(
        pgettext_lazy("expense correction", "reason"), max_length=200, blank=True
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

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["contract", "date", "pk"]
        indexes = [models.Index(fields=["contract", "category"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount=0), name="business_expense_not_zero"
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(reason=""),
                name="business_expense_correction_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=False) | Q(amount__gt=0),
                name="business_expense_positive_unless_correction",
            ),
        ]


class Incident(TrackedModel):
    """An incident (事故): when, what, whether personal information was involved, when
    the client was told (flagged unless the same day), and what was done."""

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    occurred_at = models.DateTimeField(_("occurred at"))
    description = models.TextField(
        pgettext_lazy("incident", "what happened"), max_length=DESCRIPTION_MAX_LENGTH
    )
    personal_information = models.BooleanField(
        _("personal information involved"), default=False
    )
    client_notified_at = models.DateTimeField(
        _("client told at"), null=True, blank=True
    )
    actions = models.TextField(
        pgettext_lazy("incident", "actions taken"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
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

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["contract", "-occurred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(client_notified_at__isnull=True)
                | Q(client_notified_at__gte=models.F("occurred_at")),
                name="business_incident_told_after_it_happened",
            ),
        ]


class DataDisposal(ChoiceLabelsMixin, TrackedModel):
    """At the contract's end: data returned to the client or destroyed, with its
    certificate (a file attached to this row)."""

    class Method(models.TextChoices):
        RETURNED = "returned", pgettext_lazy("data disposal", "Returned to the client")
        DESTROYED = "destroyed", pgettext_lazy("data disposal", "Destroyed")

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.PROTECT,
        related_name="disposals",
    )
    date = models.DateField(pgettext_lazy("data disposal", "date"))
    method = models.CharField(
        pgettext_lazy("data disposal", "method"), max_length=10, choices=Method.choices
    )
    what = models.CharField(pgettext_lazy("data disposal", "data"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("data returned or destroyed")
        verbose_name_plural = _("data returned or destroyed")
        ordering = ["contract", "date", "pk"]
