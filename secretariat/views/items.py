from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from members.models import Person, Role, RoleAssignment
from members.models.roles import DIRECTOR_ROLES
from members.roles import roles_of
from wco_sse.core.files import files_attached_to
from wco_sse.core.forms import FileUploadForm
from wco_sse.core.validators import number_param

from .. import selectors, services
from ..forms import (
    CommentForm,
    ConfirmForm,
    DecisionForm,
    InterestForm,
    ItemForm,
    PlaceForm,
    ReferForm,
    TransitionForm,
)
from ..models import AgendaItem, Meeting, Source, SpecialInterest
from ..tally import item_tally
from .base import ActionView, GovernanceMixin


def current_directors(day=None):
    return Person.objects.filter(
        pk__in=RoleAssignment.objects.current(day)
        .filter(role__in=DIRECTOR_ROLES)
        .values("person_id")
    ).order_by("family_name_kana", "given_name_kana", "pk")


def reporting_directors():
    return Person.objects.filter(
        pk__in=RoleAssignment.objects.current()
        .filter(role__in=(Role.REPRESENTATIVE_DIRECTOR, Role.EXECUTIVE_DIRECTOR))
        .values("person_id")
    ).order_by("family_name_kana", "pk")


class ItemListView(GovernanceMixin, ListView):
    """The pipeline at a glance: items by state, filterable by section and meeting."""

    permission = "secretariat.view_items"
    template_name = "secretariat/item_list.html"
    context_object_name = "items"
    paginate_by = 100

    def get_filters(self):
        meeting = number_param(self.request.GET.get("meeting"))
        return {
            "section": self.request.GET.get("section", ""),
            "status": self.request.GET.get("status", ""),
            "meeting": Meeting.objects.filter(pk=meeting).first()
            if meeting is not None
            else None,
        }

    def get_queryset(self):
        return selectors.item_list_for(user=self.request.user, **self.get_filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.get_filters()
        query = "&".join(
            f"{k}={v.pk if k == 'meeting' else v}" for k, v in filters.items() if v
        )
        context.update(
            filters=filters,
            query=query,
            groups=selectors.items_by_status(context["items"]),
            sources=Source.choices,
            statuses=AgendaItem.Status.choices,
            meetings=selectors.upcoming_board_meetings(),
            can_draft=self.request.user.has_perm("secretariat.draft_item"),
        )
        return context


class ItemDetailView(GovernanceMixin, TemplateView):
    template_name = "secretariat/item_detail.html"

    def get_object(self):
        return selectors.item_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **item_context(self.request, self.object), **kwargs
        )


def item_context(request, item):
    user = request.user
    actions = services.available_actions(user, item)
    simple = [a for a in actions if a.name in services.SIMPLE_ACTIONS]
    tally = None
    # The quorum means something once the meeting is held and attendance recorded.
    if (
        item.meeting_id
        and item.meeting.body.takes_agenda
        and item.meeting.has_taken_place
    ):
        tally = item_tally(item, item.meeting)
    interests = list(item.special_interests.select_related("person"))
    snapshot = roles_of(user)
    return {
        "item": item,
        "actions": actions,
        "simple_actions": simple,
        "transition_form": TransitionForm(actions=simple),
        "history": selectors.item_history(item),
        "decisions": selectors.item_decisions(item),
        "comments": list(item.comments.all()),
        "files": files_attached_to(item),
        "interests": interests,
        "tally": tally,
        "can_comment": user.has_perm("secretariat.comment_item", item)
        and not item.is_final,
        "can_edit": user.has_perm("secretariat.edit_item", item),
        "can_declare": user.has_perm("secretariat.declare_interest", item)
        and item.status
        in (
            AgendaItem.Status.SUBMITTED,
            AgendaItem.Status.ACCEPTED,
            AgendaItem.Status.PLACED,
            AgendaItem.Status.DEFERRED,
        ),
        "declared_self": any(i.person_id == snapshot.person_id for i in interests),
        "can_refer": user.has_perm("secretariat.place_item", item)
        and item.status in AgendaItem.ADOPTED
        and not item.referred_from_id
        and item.source != "",
        "comment_form": CommentForm(),
        "upload_form": FileUploadForm(),
    }


class ItemEditView(ActionView):
    form_class = ItemForm
    template_name = "secretariat/item_form.html"

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return selectors.item_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_permission(self):
        return "secretariat.edit_item" if self.object else "secretariat.draft_item"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["sources"] = services.draftable_sources(self.request.user)
        kwargs["meetings"] = selectors.upcoming_board_meetings()
        kwargs["editing"] = self.object is not None
        if roles_of(self.request.user).is_secretariat:
            kwargs["directors"] = reporting_directors()
        return kwargs

    def get_initial(self):
        if self.object is None:
            sources = services.draftable_sources(self.request.user)
            return {
                "target_meeting": number_param(self.request.GET.get("meeting")),
                "source": sources[0] if sources else "",
            }
        item = self.object
        return {
            "kind": item.kind,
            "title": item.title,
            "body": item.body,
            "target_meeting": item.target_meeting_id,
            "resolution_type": item.resolution_type,
            "activity_report_of": item.activity_report_of_id,
        }

    def perform(self, form):
        data = form.cleaned_data
        common = {
            "kind": data["kind"],
            "title": data["title"],
            "body": data["body"],
            "target_meeting": data["target_meeting"],
            "resolution_type": data.get("resolution_type")
            or AgendaItem.ResolutionType.ORDINARY,
            "activity_report_of": data.get("activity_report_of"),
        }
        if self.object is None:
            self.object = services.agenda_item_create(
                actor=self.request.user, source=data["source"], **common
            )
            return self.object
        return services.agenda_item_update(
            actor=self.request.user, item=self.object, **common
        )

    def success_message(self, result):
        return _(
            "The item was saved. Attach its papers, then submit it when it is ready."
        )

    def get_success_url(self):
        if self.object:
            return reverse("secretariat:item_detail", args=[self.object.pk])
        return reverse("secretariat:item_list")


class ItemActionView(ActionView):
    """A base for the actions on one item."""

    def get_object(self):
        return selectors.item_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_success_url(self):
        return reverse("secretariat:item_detail", args=[self.object.pk])


class ItemTransitionView(ItemActionView):
    form_class = TransitionForm
    page_title = _("Move the item on")
    htmx_template = "secretariat/item_detail.html#item_state"

    def get_permission(self):
        return "secretariat.view_item"

    def get_form_kwargs(self):
        actions = [
            a
            for a in services.available_actions(self.request.user, self.object)
            if a.name in services.SIMPLE_ACTIONS
        ]
        if not actions:
            raise PermissionDenied
        return {**super().get_form_kwargs(), "actions": actions}

    def get_initial(self):
        action = self.request.GET.get("action", "")
        return {"action": action} if action in services.SIMPLE_ACTIONS else {}

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
            "results": services.RESULTS_BY_KIND[self.object.kind],
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


class ItemAttachView(ItemActionView):
    permission = "secretariat.edit_item_files"
    form_class = FileUploadForm
    page_title = _("Attach a paper")

    def perform(self, form):
        return services.agenda_item_attach(
            actor=self.request.user,
            item=self.object,
            uploaded=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )

    def success_message(self, result):
        return _("The file was attached.")


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
        directors = current_directors(day)
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
    permission = "secretariat.decide_item"
    form_class = ConfirmForm
    page_title = _("Remove a special interest")

    def perform(self, form):
        interest = get_object_or_404(
            SpecialInterest, pk=self.kwargs["interest"], item=self.object
        )
        return services.special_interest_remove(
            actor=self.request.user, interest=interest
        )

    def success_message(self, result):
        return _("The special interest was removed.")
