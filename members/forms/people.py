"""A person's forms: their record, adding someone to a W.Co, asking to join one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wco_sse.core.forms import KanaField

from ..fields import PERSON_RECORD_FIELDS, PERSON_REGISTRY_FIELDS
from ..models import Affiliation, Organization, Person
from ..pickers import PersonPickerField
from .addresses import RecordFormMixin
from .common import CrispyMixin, DateInput


class PersonForm(RecordFormMixin, forms.ModelForm):
    """A person's record: the secretariat's form (``own=True``: the person's own fields)."""

    family_name_kana = KanaField(label=_("Family name (kana)"), max_length=60)
    given_name_kana = KanaField(
        label=_("Given name (kana)"), max_length=60, required=False
    )

    class Meta:
        model = Person
        fields = list(PERSON_REGISTRY_FIELDS)
        widgets = {
            "supporter_since": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, own=False, **kwargs):
        super().__init__(*args, **kwargs)
        if own:
            for name in PERSON_RECORD_FIELDS:
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("supporter_since") and not cleaned.get(
            "is_individual_supporter"
        ):
            cleaned["supporter_since"] = None
        return cleaned


class AffiliationAddForm(CrispyMixin, forms.Form):
    """Add someone to a W.Co: a new person, or (for the secretariat) one already known."""

    person = PersonPickerField(
        label=_("Person already in the registry"),
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
    email = forms.EmailField(label=_("Email address"), max_length=254, required=False)
    position = forms.ChoiceField(
        label=_("Position"),
        choices=Affiliation.Position.choices,
        initial=Affiliation.Position.MEMBER,
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)

    def __init__(self, *args, can_choose_existing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_choose_existing:
            del self.fields["person"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("person") is None:
            for name in ("family_name", "family_name_kana"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is required for a new person."))
        return cleaned


class AffiliationRequestForm(CrispyMixin, forms.Form):
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
