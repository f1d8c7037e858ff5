import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wco_sse.core.forms import (
    HiddenErrorsMixin,
    KanaField,
    link_privacy_notice,
    privacy_consent_field,
)
from wco_sse.core.validators import (
    clean_corporate_number,
    clean_phone,
    clean_postal_code,
)

from .models import (
    Affiliation,
    ContactMethod,
    Desk,
    LegalForm,
    Municipality,
    Organization,
    Person,
    Role,
    Section,
)
from .models.places import KANAGAWA


class CitizenSignupForm(forms.Form):
    """Extra fields of allauth's sign-up: who the new person is."""

    family_name = forms.CharField(label=_("Family name"), max_length=60)
    given_name = forms.CharField(label=_("Given name"), max_length=60)
    family_name_kana = KanaField(label=_("Family name (kana)"), max_length=60)
    given_name_kana = KanaField(label=_("Given name (kana)"), max_length=60)
    privacy_consent = privacy_consent_field()

    field_order = [
        "email",
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "password1",
        "password2",
        "privacy_consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        link_privacy_notice(self.fields["privacy_consent"])

    def signup(self, request, user):
        from .services import person_create_for_signup

        person_create_for_signup(
            account=user,
            family_name=self.cleaned_data["family_name"],
            given_name=self.cleaned_data["given_name"],
            family_name_kana=self.cleaned_data["family_name_kana"],
            given_name_kana=self.cleaned_data["given_name_kana"],
            language=getattr(request, "LANGUAGE_CODE", "ja"),
        )


class RoleAssignForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.order_by("family_name_kana", "given_name_kana", "pk"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    scope = forms.ChoiceField(
        label=_("Scope"),
        required=False,
        choices=[("", _("— none —"))]
        + [(v, label) for v, label in Section.choices]
        + [(v, label) for v, label in Desk.choices],
        help_text=_("Section members need their section; advisors need their desk."),
    )
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Leave empty for an open term (for example, until the next general assembly)."
        ),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class RoleEndForm(forms.Form):
    end = forms.DateField(
        label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class SecondFactorResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("For example: lost phone, confirmed by telephone on 3 June."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


# --- Registry records -----------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


ADDRESS_FIELDS = (
    "postal_code", "prefecture", "municipality", "city_outside", "address", "building",
)  # fmt: skip


class AddressFormMixin:
    """Postal code, prefecture and municipality that agree with each other."""

    address_field_names = ADDRESS_FIELDS

    def _init_address(self):
        if "postal_code" in self.fields:
            # Wider than the stored value: ２３１－００２３ is normalized to 231-0023.
            self.fields["postal_code"].max_length = 20
            self.fields["postal_code"].validators = []
            self.fields["postal_code"].widget.attrs.pop("maxlength", None)
        if "municipality" in self.fields:
            self.fields["municipality"].queryset = Municipality.objects.select_related(
                "parent"
            ).order_by("code")
            self.fields["municipality"].label_from_instance = lambda m: m.label
        if "postal_code" in self.fields:
            self.fields["postal_code"].widget.attrs.update(
                {
                    "hx-get": reverse("members:postal_code_lookup"),
                    "hx-trigger": "change",
                    "hx-target": "#address-fields",
                    "hx-swap": "outerHTML",
                    "hx-include": "#address-fields",
                    "autocomplete": "postal-code",
                    "inputmode": "numeric",
                    "placeholder": "231-0023",
                }
            )

    def clean_postal_code(self):
        return clean_postal_code(self.cleaned_data.get("postal_code"))

    def _clean_address(self, cleaned):
        prefecture = cleaned.get("prefecture")
        municipality = cleaned.get("municipality")
        if prefecture == KANAGAWA:
            cleaned["city_outside"] = ""
        elif prefecture and municipality is not None:
            self.add_error(
                "municipality",
                _("Choose a municipality only for addresses in Kanagawa."),
            )
        return cleaned


def _clean_phone_field(form, name):
    try:
        return clean_phone(form.cleaned_data.get(name))
    except ValidationError as error:
        raise ValidationError(error.messages[0], code="phone") from None


def _check_preferred_contact(form, cleaned):
    method = cleaned.get("preferred_contact")
    needs = {
        ContactMethod.EMAIL: (
            "email",
            _("Enter an email address to be contacted by email."),
        ),
        ContactMethod.FAX: ("fax", _("Enter a fax number to be contacted by fax.")),
        ContactMethod.POST: (
            "address",
            _("Enter the address to be contacted by post."),
        ),
        ContactMethod.PHONE: (
            "phone",
            _("Enter a phone number to be contacted by phone."),
        ),
    }
    if method in needs:
        field, message = needs[method]
        given = cleaned.get(field) or (field == "phone" and cleaned.get("mobile"))
        if field in form.fields and not given:
            form.add_error("preferred_contact", message)


class VersionedFormMixin(HiddenErrorsMixin):
    """Carries the version the user started from, for the conflict check."""

    def _init_version(self):
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False
        )
        if self.instance and self.instance.pk:
            self.initial.setdefault("version", self.instance.version)


def website_field():
    return forms.URLField(label=_("Website"), required=False, assume_scheme="https")


class OrganizationForm(VersionedFormMixin, AddressFormMixin, forms.ModelForm):
    """The registry's form for an organization (the secretariat's fields)."""

    website = website_field()
    name_kana = KanaField(label=_("Name (kana)"), max_length=200, allow_latin=True)
    # Wider than the stored value: full-width digits and dashes are normalized first.
    corporate_number = forms.CharField(
        label=_("Corporate number"), max_length=30, required=False
    )
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalForm.choices)
    legal_form_since = forms.DateField(
        label=_("Legal form since"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty if it has had this form since its founding."),
    )

    class Meta:
        model = Organization
        fields = [
            "name", "name_kana", "kind", "corporate_number", "industry",
            "membership_class", "status", "founded_on", "joined_on", "left_on",
            "workers_count", "email", "phone", "fax", "website", "preferred_contact",
            *ADDRESS_FIELDS, "notes",
        ]  # fmt: skip
        widgets = {
            "founded_on": DateInput,
            "joined_on": DateInput,
            "left_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_address()
        self._init_version()
        self.fields["corporate_number"].help_text = _(
            "13 digits. Not needed for a voluntary association (任意団体)."
        )
        if self.instance.pk:
            # The legal form changes through its history, with the date it changed.
            del self.fields["legal_form"]
            del self.fields["legal_form_since"]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_corporate_number(self):
        return clean_corporate_number(self.cleaned_data.get("corporate_number")) or None

    def clean_phone(self):
        return _clean_phone_field(self, "phone")

    def clean_fax(self):
        return _clean_phone_field(self, "fax")

    def clean(self):
        cleaned = super().clean()
        self._clean_address(cleaned)
        _check_preferred_contact(self, cleaned)
        legal_form = cleaned.get(
            "legal_form", getattr(self.instance, "legal_form", None)
        )
        if (
            legal_form
            and legal_form not in (LegalForm.VOLUNTARY, LegalForm.OTHER)
            and not cleaned.get("corporate_number")
            and "corporate_number" not in self.errors
        ):
            self.add_error(
                "corporate_number",
                _("A corporation has a corporate number: please enter it."),
            )
        joined, left = cleaned.get("joined_on"), cleaned.get("left_on")
        if joined and left and left < joined:
            self.add_error("left_on", _("The leaving date is before the joining date."))
        founded = cleaned.get("founded_on")
        if founded and founded > datetime.date.today():
            self.add_error("founded_on", _("The founding date is in the future."))
        return cleaned


class OrganizationProfileForm(VersionedFormMixin, AddressFormMixin, forms.ModelForm):
    """What a W.Co's representative keeps up to date about their W.Co."""

    website = website_field()

    class Meta:
        model = Organization
        fields = [
            "email", "phone", "fax", "website", "preferred_contact", *ADDRESS_FIELDS,
            "workers_count",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_address()
        self._init_version()
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_phone(self):
        return _clean_phone_field(self, "phone")

    def clean_fax(self):
        return _clean_phone_field(self, "fax")

    def clean(self):
        cleaned = super().clean()
        self._clean_address(cleaned)
        _check_preferred_contact(self, cleaned)
        return cleaned


class PersonForm(VersionedFormMixin, AddressFormMixin, forms.ModelForm):
    """A person's record: the secretariat's form (``own=True``: the person's own fields)."""

    family_name_kana = KanaField(label=_("Family name (kana)"), max_length=60)
    given_name_kana = KanaField(
        label=_("Given name (kana)"), max_length=60, required=False
    )

    class Meta:
        model = Person
        fields = [
            "family_name", "given_name", "family_name_kana", "given_name_kana", "email",
            "phone", "mobile", "fax", "preferred_contact", "language", *ADDRESS_FIELDS,
            "is_individual_supporter", "supporter_since", "notes",
        ]  # fmt: skip
        widgets = {
            "supporter_since": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, own=False, **kwargs):
        super().__init__(*args, **kwargs)
        if own:
            for name in ("is_individual_supporter", "supporter_since", "notes"):
                del self.fields[name]
        self._init_address()
        self._init_version()
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_phone(self):
        return _clean_phone_field(self, "phone")

    def clean_mobile(self):
        return _clean_phone_field(self, "mobile")

    def clean_fax(self):
        return _clean_phone_field(self, "fax")

    def clean(self):
        cleaned = super().clean()
        self._clean_address(cleaned)
        _check_preferred_contact(self, cleaned)
        if cleaned.get("supporter_since") and not cleaned.get(
            "is_individual_supporter"
        ):
            cleaned["supporter_since"] = None
        return cleaned


class LegalFormChangeForm(forms.Form):
    legal_form = forms.ChoiceField(label=_("New legal form"), choices=LegalForm.choices)
    since = forms.DateField(label=_("Since"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class AddressForm(AddressFormMixin, forms.ModelForm):
    """Just the address fields (refilled from a postal code by htmx)."""

    class Meta:
        model = Organization
        fields = list(ADDRESS_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_address()


class AffiliationAddForm(forms.Form):
    """Add someone to a W.Co: a new person, or (for the secretariat) one already known."""

    person = forms.ModelChoiceField(
        label=_("Person already in the registry"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Or leave empty and enter a new person below."),
    )
    family_name = forms.CharField(label=_("Family name"), max_length=60, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=60, required=False)
    family_name_kana = KanaField(
        label=_("Family name (kana)"), max_length=60, required=False
    )
    given_name_kana = KanaField(
        label=_("Given name (kana)"), max_length=60, required=False
    )
    email = forms.EmailField(label=_("Email address"), required=False)
    position = forms.ChoiceField(
        label=_("Position"),
        choices=Affiliation.Position.choices,
        initial=Affiliation.Position.MEMBER,
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)

    def __init__(self, *args, can_choose_existing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if can_choose_existing:
            self.fields["person"].queryset = Person.objects.order_by("sort_key", "pk")
        else:
            del self.fields["person"]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("person") is None:
            for name in ("family_name", "family_name_kana"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is required for a new person."))
        return cleaned


class AffiliationRequestForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("W.Co"),
        queryset=Organization.objects.filter(
            membership_class__in=[
                Organization.MembershipClass.REGULAR,
                Organization.MembershipClass.SUPPORTING,
            ],
            status=Organization.Status.ACTIVE,
        ).order_by("sort_key"),
        help_text=_("The W.Co's representative will confirm that you belong to it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
