from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .kana import normalize_kana
from .models import Desk, Person, Role, Section


class KanaField(forms.CharField):
    default_error_messages = {
        "invalid_kana": _(
            "Please write the reading in katakana (hiragana is converted for you)."
        ),
    }

    def clean(self, value):
        value = super().clean(value)
        try:
            return normalize_kana(value)
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid_kana"], code="invalid_kana"
            ) from None


def privacy_consent_field():
    return forms.BooleanField(
        label=_("I agree to the privacy notice"),
        required=True,
        error_messages={"required": _("Please read and agree to the privacy notice.")},
    )


def link_privacy_notice(field):
    """Put a link to the privacy notice next to a consent checkbox (built per request,
    since URLs can't be reversed when forms are imported)."""
    field.label = format_html(
        '{} (<a href="{}" target="_blank" rel="noopener">{}</a>)',
        _(
            "I agree to the handling of my personal data described in the privacy notice"
        ),
        reverse("privacy"),
        _("read the privacy notice"),
    )


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


class FileUploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(
        label=_("Description"), max_length=200, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
