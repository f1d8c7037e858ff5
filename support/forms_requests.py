"""Forms of the talent bank's requests and proposals."""

from crispy_forms.helper import FormHelper
from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Industry, Municipality, Organization
from members.models.places import KANAGAWA
from wco_sse.core.forms import ModelMultipleChoiceField
from wco_sse.core.text import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH

from .models import Qualification, TalentProposal
from .models.talent import DAY_PARTS, SLOTS, WEEKDAYS, PayUnit

# Far above any pay in yen, within what the database stores.
MAX_PAY = 10_000_000


class _Helper:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


def _date_field(label, *, required=True):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def slot_grid(chosen):
    """Rows of the days × parts grid: (part, [(code, chosen?, weekday), …])."""
    return {
        "weekdays": WEEKDAYS,
        "rows": [
            (
                label,
                [
                    (f"{day}-{part}", f"{day}-{part}" in chosen, day_label)
                    for day, day_label in WEEKDAYS
                ],
            )
            for part, label in DAY_PARTS
        ],
    }


class SlotGridWidget(forms.SelectMultiple):
    """Days × parts of the day as a grid of checkboxes."""

    template_name = "support/requests/_slot_grid.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["grid"] = slot_grid({str(v) for v in (value or [])})
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's form renderer looks only in the form templates; the grid is
        # a page template.
        context = self.get_context(name, value, attrs)
        return mark_safe(render_to_string(self.template_name, context))


class TalentRequestForm(_Helper, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("For the W.Co"),
        queryset=Organization.objects.none(),
        required=False,
    )
    title = forms.CharField(
        label=pgettext_lazy("talent request", "Title"), max_length=120
    )
    qualifications = ModelMultipleChoiceField(
        label=_("Required qualifications"),
        queryset=Qualification.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas = ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Municipality.objects.filter(prefecture=KANAGAWA).order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The municipalities where the work is. Choose one or more."),
    )
    slots = forms.MultipleChoiceField(
        label=_("Days and times"),
        choices=[(code, code) for code, _d, _p in SLOTS],
        widget=SlotGridWidget,
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"), min_value=1, max_value=80, required=False
    )
    headcount = forms.IntegerField(
        label=_("Number of people"), min_value=1, max_value=50, initial=1
    )
    pay_min = forms.IntegerField(
        label=_("Pay from (yen)"), min_value=0, max_value=MAX_PAY, required=False
    )
    pay_max = forms.IntegerField(
        label=_("Pay up to (yen)"), min_value=0, max_value=MAX_PAY, required=False
    )
    pay_unit = forms.ChoiceField(label=_("Pay per"), choices=PayUnit.choices)
    start = _date_field(pgettext_lazy("talent request", "From"))
    end = _date_field(pgettext_lazy("talent request", "Until"), required=False)
    industry = forms.ModelChoiceField(
        label=_("Industry"), queryset=Industry.objects.all(), required=False
    )
    description = forms.CharField(
        label=pgettext_lazy("talent request", "Work"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(
        self, *args, organizations=None, own_work=True, editing=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        if editing:
            del self.fields["organization"]
            return
        field.queryset = organizations if organizations is not None else field.queryset
        field.empty_label = (
            _("The organization's own work (no W.Co)") if own_work else None
        )
        field.required = not own_work

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date cannot be before the start date."))
        low, high = data.get("pay_min"), data.get("pay_max")
        if low is not None and high is not None and high < low:
            self.add_error(
                "pay_max", _("The upper end of the pay cannot be below the lower end.")
            )
        return data


class ProposeForm(forms.Form):
    profile = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the candidate"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("agree", _("Agree")), ("decline", _("Decline"))],
        widget=forms.HiddenInput,
    )
    t = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)


class MeetingForm(_Helper, forms.Form):
    kind = forms.ChoiceField(
        label=_("Trial or interview"),
        choices=TalentProposal.Meeting.choices,
        widget=forms.RadioSelect,
    )
    on = _date_field(_("Date"))


class OutcomeForm(_Helper, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("hired", pgettext_lazy("talent proposal", "Hired")),
            ("not_hired", pgettext_lazy("talent proposal", "Not concluded")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", "---------"), *TalentProposal.Reason.choices],
        required=False,
    )
    note = forms.CharField(
        label=pgettext_lazy("talent proposal outcome", "Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "not_hired" and not data.get("reason"):
            self.add_error("reason", _("Choose why it did not work out."))
        return data
