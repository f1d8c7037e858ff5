"""Minutes: their text, sending them for signature, the signatures."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Person
from members.pickers import PersonPickerField
from wco_sse.core.forms import ModelMultipleChoiceField
from wco_sse.core.text import LONG_TEXT_MAX_LENGTH

from ..models import MinutesSignatory
from .common import ConfirmForm, HelperMixin, date_field


class MinutesForm(HelperMixin, forms.Form):
    """``Minutes.TEXT_FIELDS``, and the discussion of each decision recorded."""

    opening = forms.CharField(
        label=_("Opening and proceedings"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
    )
    auditors_statements = forms.CharField(
        label=_("Auditors' statements"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
    )
    other_matters = forms.CharField(
        label=_("Other matters"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
    )
    writer = PersonPickerField(label=_("Minutes written by"))

    def __init__(self, *args, decisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.decision_fields = []
        for decision in decisions:
            name = f"discussion_{decision.pk}"
            self.fields[name] = forms.CharField(
                label=_("Discussion: %(item)s") % {"item": decision.item.title},
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=LONG_TEXT_MAX_LENGTH,
                required=False,
                initial=decision.discussion,
            )
            self.decision_fields.append((decision.pk, name))

    def discussions(self):
        return {
            pk: self.cleaned_data.get(name, "") for pk, name in self.decision_fields
        }


class MinutesFinalizeForm(ConfirmForm):
    signatories = ModelMultipleChoiceField(
        label=_("Minutes signatories chosen at the meeting"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is None:
            del self.fields["signatories"]
        else:
            self.fields["signatories"].queryset = candidates


class SignForm(HelperMixin, forms.Form):
    signatory = forms.ModelChoiceField(
        label=_("Signatory"), queryset=MinutesSignatory.objects.none()
    )
    method = forms.ChoiceField(
        label=_("Signed by"),
        choices=[
            (MinutesSignatory.Method.SIGNATURE, _("Signature")),
            (MinutesSignatory.Method.SEAL, _("Name and seal")),
        ],
    )
    signed_on = date_field(_("Signed on"))

    def __init__(self, *args, signatories=None, **kwargs):
        super().__init__(*args, **kwargs)
        if signatories is not None:
            self.fields["signatory"].queryset = signatories
            self.fields["signatory"].label_from_instance = lambda s: (
                f"{s.person.full_name}（{s.capacity}）"
            )
