"""The options of the printed lists: as of which day, in which calendar, and the
label sheet."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .common import CrispyMixin, DateInput

ERA_CHOICES = [
    ("western", _("Western calendar (2026年)")),
    ("wareki", _("Japanese era (令和8年)")),
]


class _PrintForm(CrispyMixin, forms.Form):
    """Read from a GET: no CSRF token in the page's link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.disable_csrf = True


class PrintOptionsForm(_PrintForm):
    """As of which day, and in which calendar. Both optional: today, Western."""

    as_of = forms.DateField(label=_("As of"), required=False, widget=DateInput())
    era = forms.ChoiceField(
        label=_("Dates"), choices=ERA_CHOICES, required=False, initial="western"
    )

    def options(self):
        data = self.cleaned_data
        return {
            "as_of": data.get("as_of") or timezone.localdate(),
            "wareki": data.get("era") == "wareki",
        }


class LabelForm(_PrintForm):
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
