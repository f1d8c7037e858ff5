"""The personal-data requests' forms: asking from my page, recording a request for
someone who phoned or wrote, answering a correction, declining."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.forms.common import CrispyMixin
from members.models import Person, PrivacyRequest
from members.pickers import PersonPickerField
from wco_sse.core.text import NOTE_MAX_LENGTH

from .requests import (
    CORRECTION_PART_MAX_LENGTH,
    RECORDED_CHANNELS,
    Correction,
    record_kind_choices,
)

Kind = PrivacyRequest.Kind
State = PrivacyRequest.State


def _text(label, *, rows=3, max_length=CORRECTION_PART_MAX_LENGTH, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class PrivacyRequestForm(CrispyMixin, forms.Form):
    """What a request says. For a correction: which record, what is wrong, where,
    and what it should be; for an export or an erasure, an optional note."""

    record_kind = forms.ChoiceField(label=_("Which record"), choices=())
    wrong = _text(_("What is wrong"))
    where = _text(
        _("Where it is shown"),
        rows=2,
        help_text=_("A page, a document or a meeting, with its date if you know it."),
    )
    should_be = _text(_("What it should be"))
    details = _text(
        _("Anything else we should know"),
        rows=3,
        max_length=NOTE_MAX_LENGTH,
        required=False,
    )

    CORRECTION_FIELDS = ("record_kind", "wrong", "where", "should_be")

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == Kind.CORRECTION:
            self.fields["record_kind"].choices = [
                ("", "---------"),
                *record_kind_choices(),
            ]
        else:
            for name in self.CORRECTION_FIELDS:
                del self.fields[name]
            self.fields["details"].label = _("Note (optional)")

    def correction(self):
        if self.kind != Kind.CORRECTION:
            return None
        data = self.cleaned_data
        return Correction(
            record_kind=data["record_kind"],
            wrong=data["wrong"],
            where=data["where"],
            should_be=data["should_be"],
        )


class PrivacyRequestRecordForm(PrivacyRequestForm):
    """The secretariat records a request for someone who phoned, wrote or came. The
    correction's parts are asked only for a correction."""

    person = PersonPickerField(
        label=_("Person"),
        queryset=Person.objects.filter(erased_at__isnull=True, is_placeholder=False),
    )
    kind = forms.ChoiceField(label=pgettext_lazy("privacy request", "Request"))
    channel = forms.ChoiceField(label=_("Received by"))

    field_order = ["person", "kind", "channel"]

    def __init__(self, *args, **kwargs):
        data = args[0] if args else kwargs.get("data")
        kind = (data or {}).get("kind") or Kind.CORRECTION
        if kind not in Kind.values:
            kind = Kind.CORRECTION
        super().__init__(*args, kind=kind, **kwargs)
        self.fields["kind"].choices = Kind.choices
        self.fields["kind"].initial = Kind.CORRECTION
        self.fields["channel"].choices = [
            (value, label)
            for value, label in PrivacyRequest.Channel.choices
            if value in RECORDED_CHANNELS
        ]
        if kind != Kind.CORRECTION:
            self.fields["details"].label = _("What the person asked")
        else:
            self.fields["details"].label = _("Anything else the person said")
        for name in self.CORRECTION_FIELDS:
            if name in self.fields:
                self.fields[name].help_text = self.fields[name].help_text or _(
                    "For a correction."
                )


class PrivacyAnswerForm(CrispyMixin, forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[
            (State.IN_PROGRESS, State.IN_PROGRESS.label),
            (State.DONE, State.DONE.label),
        ],
        initial=State.DONE,
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Answer to the person"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Required when done: what was corrected, or why not. The person reads it "
            "on their page and by email."
        ),
    )


class PrivacyRefuseForm(CrispyMixin, forms.Form):
    answer = forms.CharField(
        label=_("Reason for declining"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The person reads it on their page and by email."),
    )
