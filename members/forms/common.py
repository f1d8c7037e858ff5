"""What the registry's forms share."""

from crispy_forms.helper import FormHelper
from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker, given the value in the format it reads."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CrispyMixin:
    """crispy-forms lays out the fields; the page writes the ``<form>`` tag itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
