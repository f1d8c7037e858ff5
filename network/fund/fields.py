"""The fund's form field for yen as people type it (``1,000``, full-width digits,
``￥``)."""

from django import forms

from wco_sse.core.errors import ServiceError

from . import ledger


class YenField(forms.CharField):
    """An amount in yen. Cleaned to an int by ``ledger.check_amount`` (None when left
    empty and not required), its message at the field; with ``parse=False`` the text
    is left to the service, which names the line of a formset in its message."""

    def __init__(self, *args, allow_zero=False, parse=True, **kwargs):
        self.allow_zero = allow_zero
        self.parse = parse
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "class": "text-end",
                    "size": 14,
                }
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not self.parse:
            return value
        if value in (None, ""):
            return None
        try:
            return ledger.check_amount(value, allow_zero=self.allow_zero)
        except ServiceError as error:
            raise forms.ValidationError(error.message) from None
