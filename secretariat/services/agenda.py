"""The agenda pipeline (議案): draft → submit → accept / return → place → decide.

Every transition locks the item's row, checks the acting user's role and the item's
state against the table below, changes the state and records who, when and why.
Two council members acting on the same item at once are served one after the other:
the second finds the item already moved and is refused with a message.
"""

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Person, Role, RoleAssignment
from members.roles import roles_of
from wco_sse.core.audit import actor_label, audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import PermissionDenied, ServiceError, require
from wco_sse.core.files import file_attach
from wco_sse.core.uploads import ALL_KINDS

from ..models import (
    SECTION_SOURCES,
    AgendaComment,
    AgendaItem,
    AgendaTransition,
    Body,
    Meeting,
    Source,
    SpecialInterest,
)
from .common import site_url

S = AgendaItem.Status


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple  # states it may start from
    target: str | None  # the state it leads to (None: decided by the service)
    perm: str  # the permission on the item
    needs_reason: bool = False


ACTIONS = {
    action.name: action
    for action in (
        Action(
            "submit",
            gettext_lazy("Submit"),
            (S.DRAFT, S.RETURNED),
            S.SUBMITTED,
            "secretariat.submit_item",
        ),
        Action(
            "withdraw",
            gettext_lazy("Withdraw"),
            (S.DRAFT, S.SUBMITTED, S.RETURNED, S.ACCEPTED),
            S.WITHDRAWN,
            "secretariat.withdraw_item",
        ),
        Action(
            "accept",
            gettext_lazy("Accept"),
            (S.SUBMITTED,),
            S.ACCEPTED,
            "secretariat.review_item",
        ),
        Action(
            "return",
            gettext_lazy("Return to the section"),
            (S.SUBMITTED,),
            S.RETURNED,
            "secretariat.review_item",
            needs_reason=True,
        ),
        Action(
            "place",
            gettext_lazy("Place on a meeting"),
            (S.ACCEPTED, S.DEFERRED),
            S.PLACED,
            "secretariat.place_item",
        ),
        Action(
            "unplace",
            gettext_lazy("Take off the agenda"),
            (S.PLACED,),
            S.ACCEPTED,
            "secretariat.place_item",
        ),
        Action(
            "decide",
            gettext_lazy("Record the outcome"),
            (S.PLACED,),
            None,
            "secretariat.decide_item",
        ),
    )
}
# Actions done from the item page's simple form (place and decide have their own).
SIMPLE_ACTIONS = ("submit", "withdraw", "accept", "return", "unplace")


def available_actions(user, item):
    """The actions ``user`` may take on ``item`` in its current state (for buttons)."""
    return [
        action
        for action in ACTIONS.values()
        if item.status in action.sources and user.has_perm(action.perm, item)
    ]


def _log(item, *, actor, from_status, meeting=None, reason=""):
    AgendaTransition.objects.create(
        item=item,
        from_status=from_status,
        to_status=item.status,
        meeting=meeting,
        actor=actor,
        actor_label=actor_label(actor),
        reason=reason,
    )


def _check(actor, item, action):
    """Refuse a wrong role first (it must not learn more), then a wrong state."""
    if not actor.has_perm(action.perm, item):
        raise PermissionDenied(
            _("You may not %(action)s this item.")
            % {"action": str(action.label).lower()}
        )
    if item.status not in action.sources:
        raise ServiceError(
            _("This item is %(status)s: it can't be changed that way (%(action)s).")
            % {"status": item.get_status_display(), "action": action.label},
            code="wrong_state",
        )


def _lock_item(item):
    return AgendaItem.objects.select_for_update().get(pk=item.pk)


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


def draftable_sources(user):
    snapshot = roles_of(user)
    sources = [s for s in SECTION_SOURCES if snapshot.has(Role.SECTION_MEMBER, s)]
    if snapshot.is_secretariat:
        sources += [Source.SECRETARIAT, Source.BOARD]
    return sources


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
    require(actor, "secretariat.draft_item")
    _validate_fields(
        title=title, kind=kind, source=source, resolution_type=resolution_type
    )
    if source not in draftable_sources(actor):
        raise PermissionDenied(
            _("You may draft items only for your own section."), field="source"
        )
    _check_target(target_meeting)
    with transaction.atomic():
        item = AgendaItem.objects.create(
            source=source,
            kind=kind,
            title=title.strip(),
            body=body,
            target_meeting=target_meeting,
            resolution_type=resolution_type,
            activity_report_of=activity_report_of,
            created_by=actor,
        )
        _log(item, actor=actor, from_status="")
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
    _validate_fields(
        title=title, kind=kind, source=item.source, resolution_type=resolution_type
    )
    _check_target(target_meeting)
    with transaction.atomic():
        item = _lock_item(item)
        if not actor.has_perm("secretariat.submit_item", item):
            raise PermissionDenied(_("You may not edit this item."))
        if item.status not in AgendaItem.EDITABLE:
            raise ServiceError(
                _("This item is %(status)s: it can no longer be edited.")
                % {"status": item.get_status_display()}
            )
        item.kind, item.title, item.body = kind, title.strip(), body
        item.target_meeting = target_meeting
        item.resolution_type = resolution_type
        item.activity_report_of = activity_report_of
        item.save(
            update_fields=[
                "kind",
                "title",
                "body",
                "target_meeting",
                "resolution_type",
                "activity_report_of",
                "updated_at",
            ]
        )
        audit_record(actor=actor, action="agenda.update", target=item)
    return item


def agenda_item_attach(*, actor, item: AgendaItem, uploaded, description=""):
    """Attach a paper to an item under the upload policy (while it can be edited)."""
    require(actor, "secretariat.edit_item_files", item)
    return file_attach(
        actor=actor,
        target=item,
        uploaded=uploaded,
        description=description,
        kinds=ALL_KINDS,
    )


def _notify_section(item, *, event):
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


def agenda_item_transition(
    *, actor, item: AgendaItem, action: str, reason: str = ""
) -> AgendaItem:
    """submit, withdraw, accept, return or unplace ``item``."""
    if action not in SIMPLE_ACTIONS:
        raise ServiceError(_("Choose an action."), field="action")
    spec = ACTIONS[action]
    if spec.needs_reason and not reason.strip():
        raise ServiceError(
            _("Please say why the item is returned to the section."), field="reason"
        )
    with transaction.atomic():
        item = _lock_item(item)
        _check(actor, item, spec)
        from_status = item.status
        update = ["status", "updated_at"]
        meeting = item.meeting
        item.status = spec.target
        if action == "submit":
            now = timezone.now()
            item.submitted_at = now
            deadline = (
                item.target_meeting.submission_deadline
                if item.target_meeting_id
                else None
            )
            item.submitted_late = deadline is not None and now > deadline
            update += ["submitted_at", "submitted_late"]
        if action == "unplace":
            if item.meeting.status not in Meeting.OPEN:
                raise ServiceError(
                    _("The meeting has taken place: record the item's outcome instead.")
                )
            item.meeting = None
            update.append("meeting")
        item.save(update_fields=update)
        _log(
            item,
            actor=actor,
            from_status=from_status,
            meeting=meeting,
            reason=reason.strip(),
        )
        audit_record(
            actor=actor,
            action=f"agenda.{action}",
            target=item,
            message=reason.strip(),
        )
        if action in ("accept", "return"):
            _notify_section(item, event=f"{action}:{item.transitions.count()}")
    return item


def agenda_item_place(
    *, actor, item: AgendaItem, meeting: Meeting, order: int | None = None
) -> AgendaItem:
    """上程: put an accepted (or carried-over) item on a board meeting, in an order.

    Items referred by the board go to the general assembly instead.
    """
    spec = ACTIONS["place"]
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_related("body")
            .select_for_update(of=("self",))
            .get(pk=meeting.pk)
        )
        item = _lock_item(item)
        _check(actor, item, spec)
        if meeting.status not in Meeting.OPEN:
            raise ServiceError(
                _(
                    "Items can be placed only on a meeting that is scheduled or convened."
                ),
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
        if order is None or order < 1:
            last = (
                AgendaItem.objects.filter(meeting=meeting, status=S.PLACED)
                .order_by("-order")
                .values_list("order", flat=True)
                .first()
            )
            order = (last or 0) + 1
        from_status = item.status
        item.status = S.PLACED
        item.meeting = meeting
        item.order = order
        item.save(update_fields=["status", "meeting", "order", "updated_at"])
        _log(item, actor=actor, from_status=from_status, meeting=meeting)
        audit_record(
            actor=actor, action="agenda.place", target=item, message=str(meeting)
        )
        _notify_section(item, event=f"place:{meeting.pk}")
    return item


def agenda_comment_add(*, actor, item: AgendaItem, text: str) -> AgendaComment:
    require(actor, "secretariat.comment_item", item)
    if not text.strip():
        raise ServiceError(_("Write a comment."), field="text")
    if item.is_final:
        raise ServiceError(_("This item is closed; comments are no longer taken."))
    return AgendaComment.objects.create(
        item=item, author=actor, author_label=actor_label(actor), text=text.strip()
    )


def special_interest_declare(
    *, actor, item: AgendaItem, person: Person, reason: str = ""
) -> SpecialInterest:
    """Record a director's special interest (特別利害関係) in ``item``: the director
    themself, beforehand, or the secretariat."""
    require(actor, "secretariat.declare_interest", item)
    snapshot = roles_of(actor)
    self_declared = person.pk == snapshot.person_id
    if not snapshot.is_secretariat and not self_declared:
        raise PermissionDenied(_("Directors declare their own special interests."))
    with transaction.atomic():
        item = _lock_item(item)
        if item.status not in (S.SUBMITTED, S.ACCEPTED, S.PLACED, S.DEFERRED):
            raise ServiceError(
                _("Special interests are declared before the item is decided.")
            )
        if (
            item.meeting_id
            and item.decisions.filter(meeting_id=item.meeting_id).exists()
        ):
            raise ServiceError(_("The item has been decided at this meeting."))
        day = item.meeting.day if item.meeting_id else timezone.localdate()
        from members.models.roles import DIRECTOR_ROLES

        if (
            not RoleAssignment.objects.current(day)
            .filter(person=person, role__in=DIRECTOR_ROLES)
            .exists()
        ):
            raise ServiceError(
                _("Only directors have special interests to declare."), field="person"
            )
        interest, created = SpecialInterest.objects.get_or_create(
            item=item,
            person=person,
            defaults={
                "reason": reason.strip()[:300],
                "self_declared": self_declared,
                "declared_by": actor,
            },
        )
        if not created:
            raise ServiceError(
                _("%(person)s's special interest is already recorded.")
                % {"person": person},
                field="person",
            )
        audit_record(
            actor=actor,
            action="agenda.special_interest",
            target=item,
            message=f"{person}: {reason.strip()}",
        )
    return interest


def special_interest_remove(*, actor, interest: SpecialInterest):
    require(actor, "secretariat.decide_item", interest.item)
    with transaction.atomic():
        item = _lock_item(interest.item)
        if item.status not in (S.SUBMITTED, S.ACCEPTED, S.PLACED, S.DEFERRED):
            raise ServiceError(_("The item has been decided."))
        interest.delete()
        audit_record(
            actor=actor,
            action="agenda.special_interest_remove",
            target=item,
            message=str(interest.person),
        )


def agenda_item_refer_to_assembly(
    *, actor, item: AgendaItem, resolution_type: str
) -> AgendaItem:
    """A matter the board adopted goes on to the general assembly, as a new item of the
    board (理事会) through the same pipeline."""
    require(actor, "secretariat.place_item")
    if resolution_type not in AgendaItem.ResolutionType.values:
        raise ServiceError(_("Choose the type of resolution."), field="resolution_type")
    with transaction.atomic():
        item = _lock_item(item)
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
        _log(
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
