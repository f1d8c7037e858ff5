"""Forms of the projects pages: a project, a milestone, its state, an output."""

from crispy_forms.helper import FormHelper
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.pickers import PersonPickerField, PersonPickerWidget
from wco_sse.core.text import DESCRIPTION_MAX_LENGTH

from .models import Consultation, Project, SharedIssue
from .services.projects import decided_board_items

REPORT_MAX_LENGTH = 10_000
# Anyone in the registry may lead a project (as anyone may sit on a body a section
# runs): the picker searches them with the section's permission.
BODY_PEOPLE_PICK = reverse_lazy("members:person_pick", query={"scope": "body"})


class _HelperMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def _date_field(label, required=True):
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


class _IssueField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class _ItemField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class ProjectForm(_HelperMixin, forms.Form):
    title = forms.CharField(label=pgettext_lazy("project", "Title"), max_length=120)
    question = forms.CharField(
        label=_("Specialist question"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the project is to find out or solve."),
    )
    origin = forms.ChoiceField(
        label=_("Where it came from"),
        choices=Project.Origin.choices,
        initial=Project.Origin.OTHER,
    )
    origin_issue = _IssueField(
        label=_("Industry meeting's issue"),
        queryset=SharedIssue.objects.none(),
        required=False,
    )
    origin_item = _ItemField(
        label=_("Board decision"),
        queryset=decided_board_items().none(),
        required=False,
        help_text=_("An agenda item the board adopted."),
    )
    origin_topic = forms.ChoiceField(
        label=_("Consultation topic"),
        choices=[("", "—"), *Consultation.Topic.choices],
        required=False,
        help_text=_("A topic only: a consultation itself is never named."),
    )
    origin_note = forms.CharField(
        label=pgettext_lazy("project origin", "Note"), max_length=200, required=False
    )
    lead = PersonPickerField(
        label=pgettext_lazy("project", "Lead"),
        widget=PersonPickerWidget(search_url=BODY_PEOPLE_PICK),
    )
    start = _date_field(pgettext_lazy("project", "Start"), required=False)
    planned_end = _date_field(_("Planned end"), required=False)
    report = forms.CharField(
        label=pgettext_lazy("project", "Report"),
        max_length=REPORT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the project found and made (printed in its report)."),
    )

    def __init__(
        self, *args, editing=False, issue_locked=False, lead_locked=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if lead_locked:
            # The section or the secretariat names the lead; the lead keeps the rest.
            self.fields["lead"].disabled = True
            self.fields["lead"].help_text = _(
                "The support section or the secretariat names the project's lead."
            )
        self.fields["origin_issue"].queryset = SharedIssue.objects.filter(
            state__in=SharedIssue.OPEN_STATES
        ).order_by("-pk")
        self.fields["origin_item"].queryset = decided_board_items().order_by("-pk")
        if issue_locked:
            # The issue it came from names the project: it stays.
            for name in ("origin", "origin_issue"):
                del self.fields[name]
        if not editing:
            del self.fields["report"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end comes before the start."))
        return data


def project_initial(project):
    return {
        "title": project.title,
        "question": project.question,
        "origin": project.origin,
        "origin_issue": project.origin_issue_id,
        "origin_item": project.origin_item_id,
        "origin_topic": project.origin_topic,
        "origin_note": project.origin_note,
        "lead": project.lead_id,
        "start": project.start,
        "planned_end": project.planned_end,
        "report": project.report,
    }


class ProjectMoveForm(forms.Form):
    state = forms.ChoiceField(choices=Project.State.choices)


class MilestoneForm(_HelperMixin, forms.Form):
    title = forms.CharField(label=pgettext_lazy("milestone", "Title"), max_length=120)
    due = _date_field(pgettext_lazy("milestone", "Due"))
    note = forms.CharField(
        label=pgettext_lazy("milestone", "Note"), max_length=200, required=False
    )


class MilestoneMarkForm(forms.Form):
    done = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1"
    )


class ProjectItemForm(forms.Form):
    kind = forms.ChoiceField(choices=[("start", "start"), ("close", "close")])
