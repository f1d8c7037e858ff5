from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wco_sse.core.choices import ChoiceLabelsMixin
from wco_sse.core.models import TrackedModel
from wco_sse.core.search import normalize, search_text, sort_key
from wco_sse.core.text import NOTE_MAX_LENGTH, strip_bidi
from wco_sse.core.tracking import TrackedQuerySet

from .places import KANAGAWA, PREFECTURE_CHOICES


class ContactMethod(models.TextChoices):
    EMAIL = "email", pgettext_lazy("contact method", "Email")
    FAX = "fax", pgettext_lazy("contact method", "Fax")
    POST = "post", pgettext_lazy("contact method", "Post")
    PHONE = "phone", pgettext_lazy("contact method", "Phone")


class LegalForm(models.TextChoices):
    VOLUNTARY = "voluntary", _("Voluntary association")
    NPO = "npo", _("NPO corporation")
    CERTIFIED_NPO = "certified_npo", _("Certified NPO corporation")
    BUSINESS_COOPERATIVE = "business_cooperative", _("Business cooperative")
    WORKERS_COOPERATIVE = "workers_cooperative", _("Workers' cooperative")
    GENERAL_ASSOCIATION = "general_association", _("General incorporated association")
    GENERAL_FOUNDATION = "general_foundation", _("General incorporated foundation")
    PUBLIC_ASSOCIATION = (
        "public_association",
        _("Public interest incorporated association"),
    )
    PUBLIC_FOUNDATION = (
        "public_foundation",
        _("Public interest incorporated foundation"),
    )
    CONSUMER_COOPERATIVE = "consumer_cooperative", _("Consumer cooperative")
    SOCIAL_WELFARE = "social_welfare", _("Social welfare corporation")
    STOCK_COMPANY = "stock_company", _("Stock company")
    GODO_KAISHA = "godo_kaisha", _("Limited liability company (godo kaisha)")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    OTHER = "other", _("Other")


class AddressFields(TrackedModel):
    """A Japanese postal address: 〒, prefecture, municipality, the rest."""

    postal_code = models.CharField(_("postal code"), max_length=8, blank=True)
    prefecture = models.CharField(
        _("prefecture"), max_length=10, choices=PREFECTURE_CHOICES, default=KANAGAWA
    )
    municipality = models.ForeignKey(
        "members.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For addresses in Kanagawa."),
    )
    city_outside = models.CharField(
        _("city (outside Kanagawa)"), max_length=60, blank=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    building = models.CharField(_("building"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def full_address(self):
        city = self.municipality.label if self.municipality_id else self.city_outside
        if not (city or self.address):
            return ""  # a prefecture alone (the default) is no address
        return f"{self.prefecture}{city}{self.address} {self.building}".strip()


class SearchKeysMixin:
    """``search_text`` and ``sort_key``, derived from the name by
    ``refresh_search_fields()``, are kept in step on every save; bulk paths call
    ``refresh_search_fields()`` themselves.

    The names (``NAME_FIELDS``) are saved without direction controls whatever path
    they come by (the forms already take them out; the admin, a shell, an import)."""

    NAME_FIELDS = ()

    def save(self, *args, **kwargs):
        for name in self.NAME_FIELDS:
            setattr(self, name, strip_bidi(getattr(self, name)))
        self.refresh_search_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "search_text",
                "sort_key",
            }
        super().save(*args, **kwargs)


def preferred_contact_field():
    return models.CharField(
        _("preferred contact"),
        max_length=10,
        choices=ContactMethod.choices,
        default=ContactMethod.EMAIL,
    )


class Organization(ChoiceLabelsMixin, SearchKeysMixin, AddressFields):
    """A W.Co or a partner organization."""

    class Kind(models.TextChoices):
        WCO = "wco", _("Workers' collective (W.Co)")
        PARTNER = "partner", _("Partner organization")
        ASSOCIATION = "association", pgettext_lazy("organization kind", "Association")

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
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.WCO
    )
    legal_form = models.CharField(
        _("legal form"),
        max_length=30,
        choices=LegalForm.choices,
        default=LegalForm.VOLUNTARY,
    )
    corporate_number = models.CharField(
        _("corporate number"),
        max_length=13,
        null=True,
        blank=True,
        unique=True,
    )
    industry = models.ForeignKey(
        "members.Industry",
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
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
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    fax = models.CharField(_("fax"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    preferred_contact = preferred_contact_field()
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    workers_count = models.PositiveIntegerField(
        _("number of workers"), null=True, blank=True
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=NOTE_MAX_LENGTH, blank=True)
    # Derived by the services on every save: for search and kana-order sorting.
    search_text = models.TextField(editable=False, blank=True, db_index=False)
    sort_key = models.CharField(
        editable=False, max_length=200, blank=True, db_index=True
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    NAME_FIELDS = ("name", "name_kana")

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["sort_key", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                name="organization_left_after_joined",
            ),
        ]
        indexes = [
            models.Index(fields=["membership_class", "status"]),
            models.Index(fields=["kind", "sort_key"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:organization_detail", args=[self.pk])

    def refresh_search_fields(self):
        self.search_text = search_text(self.name, self.name_kana, self.corporate_number)
        self.sort_key = sort_key(self.name_kana, self.name)[:200]

    @property
    def is_member_organization(self):
        return self.membership_class in {
            self.MembershipClass.REGULAR,
            self.MembershipClass.SUPPORTING,
        }


class LegalFormChange(TrackedModel):
    """A legal form an organization took on a date (a W.Co becoming a 労働者協同組合)."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="legal_form_changes",
    )
    legal_form = models.CharField(
        _("legal form"), max_length=30, choices=LegalForm.choices
    )
    since = models.DateField(_("since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("legal form change")
        verbose_name_plural = _("legal form history")
        ordering = ["organization", "since", "pk"]

    def __str__(self):
        return f"{self.organization}: {self.get_legal_form_display()} ({self.since})"


class PersonQuerySet(TrackedQuerySet):
    def listed(self):
        """The people the registry lists, finds and counts: not an erased entry
        (kept only as a pseudonym for the records that must keep it), nor the shared
        entry anonymized records point to."""
        return self.filter(erased_at__isnull=True, is_placeholder=False)


class Person(ChoiceLabelsMixin, SearchKeysMixin, AddressFields):
    """Someone the organization knows: a registry record, with an optional account."""

    family_name = models.CharField(_("family name"), max_length=60)
    given_name = models.CharField(_("given name"), max_length=60, blank=True)
    family_name_kana = models.CharField(
        _("family name (kana)"), max_length=60, blank=True
    )
    given_name_kana = models.CharField(
        _("given name (kana)"), max_length=60, blank=True
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=30, blank=True)
    fax = models.CharField(_("fax"), max_length=30, blank=True)
    preferred_contact = preferred_contact_field()
    language = models.CharField(
        _("language for emails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="ja",
    )
    is_individual_supporter = models.BooleanField(
        _("individual supporting member"), default=False
    )
    supporter_since = models.DateField(
        _("supporting member since"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), max_length=NOTE_MAX_LENGTH, blank=True)
    # Set when the person's data was erased: the entry stays as a pseudonym
    # (削除済み #n) for the records that must keep it, and lists leave it out.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    # The one shared entry that records past their retention point to once they are
    # anonymized without an erasure (a finished course's applications after five
    # years): counts stay, nobody is named (members.personal_data.engine).
    is_placeholder = models.BooleanField(default=False, editable=False)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    search_text = models.TextField(editable=False, blank=True)
    sort_key = models.CharField(
        editable=False, max_length=130, blank=True, db_index=True
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    NAME_FIELDS = ("family_name", "given_name", "family_name_kana", "given_name_kana")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_key", "pk"]

    def __str__(self):
        return self.full_name

    def refresh_search_fields(self):
        self.search_text = search_text(
            f"{self.family_name}{self.given_name}",
            f"{self.family_name_kana}{self.given_name_kana}",
            self.email,
        )
        self.sort_key = normalize(
            f"{self.family_name_kana} {self.given_name_kana}"
            if self.family_name_kana
            else self.full_name
        )[:130]

    @property
    def is_erased(self):
        return self.erased_at is not None or self.is_placeholder

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


class AffiliationQuerySet(TrackedQuerySet):
    def current(self, day=None):
        day = day or timezone.localdate()
        return self.filter(Q(start__isnull=True) | Q(start__lte=day)).filter(
            Q(end__isnull=True) | Q(end__gte=day)
        )


class Affiliation(ChoiceLabelsMixin, TrackedModel):
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
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["organization__sort_key", "person__sort_key", "pk"]
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
