from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    """A W.Co or a partner organization. The registry issue fills in the rest."""

    class Kind(models.TextChoices):
        WCO = "wco", _("Workers' collective (W.Co)")
        PARTNER = "partner", _("Partner organization")

    class MembershipClass(models.TextChoices):
        REGULAR = "regular", _("Regular member")
        SUPPORTING = "supporting", _("Supporting member")
        NONE = "none", _("Not a member")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        DISSOLVED = "dissolved", _("Dissolved")

    name = models.CharField(_("name"), max_length=200)
    name_kana = models.CharField(_("name (kana)"), max_length=200, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.WCO
    )
    membership_class = models.CharField(
        _("membership class"),
        max_length=12,
        choices=MembershipClass.choices,
        default=MembershipClass.NONE,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_kana", "name"]

    def __str__(self):
        return self.name

    @property
    def is_member_organization(self):
        return self.membership_class in {
            self.MembershipClass.REGULAR,
            self.MembershipClass.SUPPORTING,
        }


class Person(models.Model):
    """Someone the organization knows: a registry record, with an optional account."""

    family_name = models.CharField(_("family name"), max_length=60)
    given_name = models.CharField(_("given name"), max_length=60, blank=True)
    family_name_kana = models.CharField(
        _("family name (kana)"), max_length=60, blank=True
    )
    given_name_kana = models.CharField(
        _("given name (kana)"), max_length=60, blank=True
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language for emails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="ja",
    )
    is_individual_supporter = models.BooleanField(
        _("individual supporting member"), default=False
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name_kana", "given_name_kana", "pk"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.family_name} {self.given_name}".strip()

    @property
    def full_name_kana(self):
        return f"{self.family_name_kana} {self.given_name_kana}".strip()

    @property
    def contact_email(self):
        if self.email:
            return self.email
        return self.account.email if self.account_id else ""


class AffiliationQuerySet(models.QuerySet):
    def current(self, day=None):
        day = day or timezone.localdate()
        return self.filter(Q(start__isnull=True) | Q(start__lte=day)).filter(
            Q(end__isnull=True) | Q(end__gte=day)
        )


class Affiliation(models.Model):
    """A person's place in an organization. Only a confirmed one grants anything."""

    class Position(models.TextChoices):
        REPRESENTATIVE = "representative", _("Representative")
        DIRECTOR = "director", _("Director")
        MEMBER = "member", _("Member")
        STAFF = "staff", _("Employee")

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    position = models.CharField(
        _("position"), max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    confirmed = models.BooleanField(_("confirmed"), default=False)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["organization__name_kana", "person__family_name_kana", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="affiliation_end_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.person} / {self.organization} ({self.get_position_display()})"
