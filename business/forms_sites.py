"""Forms of the sites pages: a site, a funder's condition, a recorder, and the
session a recorder enters on a phone (counts only, big number inputs)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.forms.addresses import AddressFormMixin
from members.models import Organization
from members.pickers import (
    OrganizationPickerField,
    PersonPickerField,
    PersonPickerWidget,
)
from wco_sse.core.forms import HiddenErrorsMixin
from wco_sse.core.text import NOTE_MAX_LENGTH

from .models import WEEKDAY_BITS, Programme, SessionType, Site
from .selectors.sites import WEEKDAYS
from .services.sites import MAX_COUNT

# The section names anyone in the registry (usually people of the operating W.Co).
BODY_PEOPLE_PICK = reverse_lazy("members:person_pick", query={"scope": "body"})


class _HelperMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def _date_field(label, required=True, **kwargs):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}),
        **kwargs,
    )


class _ProgrammeField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class SiteForm(_HelperMixin, AddressFormMixin, forms.ModelForm):
    programme = _ProgrammeField(
        label=pgettext_lazy("business", "Programme"), queryset=Programme.objects.none()
    )
    operator = OrganizationPickerField(
        label=_("Run by"),
        queryset=Organization.objects.filter(kind=Organization.Kind.WCO),
        required=False,
        help_text=_(
            "The W.Co that runs it; leave blank if the organization runs it itself."
        ),
    )
    opening_days = forms.TypedMultipleChoiceField(
        label=_("Opening days"),
        choices=list(zip(WEEKDAY_BITS, WEEKDAYS, strict=True)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The recorders are reminded when an opening day has no session."),
    )

    class Meta:
        model = Site
        fields = [
            "programme",
            "name",
            "kind",
            "operator",
            "postal_code",
            "prefecture",
            "municipality",
            "city_outside",
            "address",
            "building",
            "opening_pattern",
            "opening_days",
            "public",
            "active",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "opening_pattern": _("For example: 毎月第2・第4土曜 11:00–14:00"),
            "public": _(
                "The public directory shows its name, kind, area and opening days; "
                "never counts or people."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._init_address()
        self.fields["programme"].queryset = Programme.objects.order_by("-pk")
        self.fields["note"].max_length = NOTE_MAX_LENGTH
        days = self.initial.get("opening_days")
        if isinstance(days, int):
            self.initial["opening_days"] = [bit for bit in WEEKDAY_BITS if days & bit]

    def clean_opening_days(self):
        return sum(set(self.cleaned_data.get("opening_days") or ()))

    def clean(self):
        cleaned = super().clean()
        self._clean_address(cleaned)
        return cleaned


class ConditionForm(_HelperMixin, forms.Form):
    funder = OrganizationPickerField(
        label=_("Funder"),
        required=False,
        help_text=_("A funder in the registry (a municipality, a foundation …)."),
    )
    funder_name = forms.CharField(
        label=_("Funder (not in the registry)"), max_length=120, required=False
    )
    sessions_per_month = forms.IntegerField(
        label=_("Sessions a month (at least)"),
        required=False,
        min_value=0,
        max_value=31,
    )
    hours_per_session = forms.DecimalField(
        label=_("Hours a session (at least)"),
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=24,
    )
    meals_per_session = forms.IntegerField(
        label=_("Meals a session (at least)"),
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
    )
    health_notice_required = forms.BooleanField(
        label=_("Health centre (保健所) notification required"), required=False
    )
    health_notice_on = _date_field(_("Health centre notified on"), required=False)
    notice_file = forms.FileField(
        label=_("The notification (file)"),
        required=False,
        help_text=_("A scan or PDF of the notification, kept with the condition."),
    )
    start = _date_field(pgettext_lazy("funding condition", "From"), required=False)
    end = _date_field(pgettext_lazy("funding condition", "Until"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end comes before the start."))
        return data


def condition_initial(condition):
    return {
        "funder": condition.funder_id,
        "funder_name": condition.funder_name,
        "sessions_per_month": condition.sessions_per_month,
        "hours_per_session": condition.hours_per_session,
        "meals_per_session": condition.meals_per_session,
        "health_notice_required": condition.health_notice_required,
        "health_notice_on": condition.health_notice_on,
        "start": condition.start,
        "end": condition.end,
    }


class RecorderForm(_HelperMixin, forms.Form):
    person = PersonPickerField(
        label=_("Recorder"),
        widget=PersonPickerWidget(search_url=BODY_PEOPLE_PICK),
    )
    start = _date_field(pgettext_lazy("site recorder", "From"))
    end = _date_field(pgettext_lazy("site recorder", "Until"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end comes before the start."))
        return data


def _count(label, *, required=False, decimal=False, help_text=""):
    attrs = {
        "inputmode": "decimal" if decimal else "numeric",
        "min": "0",
        "class": "form-control form-control-lg text-end",
        "autocomplete": "off",
    }
    if decimal:
        return forms.DecimalField(
            label=label,
            required=required,
            max_digits=8,
            decimal_places=1,
            widget=forms.NumberInput(attrs={**attrs, "step": "0.5"}),
            help_text=help_text,
        )
    return forms.IntegerField(
        label=label,
        required=required,
        widget=forms.NumberInput(attrs={**attrs, "pattern": "[0-9]*", "step": "1"}),
        help_text=help_text,
    )


class SessionTypeForm(_HelperMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("session type", "Name"), max_length=40)
    position = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32767,
        initial=100,
        help_text=_("Types are offered in this order, smallest first."),
    )
    active = forms.BooleanField(
        label=_("In use"),
        required=False,
        initial=True,
        help_text=_(
            "A type no longer in use is not offered for new sessions; the sessions "
            "already recorded as it keep it."
        ),
    )


def session_type_initial(session_type):
    return {
        "name": session_type.name,
        "position": session_type.position,
        "active": session_type.active,
    }


class _TypeField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SessionForm(HiddenErrorsMixin, forms.Form):
    """One session, counts only: no field here names anyone."""

    date = forms.DateField(
        label=pgettext_lazy("site session", "Date"),
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control form-control-lg"}
        ),
    )
    starts = forms.TimeField(
        label=pgettext_lazy("site session", "From"),
        widget=forms.TimeInput(
            attrs={"type": "time", "class": "form-control form-control-lg"},
            format="%H:%M",
        ),
    )
    ends = forms.TimeField(
        label=pgettext_lazy("site session", "Until"),
        widget=forms.TimeInput(
            attrs={"type": "time", "class": "form-control form-control-lg"},
            format="%H:%M",
        ),
    )
    type = _TypeField(
        label=pgettext_lazy("site session", "Type"),
        queryset=SessionType.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )
    adults = _count(_("Adults"))
    children = _count(_("Children"))
    households = _count(_("Households"))
    meals = _count(_("Meals"))
    food_packages = _count(_("Food packages"))
    volunteers = _count(_("Volunteers"))
    volunteer_hours = _count(
        _("Volunteer hours"),
        decimal=True,
        help_text=_("All volunteers together."),
    )
    staff = _count(pgettext_lazy("site session", "Staff"))
    children_preschool = _count(_("Under school age"))
    children_primary = _count(_("Primary school"))
    children_secondary = _count(_("Secondary school"))
    note = forms.CharField(
        label=pgettext_lazy("site session", "Note"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=_("No names of the people who came."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    COUNTS = (
        "adults",
        "children",
        "households",
        "meals",
        "food_packages",
        "volunteers",
        "volunteer_hours",
        "staff",
    )
    AGE_BANDS = ("children_preschool", "children_primary", "children_secondary")

    def __init__(self, *args, current_type=None, **kwargs):
        super().__init__(*args, **kwargs)
        types = SessionType.objects.filter(active=True)
        if current_type is not None:
            types = SessionType.objects.filter(pk=current_type) | types
        self.fields["type"].queryset = types.order_by("position", "pk")

    def count_fields(self):
        return [self[name] for name in self.COUNTS]

    def band_fields(self):
        return [self[name] for name in self.AGE_BANDS]


def session_initial(session):
    names = (
        "date",
        "starts",
        "ends",
        "adults",
        "children",
        "households",
        "meals",
        "food_packages",
        "volunteers",
        "volunteer_hours",
        "staff",
        "children_preschool",
        "children_primary",
        "children_secondary",
        "note",
        "version",
    )
    return {"type": session.type_id, **{n: getattr(session, n) for n in names}}
