"""Forms of the reports part: indicator sets, versions and indicators, a programme's
version for a fiscal year, period reports (creation, counts, submission, acceptance,
correction) and the clients' spreadsheets."""

import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.forms import DateInput
from wco_sse.core.japan import fiscal_year, format_fiscal_year
from wco_sse.core.text import NOTE_MAX_LENGTH

from .models import Indicator, IndicatorSetVersion, ProgrammeKind
from .selectors import reports as selectors
from .services.reports import MAX_COUNT


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def _key(value):
    """A primary key from a choice, or None (huge or odd keys too)."""
    ok = isinstance(value, str) and value.isascii() and value.isdigit()
    return int(value) if ok and len(value) < 12 else None


class IndicatorSetForm(_Form):
    name = forms.CharField(label=pgettext_lazy("indicator set", "Name"), max_length=120)
    kind = forms.ModelChoiceField(
        label=_("Programme kind"),
        queryset=ProgrammeKind.objects.filter(active=True),
        required=False,
        help_text=_("The kind of programme it is written for (blank: any)."),
    )
    note = forms.CharField(
        label=pgettext_lazy("indicator set", "Note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VersionForm(_Form):
    note = forms.CharField(
        label=_("What changes"),
        max_length=200,
        help_text=_(
            "The new version starts as a copy of the latest one; change its "
            "indicators on the set's page."
        ),
    )


class IndicatorForm(_Form):
    name = forms.CharField(
        label=pgettext_lazy("indicator", "Name"),
        max_length=60,
        help_text=_(
            "Also the placeholder in a client's spreadsheet: {{name}}. No braces."
        ),
    )
    definition = forms.CharField(
        label=pgettext_lazy("indicator", "Definition"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    unit = forms.CharField(
        label=pgettext_lazy("indicator", "Unit"),
        max_length=20,
        required=False,
        help_text=_(
            "For example 件, 人 or 回; a ratio whose unit is “%” is shown as a percentage."
        ),
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("indicator", "Kind"), choices=Indicator.Kind.choices
    )
    # The choices list this version's counts; any indicator is read, and the
    # service refuses another version's with its reason at the field.
    numerator = forms.CharField(
        label=_("Numerator (a ratio)"),
        required=False,
        max_length=20,
        widget=forms.Select,
    )
    denominator = forms.CharField(
        label=_("Denominator (a ratio)"),
        required=False,
        max_length=20,
        widget=forms.Select,
    )
    per_100k = forms.BooleanField(
        label=_("Also show the monthly rate per 100,000 inhabitants (a count)"),
        required=False,
    )
    position = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=10_000, initial=100
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        counts = [("", "---------")] + [
            (i.pk, i.name)
            for i in version.indicators.filter(kind=Indicator.Kind.COUNT).order_by(
                "position", "pk"
            )
        ]
        for name in ("numerator", "denominator"):
            self.fields[name].widget.choices = counts

    def _term(self, name):
        raw = self.cleaned_data[name]
        if not raw:
            return None
        key = _key(raw)
        term = Indicator.objects.filter(pk=key).first() if key is not None else None
        if term is None:
            raise forms.ValidationError(_("Choose a count indicator of this version."))
        return term

    def clean_numerator(self):
        return self._term("numerator")

    def clean_denominator(self):
        return self._term("denominator")


def indicator_initial(indicator):
    return {
        "name": indicator.name,
        "definition": indicator.definition,
        "unit": indicator.unit,
        "kind": indicator.kind,
        "numerator": indicator.numerator_id,
        "denominator": indicator.denominator_id,
        "per_100k": indicator.per_100k,
        "position": indicator.position,
    }


def year_choices():
    this_year = fiscal_year(timezone.localdate())
    return [
        (year, format_fiscal_year(year))
        for year in range(this_year + 1, this_year - 4, -1)
    ]


class VersionChoiceField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(coerce=int, empty_value=None, **kwargs)


def _version(pk):
    return IndicatorSetVersion.objects.select_related("indicator_set").get(pk=pk)


class ProgrammeVersionForm(_Form):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int)
    version = VersionChoiceField(label=_("Indicator set version"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = year_choices()
        self.fields["version"].choices = [
            ("", "---------"),
            *selectors.version_choices(),
        ]

    def clean_version(self):
        return _version(self.cleaned_data["version"])


class ReportCreateForm(_Form):
    """A contract's period from its reporting periods, or dates for a report that
    is not for a contract."""

    period = forms.ChoiceField(label=_("Period"), required=False)
    period_start = forms.DateField(
        label=_("Period from"), required=False, widget=DateInput
    )
    period_end = forms.DateField(
        label=_("Period until"), required=False, widget=DateInput
    )
    version = VersionChoiceField(
        label=_("Indicator set version"),
        required=False,
        help_text=_(
            "Only when the programme has no indicators for the period's fiscal year "
            "yet; otherwise it reports with the version chosen for that year."
        ),
    )
    note = forms.CharField(
        label=pgettext_lazy("report", "Note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, programme, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.contracts = {c.pk: c for c in contracts}
        choices = [("", _("Not for a contract: give the dates below"))]
        for contract in contracts:
            choices.append(
                (
                    f"{contract.title}",
                    [
                        (
                            f"{contract.pk}:{start.isoformat()}:{end.isoformat()}",
                            selectors.period_label(start, end),
                        )
                        for start, end in selectors.contract_periods(contract)
                    ],
                )
            )
        self.fields["period"].choices = choices
        self.fields["version"].choices = [
            ("", "---------"),
            *selectors.version_choices(),
        ]

    def clean_period(self):
        raw = self.cleaned_data["period"]
        if not raw:
            return None
        try:
            pk, start, end = raw.split(":")
            contract = self.contracts[int(pk)]
            return (
                contract,
                datetime.date.fromisoformat(start),
                datetime.date.fromisoformat(end),
            )
        except (ValueError, KeyError):
            raise forms.ValidationError(
                _("Choose one of the contract's reporting periods.")
            ) from None

    def clean_version(self):
        pk = self.cleaned_data["version"]
        return _version(pk) if pk is not None else None

    def values(self):
        data = self.cleaned_data
        if data["period"] is not None:
            contract, start, end = data["period"]
        else:
            contract, start, end = None, data["period_start"], data["period_end"]
        return {
            "contract": contract,
            "start": start,
            "end": end,
            "version": data["version"],
            "note": data["note"],
        }


class ReportValuesForm(_Form):
    """One whole number ≥ 0 per count indicator of the report's version."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_fields = []
        for row in rows:
            if row.indicator.kind != Indicator.Kind.COUNT:
                continue
            name = f"i{row.indicator.pk}"
            self.fields[name] = forms.IntegerField(
                label=row.indicator.name,
                min_value=0,
                max_value=MAX_COUNT - 1,
                required=False,
                initial=row.value,
                help_text=row.indicator.unit,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                error_messages={"invalid": _("Enter a whole number, 0 or more.")},
            )
            self.count_fields.append((name, row.indicator.pk))
        self.fields["note"] = forms.CharField(
            label=pgettext_lazy("report", "Note"),
            max_length=NOTE_MAX_LENGTH,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    def values(self):
        return {pk: self.cleaned_data[name] for name, pk in self.count_fields}


class ReportSubmitForm(_Form):
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DateInput)
    submitted_to = forms.CharField(
        label=_("Submitted to"),
        max_length=120,
        help_text=_("The client's department or person it went to."),
    )


class ReportAcceptForm(_Form):
    accepted_on = forms.DateField(label=_("Accepted on"), widget=DateInput)


class ReportCorrectForm(_Form):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=200)


class TemplateUploadForm(_Form):
    name = forms.CharField(
        label=pgettext_lazy("report template", "Name"),
        max_length=120,
        help_text=_("For example: 横浜市 月次実績報告書様式."),
    )
    file = forms.FileField(
        label=_("Spreadsheet (XLSX)"),
        help_text=_(
            "Cells with placeholders such as {{新規相談受付件数}}, {{年度}}, {{期間}}, "
            "{{事業名}}, {{委託元}} or {{提出日}} are filled in a copy."
        ),
    )
