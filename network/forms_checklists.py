"""Forms of the formation checklists. Whether a template is confirmed is never taken
from a form: the secretariat confirms through its own button."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.forms import CrispyMixin, DateInput
from wco_sse.core.text import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH

from .models import Initiative
from .models_checklists import OFFSET_LIMIT, ChecklistAnchor


class ChecklistForm(CrispyMixin, forms.Form):
    form = forms.ChoiceField(label=_("Intended form"), choices=Initiative.Form.choices)
    name = forms.CharField(label=pgettext_lazy("checklist", "Name"), max_length=200)
    note = forms.CharField(
        label=pgettext_lazy("checklist", "Note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, template=None, **kwargs):
        super().__init__(*args, **kwargs)
        if template is not None:
            # A template stays with its form: the initiatives of that form follow it.
            del self.fields["form"]


class StepForm(CrispyMixin, forms.Form):
    order = forms.IntegerField(
        label=pgettext_lazy("checklist step", "Order"),
        min_value=0,
        max_value=32767,
        help_text=_("Steps are listed by this number, smallest first."),
    )
    title = forms.CharField(
        label=pgettext_lazy("checklist step", "Title"), max_length=200
    )
    description = forms.CharField(
        label=pgettext_lazy("checklist step", "Description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    anchor = forms.ChoiceField(
        label=_("Deadline counted from"),
        choices=[("", _("No deadline")), *ChecklistAnchor.choices],
        required=False,
    )
    offset_days = forms.IntegerField(
        label=_("Days from the event"),
        required=False,
        min_value=-OFFSET_LIMIT,
        max_value=OFFSET_LIMIT,
        help_text=_(
            "Negative for before the event: -14 is two weeks before, 14 within two "
            "weeks after, 0 the day itself."
        ),
    )
    retired = forms.BooleanField(
        label=pgettext_lazy("checklist step", "Retired"),
        required=False,
        help_text=_("No longer asked of initiatives; kept on those that have done it."),
    )

    def __init__(self, *args, step=None, **kwargs):
        super().__init__(*args, **kwargs)
        if step is None:
            del self.fields["retired"]


class StepDoneForm(forms.Form):
    """The button on an initiative's page: done (on a day) or not done."""

    done = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )
    day = forms.DateField(required=False, widget=DateInput, initial=timezone.localdate)
