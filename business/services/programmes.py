"""Programmes (事業): the kinds the section keeps, a programme with its lead, period
and state, its partners (委託元, JV構成員 with their share, 再委託先 with the
client's approval, 協力団体), its documents, and the agenda items about it.

Lock order within the business section: Programme → Partner (a programme is its
partners' parent). The secretariat's agenda item is created inside the programme's
lock; the board's decision comes back through the subject handler, inside the
decision's own transaction.
"""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError
from django.utils.translation import gettext as _

from secretariat.models import AgendaItem, Source
from secretariat.services import agenda_item_create_within, draftable_sources
from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.files import file_attach
from wco_sse.core.transactions import service_transaction

from ..models import Partner, Programme, ProgrammeKind
from ..selectors.programmes import business_members, items_about

KIND_FIELDS = ("name", "group", "description", "contracted", "position", "active")
PROGRAMME_FIELDS = ("kind", "title", "purpose", "start", "end", "lead")
SHARE_LIMIT = Decimal("100")


def _lock_programme(pk) -> Programme:
    return Programme.objects.select_for_update(of=("self",)).get(pk=pk)


def _text(data, name):
    return (data.get(name) or "").strip()


# --- Kinds ----------------------------------------------------------------------------------


def _kind_values(data):
    values = {
        "name": _text(data, "name"),
        "group": _text(data, "group"),
        "description": _text(data, "description"),
        "contracted": bool(data.get("contracted")),
        "active": bool(data.get("active", True)),
    }
    if not values["name"]:
        raise ServiceError(_("Give the kind a name."), field="name")
    position = data.get("position")
    values["position"] = 100 if position in (None, "") else position
    if not isinstance(values["position"], int) or not 0 <= values["position"] <= 32767:
        raise ServiceError(_("Give an order between 0 and 32767."), field="position")
    return values


def _check_kind_unique(values, exclude_pk=None):
    taken = ProgrammeKind.objects.filter(group=values["group"], name=values["name"])
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ServiceError(
            _("There is already a kind of this name in this group."), field="name"
        )


def kind_create(*, actor, data) -> ProgrammeKind:
    """A new kind of programme (data: no code needed)."""
    require(actor, "business.manage_kinds")
    values = _kind_values(data)
    with service_transaction():
        _check_kind_unique(values)
        kind = ProgrammeKind.objects.create(**values)
        audit_record(actor=actor, action="programme_kind.create", target=kind)
    return kind


def kind_update(*, actor, kind, data) -> ProgrammeKind:
    require(actor, "business.manage_kinds")
    values = _kind_values(data)
    with service_transaction():
        locked = ProgrammeKind.objects.select_for_update().get(pk=kind.pk)
        _check_kind_unique(values, exclude_pk=locked.pk)
        changed = [n for n, v in values.items() if getattr(locked, n) != v]
        for name in changed:
            setattr(locked, name, values[name])
        if changed:
            locked.save(update_fields=changed)
            audit_record(
                actor=actor,
                action="programme_kind.update",
                target=locked,
                message=", ".join(sorted(changed)),
            )
    return locked


# --- Programmes -------------------------------------------------------------------------------


def _programme_values(data, *, current=None):
    kind = data.get("kind")
    if not isinstance(kind, ProgrammeKind):
        raise ServiceError(_("Choose the kind of programme."), field="kind")
    if not kind.active and (current is None or current.kind_id != kind.pk):
        raise ServiceError(_("This kind is no longer in use."), field="kind")
    title = _text(data, "title")
    if not title:
        raise ServiceError(_("Give the programme a title."), field="title")
    start, end = data.get("start"), data.get("end")
    if start and end and end < start:
        raise ServiceError(_("The end comes before the start."), field="end")
    lead = data.get("lead")
    if lead is None:
        raise ServiceError(_("Choose the programme's lead."), field="lead")
    unchanged = current is not None and current.lead_id == lead.pk
    if not unchanged and not business_members().filter(pk=lead.pk).exists():
        raise ServiceError(
            _("The lead is a member of the business section."), field="lead"
        )
    return {
        "kind": kind,
        "title": title,
        "purpose": _text(data, "purpose"),
        "start": start,
        "end": end,
        "lead": lead,
    }


def programme_create(*, actor, data) -> Programme:
    """Record a programme, under study (検討中)."""
    require(actor, "business.manage_programme")
    values = _programme_values(data)
    with service_transaction():
        programme = Programme.objects.create(created_by=actor, **values)
        audit_record(actor=actor, action="programme.create", target=programme)
    return programme


def programme_update(*, actor, programme, data) -> Programme:
    """Change what the programme is (not its state: ``programme_move``)."""
    require(actor, "business.manage_programme", programme)
    with service_transaction():
        locked = _lock_programme(programme.pk)
        values = _programme_values(data, current=locked)
        changed = [n for n, v in values.items() if getattr(locked, n) != v]
        for name in changed:
            setattr(locked, name, values[name])
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
            audit_record(
                actor=actor,
                action="programme.update",
                target=locked,
                message=", ".join(sorted(changed)),
            )
    return locked


def next_states(programme) -> list:
    return [Programme.State(s) for s in Programme.TRANSITIONS.get(programme.state, ())]


def _move_within(*, actor, programme, to_state, why=""):
    from_state = programme.state
    if to_state not in Programme.TRANSITIONS.get(from_state, ()):
        raise ServiceError(
            _("A programme %(from)s cannot become %(to)s.")
            % {
                "from": programme.get_state_display(),
                "to": Programme.State(to_state).label
                if to_state in Programme.State.values
                else to_state,
            },
            field="state",
        )
    programme.state = to_state
    programme.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action="programme.move",
        target=programme,
        message=why,
        data={"from": from_state, "to": to_state},
    )
    return programme


def programme_move(*, actor, programme, to_state) -> Programme:
    """Move the programme on, as ``Programme.TRANSITIONS`` allow."""
    require(actor, "business.manage_programme", programme)
    with service_transaction():
        locked = _lock_programme(programme.pk)
        return _move_within(actor=actor, programme=locked, to_state=to_state)


# --- Partners ---------------------------------------------------------------------------------


def _share(value):
    if value in (None, ""):
        return None
    try:
        share = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ServiceError(_("Give the share in percent."), field="share") from None
    if not share.is_finite() or share <= 0 or share > SHARE_LIMIT:
        raise ServiceError(
            _("A share is more than 0% and at most 100%."), field="share"
        )
    if share != share.quantize(Decimal("0.01")):
        raise ServiceError(
            _("Give the share with at most two decimals."), field="share"
        )
    return share


def _partner_values(data):
    organization = data.get("organization")
    if organization is None:
        raise ServiceError(_("Choose the organization."), field="organization")
    part = data.get("part")
    if part not in Partner.Part.values:
        raise ServiceError(_("Choose the organization's part."), field="part")
    share = _share(data.get("share"))
    approved_on = data.get("client_approved_on")
    if part == Partner.Part.JV_MEMBER and share is None:
        raise ServiceError(_("Give the joint venture member's share."), field="share")
    if part != Partner.Part.JV_MEMBER and share is not None:
        raise ServiceError(_("Only a joint venture member has a share."), field="share")
    if part == Partner.Part.SUBCONTRACTOR and approved_on is None:
        raise ServiceError(
            _("Give the date the client approved the subcontracting."),
            field="client_approved_on",
        )
    if part != Partner.Part.SUBCONTRACTOR and approved_on is not None:
        raise ServiceError(
            _("Only a subcontractor has the client's approval date."),
            field="client_approved_on",
        )
    return {
        "organization": organization,
        "part": part,
        "share": share,
        "client_approved_on": approved_on,
        "note": _text(data, "note")[:200],
    }


def partner_add(*, actor, programme, data) -> Partner:
    """An organization takes part in the programme. A joint venture's shares add up
    to 100% at most."""
    require(actor, "business.manage_programme", programme)
    values = _partner_values(data)
    with service_transaction():
        locked = _lock_programme(programme.pk)
        existing = Partner.objects.filter(programme=locked)
        if existing.filter(
            organization=values["organization"], part=values["part"]
        ).exists():
            raise ServiceError(
                _("This organization already takes this part in the programme."),
                field="organization",
            )
        if values["share"] is not None:
            taken = sum(
                (p.share or 0 for p in existing.filter(part=Partner.Part.JV_MEMBER)),
                Decimal(0),
            )
            if taken + values["share"] > SHARE_LIMIT:
                raise ServiceError(
                    _(
                        "The joint venture's shares would add up to %(total)s%%: at most 100%%."
                    )
                    % {"total": f"{taken + values['share']:g}"},
                    field="share",
                )
        try:
            partner = Partner.objects.create(programme=locked, **values)
        except IntegrityError:
            raise ServiceError(
                _("This organization already takes this part in the programme."),
                field="organization",
            ) from None
        audit_record(
            actor=actor,
            action="programme.partner_add",
            target=locked,
            message=str(partner),
            data={"organization": partner.organization_id, "part": partner.part},
        )
    return partner


def partner_remove(*, actor, partner) -> None:
    require(actor, "business.manage_programme", partner.programme)
    with service_transaction():
        locked = _lock_programme(partner.programme_id)
        row = Partner.objects.select_for_update().filter(
            pk=partner.pk, programme=locked
        )
        found = row.select_related("organization").first()
        if found is None:
            raise ServiceError(_("This partner has already been removed."))
        label = str(found)
        found.delete()
        audit_record(
            actor=actor,
            action="programme.partner_remove",
            target=locked,
            message=label,
            data={"organization": found.organization_id, "part": found.part},
        )


# --- Documents -----------------------------------------------------------------------------------


def programme_file_attach(*, actor, programme, uploaded, description=""):
    """Keep a document of the programme (a plan, a specification, minutes)."""
    require(actor, "business.manage_programme", programme)
    with service_transaction():
        locked = _lock_programme(programme.pk)
        return file_attach(
            actor=actor, target=locked, uploaded=uploaded, description=description
        )


# --- Agenda items ----------------------------------------------------------------------------------


def item_title(programme) -> str:
    return (_("On the programme “%(title)s”") % {"title": programme.title})[:200]


def item_body(programme) -> str:
    lines = [
        _("Kind: %(kind)s") % {"kind": programme.kind},
        _("Lead: %(lead)s") % {"lead": programme.lead.full_name},
    ]
    if programme.start or programme.end:
        lines.append(
            _("Period: %(start)s – %(end)s")
            % {
                "start": programme.start.isoformat() if programme.start else "—",
                "end": programme.end.isoformat() if programme.end else "—",
            }
        )
    partners = list(
        programme.partners.select_related("organization").order_by("part", "pk")
    )
    if partners:
        lines.append(
            _("Partners: %(partners)s")
            % {"partners": "、".join(str(p) for p in partners)}
        )
    if programme.purpose:
        lines.append(_("Purpose: %(purpose)s") % {"purpose": programme.purpose})
    return "\n\n".join(lines)


def programme_draft_item(*, actor, programme) -> AgendaItem:
    """Draft a business-section item for decision (審議事項) about the programme,
    pre-filled and linked to it. One draft at a time."""
    require(actor, "business.manage_programme", programme)
    sources = draftable_sources(actor)
    source = Source.BUSINESS if Source.BUSINESS in sources else Source.SECRETARIAT
    with service_transaction():
        locked = _lock_programme(programme.pk)
        if locked.state == Programme.State.ENDED:
            raise ServiceError(_("An ended programme is not put to the board."))
        if items_about(locked).filter(status=AgendaItem.Status.DRAFT).exists():
            raise ServiceError(
                _("An agenda item about this programme is already being drafted.")
            )
        item = agenda_item_create_within(
            actor=actor,
            source=source,
            kind=AgendaItem.Kind.DELIBERATION,
            title=item_title(locked),
            body=item_body(locked),
            subject=locked,
        )
        audit_record(
            actor=actor,
            action="programme.draft_item",
            target=locked,
            data={"item": item.pk},
        )
    return item


def programme_decided(*, item, decision, subject, actor) -> None:
    """The subject handler: inside the decision's transaction, an adopted item moves
    a programme under study (検討中) into preparation (準備中)."""
    locked = _lock_programme(subject.pk)
    if (
        decision.outcome in AgendaItem.ADOPTED
        and locked.state == Programme.State.CONSIDERING
    ):
        _move_within(
            actor=actor,
            programme=locked,
            to_state=Programme.State.PREPARING,
            why=item.title,
        )
