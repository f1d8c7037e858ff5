"""Action items (申し送り・宿題) on a meeting, and a body's documents."""

from django.http import JsonResponse
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from members import pickers
from members.roles import roles_of

from .. import selectors, services
from ..filters import ActionItemFilter
from ..forms import (
    ActionItemDoneForm,
    ActionItemForm,
    BodyDocumentForm,
    BodyDocumentVersionForm,
)
from ..selectors import action_item_owners
from ..selectors.actions import (
    action_item_get_for,
    action_items_for_export,
    body_document_get_for,
    body_documents,
    body_documents_get_for,
    body_open_action_items,
)
from .base import ActionView, GovernanceMixin


def body_page_extras(body, *, user):
    """The body page's open action items and documents, with the upload form for
    those who run it (the page's own include)."""
    can_read = user.has_perm("secretariat.view_body_documents", body)
    can_upload = user.has_perm("secretariat.manage_body_documents", body)
    can_export = user.has_perm("secretariat.run_body", body)
    return {
        # Those who run the body export its action items, filtered.
        "action_item_filter": (
            SimpleLazyObject(
                lambda: (
                    ActionItemFilter(queryset=action_items_for_export(body=body)).form
                )
            )
            if can_export
            else None
        ),
        # Read when the page's cached fragment misses (the body page).
        "open_action_items": SimpleLazyObject(lambda: body_open_action_items(body)),
        "can_read_documents": can_read,
        "documents": SimpleLazyObject(lambda: body_documents(body)) if can_read else [],
        "document_form": BodyDocumentForm() if can_upload else None,
        "can_upload_documents": can_upload,
    }


class ActionItemCreateView(ActionView):
    form_class = ActionItemForm
    page_title = _("Add an action item")

    def get_object(self):
        return selectors.meeting_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perms=("secretariat.add_action_item",),
        )

    def get_initial(self):
        return {"due_on": self.object.day}

    def get_form_kwargs(self):
        body = self.object.body
        return {
            **super().get_form_kwargs(),
            "body": body,
            "owners": action_item_owners(body, user=self.request.user),
        }

    def perform(self, form):
        data = form.cleaned_data
        return services.action_item_create(
            actor=self.request.user,
            meeting=self.object,
            text=data["text"],
            owner=data["owner"],
            organization=data["organization"],
            due_on=data["due_on"],
        )

    def success_message(self, result):
        return _("The action item was added.")

    def get_success_url(self):
        return reverse("secretariat:meeting_detail", args=[self.object.pk])


class ActionItemOwnerPickView(GovernanceMixin, View):
    """The action item form's person picker, for those who run the body: the matches
    for ``q`` among those an item of the body may be given to (JSON, members.pickers)."""

    def get_object(self):
        return selectors.body_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perms=("secretariat.view_body", "secretariat.run_body"),
        )

    def get(self, request, *args, **kwargs):
        user = request.user
        within = None
        if not user.has_perm("members.view_people"):
            within = action_item_owners(self.object, user=user)
        people = pickers.people_matching(request.GET.get("q", ""), within=within)
        response = JsonResponse(
            {"results": [pickers.person_choice(person) for person in people]}
        )
        response["Cache-Control"] = "private, no-store"
        return response


class ActionItemEditView(ActionView):
    form_class = ActionItemForm
    page_title = _("Change the action item")

    def get_object(self):
        return action_item_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perm="secretariat.edit_action_item",
        )

    def get_form_kwargs(self):
        body = self.object.meeting.body
        return {
            **super().get_form_kwargs(),
            "editing": True,
            "body": body,
            "owners": action_item_owners(
                body, user=self.request.user, keep=self.object.owner_id
            ),
        }

    def get_initial(self):
        item = self.object
        return {
            "text": item.text,
            "owner": item.owner_id,
            "organization": item.organization_id,
            "due_on": item.due_on,
            "state": item.state,
            "state_seen": item.state,
            "note": item.state_note,
        }

    def perform(self, form):
        data = form.cleaned_data
        return services.action_item_update(
            actor=self.request.user,
            item=self.object,
            text=data["text"],
            owner=data["owner"],
            organization=data["organization"],
            due_on=data["due_on"],
            state=data["state"],
            note=data["note"],
            state_seen=data["state_seen"],
        )

    def success_message(self, result):
        return _("The action item was saved.")

    def get_success_url(self):
        return reverse("secretariat:meeting_detail", args=[self.object.meeting_id])


class ActionItemDoneView(ActionView):
    """The owner marks their item done (from their page), with an optional note."""

    form_class = ActionItemDoneForm
    page_title = _("Mark the action item done")
    submit_label = _("Mark done")

    def get_object(self):
        return action_item_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perm="secretariat.view_action_item",
        )

    def perform(self, form):
        return services.action_item_complete(
            actor=self.request.user,
            item=self.object,
            note=form.cleaned_data["note"],
        )

    def success_message(self, result):
        return _("The action item was marked done.")

    def get_success_url(self):
        if self.object.owner_id == roles_of(self.request.user).person_id:
            return reverse("members:mypage")
        return reverse("secretariat:meeting_detail", args=[self.object.meeting_id])


class BodyDocumentsView(GovernanceMixin, TemplateView):
    """A body's documents, for its current members and those who run it."""

    template_name = "secretariat/body_documents.html"

    def get_object(self):
        return body_documents_get_for(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        body = self.object
        can_upload = self.request.user.has_perm(
            "secretariat.manage_body_documents", body
        )
        return super().get_context_data(
            body=body,
            documents=body_documents(body),
            can_upload=can_upload,
            can_upload_documents=can_upload,
            document_form=BodyDocumentForm() if can_upload else None,
            **kwargs,
        )


class BodyDocumentUploadView(ActionView):
    form_class = BodyDocumentForm
    page_title = _("Add a document")
    submit_label = _("Upload")

    def get_object(self):
        return body_documents_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perms=(
                "secretariat.view_body_documents",
                "secretariat.manage_body_documents",
            ),
        )

    def perform(self, form):
        return services.body_document_add(
            actor=self.request.user,
            body=self.object,
            title=form.cleaned_data["title"],
            uploaded=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
        )

    def success_message(self, result):
        return _("The document “%(title)s” was added.") % {"title": result.title}

    def get_success_url(self):
        return reverse("secretariat:body_documents", args=[self.object.pk])


class BodyDocumentVersionUploadView(ActionView):
    """A new version of a body's document; the earlier ones stay readable."""

    form_class = BodyDocumentVersionForm
    submit_label = _("Upload")

    @property
    def page_title(self):
        return _("New version of “%(title)s”") % {"title": self.object.title}

    @property
    def intro(self):
        current = self.object.current
        if current is None:
            return ""
        return _(
            "The current version is version %(number)s. The new one becomes the "
            "current version; the earlier ones stay readable."
        ) % {"number": current.number}

    def get_object(self):
        return body_document_get_for(
            user=self.request.user,
            pk=self.kwargs["pk"],
            perms=(
                "secretariat.view_body_documents",
                "secretariat.manage_body_documents",
            ),
        )

    def perform(self, form):
        return services.body_document_version_add(
            actor=self.request.user,
            document=self.object,
            uploaded=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
        )

    def success_message(self, result):
        return _("Version %(number)s of “%(title)s” was uploaded.") % {
            "number": result.number,
            "title": self.object.title,
        }

    def get_success_url(self):
        return reverse("secretariat:body_documents", args=[self.object.body_id])
