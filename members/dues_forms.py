"""Forms of the dues pages. Amounts are whole yen; the services decide the rules."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from wco_sse.core.forms import HiddenErrorsMixin

from .models import DuesClass, DuesPayment


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _yen_field(label, *, help_text="", min_value=0):
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=10_000_000,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )


class _CrispyForm(HiddenErrorsMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class YearChoiceField(forms.TypedChoiceField):
    def __init__(self, *, years, **kwargs):
        from wco_sse.core.japan import format_fiscal_year

        super().__init__(
            coerce=int,
            choices=[(year, format_fiscal_year(year)) for year in years],
            **kwargs,
        )


class DuesRateForm(_CrispyForm):
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year"),
        min_value=2000,
        max_value=2100,
        help_text=_(
            "April to March, named by its April: 2026 is April 2026 – March 2027."
        ),
    )
    dues_class = forms.ChoiceField(label=_("Class"), choices=DuesClass.choices)
    amount = _yen_field(_("Annual dues (yen)"))


class DuesIssueForm(_CrispyForm):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), widget=forms.HiddenInput)
    invoiced_on = forms.DateField(label=_("Invoice date"), widget=_DateInput())
    due_on = forms.DateField(
        label=_("Payment deadline"), required=False, widget=_DateInput()
    )


class DuesPaymentForm(_CrispyForm):
    paid_on = forms.DateField(label=_("Paid on"), widget=_DateInput())
    amount = _yen_field(_("Amount received (yen)"), min_value=1)
    method = forms.ChoiceField(
        label=_("Method"),
        choices=DuesPayment.Method.choices,
        initial=DuesPayment.Method.TRANSFER,
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class DuesOverrideForm(_CrispyForm):
    amount = _yen_field(
        _("New amount (yen)"), help_text=_("0 yen exempts the member for this year.")
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_(
            "For example: joined in October, half the year's dues (board decision of 5 September)."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DuesPaymentCancelForm(_CrispyForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_(
            "For example: entered twice; the bank statement shows one transfer."
        ),
    )
