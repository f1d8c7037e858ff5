"""Forms of the network section. The services check what a form can't (who may own a
follow-up); the organization and who recorded it are never taken from the form."""

from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.forms import CrispyMixin, DateInput
from members.models import Organization, Person
from members.pickers import (
    OrganizationsPickerField,
    PeoplePickerField,
    PeoplePickerWidget,
    PersonPickerField,
    PersonPickerWidget,
)
from wco_sse.core.text import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH

from .models import Contact, PartnerCategory, Proposal
from .selectors import contact_people
from .validation import follow_up_problem


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


# The section's own person picker (network.views.PersonPickView): the registry, or
# (``scope=ours``) the section's members and the secretariat.
PERSON_PICK = reverse_lazy("network:person_pick")
OUR_PEOPLE_PICK = reverse_lazy("network:person_pick", query={"scope": "ours"})


class ContactForm(CrispyMixin, forms.Form):
    date = forms.DateField(label=pgettext_lazy("contact log", "Date"), widget=DateInput)
    channel = forms.ChoiceField(
        label=pgettext_lazy("contact log", "Channel"), choices=Contact.Channel.choices
    )
    category = forms.ChoiceField(
        label=_("Partner category"),
        choices=PartnerCategory.choices,
        help_text=_(
            "Suggested from the organization's legal form; change it if needed."
        ),
    )
    our_people = PeoplePickerField(
        label=_("Our people"),
        queryset=Person.objects.none(),
        required=False,
        widget=PeoplePickerWidget(search_url=OUR_PEOPLE_PICK),
        help_text=_(
            "The section's members and the secretariat who took part: type a name or "
            "its kana, then choose from the list; add as many as took part."
        ),
    )
    their_people = forms.CharField(
        label=_("Their people"),
        max_length=300,
        required=False,
        help_text=_("Names and positions, as text."),
    )
    topic = forms.CharField(label=pgettext_lazy("contact log", "Topic"), max_length=200)
    summary = forms.CharField(
        label=pgettext_lazy("contact log", "Summary"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    follow_up = forms.CharField(
        label=_("Follow-up"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is to be done next; give its owner and due date."),
    )
    follow_up_owner = PersonPickerField(
        label=_("Follow-up owner"),
        queryset=Person.objects.none(),
        required=False,
        widget=PersonPickerWidget(search_url=OUR_PEOPLE_PICK),
    )
    follow_up_due = forms.DateField(
        label=_("Follow-up due"), required=False, widget=DateInput
    )

    def __init__(self, *args, contact=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = contact_people()
        if contact is not None:
            # Who was there stays choosable after leaving the section.
            kept = [p.pk for p in contact.our_people.all()]
            if contact.follow_up_owner_id:
                kept.append(contact.follow_up_owner_id)
            people = Person.objects.filter(
                Q(pk__in=people.values("pk")) | Q(pk__in=kept)
            ).order_by("sort_key", "pk")
        self.fields["our_people"].queryset = people
        self.fields["follow_up_owner"].queryset = people

    def clean(self):
        # The service refuses the same; said here too, it shows with the form's other
        # errors at once.
        data = super().clean()
        problem = follow_up_problem(data)
        if problem is not None:
            self.add_error(problem.field, problem.message)
        return data


def contact_initial(contact):
    return {
        "date": contact.date,
        "channel": contact.channel,
        "category": contact.category,
        "our_people": [p.pk for p in contact.our_people.all()],
        "their_people": contact.their_people,
        "topic": contact.topic,
        "summary": contact.summary,
        "follow_up": contact.follow_up,
        "follow_up_owner": contact.follow_up_owner_id,
        "follow_up_due": contact.follow_up_due,
    }


class ProposalForm(CrispyMixin, forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("proposal", "Kind"), choices=Proposal.Kind.choices
    )
    title = forms.CharField(label=pgettext_lazy("proposal", "Title"), max_length=200)
    addressees = OrganizationsPickerField(
        label=_("Addressees"),
        queryset=Organization.objects.all(),
        required=False,
        help_text=_(
            "Organizations of the registry the proposal is addressed to: type a name "
            "or its kana, then choose from the list; add as many as needed."
        ),
    )
    purpose = forms.CharField(
        label=pgettext_lazy("proposal", "Purpose"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body = forms.CharField(
        label=pgettext_lazy("proposal", "Text"),
        max_length=DESCRIPTION_MAX_LENGTH * 4,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    answer_summary = forms.CharField(
        label=_("Summary of the answer"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def proposal_initial(proposal):
    return {
        "kind": proposal.kind,
        "title": proposal.title,
        "addressees": [o.pk for o in proposal.addressees.all()],
        "purpose": proposal.purpose,
        "body": proposal.body,
        "answer_summary": proposal.answer_summary,
    }


class ProposalTransitionForm(forms.Form):
    to_state = forms.ChoiceField(choices=Proposal.State.choices)
    day = forms.DateField(label=pgettext_lazy("proposal", "Date"), widget=DateInput)
