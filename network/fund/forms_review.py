"""Forms of the fund's review. Limits and the rules between fields are the services'
(``services_review``); a form only reads what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.forms import CrispyMixin, DateInput
from wco_sse.core.text import NOTE_MAX_LENGTH

ELIGIBLE, INELIGIBLE = "eligible", "ineligible"
YES, NO = "yes", "no"


class ScreenForm(CrispyMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Screening result"),
        choices=[
            (ELIGIBLE, _("Eligible: send it to the committee")),
            (INELIGIBLE, _("Ineligible")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason it is ineligible"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant reads this reason."),
    )
    prior_consultation_on = forms.DateField(
        label=_("Prior consultation on"), required=False, widget=DateInput()
    )
    prior_consultation_case = forms.CharField(
        label=_("Consultation case number"),
        max_length=30,
        required=False,
        help_text=_("The number the consultation desk gave the case."),
    )

    def __init__(self, *args, fund_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fund_round is not None and fund_round.requires_prior_consultation:
            for name in ("prior_consultation_on", "prior_consultation_case"):
                self.fields[name].help_text = _(
                    "This round requires a prior consultation: needed to pass."
                )


class ConflictForm(CrispyMixin, forms.Form):
    conflicted = forms.ChoiceField(
        label=_("Conflict of interest"),
        choices=[
            (NO, _("I have no conflict of interest with this applicant")),
            (YES, _("I have a conflict of interest")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=pgettext_lazy("conflict", "Reason"),
        max_length=300,
        required=False,
        help_text=_(
            "For a conflict: your tie with the applicant (a member, an officer, a "
            "relative…)."
        ),
    )


class ReviewForm(CrispyMixin, forms.Form):
    """One field per criterion of the round's rubric (``score_<pk>``), and a comment."""

    comment = forms.CharField(
        label=pgettext_lazy("review", "Comment"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        scores = {}
        for criterion in criteria:
            scores[f"score_{criterion.pk}"] = forms.IntegerField(
                label=criterion.name,
                min_value=0,
                max_value=criterion.max_score,
                help_text=_("0 to %(max)s. %(description)s")
                % {"max": criterion.max_score, "description": criterion.description},
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        self.fields = {**scores, "comment": self.fields["comment"]}
        self.criteria = list(criteria)

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}


class RecommendForm(CrispyMixin, forms.Form):
    recommend = forms.ChoiceField(
        label=_("Recommendation"),
        choices=[(YES, _("Recommend a grant")), (NO, _("Do not recommend"))],
        widget=forms.RadioSelect,
    )
    amount = forms.CharField(
        label=_("Recommended amount (yen)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    reasons = forms.CharField(
        label=_("The committee's reasons"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SendForm(CrispyMixin, forms.Form):
    minutes_reference = forms.CharField(
        label=_("まちづくり会議 minutes"),
        max_length=200,
        help_text=_(
            "The minutes that record the recommendation, e.g. 第3回まちづくり会議 議事録."
        ),
    )
