"""Printed lists of the registry (PDF), from the secretariat's registry pages."""

from crispy_forms.helper import FormHelper
from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wco_sse.core.pdf import pdf_response

from .. import prints
from ..filters import OrganizationFilter
from ..models import Organization

ERA_CHOICES = [
    ("western", _("Western calendar (2026年)")),
    ("wareki", _("Japanese era (令和8年)")),
]


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PrintOptionsForm(forms.Form):
    """As of which day, and in which calendar. Both optional: today, Western."""

    as_of = forms.DateField(label=_("As of"), required=False, widget=_DateInput())
    era = forms.ChoiceField(
        label=_("Dates"), choices=ERA_CHOICES, required=False, initial="western"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def options(self):
        data = self.cleaned_data
        return {
            "as_of": data.get("as_of") or timezone.localdate(),
            "wareki": data.get("era") == "wareki",
        }


class LabelForm(forms.Form):
    AUDIENCE_CHOICES = [
        (
            "organizations",
            _(
                "Member organizations (as filtered below; all regular members without a filter)"
            ),
        ),
        ("supporters", _("Individual supporting members")),
    ]
    layout = forms.TypedChoiceField(
        label=_("Label sheet"),
        coerce=int,
        choices=[(12, _("A4, 12 labels (2 × 6)")), (24, _("A4, 24 labels (3 × 8)"))],
        initial=12,
        required=False,
    )
    start = forms.IntegerField(
        label=_("Start at label"),
        min_value=1,
        max_value=24,
        required=False,
        initial=1,
        help_text=_(
            "To use a sheet already used in part: the first free label, counted across then down."
        ),
    )
    audience = forms.ChoiceField(
        label=_("Print for"),
        choices=AUDIENCE_CHOICES,
        initial="organizations",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        cleaned = super().clean()
        layout = cleaned.get("layout") or 12
        start = cleaned.get("start") or 1
        if start > layout:
            self.add_error(
                "start",
                _("A sheet of %(layout)s labels has no label %(start)s.")
                % {"layout": layout, "start": start},
            )
        return cleaned


FILTER_KEYS = (
    "q",
    "kind",
    "membership_class",
    "legal_form",
    "industry",
    "municipality",
    "status",
)


def _filterset(request):
    return OrganizationFilter(
        request.GET if any(request.GET.get(k) for k in FILTER_KEYS) else None,
        queryset=Organization.objects.all(),
    )


class PrintIndexView(PermissionRequiredMixin, TemplateView):
    permission_required = "members.print_registry"
    template_name = "members/print/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("options_form", PrintOptionsForm())
        context.setdefault("label_form", LabelForm())
        context.setdefault("filterset", _filterset(self.request))
        return context


def _invalid(request, **forms_with_errors):
    view = PrintIndexView()
    view.setup(request)
    return render(
        request,
        PrintIndexView.template_name,
        view.get_context_data(**forms_with_errors),
    )


class _OptionsPdfView(PermissionRequiredMixin, View):
    permission_required = "members.print_registry"
    printer = None
    filename = ""

    def get(self, request):
        form = PrintOptionsForm(request.GET)
        if not form.is_valid():
            return _invalid(request, options_form=form, invalid=self.filename)
        options = form.options()
        content = type(self).printer(actor=request.user, **options)
        stamp = options["as_of"].strftime("%Y%m%d")
        return pdf_response(content, f"{self.filename}_{stamp}.pdf")


class MemberRosterView(_OptionsPdfView):
    """会員名簿."""

    filename = "member_roster"

    @staticmethod
    def printer(*, actor, as_of, wareki):
        return prints.print_member_roster(actor=actor, day=as_of, wareki=wareki)


class VotingMembersView(_OptionsPdfView):
    """社員名簿."""

    filename = "voting_members"
    printer = staticmethod(prints.print_voting_members)


class OfficersView(_OptionsPdfView):
    """役員名簿."""

    filename = "officers"
    printer = staticmethod(prints.print_officers)


class LabelsView(PermissionRequiredMixin, View):
    """宛名ラベル for the member organizations of the current filter, every 正会員, or
    the individual supporting members."""

    permission_required = "members.print_registry"

    def get(self, request):
        form = LabelForm(request.GET)
        filterset = _filterset(request)
        if not form.is_valid() or (filterset.is_bound and not filterset.is_valid()):
            return _invalid(request, label_form=form, filterset=filterset)
        data = form.cleaned_data
        layout, start = data.get("layout") or 12, data.get("start") or 1
        if data.get("audience") == "supporters":
            content = prints.print_labels(
                actor=request.user,
                people=prints.roster_individual_supporters(),
                layout=layout,
                start=start,
                filters=str(_("Individual supporting members")),
            )
        else:
            organizations = prints.label_organizations(
                filterset.qs if filterset.is_bound else None
            )
            content = prints.print_labels(
                actor=request.user,
                organizations=organizations,
                layout=layout,
                start=start,
                filters=filterset.describe() if filterset.is_bound else "",
            )
        return pdf_response(content, f"labels_{timezone.localdate():%Y%m%d}.pdf")
