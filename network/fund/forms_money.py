"""Forms of the fund's money. Amounts are typed as text (``1,000``, full-width digits,
``￥``) and read by ``ledger.check_amount``; who recorded something is never taken
from a form."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.filters import BootstrapFilterSet
from members.forms import CrispyMixin, DateInput
from members.pickers import OrganizationPickerField, PersonPickerField
from wco_sse.core.errors import ServiceError
from wco_sse.core.japan import fiscal_year_bounds
from wco_sse.core.text import NOTE_MAX_LENGTH

from . import selectors_money as selectors
from .fields import YenField
from .models import (
    Contribution,
    FundProgramme,
    FundSource,
    LedgerAccount,
    LedgerLine,
    LedgerTransaction,
)
from .services_money import check_received_on, donor_check


def _as_validation_error(call, value):
    try:
        return call(value)
    except ServiceError as error:
        raise forms.ValidationError(error.message) from None


class SourceForm(CrispyMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("fund source", "Name"), max_length=200)
    kind = forms.ChoiceField(
        label=pgettext_lazy("fund source", "Kind"), choices=FundSource.Kind.choices
    )
    programme = forms.ModelChoiceField(
        label=_("Restricted to programme"),
        queryset=FundProgramme.objects.order_by("pk"),
        required=False,
        help_text=_("A named fund (冠基金) only: the programme its money is for."),
    )
    description = forms.CharField(
        label=pgettext_lazy("fund source", "Description"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    active = forms.BooleanField(
        label=_("Takes contributions"), required=False, initial=True
    )


def source_initial(source):
    return {
        "name": source.name,
        "kind": source.kind,
        "programme": source.programme,
        "description": source.description,
        "active": source.active,
    }


class ContributionForm(CrispyMixin, forms.Form):
    source = forms.ModelChoiceField(
        label=_("Source"), queryset=FundSource.objects.filter(active=True)
    )
    organization = OrganizationPickerField(
        label=_("From an organization of the registry"), required=False
    )
    person = PersonPickerField(label=_("From a person of the registry"), required=False)
    donor_name = forms.CharField(
        label=_("From (name as written)"),
        max_length=200,
        required=False,
        help_text=_("When the giver is not in the registry."),
    )
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False)
    amount = YenField(label=_("Amount (yen)"))
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)
    method = forms.ChoiceField(
        label=_("Method"),
        choices=Contribution.Method.choices,
        initial=Contribution.Method.TRANSFER,
    )
    note = forms.CharField(
        label=pgettext_lazy("contribution", "Note"), max_length=300, required=False
    )

    def clean_received_on(self):
        return _as_validation_error(check_received_on, self.cleaned_data["received_on"])

    def clean(self):
        """Who gave is checked with the rest, so every refusal shows at once (the
        service checks it again)."""
        cleaned = super().clean()
        try:
            donor_check(cleaned)
        except ServiceError as error:
            self.add_error(error.field, error.message)
        return cleaned


class ReverseForm(CrispyMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the reversal"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TransferUploadForm(CrispyMixin, forms.Form):
    source = forms.ModelChoiceField(
        label=_("Source"), queryset=FundSource.objects.filter(active=True)
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=Contribution.Method.choices,
        initial=Contribution.Method.TRANSFER,
    )
    file = forms.FileField(
        label=_("Transfer list (CSV)"),
        help_text=_(
            "The bank's CSV, in UTF-8 or Shift_JIS, with the columns 日付, 金額, "
            "振込依頼人名 and optionally 摘要."
        ),
    )

    def clean_file(self):
        from wco_sse.core.uploads import CSV, validate_upload

        from .imports_money import MAX_BYTES

        uploaded = self.cleaned_data["file"]
        validate_upload(uploaded, kinds=(CSV,), max_bytes=MAX_BYTES)
        uploaded.seek(0)
        return uploaded


class TransferCommitForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
    digest_dup = forms.CharField(widget=forms.HiddenInput, max_length=64)
    include_duplicates = forms.BooleanField(
        label=_("Also record the rows flagged as likely duplicates"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


# --- Filters ---------------------------------------------------------------------------------


def _describe(filterset):
    if not filterset.is_bound or not filterset.form.is_valid():
        return ""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, ""):
            continue
        field = filterset.form.fields[name]
        shown = dict(getattr(field, "choices", [])).get(value, value)
        parts.append(f"{field.label}={shown}")
    return ", ".join(parts)


def _fiscal_year_filter(field_name):
    def method(queryset, name, value):
        try:
            year = int(value)
        except (TypeError, ValueError):
            return queryset
        start, end = fiscal_year_bounds(year)
        return queryset.filter(**{f"{field_name}__range": (start, end)})

    return method


class ContributionFilter(BootstrapFilterSet):
    source = django_filters.ModelChoiceFilter(
        label=_("Source"),
        queryset=FundSource.objects.order_by("pk"),
        empty_label=_("All"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Fiscal year"),
        choices=[],
        empty_label=_("All"),
        method="filter_year",
    )
    method = django_filters.ChoiceFilter(
        label=_("Method"), choices=Contribution.Method.choices, empty_label=_("All")
    )

    class Meta:
        model = Contribution
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [
            (str(year), _("FY %(year)s") % {"year": year})
            for year in selectors.contribution_fiscal_years()
        ]

    def filter_year(self, queryset, name, value):
        return _fiscal_year_filter("received_on")(queryset, name, value)

    describe = _describe


class JournalFilter(BootstrapFilterSet):
    kind = django_filters.ChoiceFilter(
        label=pgettext_lazy("ledger", "Kind"),
        choices=LedgerTransaction.Kind.choices,
        empty_label=_("All"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Fiscal year"),
        choices=[],
        empty_label=_("All"),
        method="filter_year",
    )
    account = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("ledger", "Account"),
        queryset=LedgerAccount.objects.order_by("code"),
        empty_label=_("All"),
        method="filter_account",
    )

    class Meta:
        model = LedgerTransaction
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [
            (str(year), _("FY %(year)s") % {"year": year})
            for year in selectors.ledger_fiscal_years()
        ]

    def filter_year(self, queryset, name, value):
        return _fiscal_year_filter("occurred_on")(queryset, name, value)

    def filter_account(self, queryset, name, value):
        return queryset.filter(lines__account=value).distinct()

    describe = _describe


class JournalLineFilter(JournalFilter):
    """The journal's filters applied to its lines (the export: one row per line)."""

    class Meta:
        model = LedgerLine
        fields = []

    def filter_queryset(self, queryset):
        # Filter the transactions, then take their lines.
        transactions = JournalFilter(
            self.data, queryset=LedgerTransaction.objects.all()
        ).qs
        return queryset.filter(transaction__in=transactions.values("pk"))
