"""The talent bank's forms: a profile (the person's own, or entered by the
secretariat), its skills, a qualification on it, and the list of qualifications."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Industry
from members.pickers import PersonPickerField
from wco_sse.core.forms import ModelMultipleChoiceField
from wco_sse.core.validators import validate_moment

from .forms import DATETIME_FORMAT, HelperMixin
from .models import HeldQualification, Qualification, TalentProfile
from .models.talent import SLOTS
from .selectors.talent import municipality_groups
from .services.talent import (
    INTRODUCTION_MAX_LENGTH,
    MAX_HOURS_PER_WEEK,
    MAX_SKILL_YEARS,
    MAX_SKILLS,
    ProfileData,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TalentProfileForm(HelperMixin, forms.Form):
    consent_scope = forms.ChoiceField(
        label=_("Who may see your profile"),
        choices=TalentProfile.Scope.choices,
        widget=forms.RadioSelect,
        initial=TalentProfile.Scope.COORDINATORS,
    )
    areas = forms.MultipleChoiceField(
        label=_("Areas where you can work"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    availability = forms.MultipleChoiceField(
        label=_("Days and times available"),
        choices=[(code, code) for code, _d, _p in SLOTS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"),
        min_value=1,
        max_value=MAX_HOURS_PER_WEEK,
        required=False,
    )
    preferred_industries = ModelMultipleChoiceField(
        label=_("Preferred industries"),
        queryset=Industry.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    introduction = forms.CharField(
        label=_("Self-introduction"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=INTRODUCTION_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups, others = municipality_groups()
        self.fields["areas"].choices = [
            *(
                (city, [(str(pk), name) for pk, name in wards])
                for city, wards in groups
            ),
            (_("Cities, towns and villages"), [(str(pk), n) for pk, n in others]),
        ]

    def profile_data(self, skills):
        data = self.cleaned_data
        return ProfileData(
            consent_scope=data["consent_scope"],
            areas=[int(pk) for pk in data["areas"]],
            availability=data["availability"],
            hours_per_week=data["hours_per_week"],
            preferred_industries=list(data["preferred_industries"]),
            introduction=data["introduction"],
            skills=skills,
        )


class NewTalentProfileForm(TalentProfileForm):
    consent = forms.BooleanField(
        label=_(
            "I agree that the organization keeps this profile to introduce me to work, within the scope I chose, until the end of the fiscal year unless I renew it."
        ),
        required=False,
    )


class EnterTalentProfileForm(TalentProfileForm):
    """The secretariat enters the profile of someone who phoned or wrote."""

    person = PersonPickerField(label=_("Person"))
    consent_method = forms.ChoiceField(
        label=_("Consent given"),
        choices=[
            c
            for c in TalentProfile.ConsentMethod.choices
            if c[0] != TalentProfile.ConsentMethod.SELF
        ],
        initial=TalentProfile.ConsentMethod.VERBAL,
    )
    consent_at = forms.DateTimeField(
        label=_("Consent given at"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        validators=[validate_moment],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "The person agreed that we keep this profile within the scope chosen (for a phone call: I heard their verbal consent)."
        ),
        help_text=_("Your name is recorded with the consent."),
        required=False,
    )

    field_order = ["person", "consent_method", "consent_at", "consent_scope"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_scope"].label = _("Who may see the profile")
        self.fields["areas"].label = _("Areas where they can work")
        self.fields["consent_at"].initial = timezone.localtime().replace(
            second=0, microsecond=0
        )


class SkillForm(forms.Form):
    name = forms.CharField(
        label=pgettext_lazy("skill", "Skill"), max_length=60, required=False
    )
    years = forms.IntegerField(
        label=_("Years of experience"),
        min_value=0,
        max_value=MAX_SKILL_YEARS,
        required=False,
    )


SkillFormSet = forms.formset_factory(
    SkillForm,
    extra=3,
    max_num=MAX_SKILLS,
    absolute_max=MAX_SKILLS,
    validate_max=True,
)


def skills_of(formset):
    return [
        (form.cleaned_data.get("name", ""), form.cleaned_data.get("years") or 0)
        for form in formset.forms
        if form.cleaned_data.get("name")
    ]


class HeldQualificationForm(HelperMixin, forms.Form):
    qualification = forms.ModelChoiceField(
        label=_("Qualification"), queryset=Qualification.objects.filter(is_active=True)
    )
    state = forms.ChoiceField(
        label=pgettext_lazy("qualification", "State"),
        choices=HeldQualification.State.choices,
        widget=forms.RadioSelect,
        initial=HeldQualification.State.HELD,
        help_text=_("Expected: you are studying for it or waiting for the result."),
    )
    number = forms.CharField(
        label=_("Registration number"), max_length=40, required=False
    )
    obtained_on = forms.DateField(
        label=_("Date obtained"), required=False, widget=DATE_WIDGET
    )
    expires_on = forms.DateField(
        label=_("Expiry date"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Needed for qualifications that expire."),
    )
    evidence = forms.FileField(
        label=_("Evidence (a copy of the qualification document)"),
        required=False,
        help_text=_("Seen only by you and the secretariat."),
    )

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        if current is not None:
            # A qualification taken off the list stays choosable on its own row.
            self.fields["qualification"].queryset = Qualification.objects.filter(
                pk=current.pk
            ) | Qualification.objects.filter(is_active=True)


class QualificationForm(HelperMixin, forms.Form):
    name = forms.CharField(label=_("Name of the qualification"), max_length=60)
    expires = forms.BooleanField(label=_("Has an expiry date"), required=False)
    order = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=32767, initial=100
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class TalentSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or kana"), max_length=60, required=False)
    qualification = forms.ModelChoiceField(
        label=_("Qualification"),
        queryset=Qualification.objects.all(),
        required=False,
    )
    area = forms.ModelChoiceField(label=_("Area"), queryset=None, required=False)
    state = forms.ChoiceField(
        label=pgettext_lazy("talent profile", "State"),
        choices=[
            ("", _("Active and dormant")),
            (TalentProfile.State.ACTIVE, TalentProfile.State.ACTIVE.label),
            (TalentProfile.State.DORMANT, TalentProfile.State.DORMANT.label),
        ],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from members.models import Municipality

        self.fields["area"].queryset = Municipality.objects.select_related("parent")
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select"
                if isinstance(field.widget, forms.Select)
                else "form-control"
            )
