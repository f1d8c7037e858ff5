"""The erasure's confirmation: the registry number typed, so that a slip between
two open requests cannot erase the wrong person."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .common import CrispyMixin


class ErasureConfirmForm(CrispyMixin, forms.Form):
    confirm = forms.CharField(
        label=_("Registry number, to confirm"),
        max_length=40,
        help_text=_(
            "Type the registry number shown above. The erasure cannot be undone."
        ),
    )
    # The person's record version the dry run showed (an edit in between refuses).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
