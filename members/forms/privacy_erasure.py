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

    def full_clean(self):
        """A hidden field's error is shown at the top of the form (an altered page)."""
        super().full_clean()
        if self._errors and "version" in self._errors:
            del self._errors["version"]
            self.add_error(None, _("The page is out of date; open it again."))
