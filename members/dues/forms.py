"""Forms of the dues pages. Amounts are whole yen; the services decide the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wco_sse.core.forms import HiddenErrorsMixin

from ..forms.common import CrispyMixin, DateInput
from ..models import DuesClass, DuesPayment
from .common import MAX_AMOUNT


def _yen_field(label, *, help_text="", min_value=0):
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=MAX_AMOUNT,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )


class _DuesForm(CrispyMixin, HiddenErrorsMixin, forms.Form):
    pass


class DuesRateForm(_DuesForm):
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


class DuesIssueForm(_DuesForm):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), widget=forms.HiddenInput)
    invoiced_on = forms.DateField(label=_("Invoice date"), widget=DateInput())
    due_on = forms.DateField(
        label=_("Payment deadline"), required=False, widget=DateInput()
    )


class DuesPaymentForm(_DuesForm):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    amount = _yen_field(_("Amount received (yen)"), min_value=1)
    method = forms.ChoiceField(
        label=_("Method"),
        choices=DuesPayment.Method.choices,
        initial=DuesPayment.Method.TRANSFER,
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class DuesOverrideForm(_DuesForm):
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


class DuesPaymentCancelForm(_DuesForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_(
            "For example: entered twice; the bank statement shows one transfer."
        ),
    )
