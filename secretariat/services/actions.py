"""Action items (申し送り・宿題) a meeting leaves, and the documents a body keeps.

Those who run the body (``rules.can_run_meetings_of``) add and change action items
and keep the documents; an item's owner marks it done. Two may act on one item at
once (the owner marks it done while the secretariat edits it): every change locks
the item's row first and re-reads its state under the lock."""

import datetime

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Affiliation, Organization, Person
from wco_sse.core.audit import audit_record
from wco_sse.core.dates import format_day
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.files import file_attach
from wco_sse.core.text import NOTE_MAX_LENGTH
from wco_sse.core.transactions import service_transaction

from ..models import ActionItem, Body, BodyDocument, BodyDocumentVersion, Meeting
from .common import site_url
from .locks import lock_action_item, lock_body_document

S = ActionItem.State
DOCUMENT_NOTE_MAX_LENGTH = 200


def _check_text(text):
    text = str(text or "").strip()
    if not text:
        raise ServiceError(_("Say what is to be done."), field="text")
    if len(text) > NOTE_MAX_LENGTH:
        raise ServiceError(
            _("Keep it to %(count)s characters.") % {"count": NOTE_MAX_LENGTH},
            field="text",
        )
    return text


def _check_note(note):
    note = str(note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ServiceError(
            _("Keep it to %(count)s characters.") % {"count": NOTE_MAX_LENGTH},
            field="note",
        )
    return note


def _check_due(meeting, due_on):
    if due_on is None:
        raise ServiceError(_("Give a due date."), field="due_on")
    if due_on < meeting.day:
        raise ServiceError(
            _("The due date can't be before the meeting (%(day)s).")
            % {"day": format_day(meeting.day)},
            field="due_on",
        )


def _check_organization(owner, organization):
    """An owner acts for an organization only where they belong to it (a confirmed,
    current affiliation)."""
    if organization is None:
        return
    if not (
        Affiliation.objects.current()
        .filter(person=owner, organization=organization, confirmed=True)
        .exists()
    ):
        raise ServiceError(
            _("%(person)s does not belong to %(organization)s.")
            % {"person": owner.full_name, "organization": organization.name},
            field="organization",
        )


def _tell_owner(item, *, actor):
    """Email the owner that the item is theirs (on creation, and on a change of owner),
    sent once the transaction commits (``email_queue``'s outbox). Not to someone who
    assigned the item to themselves."""
    person = item.owner
    if actor is not None and person.account_id == actor.pk:
        return
    email_queue(
        key=(
            f"action-item-assigned:{item.pk}:{person.pk}:{timezone.now().isoformat()}"
        ),
        template="secretariat/action_item_assigned",
        to=person.contact_email,
        language=person.language,
        context={
            "person": person,
            "item": item,
            "meeting": item.meeting,
            "body": item.meeting.body,
            "organization": item.organization,
            "url": site_url(reverse("members:mypage")),
        },
    )


def action_item_create(
    *,
    actor,
    meeting: Meeting,
    text: str,
    owner: Person,
    due_on: datetime.date,
    organization: Organization | None = None,
) -> ActionItem:
    require(actor, "secretariat.add_action_item", meeting)
    text = _check_text(text)
    _check_due(meeting, due_on)
    _check_organization(owner, organization)
    with service_transaction():
        item = ActionItem.objects.create(
            meeting=meeting,
            text=text,
            owner=owner,
            organization=organization,
            due_on=due_on,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="action_item.create",
            target=meeting,
            message=str(owner),
            data={"item": item.pk, "due_on": due_on.isoformat()},
        )
        _tell_owner(item, actor=actor)
    return item


def _close(item, *, actor, state, note):
    item.state = state
    item.state_note = note
    item.closed_by = actor
    item.closed_at = timezone.now()


def action_item_update(
    *,
    actor,
    item: ActionItem,
    text: str,
    owner: Person,
    due_on: datetime.date,
    organization: Organization | None = None,
    state: str = S.OPEN,
    note: str = "",
    state_seen: str | None = None,
) -> ActionItem:
    """Change what is to be done, by whom, by when, and its state (open, done,
    dropped, with a note); only those who run the body. With ``state_seen`` (the
    state the form showed), a change someone made meanwhile is not overwritten."""
    require(actor, "secretariat.edit_action_item", item)
    text = _check_text(text)
    note = _check_note(note)
    if state not in S.values:
        raise ServiceError(_("Choose a state."), field="state")
    _check_organization(owner, organization)
    with service_transaction():
        item = lock_action_item(item.pk)
        if state_seen is not None and item.state != state_seen:
            raise ServiceError(
                _(
                    "Someone marked this action item %(state)s meanwhile. "
                    "Check it and save again."
                )
                % {"state": item.get_state_display()}
            )
        _check_due(item.meeting, due_on)
        before = {name: getattr(item, name) for name in ("due_on", "state")}
        owner_before = item.owner_id
        item.text = text
        item.owner = owner
        item.organization = organization
        if due_on != item.due_on:
            item.reminded_at = None  # a new date deserves its own reminder
        item.due_on = due_on
        if state != item.state:
            if state == S.OPEN:
                item.state, item.state_note = S.OPEN, note
                item.closed_by, item.closed_at = None, None
            else:
                _close(item, actor=actor, state=state, note=note)
        else:
            item.state_note = note
        item.save()
        audit_record(
            actor=actor,
            action="action_item.update",
            target=item.meeting,
            message=str(item.owner),
            data={
                "item": item.pk,
                "changes": {
                    name: [str(value), str(getattr(item, name))]
                    for name, value in before.items()
                    if value != getattr(item, name)
                },
            },
        )
        if item.owner_id != owner_before and item.is_open:
            _tell_owner(item, actor=actor)
    return item


def action_item_complete(*, actor, item: ActionItem, note: str = "") -> ActionItem:
    """The owner (or those who run the body) marks the item done."""
    note = _check_note(note)
    with service_transaction():
        item = lock_action_item(item.pk)
        if not item.is_open:
            raise ServiceError(
                _("This action item is already %(state)s.")
                % {"state": item.get_state_display()}
            )
        require(actor, "secretariat.complete_action_item", item)
        _close(item, actor=actor, state=S.DONE, note=note)
        item.save(update_fields=["state", "state_note", "closed_by", "closed_at"])
        audit_record(
            actor=actor,
            action="action_item.done",
            target=item.meeting,
            message=str(item.owner),
            data={"item": item.pk},
        )
    return item


def action_item_reminders_send(*, today=None) -> int:
    """Remind each owner of an open item due within ``REMINDER_DAYS`` days (three
    days ahead when the daily task runs every day; a day it missed is caught up),
    once per item however often it runs: the item's ``reminded_at`` is set under
    its row lock, and the email's key names the item and its due date."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=ActionItem.REMINDER_DAYS)
    queued = 0
    with service_transaction():
        items = list(
            ActionItem.objects.filter(
                state=S.OPEN,
                reminded_at__isnull=True,
                due_on__gte=today,
                due_on__lte=horizon,
            )
            .select_related("owner", "meeting__body")
            .select_for_update(of=("self",), skip_locked=True)
            .order_by("pk")
        )
        now = timezone.now()
        for item in items:
            person = item.owner
            if email_queue(
                key=f"action-item-reminder:{item.pk}:{item.due_on.isoformat()}",
                template="secretariat/action_item_reminder",
                to=person.contact_email,
                language=person.language,
                context={
                    "person": person,
                    "item": item,
                    "meeting": item.meeting,
                    "body": item.meeting.body,
                    "url": site_url(reverse("members:mypage")),
                },
            ):
                queued += 1
            item.reminded_at = now
            item.save(update_fields=["reminded_at"])
    return queued


def _check_version_note(note):
    note = str(note or "").strip()
    if len(note) > DOCUMENT_NOTE_MAX_LENGTH:
        raise ServiceError(
            _("Keep it to %(count)s characters.") % {"count": DOCUMENT_NOTE_MAX_LENGTH},
            field="note",
        )
    return note


def _add_version(*, actor, document, number, uploaded, note):
    stored = file_attach(
        actor=actor,
        target=document.body,
        uploaded=uploaded,
        description=f"{document.title} v{number}"[:200],
    )
    version = BodyDocumentVersion.objects.create(
        document=document, number=number, file=stored, note=note, uploaded_by=actor
    )
    document.current = version
    document.save(update_fields=["current"])
    return version


def body_document_add(
    *, actor, body: Body, title: str, uploaded, note: str = ""
) -> BodyDocument:
    """A new document of the body, its upload as version 1, under the upload policy
    (``file_attach``)."""
    require(actor, "secretariat.manage_body_documents", body)
    title = str(title or "").strip()
    if not title:
        raise ServiceError(_("Give the document a title."), field="title")
    if len(title) > 200:
        raise ServiceError(
            _("Keep it to %(count)s characters.") % {"count": 200}, field="title"
        )
    note = _check_version_note(note)
    with service_transaction():
        document = BodyDocument.objects.create(body=body, title=title)
        version = _add_version(
            actor=actor, document=document, number=1, uploaded=uploaded, note=note
        )
        audit_record(
            actor=actor,
            action="body.document_add",
            target=body,
            message=title,
            data={"document": document.pk, "file": str(version.file_id)},
        )
    return document


def body_document_version_add(
    *, actor, document: BodyDocument, uploaded, note: str = ""
) -> BodyDocumentVersion:
    """A new version of a body's document: the next number, under the document's row
    lock, so two uploads at once become versions n+1 and n+2."""
    require(actor, "secretariat.manage_body_documents", document.body)
    note = _check_version_note(note)
    with service_transaction():
        document = lock_body_document(document.pk)
        latest = document.versions.aggregate(latest=Max("number"))["latest"] or 0
        version = _add_version(
            actor=actor,
            document=document,
            number=latest + 1,
            uploaded=uploaded,
            note=note,
        )
        audit_record(
            actor=actor,
            action="body.document_version_add",
            target=document.body,
            message=f"{document.title} v{version.number}",
            data={
                "document": document.pk,
                "version": version.number,
                "file": str(version.file_id),
            },
        )
    return version
