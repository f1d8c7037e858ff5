from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Person
from wco_sse.core.validators import validate_moment

from .models import (
    AgendaItem,
    Attendance,
    Body,
    Meeting,
    MinutesSignatory,
    Notice,
    Source,
    WrittenResponse,
)

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def datetime_field(label, required=True, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATETIME_FORMATS,
        validators=[validate_moment],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )


def date_field(label, required=True):
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


class HelperMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def people_choices():
    return Person.objects.order_by("family_name_kana", "given_name_kana", "pk")


class ConfirmForm(HelperMixin, forms.Form):
    """An action that needs only a deliberate click."""

    confirm = forms.BooleanField(
        label=_("Yes, go ahead"),
        required=True,
        error_messages={"required": _("Tick the box to confirm.")},
    )


class BodyForm(HelperMixin, forms.ModelForm):
    class Meta:
        model = Body
        fields = [
            "name",
            "description",
            "notice_days",
            "written_vote_notice_days",
            "submission_days",
            "quorum",
            "adoption",
            "special_members",
            "special_votes",
            "allows_written_resolution",
            "allows_written_votes",
            "minutes_signers",
            "report_interval",
            "documents_wareki",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class BodyMemberForm(HelperMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    start = date_field(_("From"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_choices()


class MeetingForm(HelperMixin, forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
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
            for name in ("packet_wareki", "minutes_wareki", "tally_wareki"):
                del self.fields[name]


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
                f"{m.title}（{m.starts_at:%Y-%m-%d}）"
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
                f"{m.title}（{m.starts_at:%Y-%m-%d}）"
            )


class DecisionForm(HelperMixin, forms.Form):
    result = forms.ChoiceField(label=_("What the meeting did"), choices=())
    votes_for = forms.IntegerField(label=_("For"), min_value=0, required=False)
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
        "vote": _("Put to the vote"),
        "defer": _("Carried over to a later meeting"),
        "report": _("Reported"),
        "discuss": _("Discussed"),
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


class WrittenProposeForm(HelperMixin, forms.Form):
    proposer = forms.ModelChoiceField(
        label=_("Proposing director"), queryset=Person.objects.none()
    )
    title = forms.CharField(label=_("Matter"), max_length=200)
    text = forms.CharField(
        label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, directors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if directors is None:
            del self.fields["proposer"]
        else:
            self.fields["proposer"].queryset = directors


class WrittenCirculateForm(HelperMixin, forms.Form):
    deadline = datetime_field(_("Deadline for answers"))


class WrittenAnswerForm(HelperMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (WrittenResponse.Answer.CONSENT, _("I consent to the proposal")),
            (WrittenResponse.Answer.OBJECT, _("I object to the proposal")),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, auditor=False, **kwargs):
        super().__init__(*args, **kwargs)
        if auditor:
            self.fields["answer"].choices = [
                (WrittenResponse.Answer.OBJECT, _("I object to the proposal"))
            ]


class WrittenRecordForm(HelperMixin, forms.Form):
    response = forms.ModelChoiceField(
        label=_("Person"), queryset=WrittenResponse.objects.none()
    )
    answer = forms.ChoiceField(
        label=_("Answer on paper"),
        choices=[
            (WrittenResponse.Answer.CONSENT, _("Consents")),
            (WrittenResponse.Answer.OBJECT, _("Objects")),
        ],
    )

    def __init__(self, *args, responses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if responses is not None:
            self.fields["response"].queryset = responses
            self.fields["response"].label_from_instance = lambda r: (
                f"{r.person.full_name}（{r.get_capacity_display()}）"
            )


class MinutesForm(HelperMixin, forms.Form):
    opening = forms.CharField(
        label=_("Opening and proceedings"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    auditors_statements = forms.CharField(
        label=_("Auditors' statements"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    other_matters = forms.CharField(
        label=_("Other matters"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    writer = forms.ModelChoiceField(
        label=_("Minutes written by"), queryset=Person.objects.none()
    )

    def __init__(self, *args, decisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["writer"].queryset = people_choices()
        self.decision_fields = []
        for decision in decisions:
            name = f"discussion_{decision.pk}"
            self.fields[name] = forms.CharField(
                label=_("Discussion: %(item)s") % {"item": decision.item.title},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=decision.discussion,
            )
            self.decision_fields.append((decision.pk, name))

    def discussions(self):
        return {
            pk: self.cleaned_data.get(name, "") for pk, name in self.decision_fields
        }


class MinutesFinalizeForm(ConfirmForm):
    signatories = forms.ModelMultipleChoiceField(
        label=_("Minutes signatories chosen at the meeting"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is None:
            del self.fields["signatories"]
        else:
            self.fields["signatories"].queryset = candidates


class SignForm(HelperMixin, forms.Form):
    signatory = forms.ModelChoiceField(
        label=_("Signatory"), queryset=MinutesSignatory.objects.none()
    )
    method = forms.ChoiceField(
        label=_("Signed by"),
        choices=[
            (MinutesSignatory.Method.SIGNATURE, _("Signature")),
            (MinutesSignatory.Method.SEAL, _("Name and seal")),
        ],
    )
    signed_on = date_field(_("Signed on"))

    def __init__(self, *args, signatories=None, **kwargs):
        super().__init__(*args, **kwargs)
        if signatories is not None:
            self.fields["signatory"].queryset = signatories
            self.fields["signatory"].label_from_instance = lambda s: (
                f"{s.person.full_name}（{s.capacity}）"
            )


class NoticeForm(HelperMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))
    audience = forms.ChoiceField(label=_("For"), choices=Notice.Audience.choices)
    target_body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=Body.objects.none(),
        required=False,
        help_text=_("Only for notices to the members of one body."),
    )
    send_email = forms.BooleanField(
        label=_("Also send by email"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_body"].queryset = Body.objects.filter(is_active=True)


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
