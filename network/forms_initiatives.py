"""Forms of the initiatives. Who recorded an initiative and its stage are never taken
from the main form: the stage changes through its own form, with a reason."""

import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.forms import CrispyMixin, DateInput
from members.models import Municipality, Person
from members.pickers import (
    OrganizationPickerField,
    PeoplePickerField,
    PeoplePickerWidget,
)
from wco_sse.core.text import NOTE_MAX_LENGTH

from .forms import PERSON_PICK, PersonChoiceField
from .models import Initiative, SupportEntry
from .selectors import contact_people
from .selectors_initiatives import registrable_organizations

FOUNDER_SEPARATOR = re.compile(r"\s*[/／:：,、\t]\s*")
FOUNDER_LINES = 30


class InitiativeForm(CrispyMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("initiative", "Name"), max_length=200)
    form = forms.ChoiceField(label=_("Intended form"), choices=Initiative.Form.choices)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("pk"),
        required=False,
    )
    lead = PersonChoiceField(
        label=_("Lead"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("The network section's member who leads the support."),
    )
    founders = PeoplePickerField(
        label=_("Founders in the registry"),
        queryset=Person.objects.all(),
        required=False,
        widget=PeoplePickerWidget(search_url=PERSON_PICK),
        help_text=_(
            "Type a name or its kana, then choose from the list; add as many as needed."
        ),
    )
    founder_texts = forms.CharField(
        label=_("Founders not yet registered"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One founder a line: name / contact (phone or email), until the "
            "secretariat registers them."
        ),
    )
    next_step = forms.CharField(label=_("Next step"), max_length=300, required=False)
    next_step_due = forms.DateField(
        label=_("Next step due"), required=False, widget=DateInput
    )
    # The events the formation checklist counts its deadlines from.
    founding_meeting_on = forms.DateField(
        label=_("Date of the founding meeting"),
        required=False,
        widget=DateInput,
        help_text=_("Planned or held; the checklist's deadlines are counted from it."),
    )
    registered_on = forms.DateField(
        label=_("Date of the registration"), required=False, widget=DateInput
    )
    business_started_on = forms.DateField(
        label=_("Start of business"), required=False, widget=DateInput
    )

    def __init__(self, *args, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = contact_people()
        if initiative is not None and initiative.lead_id:
            people = Person.objects.filter(
                Q(pk__in=people.values("pk")) | Q(pk=initiative.lead_id)
            ).order_by("sort_key", "pk")
        self.fields["lead"].queryset = people

    def clean_founder_texts(self):
        founders = []
        lines = [
            line.strip() for line in self.cleaned_data["founder_texts"].splitlines()
        ]
        lines = [line for line in lines if line]
        if len(lines) > FOUNDER_LINES:
            raise forms.ValidationError(_("Give at most 30 founders."))
        for line in lines:
            parts = FOUNDER_SEPARATOR.split(line, maxsplit=1)
            if len(parts) != 2 or not parts[0] or not parts[1]:
                raise forms.ValidationError(
                    _(
                        "Write each founder as: name / contact. This line is not: %(line)s"
                    )
                    % {"line": line[:100]}
                )
            name, contact = parts
            if len(name) > 100 or len(contact) > 200:
                raise forms.ValidationError(
                    _("A founder's name or contact is too long.")
                )
            founders.append((name, contact))
        return founders


def initiative_initial(initiative):
    return {
        "name": initiative.name,
        "form": initiative.form,
        "municipality": initiative.municipality_id,
        "lead": initiative.lead_id,
        "founders": [p.pk for p in initiative.founders.all()],
        "founder_texts": "\n".join(
            f"{f.name} / {f.contact}" for f in initiative.unregistered_founders.all()
        ),
        "next_step": initiative.next_step,
        "next_step_due": initiative.next_step_due,
        "founding_meeting_on": initiative.founding_meeting_on,
        "registered_on": initiative.registered_on,
        "business_started_on": initiative.business_started_on,
    }


class StageChangeForm(CrispyMixin, forms.Form):
    stage = forms.ChoiceField(
        label=pgettext_lazy("initiative", "New stage"), choices=Initiative.Stage.choices
    )
    date = forms.DateField(
        label=pgettext_lazy("stage change", "Date"),
        widget=DateInput,
        initial=timezone.localdate,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the change.")},
    )


class SupportEntryForm(CrispyMixin, forms.Form):
    date = forms.DateField(
        label=pgettext_lazy("support log", "Date"),
        widget=DateInput,
        initial=timezone.localdate,
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("support log", "Kind"), choices=SupportEntry.Kind.choices
    )
    note = forms.CharField(
        label=pgettext_lazy("support log", "Note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    by = PersonChoiceField(
        label=pgettext_lazy("support log", "By"),
        queryset=Person.objects.none(),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].queryset = contact_people()


class LinkOrganizationForm(CrispyMixin, forms.Form):
    organization = OrganizationPickerField(
        label=_("Registered organization"),
        queryset=registrable_organizations(),
        required=False,
        help_text=_(
            "The W.Co or association the secretariat registered: type its name, then "
            "choose from the list; empty to unlink."
        ),
    )
