"""Forms of the fund's awards. Amounts are typed as text (``1,000``, full-width
digits) and read by the services through ``ledger.check_amount``; the services
decide every rule and answer at the field."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.forms import CrispyMixin, DateInput
from wco_sse.core.text import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH

from .fields import YenField
from .models import Award, CostCategory, Payment


class AwardAmountForm(CrispyMixin, forms.Form):
    amount = YenField(label=_("Amount awarded (yen)"), parse=False)


class AwardEditForm(CrispyMixin, forms.Form):
    payment_mode = forms.ChoiceField(
        label=_("Payment"), choices=Award.PaymentMode.choices
    )
    report_due = forms.DateField(
        label=_("Report due"), required=False, widget=DateInput
    )


class KeyField(forms.Field):
    """The form's idempotency key: hidden, checked by the service (a tampered key
    answers "the form has expired" at the top of the form)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return value if isinstance(value, str) else ""


class PaymentPrepareForm(CrispyMixin, forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("payment", "Kind"), choices=Payment.Kind.choices
    )
    amount = YenField(label=_("Amount (yen)"), parse=False)
    pay_on = forms.DateField(label=_("Payment date"), widget=DateInput)
    # Made when the form is shown: the same form posted twice prepares one payment.
    key = KeyField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4().hex)


class BudgetLineForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Cost line"),
        choices=[("", "---------"), *CostCategory.choices],
        required=False,
    )
    description = forms.CharField(
        label=pgettext_lazy("budget line", "Description"),
        max_length=200,
        required=False,
    )
    amount = YenField(label=_("Amount (yen)"), required=False, parse=False)
    from_fund = YenField(
        label=_("Of which from the fund (yen)"), required=False, parse=False
    )


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm, extra=2, max_num=30, validate_max=True, absolute_max=30
)


def lines_of(formset):
    return [form.cleaned_data for form in formset.forms if form.cleaned_data]


def lines_initial(lines):
    return [
        {
            "category": line.category,
            "description": line.description,
            "amount": f"{line.amount}",
            "from_fund": f"{line.from_fund}",
        }
        for line in lines
    ]


class ChangeRequestForm(CrispyMixin, forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("change request", "Reason"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ChangeDecideForm(CrispyMixin, forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("change request", "Decision"),
        choices=[
            ("approve", _("Approve the change")),
            ("refuse", _("Refuse the change")),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=pgettext_lazy("change request", "Answer"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FinalReportForm(CrispyMixin, forms.Form):
    summary = forms.CharField(
        label=_("What was done"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    outcomes = forms.CharField(
        label=_("Outcomes"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    participants = forms.IntegerField(
        label=_("Participants"), required=False, min_value=0, max_value=10_000_000
    )
    file = forms.FileField(label=_("Evidence file (receipts, photos)"), required=False)
    file_description = forms.CharField(
        label=_("About the file"), max_length=200, required=False
    )


class RefundForm(CrispyMixin, forms.Form):
    amount = YenField(label=_("Amount returned (yen)"), parse=False)
    received_on = forms.DateField(label=_("Returned on"), widget=DateInput)
