"""Forms of the industry meetings' pages: they validate what is typed; the services
decide (seats, who may raise an issue for which W.Co, which states follow)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Industry, Organization, Person
from secretariat.forms.meetings import RegularWcoChoiceField
from secretariat.models import Meeting
from wco_sse.core.dates import format_moment
from wco_sse.core.text import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH

from .forms import HelperMixin
from .services.industry import TITLE_MAX_LENGTH


class IndustryMeetingCreateForm(HelperMixin, forms.Form):
    industry = forms.ModelChoiceField(
        label=_("Industry"),
        queryset=Industry.objects.none(),
        help_text=_("Industries that have no industry meeting yet."),
    )

    def __init__(self, *args, industries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = industries


class IndustryInviteForm(HelperMixin, forms.Form):
    organizations = RegularWcoChoiceField(
        label=_("W.Cos of this industry without a seat"),
        queryset=Organization.objects.none(),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = candidates


class IndustrySeatForm(HelperMixin, forms.Form):
    """Any active W.Co without a seat, and one of its confirmed people as delegate
    (the people are listed once the W.Co is chosen)."""

    organization = forms.ModelChoiceField(
        label=pgettext_lazy("industry seat", "W.Co"),
        queryset=Organization.objects.none(),
    )
    person = forms.ModelChoiceField(
        label=_("Delegate"),
        queryset=Person.objects.none(),
        help_text=_("One of the W.Co's confirmed people."),
    )

    def __init__(self, *args, organizations, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["person"].queryset = people


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title}（{format_moment(obj.starts_at)}）"


class IssueForm(HelperMixin, forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("shared issue", "Title"), max_length=TITLE_MAX_LENGTH
    )
    text = forms.CharField(
        label=pgettext_lazy("shared issue", "Issue"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class IssueRaiseForm(IssueForm):
    meeting = MeetingChoiceField(
        label=pgettext_lazy("shared issue", "Raised at"),
        queryset=Meeting.objects.none(),
    )
    raised_by = forms.ModelChoiceField(
        label=_("Raised by"), queryset=Organization.objects.none()
    )

    field_order = ("meeting", "raised_by", "title", "text")

    def __init__(self, *args, meetings, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["raised_by"].queryset = organizations


class IssueMoveForm(HelperMixin, forms.Form):
    state = forms.ChoiceField(label=_("New state"), choices=())
    outcome = forms.CharField(
        label=pgettext_lazy("shared issue", "Outcome"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when the issue is resolved or closed."),
    )

    def __init__(self, *args, issue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            (state.value, state.label) for state in issue.next_states()
        ]
        self.fields["outcome"].initial = issue.outcome
