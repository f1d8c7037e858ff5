"""Forms of the programmes pages: a kind, a programme, its state, a partner."""

from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Person
from members.pickers import (
    OrganizationPickerField,
    PersonPickerField,
    PersonPickerWidget,
)
from wco_sse.core.text import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH

from .models import Partner, Programme, ProgrammeKind
from .selectors.programmes import business_members

# The registry's people, searched with the sections' permission; the field accepts a
# member of the business section only.
BODY_PEOPLE_PICK = reverse_lazy("members:person_pick", query={"scope": "body"})


class _HelperMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


def _date_field(label, required=False):
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


class KindForm(_HelperMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("programme kind", "Name"), max_length=80)
    group = forms.CharField(
        label=pgettext_lazy("programme kind", "Group"),
        max_length=80,
        required=False,
        help_text=_(
            "The heading it is listed under (自治体委託事業 for the contracted ones); blank for none."
        ),
    )
    description = forms.CharField(
        label=pgettext_lazy("programme kind", "Description"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contracted = forms.BooleanField(
        label=_("Contracted by a client"),
        required=False,
        help_text=_("Programmes of this kind have a client, contracts and reports."),
    )
    position = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=32767, initial=100
    )
    active = forms.BooleanField(
        label=_("In use"),
        required=False,
        initial=True,
        help_text=_("A kind no longer in use is not offered for new programmes."),
    )


def kind_initial(kind):
    return {
        "name": kind.name,
        "group": kind.group,
        "description": kind.description,
        "contracted": kind.contracted,
        "position": kind.position,
        "active": kind.active,
    }


class _KindField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class ProgrammeForm(_HelperMixin, forms.Form):
    kind = _KindField(
        label=pgettext_lazy("programme", "Kind"), queryset=ProgrammeKind.objects.none()
    )
    title = forms.CharField(label=pgettext_lazy("programme", "Title"), max_length=120)
    purpose = forms.CharField(
        label=pgettext_lazy("programme", "Purpose"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    start = _date_field(pgettext_lazy("programme", "Start"))
    end = _date_field(pgettext_lazy("programme", "End"))
    lead = PersonPickerField(
        label=pgettext_lazy("programme", "Lead"),
        queryset=Person.objects.none(),
        widget=PersonPickerWidget(search_url=BODY_PEOPLE_PICK),
        help_text=_("A member of the business section: type a name or its kana."),
        error_messages={
            "invalid_choice": _("The lead is a member of the business section.")
        },
    )

    def __init__(self, *args, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = Q(active=True)
        leads = Q(pk__in=business_members().values("pk"))
        if programme is not None:
            kinds |= Q(pk=programme.kind_id)
            leads |= Q(pk=programme.lead_id)
        self.fields["kind"].queryset = ProgrammeKind.objects.filter(kinds).order_by(
            "position", "pk"
        )
        self.fields["lead"].queryset = Person.objects.filter(leads)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end comes before the start."))
        return data


def programme_initial(programme):
    return {
        "kind": programme.kind_id,
        "title": programme.title,
        "purpose": programme.purpose,
        "start": programme.start,
        "end": programme.end,
        "lead": programme.lead_id,
    }


class ProgrammeMoveForm(forms.Form):
    state = forms.ChoiceField(choices=Programme.State.choices)


class PartnerForm(_HelperMixin, forms.Form):
    organization = OrganizationPickerField(
        label=pgettext_lazy("programme partner", "Organization")
    )
    part = forms.ChoiceField(
        label=pgettext_lazy("programme partner", "Part"),
        choices=[("", "—"), *Partner.Part.choices],
    )
    share = forms.DecimalField(
        label=_("Share (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        help_text=_(
            "A joint venture member's share; the members' shares add up to 100% at most."
        ),
    )
    client_approved_on = _date_field(
        _("Client's approval date"),
    )
    note = forms.CharField(
        label=pgettext_lazy("programme partner", "Note"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_approved_on"].help_text = _(
            "A subcontractor (再委託先) needs the client's approval: the date it was given."
        )
