"""Forms of the contracts pages: a contract, its personnel, budget, expenses and their
corrections, incidents and the register of data returned or destroyed."""

import re
import unicodedata

from crispy_forms.helper import FormHelper
from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import LegalForm
from members.pickers import (
    OrganizationPickerField,
    OrganizationPickerWidget,
    PersonPickerField,
    PersonPickerWidget,
)
from wco_sse.core.japan import fiscal_year
from wco_sse.core.text import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH
from wco_sse.core.validators import validate_moment

from .models import (
    Contract,
    ContractPersonnel,
    CostCategory,
    DataDisposal,
    Partner,
    Programme,
)
from .services.contracts import FIRST_YEAR, LAST_YEAR, MAX_POPULATION, MAX_YEN

# Anyone in the registry may be named under a contract: the picker searches them with
# the section's permission to seat people on bodies.
PEOPLE_PICK = reverse_lazy("members:person_pick", query={"scope": "body"})
DATETIME_INPUT = "%Y-%m-%dT%H:%M"
_WHOLE = re.compile(r"^-?[0-9]+$")


class _HelperMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def _date_field(label, required=True, **kwargs):
    return forms.DateField(
        label=label,
        required=required,
        validators=[validate_moment],
        widget=forms.DateInput(attrs={"type": "date"}),
        **kwargs,
    )


def _datetime_field(label, required=True, **kwargs):
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M"],
        validators=[validate_moment],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format=DATETIME_INPUT
        ),
        **kwargs,
    )


class YenField(forms.CharField):
    """Whole yen as people type it (``1,200,000``, ``１２００００``, ``￥``, ``円``);
    negative only where ``allow_negative``."""

    def __init__(self, *args, allow_negative=False, **kwargs):
        self.allow_negative = allow_negative
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off", "size": 16}
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        text = unicodedata.normalize("NFKC", value).strip()
        for mark in (",", "¥", "\\", "円", " "):
            text = text.replace(mark, "")
        text = text.replace("−", "-")
        if not text.isascii() or not _WHOLE.match(text) or len(text) > 16:
            raise forms.ValidationError(
                _("Enter a whole number of yen (for example 1,200,000).")
            )
        amount = int(text)
        if amount < 0 and not self.allow_negative:
            raise forms.ValidationError(_("An amount cannot be negative."))
        if abs(amount) > MAX_YEN:
            raise forms.ValidationError(_("The amount is too large."))
        return amount


class _ProgrammeField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class ContractForm(_HelperMixin, forms.Form):
    programme = _ProgrammeField(
        label=pgettext_lazy("business", "Programme"), queryset=Programme.objects.none()
    )
    client = OrganizationPickerField(
        label=pgettext_lazy("contract", "Client"),
        widget=OrganizationPickerWidget(),
    )
    title = forms.CharField(label=pgettext_lazy("contract", "Title"), max_length=120)
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("April to March, named by its April's year (2026 for 2026年度)."),
    )
    start = _date_field(
        pgettext_lazy("contract", "Start"),
        required=False,
        help_text=_("Left blank: 1 April of the fiscal year."),
    )
    end = _date_field(
        pgettext_lazy("contract", "End"),
        required=False,
        help_text=_("Left blank: 31 March at the end of the fiscal year."),
    )
    amount = YenField(
        label=_("Contract amount (yen, tax included)"),
    )
    payment_mode = forms.ChoiceField(
        label=_("Payment"), choices=Contract.PaymentMode.choices
    )
    advance_received = YenField(
        label=_("Advance received (yen)"),
        required=False,
        help_text=_("What the client has paid in advance so far (概算払)."),
    )
    spec_version = forms.CharField(
        label=_("Specification (仕様書) version"), max_length=60, required=False
    )
    report_frequency = forms.ChoiceField(
        label=_("Reports"), choices=Contract.ReportFrequency.choices
    )
    report_due_day = forms.IntegerField(
        label=_("Report due on day"),
        min_value=1,
        max_value=31,
        help_text=_("The day of the month after the period by which a report is due."),
    )
    training_report_due = _date_field(
        _("Training report (研修報告) due"), required=False
    )
    population = forms.IntegerField(
        label=_("Population"),
        required=False,
        min_value=1,
        max_value=MAX_POPULATION,
        help_text=_("Of the client's area, for rates per 100,000 people."),
    )
    note = forms.CharField(
        label=pgettext_lazy("contract", "Note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.order_by("title", "pk")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end comes before the start."))
        return data


def contract_initial(contract):
    return {
        "programme": contract.programme_id,
        "client": contract.client_id,
        "title": contract.title,
        "fiscal_year": contract.fiscal_year,
        "start": contract.start,
        "end": contract.end,
        "amount": f"{contract.amount:,}",
        "payment_mode": contract.payment_mode,
        "advance_received": f"{contract.advance_received:,}",
        "spec_version": contract.spec_version,
        "report_frequency": contract.report_frequency,
        "report_due_day": contract.report_due_day,
        "training_report_due": contract.training_report_due,
        "population": contract.population,
        "note": contract.note,
    }


def new_contract_initial(programme=None):
    """A new contract: this fiscal year; on a programme, its title and its client
    (the partner that is 委託元, else a local government among its partners)."""
    year = fiscal_year(timezone.localdate())
    initial = {
        "fiscal_year": year,
        "payment_mode": Contract.PaymentMode.ADVANCE,
        "report_frequency": Contract.ReportFrequency.MONTHLY,
        "report_due_day": 10,
    }
    if programme is None:
        return initial
    parts = list(
        Partner.objects.filter(programme=programme)
        .order_by("pk")
        .values_list("organization_id", "organization__legal_form", "part")
    )
    client = next(
        (pk for pk, _form, part in parts if part == Partner.Part.CLIENT), None
    )
    if client is None:
        client = next(
            (pk for pk, form, _part in parts if form == LegalForm.LOCAL_GOVERNMENT),
            None,
        )
    initial.update(
        {
            "programme": programme.pk,
            "client": client,
            "title": f"{programme.title} {year}年度"[:120],
        }
    )
    return initial


class ContractFileForm(_HelperMixin, forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("For example: 仕様書 (version 2), signed contract, change notice."),
    )


# --- Personnel --------------------------------------------------------------------------


class _PersonnelChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.person.full_name


class PersonnelForm(_HelperMixin, forms.Form):
    role = forms.ChoiceField(
        label=pgettext_lazy("contract personnel", "Role"),
        choices=ContractPersonnel.Role.choices,
    )
    person = PersonPickerField(
        label=_("Person"), widget=PersonPickerWidget(search_url=PEOPLE_PICK)
    )
    start = _date_field(pgettext_lazy("contract personnel", "From"))
    client_notified_on = _date_field(
        _("Client told on"),
        required=False,
        help_text=_("Leave blank until the client has been told."),
    )
    replaces = _PersonnelChoice(
        label=_("Replaces"),
        queryset=ContractPersonnel.objects.none(),
        required=False,
        help_text=_(
            "For someone handling personal information: the person they take over "
            "from (that person's role ends the day before). A new person responsible "
            "always takes over from the current one."
        ),
    )

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workers is not None:
            self.fields["replaces"].queryset = workers


class PersonnelUpdateForm(_HelperMixin, forms.Form):
    client_notified_on = _date_field(_("Client told on"), required=False)
    end = _date_field(
        pgettext_lazy("contract personnel", "Until"),
        required=False,
        help_text=_("The last day in the role; blank while it goes on."),
    )


# --- Budget ---------------------------------------------------------------------------------


class BudgetForm(_HelperMixin, forms.Form):
    """One amount per cost category."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in CostCategory.choices:
            self.fields[f"budget_{value}"] = YenField(label=label, required=False)

    def amounts(self):
        return {
            value: self.cleaned_data.get(f"budget_{value}") or 0
            for value in CostCategory.values
        }


def budget_initial(lines):
    return {
        f"budget_{line.category}": f"{line.budget:,}" for line in lines if line.budget
    }


# --- Expenses -------------------------------------------------------------------------------


class ExpenseForm(_HelperMixin, forms.Form):
    date = _date_field(pgettext_lazy("expense", "Date"))
    category = forms.ChoiceField(
        label=_("Cost category"),
        choices=[("", "—"), *CostCategory.choices],
        error_messages={"required": _("Choose the cost category.")},
    )
    payee = forms.CharField(label=_("Payee"), max_length=120)
    amount = YenField(label=_("Amount (yen)"))
    evidence = forms.FileField(
        label=_("Evidence (receipt)"),
        required=False,
        help_text=_("A scan or photo of the receipt or invoice (optional)."),
    )

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("An expense is more than 0 yen."))
        return amount


class ExpenseCorrectForm(_HelperMixin, forms.Form):
    date = _date_field(pgettext_lazy("expense", "Date"))
    amount = YenField(
        label=_("Difference (yen)"),
        allow_negative=True,
        help_text=_(
            "What to add to the entry; negative to reduce it (e.g. -3,000). "
            "The corrected amount cannot fall below zero."
        ),
    )
    reason = forms.CharField(
        label=pgettext_lazy("expense correction", "Reason"), max_length=200
    )
    evidence = forms.FileField(label=_("Evidence (receipt)"), required=False)

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount == 0:
            raise forms.ValidationError(
                _("A correction of 0 yen changes nothing: enter the difference.")
            )
        return amount


# --- Incidents ------------------------------------------------------------------------------


class IncidentForm(_HelperMixin, forms.Form):
    occurred_at = _datetime_field(_("When it happened"))
    description = forms.CharField(
        label=pgettext_lazy("incident", "What happened"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Never write the name of a person supported."),
    )
    personal_information = forms.BooleanField(
        label=_("Personal information was involved"), required=False
    )
    client_notified_at = _datetime_field(
        _("Client told at"),
        required=False,
        help_text=_("Leave blank until the client has been told."),
    )
    actions = forms.CharField(
        label=pgettext_lazy("incident", "Actions taken"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        occurred, told = data.get("occurred_at"), data.get("client_notified_at")
        if occurred and told and told < occurred:
            self.add_error(
                "client_notified_at",
                _("The client cannot have been told before it happened."),
            )
        return data


class IncidentUpdateForm(_HelperMixin, forms.Form):
    client_notified_at = _datetime_field(_("Client told at"), required=False)
    actions = forms.CharField(
        label=pgettext_lazy("incident", "Actions taken"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


# --- Data returned or destroyed -------------------------------------------------------------


class DisposalForm(_HelperMixin, forms.Form):
    date = _date_field(pgettext_lazy("data disposal", "Date"))
    method = forms.ChoiceField(
        label=pgettext_lazy("data disposal", "Returned or destroyed"),
        choices=DataDisposal.Method.choices,
    )
    what = forms.CharField(
        label=pgettext_lazy("data disposal", "Data"),
        max_length=200,
        help_text=_("For example: 相談記録票（紙）一式, USB memory no. 2."),
    )
    certificate = forms.FileField(
        label=pgettext_lazy("data disposal", "Proof of return or destruction"),
        required=False,
        help_text=pgettext_lazy(
            "data disposal",
            "A document proving the return or destruction (PDF or image).",
        ),
    )
