"""Forms of the fund's programmes, rounds and applications. Amounts are typed as text
(``1,000``, full-width digits, ``￥``) and read by ``ledger.check_amount``."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.forms.common import CrispyMixin, DateInput
from members.models import Organization, Section
from secretariat.models import Body
from wco_sse.core.forms import FileUploadForm
from wco_sse.core.text import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH

from . import ledger
from .fields import YenField
from .models import (
    CostCategory,
    FundApplication,
    FundProgramme,
    FundRound,
    FundSource,
    Rubric,
)


def yen_text(value):
    return "" if value is None else f"{value:,}"


# --- Programmes -------------------------------------------------------------------------


class ProgrammeForm(CrispyMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("programme", "Name"), max_length=200)
    kind = forms.ChoiceField(
        label=pgettext_lazy("programme", "Kind"),
        choices=FundProgramme.Kind.choices,
        initial=FundProgramme.Kind.GRANT,
        help_text=_("Only grants are offered for now."),
    )
    purpose = forms.CharField(
        label=pgettext_lazy("programme", "Purpose"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    active = forms.BooleanField(
        label=pgettext_lazy("programme", "Active"), required=False, initial=True
    )

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        if kind != FundProgramme.Kind.GRANT:
            raise ValidationError(_("Only grants are offered for now; loans are not."))
        return kind


def programme_initial(programme):
    return {
        "name": programme.name,
        "kind": programme.kind,
        "purpose": programme.purpose,
        "active": programme.active,
    }


# --- Rounds -----------------------------------------------------------------------------


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class RoundForm(CrispyMixin, forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=FundProgramme.objects.filter(
            active=True, kind=FundProgramme.Kind.GRANT
        ).order_by("name", "pk"),
    )
    title = forms.CharField(label=pgettext_lazy("fund round", "Title"), max_length=200)
    description = forms.CharField(
        label=_("Call text"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    project_start = forms.DateField(label=_("Projects from"), widget=DateInput())
    project_end = forms.DateField(label=_("Projects until"), widget=DateInput())
    opens_on = forms.DateField(label=_("Applications open on"), widget=DateInput())
    opens_time = forms.TimeField(
        label=_("Opening time"),
        required=False,
        widget=TimeInput(),
        help_text=_("Midnight when left empty."),
    )
    closes_on = forms.DateField(label=_("Applications close on"), widget=DateInput())
    closes_time = forms.TimeField(
        label=_("Closing time"),
        required=False,
        widget=TimeInput(),
        initial=datetime.time(17, 0),
        help_text=_("17:00 (必着) when left empty."),
    )
    cap_per_grant = YenField(label=_("Cap per grant (yen)"))
    eligible_costs = forms.MultipleChoiceField(
        label=_("Eligible cost lines"),
        choices=CostCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    requires_prior_consultation = forms.BooleanField(
        label=_("A prior consultation (事前相談) is required"), required=False
    )
    allow_concurrent = forms.BooleanField(
        label=_("A group may hold two live applications"), required=False
    )
    renewable = forms.BooleanField(label=_("Renewable"), required=False)
    rubric = forms.ModelChoiceField(
        label=_("Rubric"), queryset=Rubric.objects.order_by("name", "-version")
    )
    committee = forms.ModelChoiceField(
        label=_("Committee (a body of the network section)"),
        queryset=Body.objects.filter(section=Section.NETWORK, is_active=True).order_by(
            "name", "pk"
        ),
        required=False,
    )
    change_committee_share = forms.IntegerField(
        label=_("Changes above this share go to the committee (%)"),
        min_value=0,
        max_value=100,
        initial=20,
    )

    def __init__(self, *args, with_programme=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_programme:
            del self.fields["programme"]

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on:
            data["opens_at"] = _aware(opens_on, data.get("opens_time"))
            if data["opens_at"] is None:
                self.add_error("opens_on", _("Enter a real date."))
        if closes_on:
            data["closes_at"] = _aware(
                closes_on, data.get("closes_time") or datetime.time(17, 0)
            )
            if data["closes_at"] is None:
                self.add_error("closes_on", _("Enter a real date."))
        return data


def _aware(day, at):
    """The moment in the portal's time zone, or None for a day at the calendar's
    edge (year 1 or 9999) that no time zone can hold."""
    from django.utils import timezone

    try:
        moment = timezone.make_aware(
            datetime.datetime.combine(day, at or datetime.time())
        )
        moment.astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        return None
    return moment


def round_initial(fund_round):
    from django.utils import timezone

    opens = timezone.localtime(fund_round.opens_at)
    closes = timezone.localtime(fund_round.closes_at)
    return {
        "title": fund_round.title,
        "description": fund_round.description,
        "project_start": fund_round.project_start,
        "project_end": fund_round.project_end,
        "opens_on": opens.date(),
        "opens_time": opens.time(),
        "closes_on": closes.date(),
        "closes_time": closes.time(),
        "cap_per_grant": yen_text(fund_round.cap_per_grant),
        "eligible_costs": fund_round.eligible_costs,
        "requires_prior_consultation": fund_round.requires_prior_consultation,
        "allow_concurrent": fund_round.allow_concurrent,
        "renewable": fund_round.renewable,
        "rubric": fund_round.rubric_id,
        "committee": fund_round.committee_id,
        "change_committee_share": fund_round.change_committee_share,
    }


class AllocateForm(CrispyMixin, forms.Form):
    source = forms.ModelChoiceField(
        label=_("Source"),
        queryset=FundSource.objects.filter(active=True).select_related("programme"),
    )
    amount = YenField(label=_("Amount (yen)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import LedgerAccount

        sources = list(self.fields["source"].queryset)
        accounts = list(LedgerAccount.objects.filter(source__in=sources))
        held = ledger.balances(accounts)
        by_source = {a.source_id: -held[a.pk] for a in accounts}
        labels = {
            s.pk: _("%(name)s (holds %(held)s yen)")
            % {"name": s.name, "held": f"{by_source.get(s.pk, 0):,}"}
            for s in sources
        }
        self.fields["source"].label_from_instance = lambda s: labels.get(s.pk, s.name)


class RoundStatusForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("publish", "publish"), ("review", "review"), ("close", "close")]
    )


# --- Applications -----------------------------------------------------------------------


class ApplyForm(CrispyMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Applying organization"), queryset=Organization.objects.none()
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


PUBLISH_CHOICES = ((True, _("Public")), (False, _("Not public")))
PUBLISH_LABELS = {
    "organization": pgettext_lazy("fund application", "Organization"),
    "project_title": _("Project title"),
    "purpose": pgettext_lazy("project", "Purpose"),
    "content": pgettext_lazy("project", "Content"),
    "amount": pgettext_lazy("fund application", "Amount"),
}


def _publish_field(key):
    return forms.TypedChoiceField(
        label=format_lazy("{}: {}", PUBLISH_LABELS[key], _("public or not")),
        choices=PUBLISH_CHOICES,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        initial=False,
        required=False,
    )


class ApplicationForm(CrispyMixin, forms.Form):
    org_name = forms.CharField(label=_("Organization name"), max_length=200)
    org_name_kana = forms.CharField(
        label=_("Organization name (kana)"), max_length=200, required=False
    )
    org_representative = forms.CharField(
        label=_("Representative"), max_length=100, required=False
    )
    org_address = forms.CharField(
        label=pgettext_lazy("fund application", "Address"),
        max_length=300,
        required=False,
    )
    org_phone = forms.CharField(
        label=pgettext_lazy("fund application", "Phone"), max_length=30, required=False
    )
    org_email = forms.EmailField(
        label=pgettext_lazy("fund application", "Email address"),
        max_length=254,
        required=False,
    )
    org_founded_on = forms.DateField(
        label=_("Founded on"), required=False, widget=DateInput()
    )
    org_member_count = forms.IntegerField(
        label=_("Number of members"), required=False, min_value=0, max_value=1_000_000
    )
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=100, required=False
    )
    contact_phone = forms.CharField(
        label=_("Contact phone"), max_length=30, required=False
    )
    contact_email = forms.EmailField(
        label=_("Contact email"), max_length=254, required=False
    )
    accounting_name = forms.CharField(
        label=_("Accounting contact"), max_length=100, required=False
    )
    accounting_phone = forms.CharField(
        label=_("Accounting contact phone"), max_length=30, required=False
    )
    accounting_email = forms.EmailField(
        label=_("Accounting contact email"), max_length=254, required=False
    )
    project_title = forms.CharField(
        label=_("Project title"), max_length=200, required=False
    )
    is_continuing = forms.TypedChoiceField(
        label=_("New or continuing"),
        choices=((False, _("New project")), (True, _("Continuing project"))),
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        initial=False,
        required=False,
    )
    continuing_year = forms.IntegerField(
        label=_("Year of the project (for a continuing one)"),
        required=False,
        min_value=1,
        max_value=50,
    )
    purpose = forms.CharField(
        label=pgettext_lazy("project", "Purpose"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    content = forms.CharField(
        label=pgettext_lazy("project", "Content"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    project_start = forms.DateField(
        label=_("Project starts"), required=False, widget=DateInput()
    )
    project_end = forms.DateField(
        label=_("Project ends"), required=False, widget=DateInput()
    )
    expected_participants = forms.IntegerField(
        label=_("Expected participants"),
        required=False,
        min_value=0,
        max_value=10_000_000,
    )
    amount_requested = YenField(label=_("Amount requested (yen)"), required=False)
    total_cost = YenField(label=_("Total cost (yen)"), required=False)
    other_grants = forms.CharField(
        label=_("Other grants applied for or received"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    declares_no_antisocial_forces = forms.BooleanField(
        label=_(
            "We declare that the group is not, and has no ties with, an antisocial "
            "force (反社会的勢力)."
        ),
        required=False,
    )
    declares_no_political_religious_aims = forms.BooleanField(
        label=_("We declare that the project has no political or religious aims."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in FundApplication.PUBLISHABLE:
            self.fields[f"publish_{key}"] = _publish_field(key)

    def clean(self):
        data = super().clean()
        data["publish"] = {
            key: bool(data.get(f"publish_{key}")) for key in FundApplication.PUBLISHABLE
        }
        return data


def application_initial(application):
    initial = {
        name: getattr(application, name)
        for name in ApplicationForm.base_fields
        if hasattr(application, name)
    }
    initial["amount_requested"] = yen_text(application.amount_requested)
    initial["total_cost"] = yen_text(application.total_cost)
    for key in FundApplication.PUBLISHABLE:
        initial[f"publish_{key}"] = bool((application.publish or {}).get(key))
    return initial


class BudgetLineForm(forms.Form):
    category = forms.ChoiceField(label=_("Cost line"), choices=(), required=False)
    description = forms.CharField(
        label=pgettext_lazy("budget line", "Description"),
        max_length=200,
        required=False,
    )
    amount = YenField(label=_("Amount (yen)"), required=False)
    from_fund = YenField(
        label=_("Of which from the fund (yen)"), required=False, allow_zero=True
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "---------"), *categories]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        filled = data.get("amount") is not None or data.get("description")
        if filled or data.get("from_fund"):
            if not data.get("category"):
                self.add_error("category", _("Choose the cost line."))
            if data.get("amount") is None:
                self.add_error("amount", _("Give the line's amount."))
            elif (data.get("from_fund") or 0) > data["amount"]:
                self.add_error(
                    "from_fund",
                    _("The part from the fund can't be more than the line."),
                )
        return data

    @property
    def is_blank(self):
        data = getattr(self, "cleaned_data", {})
        return not (
            data.get("category")
            or data.get("amount") is not None
            or data.get("description")
            or data.get("from_fund")
        )


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm, extra=3, max_num=30, validate_max=True, absolute_max=30
)


def budget_formset(fund_round, *, data=None, lines=()):
    categories = [
        (value, label)
        for value, label in CostCategory.choices
        if value in fund_round.eligible_costs
    ]
    initial = [
        {
            "category": line.category,
            "description": line.description,
            "amount": yen_text(line.amount),
            "from_fund": yen_text(line.from_fund),
        }
        for line in lines
    ]
    return BudgetLineFormSet(
        data=data,
        initial=initial,
        prefix="lines",
        form_kwargs={"categories": categories},
    )


def formset_lines(formset):
    return [
        {
            "category": form.cleaned_data["category"],
            "description": form.cleaned_data.get("description") or "",
            "amount": form.cleaned_data["amount"],
            "from_fund": form.cleaned_data.get("from_fund") or 0,
        }
        for form in formset.forms
        if not form.is_blank
    ]


class ApplicationFileForm(FileUploadForm):
    public = forms.TypedChoiceField(
        label=_("Public or not"),
        choices=PUBLISH_CHOICES,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        initial=False,
    )


class RoundStatusChoices:
    """The buttons a round's page offers, by its status."""

    NEXT = {
        FundRound.Status.DRAFT: ("publish", _("Publish the call")),
        FundRound.Status.PUBLISHED: ("review", _("Start the review")),
        FundRound.Status.REVIEW: ("close", _("Close the round")),
    }
