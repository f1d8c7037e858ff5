"""Action items (申し送り・宿題) and a body's documents."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Organization
from members.pickers import (
    OrganizationPickerField,
    PersonPickerField,
    PersonPickerWidget,
)
from wco_sse.core.text import NOTE_MAX_LENGTH

from ..models import ActionItem
from .common import HelperMixin, date_field


class _StateSeenField(forms.CharField):
    """A hidden field nobody types: it never shows an error (which a hidden field could
    not show next to itself); anything but a known state reads as "not known"."""

    def clean(self, value):
        return value if value in ActionItem.State.values else None


class ActionItemForm(HelperMixin, forms.Form):
    """What is to be done, by whom and by when; on an existing item, its state too."""

    text = forms.CharField(
        label=pgettext_lazy("action item", "What is to be done"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = PersonPickerField(label=pgettext_lazy("action item", "Owner"))
    organization = OrganizationPickerField(
        label=_("For the organization"),
        queryset=Organization.objects.filter(status=Organization.Status.ACTIVE),
        required=False,
        help_text=_(
            "Where the owner acts for an organization (e.g. its delegate): type its "
            "name, then choose from the list."
        ),
    )
    due_on = date_field(_("Due date"))
    state = forms.ChoiceField(label=_("State"), choices=ActionItem.State.choices)
    note = forms.CharField(
        label=_("Note on the state"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why it was dropped, or what was done."),
    )

    # The state the page showed: the service refuses to overwrite a change someone
    # else made meanwhile (the owner marking the item done, say).
    state_seen = _StateSeenField(widget=forms.HiddenInput, required=False, max_length=8)

    def __init__(self, *args, editing=False, body=None, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            # Those the viewer may give the item to; the picker searches them only.
            field = self.fields["owner"]
            field.queryset = owners
            field.widget = PersonPickerWidget(
                search_url=reverse("secretariat:body_people_pick", args=[body.pk])
            )
        if not editing:
            for name in ("state", "note", "state_seen"):
                del self.fields[name]


class ActionItemDoneForm(HelperMixin, forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"), max_length=NOTE_MAX_LENGTH, required=False
    )


class BodyDocumentForm(HelperMixin, forms.Form):
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=200)
    file = forms.FileField(label=_("File"))
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=200,
        required=False,
        help_text=_("What this version is, e.g. “draft for the 3rd meeting”."),
    )


class BodyDocumentVersionForm(HelperMixin, forms.Form):
    file = forms.FileField(label=_("File"))
    note = forms.CharField(
        label=_("What changed"),
        max_length=200,
        required=False,
        help_text=_("A short note, e.g. “comments of the 2nd meeting included”."),
    )
