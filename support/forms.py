from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from members.models import Desk, Organization, Person
from members.pickers import person_option_label
from wco_sse.core.dates import format_span
from wco_sse.core.forms import HiddenErrorsMixin, KanaField, link_privacy_notice
from wco_sse.core.text import (
    DESCRIPTION_MAX_LENGTH,
    LONG_TEXT_MAX_LENGTH,
)
from wco_sse.core.validators import validate_moment

from .models import AppointmentSlot, Consultation, Course, CourseCategory
from .services import COURSE_FIELDS, NEW_PERSON_FIELDS, NewPerson

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# Whole yen; far above any course's fee, and within what the database stores.
MAX_FEE = 10_000_000


def _datetime_field(label, **kwargs):
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        validators=[validate_moment],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
        ),
        **kwargs,
    )


class HelperMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class CourseForm(HelperMixin, forms.Form):
    """A course's own fields (``COURSE_FIELDS``, what ``course_save`` takes); its
    sessions come in ``SessionFormSet``."""

    field_order = COURSE_FIELDS

    title = forms.CharField(label=pgettext_lazy("course", "Title"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=CourseCategory.objects.filter(active=True)
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=DESCRIPTION_MAX_LENGTH,
    )
    instructor = forms.CharField(label=_("Instructor"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=10000)
    audience = forms.ChoiceField(label=_("Audience"), choices=Course.Audience.choices)
    fee_member = forms.IntegerField(
        label=_("Fee for members (yen)"),
        min_value=0,
        max_value=MAX_FEE,
        initial=0,
    )
    fee_general = forms.IntegerField(
        label=_("Fee for the public (yen)"),
        min_value=0,
        max_value=MAX_FEE,
        initial=0,
    )
    application_opens = _datetime_field(_("Applications open"))
    application_closes = _datetime_field(_("Applications close"))
    cancellation_deadline = _datetime_field(_("Cancellation deadline"))

    def course_values(self):
        return {name: self.cleaned_data[name] for name in COURSE_FIELDS}


class SessionForm(HiddenErrorsMixin, forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    starts_at = _datetime_field(_("Starts at"))
    ends_at = _datetime_field(_("Ends at"))
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Online link"), max_length=200, required=False, assume_scheme="https"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at", "venue", "online_url"):
            self.fields[name].widget.attrs["class"] = "form-control"


# absolute_max: a page claiming a thousand rows gets 30 forms and the error, not a
# thousand forms built and shown again.
SessionFormSet = forms.formset_factory(
    SessionForm,
    extra=2,
    can_delete=True,
    max_num=30,
    absolute_max=30,
    validate_max=True,
)


class CategoryForm(HelperMixin, forms.Form):
    name = forms.CharField(
        label=pgettext_lazy("name of a thing", "Name"), max_length=80
    )
    sort_order = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=999, initial=100
    )


class CatalogueFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=CourseCategory.objects.all(),
        required=False,
        empty_label=_("All categories"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(
            attrs={"type": "month", "class": "form-control"}, format="%Y-%m"
        ),
    )
    audience = forms.ChoiceField(
        label=_("Audience"),
        required=False,
        choices=[("", _("All audiences")), *Course.Audience.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class ApplyForm(HelperMixin, forms.Form):
    note = forms.CharField(
        label=_("Message to the organizers"),
        max_length=300,
        required=False,
        help_text=_("For example: needs childcare, wheelchair access."),
    )
    privacy_consent = forms.BooleanField(
        label=_("I agree"),
        required=True,
        error_messages={"required": _("Please read and agree to the privacy notice.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        link_privacy_notice(self.fields["privacy_consent"])


class RepresentativeApplyForm(ApplyForm):
    """A W.Co representative applies for one of their people."""

    person = forms.ChoiceField(label=_("Person"))
    field_order = ["person", "note", "privacy_consent"]

    def __init__(self, *args, people=(), applied=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(person.pk): (person, org) for person, org in people}
        # Who has applied already ({person id: live application}): marked in the
        # list, and refused at the field rather than by the service.
        self.applied = applied or {}
        self.fields["person"].choices = [
            (key, self._label(person, org))
            for key, (person, org) in self.people.items()
        ]

    def _label(self, person, org):
        label = f"{person.full_name}（{org.name}）"
        application = self.applied.get(person.pk)
        if application is None:
            return label
        if application.status == application.Status.WAITLISTED:
            mark = gettext("already applied: on the waitlist")
        else:
            mark = gettext("already applied")
        return f"{label} — {mark}"

    def clean_person(self):
        person, org = self.people[self.cleaned_data["person"]]
        if person.pk in self.applied:
            raise forms.ValidationError(
                gettext("%(name)s has already applied for this course.")
                % {"name": person.full_name}
            )
        return person, org


class PersonOrNewPersonForm(forms.Form):
    """Someone who phoned in: a person of the registry, or a new person's details
    (``NEW_PERSON_FIELDS``), recorded by the service with what they asked for."""

    person = forms.ModelChoiceField(
        label=_("Person in the registry"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Search above, or enter a new person below."),
    )
    family_name = forms.CharField(label=_("Family name"), max_length=60, required=False)
    given_name = forms.CharField(label=_("Given name"), max_length=60, required=False)
    family_name_kana = KanaField(
        label=_("Family name (kana)"), max_length=60, required=False
    )
    given_name_kana = KanaField(
        label=_("Given name (kana)"), max_length=60, required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["person"].queryset = people
        # Name, kana, organizations and registry number: namesakes told apart.
        self.fields["person"].label_from_instance = person_option_label

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("family_name"):
            raise forms.ValidationError(
                _("Choose a person from the registry, or enter a new person's name.")
            )
        return data

    def person_or_new_person(self):
        """The service's ``person`` or ``new_person`` argument, whichever was given."""
        person = self.cleaned_data["person"]
        if person is not None:
            return {"person": person}
        details = {name: self.cleaned_data[name] for name in NEW_PERSON_FIELDS}
        return {"new_person": NewPerson(**details)}


class ProxyApplyForm(HelperMixin, PersonOrNewPersonForm):
    """代理申込: the secretariat applies for someone who phoned in."""

    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("For example: phoned on 3 June, pays at the door."),
    )


class CancelForm(HelperMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), max_length=300, required=False
    )


class PromoteForm(HelperMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Logged and shown on the application."),
    )


class EmailParticipantsForm(HelperMixin, forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=LONG_TEXT_MAX_LENGTH,
    )
    include_waitlist = forms.BooleanField(
        label=_("Also to those on the waitlist"), required=False
    )


# --- Consultations ----------------------------------------------------------------------


class ConsultationRequestForm(HelperMixin, forms.Form):
    desk = forms.ChoiceField(
        label=_("Desk"), choices=Desk.choices, widget=forms.RadioSelect
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Consultation.Topic.choices)
    organization = forms.ModelChoiceField(
        label=_("Your W.Co"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    description = forms.CharField(
        label=_("What would you like to consult about?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=DESCRIPTION_MAX_LENGTH,
    )
    preferred_times = forms.CharField(
        label=_("Preferred times"),
        max_length=300,
        required=False,
        help_text=_("For example: weekday afternoons, not Wednesdays."),
    )
    consent = forms.BooleanField(
        label=_("I agree"),
        required=False,
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations
        self.fields["consent"].label = _(
            "I agree that the desk records what I tell it, which may include sensitive personal information, to handle my consultation as the privacy notice describes."
        )
        self.fields["consent"].help_text = _(
            "Only the advisor assigned to you and the secretary-general can read the advisor's notes."
        )


class ConsultationIntakeForm(ConsultationRequestForm, PersonOrNewPersonForm):
    """The secretariat records a request that came by phone, visit or email."""

    channel = forms.ChoiceField(
        label=_("Came in by"),
        choices=[
            c for c in Consultation.Channel.choices if c[0] != Consultation.Channel.FORM
        ],
    )
    consent_method = forms.ChoiceField(
        label=_("Consent given"),
        choices=[
            c
            for c in Consultation.ConsentMethod.choices
            if c[0] != Consultation.ConsentMethod.CHECKBOX
        ],
    )

    field_order = [
        "person",
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "phone",
        "email",
        "channel",
        "desk",
        "topic",
        "organization",
        "description",
        "preferred_times",
        "consent_method",
        "consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.all()
        self.fields["organization"].label = _("Their W.Co")
        self.fields["consent"].label = _(
            "The person agreed to the handling of what they tell us (for a phone request: I heard their verbal consent)."
        )
        self.fields["consent"].help_text = _(
            "Your name and the time are recorded with the consent."
        )


class AssignForm(HelperMixin, forms.Form):
    advisor = forms.ModelChoiceField(label=_("Advisor"), queryset=Person.objects.none())

    def __init__(self, *args, advisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = advisors


class SlotForm(HelperMixin, forms.Form):
    starts_at = _datetime_field(_("Starts at"))
    ends_at = _datetime_field(_("Ends at"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online = forms.BooleanField(label=_("Online"), required=False)
    online_url = forms.URLField(
        label=_("Online link"), max_length=200, required=False, assume_scheme="https"
    )


class BookForm(HelperMixin, forms.Form):
    slot = forms.ModelChoiceField(
        label=_("Appointment slot"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = AppointmentSlot.objects.filter(
            pk__in=[s.pk for s in slots]
        )
        self.fields["slot"].label_from_instance = lambda slot: " ".join(
            part
            for part in (
                format_span(slot.starts_at, slot.ends_at),
                slot.where,
                slot.online_url,
            )
            if part
        )


class RecordForm(HelperMixin, forms.Form):
    body = forms.CharField(
        label=_("New record"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=LONG_TEXT_MAX_LENGTH,
    )


class ReferForm(HelperMixin, forms.Form):
    referred_to = forms.CharField(label=_("Referred to"), max_length=200)
    consent = forms.BooleanField(
        label=_("The person agreed that their case is passed to this body."),
        required=False,
    )


class CloseForm(HelperMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Consultation.Outcome.choices
    )
