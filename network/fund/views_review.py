"""Pages of the fund's review: screening, conflict declarations, scores, the round's
review list, the recommendation, sending to the board and the board's paper.

Every page about an application finds it through the viewer's reach for that page
(``selectors_review.application_get_for``): a conflicted reviewer, or anyone the
page is not for, gets 404.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from members.roles import roles_of
from wco_sse.core.pdf import pdf_response
from wco_sse.core.views import CachedPageMixin, InReachMixin, ServiceFormMixin

from . import ledger
from . import selectors_review as selectors
from . import services_review as services
from .forms_review import (
    ELIGIBLE,
    YES,
    ConflictForm,
    RecommendForm,
    ReviewForm,
    ScreenForm,
    SendForm,
)
from .models import Review


class ApplicationMixin(LoginRequiredMixin, InReachMixin):
    permission = "network.view_fund_application"
    template_name = "network/fund/review/form.html"
    title = ""
    intro = ""

    def get_object(self):
        return selectors.application_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perm=self.permission
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            application=self.object,
            fund_round=self.object.round,
            title=self.title,
            intro=self.intro,
            **kwargs,
        )

    def done(self, message):
        messages.success(self.request, message)
        return redirect(
            reverse("network:fund_round_reviews", args=[self.object.round_id])
        )


class ApplicationScreenView(ApplicationMixin, ServiceFormMixin, FormView):
    permission = "network.screen_fund_application"
    form_class = ScreenForm
    title = gettext_lazy("Screen the application")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "fund_round": self.object.round}

    def get_initial(self):
        return {
            "prior_consultation_on": self.object.prior_consultation_on,
            "prior_consultation_case": self.object.prior_consultation_case,
        }

    def form_valid(self, form):
        data = form.cleaned_data
        done = self.run_service(
            form,
            lambda: services.application_screen(
                actor=self.request.user,
                application=self.object,
                eligible=data["decision"] == ELIGIBLE,
                reason=data["reason"],
                prior_consultation_on=data["prior_consultation_on"],
                prior_consultation_case=data["prior_consultation_case"],
            ),
        )
        if done is None:
            return self.form_invalid(form)
        return self.done(_("The screening result was recorded."))


class ConflictView(ApplicationMixin, ServiceFormMixin, FormView):
    """The declaration a committee member makes before opening an application: the
    page shows the applicant's name and the project's title, nothing more."""

    permission = "network.declare_fund_conflict"
    form_class = ConflictForm
    title = gettext_lazy("Declare a conflict of interest")
    intro = gettext_lazy(
        "Before opening an application, declare whether you have a conflict of "
        "interest with the applicant. With a conflict, the application, its files and "
        "its scores are closed to you."
    )

    def get_context_data(self, **kwargs):
        mine = selectors.my_state(self.object, roles_of(self.request.user).person_id)
        return super().get_context_data(
            declaration=mine.declaration, summary_only=True, **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        conflicted = data["conflicted"] == YES
        done = self.run_service(
            form,
            lambda: services.conflict_declare(
                actor=self.request.user,
                application=self.object,
                conflicted=conflicted,
                reason=data["reason"],
            ),
        )
        if done is None:
            return self.form_invalid(form)
        if conflicted:
            return self.done(_("Your conflict of interest was recorded."))
        messages.success(self.request, _("Thank you: you may now review it."))
        return redirect(
            reverse("network:fund_application_review", args=[self.object.pk])
        )


class ReviewView(ApplicationMixin, ServiceFormMixin, FormView):
    permission = "network.review_fund_application"
    form_class = ReviewForm
    template_name = "network/fund/review/review.html"

    @property
    def stage(self):
        asked = self.request.GET.get("stage") or self.request.POST.get("stage")
        return asked if asked in Review.Stage.values else Review.Stage.DOCUMENTS

    def criteria(self):
        if not hasattr(self, "_criteria"):
            self._criteria = list(self.object.round.rubric.criteria.all())
        return self._criteria

    def mine(self):
        if not hasattr(self, "_mine"):
            self._mine = selectors.my_state(
                self.object, roles_of(self.request.user).person_id
            )
        return self._mine

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "criteria": self.criteria()}

    def get_initial(self):
        mine = self.mine()
        review = getattr(mine, self.stage) or mine.documents
        if review is None:
            return {}
        initial = {f"score_{s.criterion_id}": s.value for s in review.scores.all()}
        if getattr(mine, self.stage) is not None:
            initial["comment"] = review.comment
        return initial

    def get_context_data(self, **kwargs):
        mine = self.mine()
        shown = selectors.may_see_scores(self.request.user, mine)
        return super().get_context_data(
            stage=self.stage,
            stages=Review.Stage,
            mine=mine,
            editable=self.object.status == self.object.Status.IN_REVIEW,
            aggregate=selectors.application_aggregate(self.object) if shown else None,
            reviews=selectors.application_reviews(self.object) if shown else None,
            conflicted=selectors.conflicted_ids(self.object) if shown else set(),
            **kwargs,
        )

    def form_valid(self, form):
        done = self.run_service(
            form,
            lambda: services.review_submit(
                actor=self.request.user,
                application=self.object,
                stage=self.stage,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            ),
        )
        if done is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Your scores were saved."))
        return redirect(
            reverse("network:fund_application_review", args=[self.object.pk])
            + f"?stage={self.stage}"
        )


class RecommendView(ApplicationMixin, ServiceFormMixin, FormView):
    permission = "network.recommend_fund_application"
    form_class = RecommendForm
    template_name = "network/fund/review/recommend.html"
    title = gettext_lazy("The committee's recommendation")

    def get_initial(self):
        app = self.object
        if app.recommended_at is None:
            return {"amount": app.amount_requested}
        return {
            "recommend": YES if app.recommended_amount else "no",
            "amount": app.recommended_amount,
            "reasons": app.recommendation_reasons,
        }

    def get_context_data(self, **kwargs):
        app = self.object
        own = app.earmarked if app.status in ledger.EARMARKING else 0
        return super().get_context_data(
            aggregate=selectors.application_aggregate(app),
            remaining=ledger.round_remaining(app.round) + own,
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        done = self.run_service(
            form,
            lambda: services.application_recommend(
                actor=self.request.user,
                application=self.object,
                recommend=data["recommend"] == YES,
                amount=data["amount"],
                reasons=data["reasons"],
            ),
        )
        if done is None:
            return self.form_invalid(form)
        return self.done(_("The recommendation was recorded."))


class SendView(ApplicationMixin, ServiceFormMixin, FormView):
    permission = "network.send_fund_to_board"
    form_class = SendForm
    title = gettext_lazy("Send to the board")
    intro = gettext_lazy(
        "The application becomes one item for decision (審議事項) of the network "
        "section, with the paper for the board attached; submit the item to the "
        "secretariat from its page."
    )

    def form_valid(self, form):
        item = self.run_service(
            form,
            lambda: services.application_send_to_board(
                actor=self.request.user,
                application=self.object,
                minutes_reference=form.cleaned_data["minutes_reference"],
            ),
        )
        if item is None:
            return self.form_invalid(form)
        messages.success(
            self.request, _("The item for the board was drafted with its paper.")
        )
        return redirect(reverse("secretariat:item_detail", args=[item.pk]))


class PaperView(ApplicationMixin, View):
    """The paper for the board, as it would be printed now."""

    permission = "network.view_fund_paper"

    def get(self, request, pk):
        content = services.paper_pdf(self.object)
        return pdf_response(content, f"fund-application-{self.object.pk}.pdf")


class RoundReviewsView(LoginRequiredMixin, InReachMixin, CachedPageMixin, TemplateView):
    template_name = "network/fund/review/round_reviews.html"
    page_depends_on = ("network", "members")

    def get_object(self):
        return selectors.round_get_for_reviews(
            user=self.request.user, pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            fund_round=self.object,
            is_reviewer=selectors.is_reviewer(user),
            sees_all=selectors.sees_all_scores(user),
            can_send=user.has_perm("network.send_fund_to_board"),
            **selectors.review_rows(user=user, fund_round=self.object),
            **kwargs,
        )
