"""Drafting an agenda item: its text and the comments on it (its papers: ``papers``)."""

from django.utils.translation import gettext as _

from members.models import Person, Role
from members.roles import roles_of
from wco_sse.core.audit import actor_label, audit_record
from wco_sse.core.errors import PermissionDenied, ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..models import SECTION_SOURCES, AgendaComment, AgendaItem, Body, Meeting, Source
from ..subjects import subject_fields
from .locks import lock_item
from .pipeline import transition_log


def draftable_sources(user):
    """The sources ``user`` may draft for: their sections; 事務局 and the board for the
    secretariat."""
    snapshot = roles_of(user)
    sources = [s for s in SECTION_SOURCES if snapshot.has(Role.SECTION_MEMBER, s)]
    if snapshot.is_secretariat:
        sources += [Source.SECRETARIAT, Source.BOARD]
    return sources


def _validate_fields(*, title, kind, source, resolution_type):
    if not (title or "").strip():
        raise ServiceError(_("Give the item a title."), field="title")
    if len(title.strip()) > 200:
        raise ServiceError(
            _("The title is too long (200 characters at most)."), field="title"
        )
    if kind not in AgendaItem.Kind.values:
        raise ServiceError(_("Choose the kind of item."), field="kind")
    if source not in Source.values:
        raise ServiceError(_("Choose where the item comes from."), field="source")
    if resolution_type not in AgendaItem.ResolutionType.values:
        raise ServiceError(_("Choose the type of resolution."), field="resolution_type")


def _check_target(meeting):
    if meeting is None:
        return
    if meeting.body.kind != Body.Kind.BOARD or meeting.status not in Meeting.OPEN:
        raise ServiceError(
            _("Choose an upcoming board meeting."), field="target_meeting"
        )


def agenda_item_create(
    *,
    actor,
    source: str,
    kind: str,
    title: str,
    body: str = "",
    target_meeting: Meeting | None = None,
    resolution_type: str = AgendaItem.ResolutionType.ORDINARY,
    activity_report_of: Person | None = None,
) -> AgendaItem:
    with service_transaction():
        return agenda_item_create_within(
            actor=actor,
            source=source,
            kind=kind,
            title=title,
            body=body,
            target_meeting=target_meeting,
            resolution_type=resolution_type,
            activity_report_of=activity_report_of,
        )


def agenda_item_create_within(
    *,
    actor,
    source,
    kind,
    title,
    body="",
    target_meeting=None,
    resolution_type=AgendaItem.ResolutionType.ORDINARY,
    activity_report_of=None,
    subject=None,
) -> AgendaItem:
    """``agenda_item_create`` inside the caller's transaction, for a service that
    drafts an item on its own record and links it (a network proposal): the same
    checks, no transaction of its own."""
    require(actor, "secretariat.draft_item")
    _validate_fields(
        title=title, kind=kind, source=source, resolution_type=resolution_type
    )
    if source not in draftable_sources(actor):
        raise PermissionDenied(
            _("You may draft items only for your own section."), field="source"
        )
    _check_target(target_meeting)
    item = AgendaItem.objects.create(
        source=source,
        kind=kind,
        title=title.strip(),
        body=body,
        target_meeting=target_meeting,
        resolution_type=resolution_type,
        activity_report_of=activity_report_of,
        created_by=actor,
        **subject_fields(subject),
    )
    transition_log(item, actor=actor, from_status="")
    audit_record(actor=actor, action="agenda.create", target=item)
    return item


def agenda_item_update(
    *,
    actor,
    item: AgendaItem,
    kind: str,
    title: str,
    body: str,
    target_meeting: Meeting | None,
    resolution_type: str = AgendaItem.ResolutionType.ORDINARY,
    activity_report_of: Person | None = None,
) -> AgendaItem:
    """Change the item's text (``AgendaItem.EDITABLE_FIELDS``) while it is a draft or
    returned to its section."""
    _validate_fields(
        title=title, kind=kind, source=item.source, resolution_type=resolution_type
    )
    _check_target(target_meeting)
    with service_transaction():
        item = lock_item(item.pk)
        require(
            actor,
            "secretariat.submit_item",
            item,
            message=_("You may not edit this item."),
        )
        if item.status not in AgendaItem.EDITABLE:
            raise ServiceError(
                _("This item is %(status)s: it can no longer be edited.")
                % {"status": item.get_status_display()}
            )
        item.kind, item.title, item.body = kind, title.strip(), body
        item.target_meeting = target_meeting
        item.resolution_type = resolution_type
        item.activity_report_of = activity_report_of
        item.save(update_fields=[*AgendaItem.EDITABLE_FIELDS, "updated_at"])
        audit_record(actor=actor, action="agenda.update", target=item)
    return item


def agenda_comment_add(*, actor, item: AgendaItem, text: str) -> AgendaComment:
    require(actor, "secretariat.comment_item", item)
    if not text.strip():
        raise ServiceError(_("Write a comment."), field="text")
    if item.is_final:
        raise ServiceError(_("This item is closed; comments are no longer taken."))
    with service_transaction():
        return AgendaComment.objects.create(
            item=item, author=actor, author_label=actor_label(actor), text=text.strip()
        )
