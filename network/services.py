"""Writes of the network section: the contact log, and the weekly reminder of overdue
follow-ups."""

import datetime
from itertools import groupby

from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.models import AgendaItem, Source
from secretariat.services import agenda_item_create_within, draftable_sources
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.files import file_attach
from wco_sse.core.transactions import service_transaction

from .models import Contact, Proposal, category_for_legal_form
from .selectors import contact_people
from .validation import follow_up_problem

CONTACT_FIELDS = (
    "date",
    "channel",
    "category",
    "their_people",
    "topic",
    "summary",
    "follow_up",
    "follow_up_owner",
    "follow_up_due",
)


def contact_initial_category(*, organization):
    """The partner category a new contact starts from: the organization's legal form's."""
    return category_for_legal_form(organization.legal_form)


def _check_follow_up(data, *, allowed_owners):
    """A follow-up is someone's (in the section or the secretariat), by a date."""
    problem = follow_up_problem(data)
    if problem is not None:
        raise problem
    owner = data.get("follow_up_owner")
    if owner is not None and owner.pk not in allowed_owners:
        raise ServiceError(
            _(
                "The follow-up's owner must be in the network section or the secretariat."
            ),
            field="follow_up_owner",
        )


def _check_our_people(people, *, allowed):
    if any(person.pk not in allowed for person in people):
        raise ServiceError(
            _("Our people are the network section's members and the secretariat."),
            field="our_people",
        )


def contact_create(*, actor, organization, data) -> Contact:
    """Record a contact with ``organization``. ``data`` holds the form's fields and
    ``our_people`` (people of the network section or the secretariat)."""
    require(actor, "network.add_contact", organization)
    allowed = set(contact_people().values_list("pk", flat=True))
    _check_follow_up(data, allowed_owners=allowed)
    our_people = list(data.get("our_people") or ())
    _check_our_people(our_people, allowed=allowed)
    with service_transaction():
        contact = Contact(organization=organization, created_by=actor)
        for name in CONTACT_FIELDS:
            setattr(contact, name, data.get(name))
        contact.their_people = contact.their_people or ""
        contact.summary = contact.summary or ""
        contact.follow_up = (contact.follow_up or "").strip()
        contact.category = contact.category or contact_initial_category(
            organization=organization
        )
        contact.save()
        contact.our_people.set(our_people)
        audit_record(actor=actor, action="contact.create", target=contact)
    return contact


def contact_update(*, actor, contact, data) -> Contact:
    """Change a contact. People already on it stay allowed (someone who has left the
    section since is still who was there)."""
    require(actor, "network.change_contact", contact)
    allowed = set(contact_people().values_list("pk", flat=True))
    previous = {person.pk for person in contact.our_people.all()}
    owner_before = {contact.follow_up_owner_id} - {None}
    _check_follow_up(data, allowed_owners=allowed | owner_before)
    our_people = list(data.get("our_people") or ())
    _check_our_people(our_people, allowed=allowed | previous)
    with service_transaction():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        changed = []
        for name in CONTACT_FIELDS:
            value = data.get(name)
            if name in ("their_people", "summary", "follow_up"):
                value = (value or "").strip() if name == "follow_up" else value or ""
            if getattr(locked, name) != value:
                changed.append(name)
                setattr(locked, name, value)
        if not locked.follow_up and locked.follow_up_done:
            locked.follow_up_done = False
            changed.append("follow_up_done")
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
        if {person.pk for person in our_people} != previous:
            locked.our_people.set(our_people)
            changed.append("our_people")
        if changed:
            audit_record(
                actor=actor,
                action="contact.update",
                target=locked,
                data={"fields": changed},
            )
    return locked


def contact_follow_up_done(*, actor, contact, done=True) -> Contact:
    """Mark the contact's follow-up done (or open again)."""
    require(actor, "network.complete_follow_up", contact)
    with service_transaction():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if not locked.follow_up:
            raise ServiceError(_("This contact has no follow-up."))
        if locked.follow_up_done != done:
            locked.follow_up_done = done
            locked.save(update_fields=["follow_up_done", "updated_at"])
            audit_record(
                actor=actor,
                action="contact.follow_up_done" if done else "contact.follow_up_reopen",
                target=locked,
            )
    return locked


def follow_up_reminders_send(*, day: datetime.date | None = None) -> int:
    """Email each owner of overdue follow-ups the list of them, once a week.

    Safe to run twice: the email's key names the owner and the ISO week."""
    day = day or timezone.localdate()
    year, week, _weekday = day.isocalendar()
    overdue = (
        Contact.objects.overdue(day)
        .select_related("organization", "follow_up_owner__account")
        .order_by("follow_up_owner_id", "follow_up_due", "pk")
    )
    queued = 0
    for _owner_id, rows in groupby(overdue, key=lambda c: c.follow_up_owner_id):
        contacts = list(rows)
        owner = contacts[0].follow_up_owner
        # One transaction per email: a failure leaves the others queued.
        with service_transaction():
            if email_queue(
                key=f"network-follow-ups-overdue:{owner.pk}:{year}-W{week:02d}",
                template="network/follow_ups_overdue",
                to=owner.contact_email,
                language=owner.language,
                context={"person": owner, "contacts": contacts, "day": day},
            ):
                queued += 1
    return queued


# --- Policy proposals and research (政策提言・調査研究) --------------------------------------

PROPOSAL_FIELDS = ("kind", "title", "purpose", "body", "answer_summary")


def _check_proposal(data):
    if not (data.get("title") or "").strip():
        raise ServiceError(_("Give the proposal a title."), field="title")
    if data.get("kind") not in Proposal.Kind.values:
        raise ServiceError(_("Choose the kind of proposal."), field="kind")


def proposal_create(*, actor, data) -> Proposal:
    """Record a proposal (under consideration). ``data`` holds the form's fields and
    ``addressees`` (organizations of the registry)."""
    require(actor, "network.change_proposal")
    _check_proposal(data)
    with service_transaction():
        proposal = Proposal(created_by=actor)
        for name in PROPOSAL_FIELDS:
            setattr(proposal, name, (data.get(name) or "").strip())
        proposal.save()
        proposal.addressees.set(list(data.get("addressees") or ()))
        audit_record(actor=actor, action="proposal.create", target=proposal)
    return proposal


def proposal_update(*, actor, proposal, data) -> Proposal:
    require(actor, "network.change_proposal", proposal)
    _check_proposal(data)
    with service_transaction():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        changed = []
        for name in PROPOSAL_FIELDS:
            value = (data.get(name) or "").strip()
            if getattr(locked, name) != value:
                changed.append(name)
                setattr(locked, name, value)
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
        addressees = list(data.get("addressees") or ())
        if {o.pk for o in addressees} != {o.pk for o in proposal.addressees.all()}:
            locked.addressees.set(addressees)
            changed.append("addressees")
        if changed:
            audit_record(
                actor=actor,
                action="proposal.update",
                target=locked,
                data={"fields": changed},
            )
    return locked


def proposal_advance(*, actor, proposal, to_state, day=None) -> Proposal:
    """Move the proposal one step on (検討中 → 理事会承認 → 提出済 → 回答あり → 終了),
    recording the day of the step. Any other move is refused."""
    require(actor, "network.change_proposal", proposal)
    day = day or timezone.localdate()
    with service_transaction():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if to_state not in Proposal.State.values or locked.next_state != to_state:
            raise ServiceError(
                _("A proposal that is %(state)s cannot move to that state.")
                % {"state": locked.get_state_display()}
            )
        previous = [
            getattr(locked, field)
            for field in Proposal.STATE_DATES.values()
            if getattr(locked, field)
        ]
        if previous and day < max(previous):
            raise ServiceError(
                _("The date cannot be before the proposal's previous step."),
                field="day",
            )
        from_state = locked.state
        locked.state = to_state
        date_field = Proposal.STATE_DATES[to_state]
        setattr(locked, date_field, day)
        locked.save(update_fields=["state", date_field, "updated_at"])
        audit_record(
            actor=actor,
            action="proposal.transition",
            target=locked,
            data={"from": from_state, "to": to_state, "day": day.isoformat()},
        )
    return locked


def proposal_draft_agenda_item(*, actor, proposal):
    """Draft an agenda item on the proposal in the secretariat's pipeline, and link it:
    for decision while the proposal awaits the board's approval, a report after."""
    require(actor, "network.change_proposal", proposal)
    sources = draftable_sources(actor)
    source = Source.NETWORK if Source.NETWORK in sources else Source.SECRETARIAT
    kind = (
        AgendaItem.Kind.DELIBERATION
        if proposal.state == Proposal.State.CONSIDERING
        else AgendaItem.Kind.REPORT
    )
    body = "\n\n".join(
        part
        for part in (proposal.purpose, proposal.body, proposal.answer_summary)
        if part
    )
    title = f"{proposal.get_kind_display()}: {proposal.title}"[:200]
    with service_transaction():
        item = agenda_item_create_within(
            actor=actor, source=source, kind=kind, title=title, body=body
        )
        proposal.agenda_items.add(item)
        audit_record(
            actor=actor,
            action="proposal.agenda_item",
            target=proposal,
            data={"item": item.pk},
        )
    return item


def proposal_file_attach(*, actor, proposal, uploaded, description=""):
    """Keep a document (the proposal as sent, the answer received) on the proposal."""
    require(actor, "network.change_proposal", proposal)
    with service_transaction():
        stored = file_attach(
            actor=actor, target=proposal, uploaded=uploaded, description=description
        )
        audit_record(actor=actor, action="proposal.file_attach", target=proposal)
    return stored
