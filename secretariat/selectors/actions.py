"""Action items and a body's documents, as each viewer may see them."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.models import Role, Section
from members.roles import roles_of
from wco_sse.core.selectors import get_visible_or_404

from ..models import ActionItem, Body, BodyDocument, BodyDocumentVersion, Meeting


def action_item_get_for(*, user, pk, perm):
    """The item, if ``user`` holds ``perm`` on it (404 alike otherwise)."""
    return get_visible_or_404(
        ActionItem.objects.select_related("meeting__body", "owner", "organization"),
        user=user,
        perm=perm,
        pk=pk,
    )


def body_documents_get_for(*, user, pk, perms=("secretariat.view_body_documents",)):
    """The body whose documents ``user`` reads (its current members and those who run
    it), 404 for anyone else."""
    return get_visible_or_404(Body.objects.all(), user=user, perms=perms, pk=pk)


def body_document_get_for(
    *, user, pk, perms=("secretariat.view_body_documents",)
) -> BodyDocument:
    """A body's document, if ``user`` holds ``perms`` on its body (404 alike
    otherwise)."""
    document = get_object_or_404(
        BodyDocument.objects.select_related("body", "current"), pk=pk
    )
    if not all(user.has_perm(perm, document.body) for perm in perms):
        raise Http404
    return document


def body_documents(body):
    """The body's documents, each with its current version and its earlier ones (two
    queries however many documents and versions)."""
    return list(
        BodyDocument.objects.filter(body=body)
        .select_related("current__file", "current__uploaded_by__person")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=BodyDocumentVersion.objects.select_related(
                    "file", "uploaded_by__person"
                ).order_by("-number"),
            )
        )
        .order_by("title", "pk")
    )


def meeting_action_items(meeting: Meeting):
    return list(
        ActionItem.objects.filter(meeting=meeting)
        .select_related("owner", "organization")
        .order_by("state", "due_on", "pk")
    )


def body_open_action_items(body: Body, *, limit=50):
    return list(
        ActionItem.objects.filter(meeting__body=body, state=ActionItem.State.OPEN)
        .select_related("owner", "organization", "meeting")
        .order_by("due_on", "pk")[:limit]
    )


def my_open_action_items(person_id, *, limit=20):
    if person_id is None:
        return []
    return list(
        ActionItem.objects.filter(Q(owner_id=person_id), state=ActionItem.State.OPEN)
        .select_related("meeting__body", "organization")
        .order_by("due_on", "pk")[:limit]
    )


def meeting_page_action_items(meeting: Meeting, *, user):
    """The meeting page's action items (its own include): the whole list for those
    who run the body, each reader's own items otherwise."""
    can_add = user.has_perm("secretariat.add_action_item", meeting)
    items = meeting_action_items(meeting)
    if not can_add:
        person_id = roles_of(user).person_id
        items = [item for item in items if item.owner_id == person_id]
    return {
        "action_items": items,
        "can_add_action_items": can_add,
        "can_read_body_documents": user.has_perm(
            "secretariat.view_body_documents", meeting.body
        ),
    }


def action_items_for_export(*, body=None, user=None):
    """The action items of ``body``; or, with ``user``, every item they may see: those
    of the bodies they run (every body, for the secretariat) and their own."""
    items = ActionItem.objects.select_related(
        "meeting__body", "owner", "organization"
    ).order_by("meeting__body__name", "due_on", "pk")
    if body is not None:
        return items.filter(meeting__body=body)
    snapshot = roles_of(user)
    if snapshot.is_secretariat:
        return items
    sections = [s for s in Section.values if snapshot.has(Role.SECTION_MEMBER, s)]
    reach = Q(
        meeting__body__kind=Body.Kind.AD_HOC,
        meeting__body__section__in=sections,
    )
    if snapshot.person_id is not None:
        reach |= Q(owner_id=snapshot.person_id)
    return items.filter(reach)
