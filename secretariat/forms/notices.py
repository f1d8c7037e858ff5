"""Notices (お知らせ)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wco_sse.core.text import LONG_TEXT_MAX_LENGTH

from ..models import Body, Notice
from .common import HelperMixin


class NoticeForm(HelperMixin, forms.Form):
    """``Notice.FORM_FIELDS``."""

    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=LONG_TEXT_MAX_LENGTH,
    )
    audience = forms.ChoiceField(
        label=pgettext_lazy("audience of a notice", "For"),
        choices=Notice.Audience.choices,
    )
    target_body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=Body.objects.none(),
        required=False,
        help_text=_("Only for notices to the members of one body."),
    )
    send_email = forms.BooleanField(
        label=_("Also send by email"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_body"].queryset = Body.objects.filter(is_active=True)
