"""Form pieces every app uses: kana fields, the privacy-notice consent, file uploads,
and errors of hidden fields said where the user can see them."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .kana import normalize_kana


class KanaField(forms.CharField):
    default_error_messages = {
        "invalid_kana": _(
            "Please write the reading in katakana (hiragana is converted for you)."
        ),
    }

    def __init__(self, *args, allow_latin=False, **kwargs):
        self.allow_latin = allow_latin
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            return normalize_kana(value, allow_latin=self.allow_latin)
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid_kana"], code="invalid_kana"
            ) from None


def privacy_consent_field():
    return forms.BooleanField(
        label=_("I agree to the privacy notice"),
        required=True,
        error_messages={"required": _("Please read and agree to the privacy notice.")},
    )


def link_privacy_notice(field):
    """Put a link to the privacy notice next to a consent checkbox (built per request,
    since URLs can't be reversed when forms are imported)."""
    field.label = format_html(
        '{} (<a href="{}" target="_blank" rel="noopener">{}</a>)',
        _(
            "I agree to the handling of my personal data described in the privacy notice"
        ),
        reverse("privacy"),
        _("read the privacy notice"),
    )


class HiddenErrorsMixin:
    """Shows the errors of hidden fields above the form.

    A page has no place for them, and only an altered or outdated page causes one:
    without this the form would come back with nothing said.
    """

    def _post_clean(self):
        super()._post_clean()
        hidden = [
            name
            for name in self.errors
            if name in self.fields and self.fields[name].widget.is_hidden
        ]
        for name in hidden:
            del self.errors[name]
        if hidden:
            self.add_error(
                None,
                _("This page is out of date or was altered. Please open it again."),
            )


class FileUploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(
        label=_("Description"), max_length=200, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
