"""The retention rule's form (保存期間). The service checks the years and the reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wco_sse.core.forms import HiddenErrorsMixin
from wco_sse.core.text import NOTE_MAX_LENGTH

from .common import CrispyMixin


class RetentionRuleForm(CrispyMixin, HiddenErrorsMixin, forms.Form):
    years = forms.IntegerField(
        label=_("Years kept"),
        min_value=1,
        max_value=30,
        help_text=_("Counted from the record kind's starting point; 1 to 30 years."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why records of this kind are kept this long (a law, a contract, the board's decision)."
        ),
    )
    active = forms.BooleanField(
        label=_("Apply this rule"),
        required=False,
        help_text=_("A rule not applied touches nothing; its records are kept."),
    )
    confirmed = forms.BooleanField(
        label=_("Confirmed"),
        required=False,
        help_text=_(
            "The period and reason have been checked (against the law or the board's decision)."
        ),
    )
