"""Agenda items: the pipeline at a glance, an item's page, drafting and editing."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from members.roles import roles_of
from wco_sse.core.validators import number_param

from .. import selectors, services
from ..forms import CommentForm, ItemForm, TransitionForm
from ..models import AgendaItem, Meeting, Source
from ..subjects import subject_panel
from ..tally import item_tally
from .base import ActionView, GovernanceMixin


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


def simple_actions(actions):
    return [a for a in actions if a.name in AgendaItem.SIMPLE_ACTIONS]


def item_context(request, item):
    """What the item page shows (and its state fragment, after an htmx move)."""
    user = request.user
    actions = services.available_actions(user, item)
    simple = simple_actions(actions)
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
        "papers": selectors.item_papers(item),
        # Papers change while the item can be edited, and then by the secretariat
        # with a note (checked on the item itself, not on the role alone).
        "can_change_papers": user.has_perm("secretariat.change_item_papers", item),
        "papers_need_note": not user.has_perm("secretariat.edit_item_files", item),
        "interests": interests,
        "tally": tally,
        "can_comment": user.has_perm("secretariat.comment_item", item)
        and not item.is_final,
        "can_edit": user.has_perm("secretariat.edit_item", item),
        "can_declare": user.has_perm("secretariat.declare_interest", item)
        and item.status in AgendaItem.INTEREST_OPEN,
        "declared_self": any(i.person_id == snapshot.person_id for i in interests),
        "can_refer": user.has_perm("secretariat.place_item", item)
        and item.status in AgendaItem.ADOPTED
        and not item.referred_from_id
        and item.source != "",
        "comment_form": CommentForm(),
        # The section's record the item is about, as its handler shows it.
        "subject_panel": subject_panel(item, user),
    }


class ItemDetailView(GovernanceMixin, TemplateView):
    template_name = "secretariat/item_detail.html"

    def get_object(self):
        return selectors.item_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **item_context(self.request, self.object), **kwargs
        )


# The editable fields that name another record: the form's initial takes its id.
FK_FIELDS = ("target_meeting", "activity_report_of")


class ItemEditView(ActionView):
    """A new item (for a source the user drafts for), or its text while editable
    (``AgendaItem.EDITABLE_FIELDS``)."""

    form_class = ItemForm
    template_name = "secretariat/item_form.html"

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return selectors.item_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perms=("secretariat.edit_item",),
        )

    def get_permission(self):
        return "secretariat.edit_item" if self.object else "secretariat.draft_item"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["sources"] = services.draftable_sources(self.request.user)
        kwargs["meetings"] = selectors.upcoming_board_meetings()
        kwargs["editing"] = self.object is not None
        if roles_of(self.request.user).is_secretariat:
            kwargs["directors"] = selectors.reporting_directors()
        return kwargs

    def get_initial(self):
        if self.object is None:
            sources = services.draftable_sources(self.request.user)
            return {
                "target_meeting": number_param(self.request.GET.get("meeting")),
                "source": sources[0] if sources else "",
            }
        return {
            name: getattr(self.object, f"{name}_id" if name in FK_FIELDS else name)
            for name in AgendaItem.EDITABLE_FIELDS
        }

    def perform(self, form):
        data = form.cleaned_data
        fields = {name: data.get(name) for name in AgendaItem.EDITABLE_FIELDS}
        fields["resolution_type"] = (
            fields["resolution_type"] or AgendaItem.ResolutionType.ORDINARY
        )
        if self.object is None:
            self.object = services.agenda_item_create(
                actor=self.request.user, source=data["source"], **fields
            )
            return self.object
        return services.agenda_item_update(
            actor=self.request.user, item=self.object, **fields
        )

    def success_message(self, result):
        return _(
            "The item was saved. Attach its papers, then submit it when it is ready."
        )

    def get_success_url(self):
        if self.object:
            return reverse("secretariat:item_detail", args=[self.object.pk])
        return reverse("secretariat:item_list")
