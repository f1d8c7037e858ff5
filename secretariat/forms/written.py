"""Resolutions without a meeting: proposing, circulating, answering."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Person
from wco_sse.core.text import LONG_TEXT_MAX_LENGTH

from ..models import WrittenResponse
from .common import HelperMixin, datetime_field


class WrittenProposeForm(HelperMixin, forms.Form):
    proposer = forms.ModelChoiceField(
        label=_("Proposing director"), queryset=Person.objects.none()
    )
    title = forms.CharField(label=_("Matter"), max_length=200)
    text = forms.CharField(
        label=_("Proposal"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=LONG_TEXT_MAX_LENGTH,
    )

    def __init__(self, *args, directors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if directors is None:
            del self.fields["proposer"]
        else:
            self.fields["proposer"].queryset = directors


class WrittenCirculateForm(HelperMixin, forms.Form):
    deadline = datetime_field(_("Deadline for answers"))


class WrittenAnswerForm(HelperMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (WrittenResponse.Answer.CONSENT, _("I consent to the proposal")),
            (WrittenResponse.Answer.OBJECT, _("I object to the proposal")),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, auditor=False, **kwargs):
        super().__init__(*args, **kwargs)
        if auditor:
            self.fields["answer"].choices = [
                (WrittenResponse.Answer.OBJECT, _("I object to the proposal"))
            ]


class WrittenRecordForm(HelperMixin, forms.Form):
    response = forms.ModelChoiceField(
        label=_("Person"), queryset=WrittenResponse.objects.none()
    )
    answer = forms.ChoiceField(
        label=_("Answer on paper"),
        choices=[
            (WrittenResponse.Answer.CONSENT, _("Consents")),
            (WrittenResponse.Answer.OBJECT, _("Objects")),
        ],
    )

    def __init__(self, *args, responses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if responses is not None:
            self.fields["response"].queryset = responses
            self.fields["response"].label_from_instance = lambda r: (
                f"{r.person.full_name}（{r.get_capacity_display()}）"
            )
