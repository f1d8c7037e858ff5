"""Agenda items: drafting, moving on, placing, the outcome, comments, interests."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Person
from wco_sse.core.dates import format_day

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
        help_text=_("Leave empty to put it last."),
    )

    def __init__(self, *args, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings
            self.fields["meeting"].label_from_instance = lambda m: (
                f"{m.title}（{format_day(m.starts_at)}）"
            )


class DecisionForm(HelperMixin, forms.Form):
    result = forms.ChoiceField(label=_("What the meeting did"), choices=())
    votes_for = forms.IntegerField(
        label=pgettext_lazy("votes", "For"), min_value=0, required=False
    )
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, required=False)
    abstentions = forms.IntegerField(
        label=_("Abstentions"), min_value=0, required=False, initial=0
    )
    dissenters = forms.ModelMultipleChoiceField(
        label=_("Directors who voted against"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    amendment = forms.CharField(
        label=_("Amendment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("If the item was adopted with amendments, write them here."),
    )
    discussion = forms.CharField(
        label=_("Discussion (for the minutes)"),
        widget=forms.Textarea(attrs={"rows": 4}),
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
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


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
