"""Forms of accounts and roles: the sign-up's extra fields, assigning and ending a
role, resetting a second factor."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wco_sse.core.forms import KanaField, link_privacy_notice, privacy_consent_field

from ..models import Desk, Role, Section
from ..models.roles import EndReason
from ..pickers import PersonPickerField
from ..services import person_create_for_signup
from .common import CrispyMixin


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
        person_create_for_signup(
            account=user,
            family_name=self.cleaned_data["family_name"],
            given_name=self.cleaned_data["given_name"],
            family_name_kana=self.cleaned_data["family_name_kana"],
            given_name_kana=self.cleaned_data["given_name_kana"],
            language=getattr(request, "LANGUAGE_CODE", "ja"),
        )


class RoleAssignForm(CrispyMixin, forms.Form):
    person = PersonPickerField(label=_("Person"))
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


class RoleEndForm(CrispyMixin, forms.Form):
    end = forms.DateField(
        label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.ChoiceField(
        label=_("Why the term ends"),
        choices=[("", "---------"), *EndReason.choices],
        required=False,
        help_text=_(
            "A director or auditor whose term expires or who resigns stays in office "
            "until a successor takes office where the board would otherwise be short "
            "of its number (権利義務理事); one dismissed does not."
        ),
    )


class SecondFactorResetForm(CrispyMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("For example: lost phone, confirmed by telephone on 3 June."),
    )


class MailboxCodeForm(CrispyMixin, forms.Form):
    code = forms.CharField(
        label=_("Code from the email"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )
