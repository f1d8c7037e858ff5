"""The agenda pipeline (議案): draft → submit → accept / return → place → decide.

Every move locks the item's row (after its meeting's, where it is on one), checks the
acting user's role and then the item's state against ``AgendaItem.ACTIONS``, changes
the state and records who, when and why. Two council members acting on the same item
at once are served one after the other: the second finds the item already moved and
is refused with a message. The steps here are shared by the decisions and by the
resolutions without a meeting.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Person, Role, RoleAssignment
from wco_sse.core.audit import actor_label, audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..models import AgendaItem, AgendaTransition, Body, Meeting, Source
from .agenda_order import insert_at, lock_agenda
from .common import site_url
from .locks import item_moved, lock_item, lock_item_with_meeting, lock_meeting

S = AgendaItem.Status


def available_actions(user, item):
    """The actions ``user`` may take on ``item`` in its current state (for buttons)."""
    return [
        action
        for action in AgendaItem.ACTIONS.values()
        if item.status in action.sources and user.has_perm(action.perm, item)
    ]


def action_check(actor, item, action):
    """Refuse a wrong role first (it must not learn more), then a wrong state."""
    require(
        actor,
        action.perm,
        item,
        message=_("You may not %(action)s this item.")
        % {"action": str(action.label).lower()},
    )
    if item.status not in action.sources:
        raise ServiceError(
            _("This item is %(status)s: it can't be changed that way (%(action)s).")
            % {"status": item.get_status_display(), "action": action.label},
            code="wrong_state",
        )


def check_not_moved(item, meeting):
    if item_moved(item, meeting):
        raise ServiceError(_("The item was moved; please reload the page."))


def transition_log(item, *, actor, from_status, meeting=None, reason=""):
    """One line of the item's history: the move just made, by whom and why."""
    AgendaTransition.objects.create(
        item=item,
        from_status=from_status,
        to_status=item.status,
        meeting=meeting,
        actor=actor,
        actor_label=actor_label(actor),
        reason=reason,
    )


def section_notify(item, *, event):
    """Tell the section's members (and the drafter) that their item moved."""
    if not item.is_from_section:
        return
    people = (
        Person.objects.filter(
            pk__in=RoleAssignment.objects.current()
            .filter(role=Role.SECTION_MEMBER, scope=item.source)
            .values("person_id")
        )
        .select_related("account")
        .order_by("pk")
    )
    url = site_url(reverse("secretariat:item_detail", args=[item.pk]))
    for person in people:
        email_queue(
            key=f"item:{item.pk}:{event}:{person.pk}",
            template="secretariat/item_update",
            to=person.contact_email,
            language=person.language,
            context={"person": person, "item": item, "url": url},
        )


def _move(item, action, meeting):
    """Apply ``action`` to the (locked) item; return the fields it changed."""
    update = ["status", "updated_at"]
    item.status = action.target
    if action.name == "submit":
        now = timezone.now()
        item.submitted_at = now
        deadline = (
            item.target_meeting.submission_deadline if item.target_meeting_id else None
        )
        item.submitted_late = deadline is not None and now > deadline
        update += ["submitted_at", "submitted_late"]
    if action.name == "unplace":
        if meeting.status not in Meeting.OPEN:
            raise ServiceError(
                _("The meeting has taken place: record the item's outcome instead.")
            )
        item.meeting = None
        update.append("meeting")
    return update


def agenda_item_transition(
    *, actor, item: AgendaItem, action: str, reason: str = ""
) -> AgendaItem:
    """submit, withdraw, accept, return or unplace ``item``."""
    if action not in AgendaItem.SIMPLE_ACTIONS:
        raise ServiceError(_("Choose an action."), field="action")
    spec = AgendaItem.ACTIONS[action]
    reason = reason.strip()
    if spec.needs_reason and not reason:
        raise ServiceError(
            _("Please say why the item is returned to the section."), field="reason"
        )
    with service_transaction():
        meeting, item = lock_item_with_meeting(item.pk)
        action_check(actor, item, spec)
        check_not_moved(item, meeting)
        from_status = item.status
        item.save(update_fields=_move(item, spec, meeting))
        transition_log(
            item, actor=actor, from_status=from_status, meeting=meeting, reason=reason
        )
        audit_record(
            actor=actor, action=f"agenda.{action}", target=item, message=reason
        )
        if action in ("accept", "return"):
            section_notify(item, event=f"{action}:{item.transitions.count()}")
    return item


def _check_placeable_on(item, meeting):
    if meeting.status not in Meeting.OPEN:
        raise ServiceError(
            _("Items can be placed only on a meeting that is scheduled or convened."),
            field="meeting",
        )
    wanted = Body.Kind.ASSEMBLY if item.referred_from_id else Body.Kind.BOARD
    if meeting.body.kind != wanted:
        raise ServiceError(
            _("This item goes to a meeting of the general assembly.")
            if wanted == Body.Kind.ASSEMBLY
            else _("This item goes to a board meeting."),
            field="meeting",
        )


def agenda_item_place(
    *, actor, item: AgendaItem, meeting: Meeting, order: int | None = None
) -> AgendaItem:
    """上程: put an accepted (or carried-over) item on a board meeting, in an order.

    Items referred by the board go to the general assembly instead.
    """
    with service_transaction():
        meeting = lock_meeting(meeting.pk)
        # The item and those already on the agenda, locked in primary-key order: the
        # position given is its place among them (the others move down one).
        agenda = lock_agenda(meeting, including=item)
        item = next(row for row in agenda if row.pk == item.pk)
        action_check(actor, item, AgendaItem.ACTIONS["place"])
        _check_placeable_on(item, meeting)
        from_status = item.status
        item.status = S.PLACED
        item.meeting = meeting
        item.save(update_fields=["status", "meeting", "updated_at"])
        insert_at(agenda, item, order)
        transition_log(item, actor=actor, from_status=from_status, meeting=meeting)
        audit_record(
            actor=actor, action="agenda.place", target=item, message=str(meeting)
        )
        section_notify(item, event=f"place:{meeting.pk}")
    return item


def agenda_item_refer_to_assembly(
    *, actor, item: AgendaItem, resolution_type: str
) -> AgendaItem:
    """A matter the board adopted goes on to the general assembly, as a new item of the
    board (理事会) through the same pipeline."""
    require(actor, "secretariat.place_item")
    if resolution_type not in AgendaItem.ResolutionType.values:
        raise ServiceError(_("Choose the type of resolution."), field="resolution_type")
    with service_transaction():
        item = lock_item(item.pk)
        if item.status not in AgendaItem.ADOPTED or item.referred_from_id:
            raise ServiceError(
                _("Only an item the board adopted can be sent to the general assembly.")
            )
        if item.referrals.exists():
            raise ServiceError(
                _("This item has already been sent to the general assembly.")
            )
        referral = AgendaItem.objects.create(
            source=Source.BOARD,
            kind=AgendaItem.Kind.DELIBERATION,
            title=item.title,
            body=item.body,
            resolution_type=resolution_type,
            status=S.ACCEPTED,
            referred_from=item,
            created_by=actor,
        )
        transition_log(
            referral,
            actor=actor,
            from_status="",
            reason=_("Referred by the board from item %(pk)s") % {"pk": item.pk},
        )
        audit_record(
            actor=actor,
            action="agenda.refer",
            target=item,
            data={"referral": referral.pk},
        )
    return referral
