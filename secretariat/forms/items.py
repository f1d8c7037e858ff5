"""Agenda items: drafting, moving on, placing, the outcome, comments, interests."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Person
from wco_sse.core.dates import format_day
from wco_sse.core.forms import ModelMultipleChoiceField
from wco_sse.core.text import LONG_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH

from ..models import AgendaItem, Decision, Meeting, Source
from .common import HelperMixin


class ItemForm(HelperMixin, forms.Form):
    source = forms.ChoiceField(
        label=pgettext_lazy("agenda item source", "From"), choices=()
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Proposal"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
        help_text=_(
            "The purpose, the proposal and its reasons. Attach papers after saving."
        ),
    )
    target_meeting = forms.ModelChoiceField(
        label=_("For the board meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("Its agenda submission deadline applies."),
    )
    resolution_type = forms.ChoiceField(
        label=_("Resolution type"),
        choices=AgendaItem.ResolutionType.choices,
        initial=AgendaItem.ResolutionType.ORDINARY,
        required=False,
    )
    activity_report_of = forms.ModelChoiceField(
        label=_("Activity report of"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_(
            "For the report on the execution of duties by a representative or executive director."
        ),
    )

    def __init__(
        self, *args, sources=(), meetings=None, directors=None, editing=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s, Source(s).label) for s in sources]
        if editing:
            del self.fields["source"]
        if meetings is not None:
            self.fields["target_meeting"].queryset = meetings
            self.fields["target_meeting"].label_from_instance = lambda m: (
                f"{m.title}（{format_day(m.starts_at)}）"
            )
        if directors is None:
            del self.fields["activity_report_of"]
            del self.fields["resolution_type"]
        else:
            self.fields["activity_report_of"].queryset = directors

    def clean_resolution_type(self):
        return (
            self.cleaned_data.get("resolution_type")
            or AgendaItem.ResolutionType.ORDINARY
        )


class TransitionForm(HelperMixin, forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=())
    reason = forms.CharField(
        label=_("Reason or note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a.name, a.label) for a in actions]


class PlaceForm(HelperMixin, forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none()
    )
    order = forms.IntegerField(
        label=_("Order"),
        min_value=1,
        max_value=99,
        required=False,
        help_text=_(
            "Its place on the agenda: 1 puts it first and moves the others down. Leave empty to put it last."
        ),
    )

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings
            self.fields["meeting"].label_from_instance = lambda m: (
                f"{m.title}（{format_day(m.starts_at)}）"
            )


class ReorderForm(HelperMixin, forms.Form):
    direction = forms.ChoiceField(
        label=_("Move"),
        choices=[
            ("up", pgettext_lazy("agenda order", "Up")),
            ("down", pgettext_lazy("agenda order", "Down")),
        ],
    )


def paper_note_field():
    return forms.CharField(
        label=_("What changed, and why"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
        help_text=_(
            "Needed once the item has been submitted: kept in the item's history."
        ),
    )


def require_note(form, amending):
    """The note is asked for only once the item has left its author's hands."""
    if amending:
        form.fields["note"].required = True
        form.fields["note"].error_messages["required"] = NOTE_NEEDED
    else:
        del form.fields["note"]


NOTE_NEEDED = _(
    "The item has been submitted: say what changed in its papers and why. "
    "The note is kept in the item's history."
)


class PaperAttachForm(HelperMixin, forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(
        label=_("Description"), max_length=200, required=False
    )
    note = paper_note_field()

    def __init__(self, *args, amending=False, **kwargs):
        super().__init__(*args, **kwargs)
        require_note(self, amending)


class PaperChangeForm(HelperMixin, forms.Form):
    """Replace, remove or move one paper (the item page's buttons post here; this
    page is where the secretariat writes the note a change after submission needs)."""

    REPLACE, REMOVE, UP, DOWN = "replace", "remove", "up", "down"
    action = forms.ChoiceField(
        label=pgettext_lazy("agenda paper", "Change"),
        choices=[
            (REPLACE, _("Replace with a new file")),
            (REMOVE, _("Remove")),
            (UP, _("Move up")),
            (DOWN, _("Move down")),
        ],
    )
    file = forms.FileField(label=_("New file"), required=False)
    note = paper_note_field()

    def __init__(self, *args, amending=False, **kwargs):
        super().__init__(*args, **kwargs)
        require_note(self, amending)

    def clean(self):
        data = super().clean()
        if data.get("action") == self.REPLACE and not data.get("file"):
            self.add_error("file", _("Choose the new file."))
        return data


class DecisionForm(HelperMixin, forms.Form):
    result = forms.ChoiceField(label=_("What the meeting did"), choices=())
    votes_for = forms.IntegerField(
        label=pgettext_lazy("votes", "For"), min_value=0, required=False
    )
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, required=False)
    abstentions = forms.IntegerField(
        label=_("Abstentions"), min_value=0, required=False, initial=0
    )
    dissenters = ModelMultipleChoiceField(
        label=_("Directors who voted against"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    amendment = forms.CharField(
        label=_("Amendment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
        help_text=_("If the item was adopted with amendments, write them here."),
    )
    discussion = forms.CharField(
        label=_("Discussion (for the minutes)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=LONG_TEXT_MAX_LENGTH,
        required=False,
    )

    RESULT_LABELS = {
        Decision.VOTE: _("Put to the vote"),
        Decision.DEFER: _("Carried over to a later meeting"),
        Decision.REPORT: _("Reported"),
        Decision.DISCUSS: _("Discussed"),
    }

    def __init__(
        self, *args, results=(), present_people=None, assembly=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [(r, self.RESULT_LABELS[r]) for r in results]
        if assembly or present_people is None:
            del self.fields["dissenters"]
        else:
            self.fields["dissenters"].queryset = present_people


class CommentForm(HelperMixin, forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX_LENGTH,
    )


class InterestForm(HelperMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Director"), queryset=Person.objects.none())
    reason = forms.CharField(
        label=_("Nature of the interest"), max_length=300, required=False
    )

    def __init__(self, *args, directors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if directors is not None:
            self.fields["person"].queryset = directors


class ReferForm(HelperMixin, forms.Form):
    resolution_type = forms.ChoiceField(
        label=_("Resolution type at the general assembly"),
        choices=AgendaItem.ResolutionType.choices,
    )
