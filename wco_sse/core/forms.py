"""Form pieces every app uses: kana fields, the privacy-notice consent, file uploads,
errors of hidden fields said where the user can see them, and how every form field
reads and shows text (``PortalBoundField``)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .kana import normalize_kana
from .text import strip_bidi


def is_single_line_text(field):
    """A text field typed on one line (a name, a title, a search), not a password."""
    return isinstance(field, forms.CharField) and not isinstance(
        field.widget, forms.Textarea | forms.PasswordInput
    )


def is_long_text(field):
    return isinstance(field, forms.CharField) and isinstance(
        field.widget, forms.Textarea
    )


class PortalBoundField(BoundField):
    """Every field of every form, as the page reads and shows it (the project's
    ``FORM_RENDERER`` gives it to all forms, so no form can forget it):

    - a single-line text field reads what was typed without direction controls
      (``strip_bidi``), before the field validates it;
    - a long text field (a textarea) says its maximum under the field; its
      ``maxlength`` attribute already stops the browser there.
    """

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        if is_long_text(field) and field.max_length:
            hint = _("Up to %(count)s characters.") % {"count": f"{field.max_length:,}"}
            self.help_text = f"{self.help_text} {hint}" if self.help_text else hint

    @property
    def data(self):
        value = super().data
        if is_single_line_text(self.field):
            return strip_bidi(value)
        return value


class PortalFormRenderer(DjangoTemplates):
    """Django's renderer, with the portal's bound fields (settings.FORM_RENDERER)."""

    bound_field_class = PortalBoundField


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


# The range of a database integer key (PostgreSQL bigint; SQLite's INTEGER).
_KEY_MIN, _KEY_MAX = -(2**63), 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing at the field a key no database integer can hold.

    Django checks each key with an exact lookup (which knows the integer range) and
    then reads them all with ``IN (...)``, which does not: SQLite raises
    OverflowError there, and a page would answer 500. Every multi-choice field of
    records in the portal is this one."""

    def _check_values(self, value):
        try:
            keys = frozenset(value)
        except TypeError:
            return super()._check_values(value)
        meta = self.queryset.model._meta
        field = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        if isinstance(field, models.IntegerField):
            for key in keys:
                try:
                    number = int(str(key))
                except ValueError:
                    continue  # Django refuses it as not a key
                if not _KEY_MIN <= number <= _KEY_MAX:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": key},
                    )
        return super()._check_values(value)
