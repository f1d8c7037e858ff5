"""Bodies, meetings, attendance and a 社員's consent to notices by email."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Person

from ..models import Attendance, Body, Meeting
from .common import HelperMixin, date_field, datetime_field, people_choices


class BodyForm(HelperMixin, forms.ModelForm):
    class Meta:
        model = Body
        fields = Body.RULE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class BodyMemberForm(HelperMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    start = date_field(_("From"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_choices()


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
        label=_("Online meeting link"), required=False, assume_scheme="https"
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

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(is_active=True)
        self.fields["chair"].queryset = people_choices()
        if editing:
            del self.fields["body"]
        else:
            for name in Meeting.WAREKI_FIELDS:
                del self.fields[name]
        self.order_fields(["body", *Meeting.EDITABLE_FIELDS])


class MeetingStatusForm(HelperMixin, forms.Form):
    CONVENE, HOLD, CANCEL, POSTPONE = "convene", "hold", "cancel", "postpone"
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (CONVENE, _("Send the convocation")),
            (HOLD, _("Mark as held")),
            (CANCEL, _("Cancel the meeting")),
            (POSTPONE, _("Postpone the meeting")),
        ],
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    starts_at = datetime_field(_("New date and time"), required=False)


class AttendanceForm(HelperMixin, forms.Form):
    seat = forms.RegexField(regex=r"^[po]:\d{1,12}$", widget=forms.HiddenInput)
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
