"""理事会の決議の省略: proposals, circulation, and the answers (in the portal, on paper
or from the emailed link)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, TemplateView

from members.roles import roles_of
from wco_sse.core.views import ServiceFormMixin

from .. import selectors, services
from ..forms import (
    WrittenAnswerForm,
    WrittenCirculateForm,
    WrittenProposeForm,
    WrittenRecordForm,
)
from ..models import WrittenResolution, WrittenResponse
from .base import ActionView, GovernanceMixin


class WrittenListView(GovernanceMixin, ListView):
    permission = "secretariat.view_written"
    template_name = "secretariat/written_list.html"
    context_object_name = "resolutions"
    paginate_by = 50

    def get_queryset(self):
        return selectors.written_list_for(user=self.request.user)


class WrittenDetailView(GovernanceMixin, TemplateView):
    template_name = "secretariat/written_detail.html"

    def get_object(self):
        return selectors.written_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        resolution = self.object
        responses = list(resolution.responses.select_related("person"))
        snapshot = roles_of(self.request.user)
        mine = next((r for r in responses if r.person_id == snapshot.person_id), None)
        return super().get_context_data(
            resolution=resolution,
            item=resolution.item,
            responses=responses,
            mine=mine,
            answer_form=WrittenAnswerForm(
                auditor=bool(mine and mine.capacity == WrittenResponse.Capacity.AUDITOR)
            ),
            minutes=getattr(resolution, "minutes", None),
            decision=resolution.decisions.first(),
            **kwargs,
        )


class WrittenProposeView(ActionView):
    permission = "secretariat.propose_written"
    form_class = WrittenProposeForm
    page_title = _("Propose a resolution without a meeting")
    intro = _(
        "Where the articles allow it, the board's resolution is deemed adopted when every director entitled to vote consents in writing and no auditor objects."
    )

    def get_form_kwargs(self):
        directors = (
            selectors.current_directors()
            if roles_of(self.request.user).is_secretariat
            else None
        )
        return {**super().get_form_kwargs(), "directors": directors}

    def perform(self, form):
        self.object = services.written_resolution_propose(
            actor=self.request.user,
            proposer=form.cleaned_data.get("proposer"),
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
        )
        return self.object

    def success_message(self, result):
        return _(
            "The proposal was recorded. The secretariat circulates it to the directors."
        )

    def get_success_url(self):
        if self.object:
            return reverse("secretariat:written_detail", args=[self.object.pk])
        return reverse("secretariat:written_list")


class WrittenActionView(ActionView):
    """A base for the pages acting on one resolution: ``permission`` is the reach."""

    def get_object(self):
        return selectors.written_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perms=(self.permission,)
        )

    def get_success_url(self):
        return reverse("secretariat:written_detail", args=[self.object.pk])


class WrittenCirculateView(WrittenActionView):
    permission = "secretariat.circulate_written"
    form_class = WrittenCirculateForm
    page_title = _("Circulate for consent")

    def perform(self, form):
        return services.written_resolution_circulate(
            actor=self.request.user,
            resolution=self.object,
            deadline=form.cleaned_data["deadline"],
        )

    def success_message(self, result):
        return _("Sent to every director and auditor.")


class WrittenAnswerView(WrittenActionView):
    """A signed-in director or auditor answers in the portal."""

    permission = "secretariat.answer_written"
    form_class = WrittenAnswerForm
    page_title = _("Your answer")

    def get_object(self):
        resolution, self.response = selectors.written_response_get_for(
            user=self.request.user, pk=self.kwargs["pk"]
        )
        return resolution

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "auditor": self.response.capacity == WrittenResponse.Capacity.AUDITOR,
        }

    def perform(self, form):
        return services.written_response_answer(
            actor=self.request.user,
            response=self.response,
            answer=form.cleaned_data["answer"],
            via=WrittenResponse.Via.PORTAL,
        )

    def success_message(self, result):
        return _("Your answer was recorded: %(answer)s.") % {
            "answer": result.get_answer_display()
        }


class WrittenRecordView(WrittenActionView):
    """The secretariat records an answer given on paper."""

    permission = "secretariat.circulate_written"
    form_class = WrittenRecordForm
    page_title = _("Record an answer given on paper")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "responses": self.object.responses.filter(
                answer=WrittenResponse.Answer.PENDING
            ).select_related("person"),
        }

    def perform(self, form):
        return services.written_response_answer(
            actor=self.request.user,
            response=form.cleaned_data["response"],
            answer=form.cleaned_data["answer"],
            via=WrittenResponse.Via.PAPER,
        )

    def success_message(self, result):
        return _("The answer of %(person)s was recorded.") % {"person": result.person}


class WrittenAnswerLinkView(ServiceFormMixin, FormView):
    """The personal link in the email: the token identifies the director or auditor, so
    a director without an account can consent too. Open to anyone holding the link."""

    form_class = WrittenAnswerForm
    template_name = "secretariat/written_answer_link.html"

    def dispatch(self, request, *args, **kwargs):
        self.response = services.response_for_token(kwargs["token"])
        if self.response is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "auditor": self.response.capacity == WrittenResponse.Capacity.AUDITOR,
        }

    def get_context_data(self, **kwargs):
        resolution = self.response.resolution
        return super().get_context_data(
            response=self.response,
            resolution=resolution,
            item=resolution.item,
            is_open=resolution.status == WrittenResolution.Status.CIRCULATING
            and self.response.answer == WrittenResponse.Answer.PENDING,
            **kwargs,
        )

    def form_valid(self, form):
        self.run_service(
            form,
            lambda: services.written_response_answer(
                response=self.response,
                answer=form.cleaned_data["answer"],
                via=WrittenResponse.Via.LINK,
            ),
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you. Your answer was recorded."))
        return redirect(self.request.path)
