"""Bodies, meetings, attendance and a 社員's consent to notices by email."""

from crispy_forms.layout import Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Affiliation, Organization, Person
from members.pickers import (
    SEARCH_URL,
    PersonPickerField,
    PersonPickerWidget,
    wco_and_seikatsu_club_people,
)
from wco_sse.core.forms import ModelMultipleChoiceField

from ..membership import chair_candidates
from ..models import Attendance, Body, Meeting
from .common import HelperMixin, date_field, datetime_field


class BodyForm(HelperMixin, forms.ModelForm):
    class Meta:
        model = Body
        fields = Body.RULE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.is_board:
            for name in Body.BOARD_ONLY_FIELDS:
                del self.fields[name]
        if not self.instance.is_ad_hoc:
            for name in Body.AD_HOC_ONLY_FIELDS:
                del self.fields[name]


class BodyMemberForm(HelperMixin, forms.Form):
    person = PersonPickerField(label=_("Person"))
    organization = forms.ModelChoiceField(
        label=_("For the organization"),
        queryset=Organization.objects.filter(
            status=Organization.Status.ACTIVE
        ).order_by("name_kana", "name", "pk"),
        required=False,
        help_text=_(
            "Leave empty for a person who sits in their own name; otherwise the person is the organization's delegate."
        ),
    )
    start = date_field(_("From"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, body=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if (
            body is not None
            and body.category != Body.Category.COMMUNITY
            and user is not None
            and not user.has_perm("members.view_people")
        ):
            # A section member running the body finds people by name in a picker of
            # its own (the registry's own picker is the secretariat's).
            self.fields["person"].widget = PersonPickerWidget(
                search_url=f"{SEARCH_URL}?scope=body"
            )
        if body is not None and body.category == Body.Category.COMMUNITY:
            # A まちづくり会議 seats people of 生活クラブ and of the W.Cos.
            field = self.fields["person"]
            field.queryset = wco_and_seikatsu_club_people()
            field.widget = PersonPickerWidget(
                search_url=f"{SEARCH_URL}?scope=community"
            )
            field.help_text = _(
                "A community-building council seats people of 生活クラブ and of the W.Cos. Type a name or its kana, then choose from the list."
            )
            field.error_messages["invalid_choice"] = _(
                "Choose a person of 生活クラブ or of a W.Co."
            )


class RegularWcoChoiceField(ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        representatives = obj.current_representatives
        if representatives:
            return _("%(organization)s — representative: %(person)s") % {
                "organization": obj.name,
                "person": representatives[0].person,
            }
        return _("%(organization)s — no confirmed representative") % {
            "organization": obj.name
        }


class SeatRegularMembersForm(HelperMixin, forms.Form):
    """The 正会員 W.Cos without a seat on a liaison council, to seat with their
    representatives."""

    organizations = RegularWcoChoiceField(
        label=_("Regular-member W.Cos without a seat"),
        queryset=Organization.objects.none(),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = candidates


class MeetingForm(HelperMixin, forms.Form):
    """The body (for a new meeting) and ``Meeting.EDITABLE_FIELDS``; a new meeting's
    papers take the body's era setting."""

    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    title = forms.CharField(label=pgettext_lazy("meeting", "Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    starts_at = datetime_field(_("Date and time"))
    ends_at = datetime_field(_("Ends at"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Online meeting link"),
        max_length=200,
        required=False,
        assume_scheme="https",
    )
    online_method = forms.CharField(
        label=_("How remote participants attend"),
        max_length=200,
        required=False,
        initial=_("A video conference in which everyone can hear and speak at once"),
    )
    chair = forms.ModelChoiceField(
        label=_("Chair"), queryset=Person.objects.none(), required=False
    )
    submission_deadline = datetime_field(
        _("Agenda submission deadline"),
        required=False,
        help_text=_("Leave empty to take it from the body's rule."),
    )
    packet_wareki = forms.BooleanField(
        label=_("Board packet in the Japanese era"), required=False
    )
    minutes_wareki = forms.BooleanField(
        label=_("Minutes in the Japanese era"), required=False
    )
    tally_wareki = forms.BooleanField(
        label=_("Tally sheet in the Japanese era"), required=False
    )

    def __init__(self, *args, editing=False, body=None, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Body.objects.all() if bodies is None else bodies
        self.fields["body"].queryset = bodies.filter(is_active=True)
        self._offer_chairs([body] if body else self.fields["body"].queryset)
        if editing:
            del self.fields["body"]
        else:
            for name in Meeting.WAREKI_FIELDS:
                del self.fields[name]
        self.order_fields(["body", *Meeting.EDITABLE_FIELDS])

    def _offer_chairs(self, bodies):
        """The chair is one of the body's members: the members of each body,
        grouped by body where the body is still to choose (the service checks
        the pair)."""
        groups = [(body, chair_candidates(body)) for body in bodies]
        field = self.fields["chair"]
        field.queryset = Person.objects.filter(
            pk__in={person.pk for _body, people in groups for person in people}
        )
        choices = [("", field.empty_label)]
        for body, people in groups:
            options = [(person.pk, _chair_label(person)) for person in people]
            if len(groups) == 1:
                choices += options
            elif options:
                choices.append((body.name, options))
        field.choices = choices


def _chair_label(person):
    if person.full_name_kana:
        return f"{person.full_name}（{person.full_name_kana}）"
    return person.full_name


class MeetingStatusForm(HelperMixin, forms.Form):
    """Hold, cancel or postpone a meeting. The convocation has its own page (a
    preview, then the confirmation); marking the meeting held cannot be undone, so it
    is confirmed, and offered only from the meeting's day on."""

    HOLD, CANCEL, POSTPONE = "hold", "cancel", "postpone"
    action = forms.ChoiceField(label=_("Action"), choices=[])
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    starts_at = datetime_field(_("New date and time"), required=False)
    confirm = forms.BooleanField(
        label=_(
            "I understand that this cannot be undone: the date and place are then fixed."
        ),
        required=False,
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (self.HOLD, _("Mark as held")),
            (self.CANCEL, _("Cancel the meeting")),
            (self.POSTPONE, _("Postpone the meeting")),
        ]
        if meeting is not None:
            # Only what the meeting can still become (Meeting.TRANSITIONS).
            targets = {
                self.HOLD: Meeting.Status.HELD,
                self.CANCEL: Meeting.Status.CANCELLED,
                self.POSTPONE: Meeting.Status.POSTPONED,
            }
            choices = [
                (action, label)
                for action, label in choices
                if meeting.can_move_to(targets[action])
                and (action != self.HOLD or meeting_may_be_held(meeting))
            ]
        self.fields["action"].choices = choices
        # The box is shown on the confirmation of 開催済 only.
        self.helper.layout = Layout("action", "reason", "starts_at")

    def clean(self):
        data = super().clean()
        if data.get("action") == self.HOLD and not data.get("confirm"):
            self.add_error("confirm", _("Tick the box to confirm."))
        return data


def meeting_may_be_held(meeting):
    """開催済 is offered from the meeting's day on, to a convened meeting."""
    return (
        meeting.can_move_to(Meeting.Status.HELD) and meeting.day <= timezone.localdate()
    )


class AttendanceForm(HelperMixin, forms.Form):
    seat = forms.RegexField(
        regex=r"^[po]:\d{1,12}$", max_length=14, widget=forms.HiddenInput
    )
    kind = forms.ChoiceField(label=_("Attendance"), choices=Attendance.Kind.choices)
    acting_name = forms.CharField(
        label=_("Acting for the organization"), max_length=120, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class EmailNoticeConsentForm(HelperMixin, forms.Form):
    """A 社員's consent to receive the assembly's notices by email (電磁的方法)."""

    agreed = forms.BooleanField(
        label=_("Receives the general assembly's notices by email"),
        required=False,
        help_text=_(
            "Only with the member's consent (電磁的方法による通知の承諾); without it, "
            "notices go by post."
        ),
    )
    agreed_on = date_field(_("Consent given on"), required=False)


class DelegateForm(HelperMixin, forms.Form):
    """The delegate of an organization's seat: one of its people (the service checks
    that they are confirmed)."""

    person = forms.ModelChoiceField(label=_("Delegate"), queryset=Person.objects.none())

    def __init__(self, *args, seat=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        affiliations = (
            Affiliation.objects.current()
            .filter(organization_id=seat.organization_id)
            .select_related("person")
            .order_by("person__family_name_kana", "person__given_name_kana", "pk")
        )
        people, confirmed = {}, set()
        for affiliation in affiliations:
            people.setdefault(affiliation.person_id, affiliation.person)
            if affiliation.confirmed:
                confirmed.add(affiliation.person_id)
        field.queryset = Person.objects.filter(pk__in=people)
        field.choices = [("", field.empty_label)] + [
            (
                pk,
                person.full_name
                if pk in confirmed
                else _("%(name)s (not confirmed)") % {"name": person.full_name},
            )
            for pk, person in people.items()
            if pk != seat.person_id
        ]
