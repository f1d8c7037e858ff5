"""An organization's forms: the registry's record, a representative's profile, a
change of legal form."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from wco_sse.core.forms import KanaField
from wco_sse.core.validators import clean_corporate_number

from ..fields import ORGANIZATION_FORM_FIELDS, ORGANIZATION_PROFILE_FIELDS
from ..models import LegalForm, Organization
from .addresses import RecordFormMixin
from .common import CrispyMixin, DateInput

# Legal forms without a 法人番号: a voluntary association, and "other".
WITHOUT_CORPORATE_NUMBER = (LegalForm.VOLUNTARY, LegalForm.OTHER)


def needs_corporate_number(legal_form):
    """Whether an organization of this legal form has a 法人番号 (a corporation)."""
    return bool(legal_form) and legal_form not in WITHOUT_CORPORATE_NUMBER


def website_field():
    return forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )


class OrganizationForm(RecordFormMixin, forms.ModelForm):
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
        fields = list(ORGANIZATION_FORM_FIELDS)
        widgets = {
            "founded_on": DateInput,
            "joined_on": DateInput,
            "left_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, corporate_number_required=None, **kwargs):
        super().__init__(*args, **kwargs)
        # An import takes a corporation without its 法人番号 (most member lists have
        # none), to be completed afterwards (the list's "to complete" filter); a
        # record registered without one can still be edited before it is known. A
        # malformed number is refused all the same.
        if corporate_number_required is None:
            corporate_number_required = self.instance.pk is None or bool(
                self.instance.corporate_number
            )
        self.corporate_number_required = corporate_number_required
        self.fields["corporate_number"].help_text = _(
            "13 digits. Not needed for a voluntary association (任意団体)."
        )
        if self.instance.pk:
            # The legal form changes through its history, with the date it changed.
            del self.fields["legal_form"]
            del self.fields["legal_form_since"]

    def clean_corporate_number(self):
        return clean_corporate_number(self.cleaned_data.get("corporate_number")) or None

    def clean(self):
        cleaned = super().clean()
        self._check_corporate_number(cleaned)
        joined, left = cleaned.get("joined_on"), cleaned.get("left_on")
        if joined and left and left < joined:
            self.add_error("left_on", _("The leaving date is before the joining date."))
        founded = cleaned.get("founded_on")
        if founded and founded > datetime.date.today():
            self.add_error("founded_on", _("The founding date is in the future."))
        return cleaned

    def _check_corporate_number(self, cleaned):
        legal_form = cleaned.get(
            "legal_form", getattr(self.instance, "legal_form", None)
        )
        if (
            self.corporate_number_required
            and legal_form
            and needs_corporate_number(legal_form)
            and not cleaned.get("corporate_number")
            and "corporate_number" not in self.errors
        ):
            self.add_error(
                "corporate_number",
                _("A corporation has a corporate number: please enter it."),
            )


class OrganizationProfileForm(RecordFormMixin, forms.ModelForm):
    """What a W.Co's representative keeps up to date about their W.Co."""

    website = website_field()

    class Meta:
        model = Organization
        fields = list(ORGANIZATION_PROFILE_FIELDS)


class LegalFormChangeForm(CrispyMixin, forms.Form):
    legal_form = forms.ChoiceField(label=_("New legal form"), choices=LegalForm.choices)
    since = forms.DateField(label=_("Since"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
