"""What the organization and person forms share: an address that agrees with itself,
phone numbers, the contact method a record needs details for, the version a user
started from (``RecordFormMixin`` puts them together)."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wco_sse.core.forms import HiddenErrorsMixin
from wco_sse.core.validators import clean_phone, clean_postal_code

from ..fields import ADDRESS_FIELDS
from ..models import ContactMethod, Municipality, Organization
from ..models.places import KANAGAWA
from .common import CrispyMixin


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
                    "hx-request": '{"timeout": 10000}',
                    "data-request-error": _(
                        "The address could not be looked up just now. Please "
                        "enter it yourself, or try again later."
                    ),
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


def clean_phone_field(form, name):
    try:
        return clean_phone(form.cleaned_data.get(name))
    except ValidationError as error:
        raise ValidationError(error.messages[0], code="phone") from None


def check_preferred_contact(form, cleaned):
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


class RecordFormMixin(CrispyMixin, VersionedFormMixin, AddressFormMixin):
    """A registry record's form (an organization's, a person's): its address, the
    version the user started from, phone numbers, and the contact method checked
    against the details given."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_address()
        self._init_version()

    def clean_phone(self):
        return clean_phone_field(self, "phone")

    def clean_mobile(self):
        return clean_phone_field(self, "mobile")

    def clean_fax(self):
        return clean_phone_field(self, "fax")

    def clean(self):
        cleaned = super().clean()
        self._clean_address(cleaned)
        check_preferred_contact(self, cleaned)
        return cleaned


class AddressForm(AddressFormMixin, forms.ModelForm):
    """Just the address fields (refilled from a postal code by htmx)."""

    class Meta:
        model = Organization
        fields = list(ADDRESS_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_address()
