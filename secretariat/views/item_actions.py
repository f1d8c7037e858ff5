"""The actions on one agenda item: moving it on, placing it, recording its outcome,
comments, papers, special interests and the referral to the general assembly. Each
page's object is the item within the viewer's reach for that action."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Person
from members.roles import roles_of

from .. import selectors, services
from ..forms import (
    CommentForm,
    ConfirmForm,
    DecisionForm,
    InterestForm,
    PaperAttachForm,
    PaperChangeForm,
    PlaceForm,
    ReferForm,
    ReorderForm,
    TransitionForm,
)
from ..models import AgendaItem, Decision
from ..tally import item_tally
from .base import ActionView
from .items import item_context, simple_actions


class ItemActionView(ActionView):
    """A base for the actions on one item: ``permission`` is the reach it needs."""

    def get_object(self):
        return selectors.item_get_for(
            user=self.request.user, pk=self.kwargs["pk"], perms=(self.permission,)
        )

    def get_success_url(self):
        return reverse("secretariat:item_detail", args=[self.object.pk])


class ItemTransitionView(ItemActionView):
    """Submit, withdraw, accept, return or take off the agenda, from the item page's
    buttons (htmx) or this page. A move the item has gone past (a page loaded a
    moment before) is refused by the service with its reason."""

    permission = "secretariat.move_item"
    form_class = TransitionForm
    page_title = _("Move the item on")
    htmx_template = "secretariat/item_detail.html#item_state"

    def get_form_kwargs(self):
        user, item = self.request.user, self.object
        if self.request.method == "POST":
            # Every move of the user's role: the service says why one no longer fits.
            actions = [
                AgendaItem.ACTIONS[name]
                for name in AgendaItem.SIMPLE_ACTIONS
                if user.has_perm(AgendaItem.ACTIONS[name].perm, item)
            ]
        else:
            actions = simple_actions(services.available_actions(user, item))
        return {**super().get_form_kwargs(), "actions": actions}

    def get_initial(self):
        action = self.request.GET.get("action", "")
        return {"action": action} if action in AgendaItem.SIMPLE_ACTIONS else {}

    def perform(self, form):
        self.object = services.agenda_item_transition(
            actor=self.request.user,
            item=self.object,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
        )
        return self.object

    def success_message(self, result):
        return _("The item is now %(status)s.") % {
            "status": result.get_status_display()
        }

    def htmx_context(self):
        item = selectors.item_get_for(user=self.request.user, pk=self.object.pk)
        return item_context(self.request, item)


class ItemPlaceView(ItemActionView):
    permission = "secretariat.place_item"
    form_class = PlaceForm
    page_title = _("Place on a meeting")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "meetings": selectors.placeable_meetings(self.object),
        }

    def get_initial(self):
        return {"meeting": self.object.target_meeting_id}

    def perform(self, form):
        return services.agenda_item_place(
            actor=self.request.user,
            item=self.object,
            meeting=form.cleaned_data["meeting"],
            order=form.cleaned_data["order"],
        )

    def success_message(self, result):
        return _("The item is on the agenda of %(meeting)s.") % {
            "meeting": result.meeting
        }


class ItemReorderView(ItemActionView):
    """Move a placed item up or down its meeting's agenda: the meeting page's buttons
    post here (no script needed) and come back to the item's row."""

    permission = "secretariat.place_item"
    form_class = ReorderForm
    page_title = _("Agenda order")

    def perform(self, form):
        return services.agenda_item_reorder(
            actor=self.request.user,
            item=self.object,
            direction=form.cleaned_data["direction"],
        )

    def success_message(self, result):
        return _("%(title)s is now item %(order)s.") % {
            "title": result.title,
            "order": result.order,
        }

    def get_success_url(self):
        if self.object.meeting_id is None:
            return super().get_success_url()
        # Back to the item's row with the button just pressed in focus, so a keyboard
        # user presses Enter again to move it further.
        url = reverse("secretariat:meeting_detail", args=[self.object.meeting_id])
        direction = self.request.POST.get("direction", "")
        return f"{url}?moved={self.object.pk}&direction={direction}#agenda-{self.object.pk}"


class ItemDecideView(ItemActionView):
    permission = "secretariat.decide_item"
    form_class = DecisionForm
    template_name = "secretariat/item_decide.html"
    page_title = _("Record the outcome")

    def get_tally(self):
        if not hasattr(self, "_tally"):
            if self.object.meeting_id is None:
                self._tally = None
            else:
                self._tally = item_tally(self.object, self.object.meeting)
        return self._tally

    def get_form_kwargs(self):
        tally = self.get_tally()
        present = None
        if tally and not tally.is_assembly:
            present = Person.objects.filter(
                pk__in=[s.person.pk for s in tally.present]
            ).order_by("family_name_kana", "pk")
        return {
            **super().get_form_kwargs(),
            "results": Decision.RESULTS_BY_KIND[self.object.kind],
            "present_people": present,
            "assembly": bool(tally and tally.is_assembly),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            item=self.object, tally=self.get_tally(), **kwargs
        )

    def perform(self, form):
        data = form.cleaned_data
        return services.decision_record(
            actor=self.request.user,
            item=self.object,
            result=data["result"],
            votes_for=data["votes_for"],
            votes_against=data["votes_against"],
            abstentions=data["abstentions"] if data["abstentions"] is not None else 0,
            dissenters=list(data.get("dissenters") or []),
            amendment=data["amendment"],
            discussion=data["discussion"],
        )

    def success_message(self, result):
        return _("Recorded: %(outcome)s.") % {"outcome": result.get_outcome_display()}


class ItemCommentView(ItemActionView):
    permission = "secretariat.comment_item"
    form_class = CommentForm
    page_title = _("Comment")

    def perform(self, form):
        return services.agenda_comment_add(
            actor=self.request.user, item=self.object, text=form.cleaned_data["text"]
        )

    def success_message(self, result):
        return _("Your comment was added.")


class PapersView(ItemActionView):
    """A base for the pages that change an item's papers: while the author may edit
    the item, without a note; afterwards (the secretariat) with one."""

    permission = "secretariat.change_item_papers"

    def amending(self):
        return not self.request.user.has_perm(
            "secretariat.edit_item_files", self.object
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "amending": self.amending()}

    def get_success_url(self):
        url = reverse("secretariat:item_detail", args=[self.object.pk])
        return f"{url}#item-papers"


class ItemAttachView(PapersView):
    form_class = PaperAttachForm
    page_title = _("Attach a paper")
    submit_label = _("Attach")

    def perform(self, form):
        data = form.cleaned_data
        return services.agenda_item_attach(
            actor=self.request.user,
            item=self.object,
            uploaded=data["file"],
            description=data["description"],
            note=data.get("note", ""),
        )

    def success_message(self, result):
        return _("%(name)s was attached as paper %(n)s.") % {
            "name": result.file.original_name,
            "n": result.position,
        }


class ItemPaperView(PapersView):
    """One paper of the item, after it: replace, remove or move it (404 for a paper
    of another item)."""

    form_class = PaperChangeForm
    page_title = _("Change a paper")
    submit_label = _("Apply the change")

    def get_object(self):
        item = super().get_object()
        self.paper = selectors.item_paper_get_for(item=item, pk=self.kwargs["paper"])
        return item

    def get_initial(self):
        action = self.request.GET.get("action", "")
        actions = {
            value for value, _label in PaperChangeForm.base_fields["action"].choices
        }
        return {"action": action} if action in actions else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(paper=self.paper, **kwargs)

    @property
    def intro(self):
        return _("Paper %(n)s: %(name)s") % {
            "n": self.paper.position,
            "name": self.paper.file.original_name,
        }

    def perform(self, form):
        data = form.cleaned_data
        action, note = data["action"], data.get("note", "")
        common = {
            "actor": self.request.user,
            "item": self.object,
            "paper_id": self.paper.pk,
            "note": note,
        }
        if action == PaperChangeForm.REPLACE:
            return services.agenda_paper_replace(uploaded=data["file"], **common)
        if action == PaperChangeForm.REMOVE:
            services.agenda_paper_remove(**common)
            return None
        return services.agenda_paper_move(direction=action, **common)

    def success_message(self, result):
        if result is None:
            return _("The paper was removed.")
        return _("The papers were updated.")


class ItemInterestView(ItemActionView):
    permission = "secretariat.declare_interest"
    form_class = InterestForm
    page_title = _("Special interest")
    intro = _(
        "A director with a special interest in an item does not count towards its quorum and does not vote on it."
    )

    def get_form_kwargs(self):
        snapshot = roles_of(self.request.user)
        day = (
            self.object.meeting.day if self.object.meeting_id else timezone.localdate()
        )
        directors = selectors.current_directors(day)
        if not snapshot.is_secretariat:
            directors = directors.filter(pk=snapshot.person_id)
        return {**super().get_form_kwargs(), "directors": directors}

    def get_initial(self):
        return {"person": roles_of(self.request.user).person_id}

    def perform(self, form):
        return services.special_interest_declare(
            actor=self.request.user,
            item=self.object,
            person=form.cleaned_data["person"],
            reason=form.cleaned_data["reason"],
        )

    def success_message(self, result):
        return _("The special interest of %(person)s is recorded.") % {
            "person": result.person
        }


class ItemReferView(ItemActionView):
    permission = "secretariat.place_item"
    form_class = ReferForm
    page_title = _("Send to the general assembly")

    def perform(self, form):
        self.referral = services.agenda_item_refer_to_assembly(
            actor=self.request.user,
            item=self.object,
            resolution_type=form.cleaned_data["resolution_type"],
        )
        return self.referral

    def success_message(self, result):
        return _("A new item for the general assembly was created.")

    def get_success_url(self):
        target = getattr(self, "referral", None) or self.object
        return reverse("secretariat:item_detail", args=[target.pk])


class InterestRemoveView(ItemActionView):
    """The item and, after it, one of its declared interests (404 for another's)."""

    permission = "secretariat.decide_item"
    form_class = ConfirmForm
    page_title = _("Remove a special interest")

    def get_object(self):
        item = super().get_object()
        self.interest = selectors.item_interest_get_for(
            item=item, pk=self.kwargs["interest"]
        )
        return item

    def perform(self, form):
        return services.special_interest_remove(
            actor=self.request.user, interest=self.interest
        )

    def success_message(self, result):
        return _("The special interest was removed.")
