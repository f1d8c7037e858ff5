"""Writes of the initiatives: recording one, changing its stage (dated, with a reason),
logging support, linking it to the organization the secretariat registered."""

from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from .models import Initiative, InitiativeFounder, InitiativeStageChange, SupportEntry
from .selectors import contact_people
from .selectors_initiatives import registrable_organizations

INITIATIVE_FIELDS = (
    "name",
    "form",
    "municipality",
    "lead",
    "next_step",
    "next_step_due",
    "founding_meeting_on",
    "registered_on",
    "business_started_on",
)

# The events a checklist counts its deadlines from, and the years they may fall in.
ANCHOR_DATES = ("founding_meeting_on", "registered_on", "business_started_on")
EARLIEST, LATEST = 1900, 2100


def _check(data, *, lead_before=None):
    lead = data.get("lead")
    allowed = set(contact_people().values_list("pk", flat=True)) | {lead_before}
    if lead is not None and lead.pk not in allowed:
        raise ServiceError(
            _("The lead must be in the network section or the secretariat."),
            field="lead",
        )
    if data.get("next_step_due") and not (data.get("next_step") or "").strip():
        raise ServiceError(
            _("Describe the next step, or leave its date empty."), field="next_step"
        )
    for name in ANCHOR_DATES:
        day = data.get(name)
        if day is not None and not EARLIEST <= day.year <= LATEST:
            raise ServiceError(
                _("Give a date between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST, "latest": LATEST},
                field=name,
            )
    meeting, registered = data.get("founding_meeting_on"), data.get("registered_on")
    if meeting and registered and registered < meeting:
        raise ServiceError(
            _("The registration comes after the founding meeting."),
            field="registered_on",
        )


def _set_founders(initiative, data):
    initiative.founders.set(list(data.get("founders") or ()))
    initiative.unregistered_founders.all().delete()
    InitiativeFounder.objects.bulk_create(
        InitiativeFounder(initiative=initiative, name=name, contact=contact)
        for name, contact in data.get("founder_texts") or ()
    )


def initiative_create(*, actor, data) -> Initiative:
    """Record a new initiative, at the idea stage (構想)."""
    require(actor, "network.change_initiative")
    _check(data)
    with service_transaction():
        initiative = Initiative(created_by=actor)
        for name in INITIATIVE_FIELDS:
            setattr(initiative, name, data.get(name))
        initiative.next_step = (initiative.next_step or "").strip()
        initiative.save()
        _set_founders(initiative, data)
        audit_record(actor=actor, action="initiative.create", target=initiative)
    return initiative


def initiative_update(*, actor, initiative, data) -> Initiative:
    require(actor, "network.change_initiative", initiative)
    _check(data, lead_before=initiative.lead_id)
    with service_transaction():
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        for name in INITIATIVE_FIELDS:
            setattr(locked, name, data.get(name))
        locked.next_step = (locked.next_step or "").strip()
        locked.save()
        _set_founders(locked, data)
        audit_record(actor=actor, action="initiative.update", target=locked)
    return locked


def initiative_change_stage(*, actor, initiative, stage, reason, date=None):
    """Move the initiative to ``stage`` on ``date``; a change says why."""
    require(actor, "network.change_initiative", initiative)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason for the change."), field="reason")
    if stage not in Initiative.Stage.values:
        raise ServiceError(_("Choose a stage."), field="stage")
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="date")
    with service_transaction():
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if locked.stage == stage:
            raise ServiceError(
                _("The initiative is already at this stage."), field="stage"
            )
        change = InitiativeStageChange.objects.create(
            initiative=locked,
            date=date,
            from_stage=locked.stage,
            to_stage=stage,
            reason=reason,
            changed_by=actor,
        )
        locked.stage = stage
        locked.save(update_fields=["stage", "updated_at"])
        audit_record(
            actor=actor,
            action="initiative.stage",
            target=locked,
            data={"from": change.from_stage, "to": stage},
        )
    return locked


def initiative_add_support(*, actor, initiative, data) -> SupportEntry:
    require(actor, "network.change_initiative", initiative)
    if data["date"] > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="date")
    by = data.get("by")
    if by is not None and not contact_people().filter(pk=by.pk).exists():
        raise ServiceError(
            _("Support is given by the network section or the secretariat."),
            field="by",
        )
    with service_transaction():
        entry = SupportEntry.objects.create(
            initiative=initiative,
            date=data["date"],
            kind=data["kind"],
            note=(data.get("note") or "").strip(),
            by=by,
        )
        audit_record(
            actor=actor,
            action="initiative.support",
            target=initiative,
            data={"kind": entry.kind},
        )
    return entry


def initiative_link_organization(*, actor, initiative, organization) -> Initiative:
    """Link the initiative to the W.Co or association the secretariat registered."""
    require(actor, "network.change_initiative", initiative)
    if (
        organization is not None
        and not registrable_organizations().filter(pk=organization.pk).exists()
    ):
        raise ServiceError(
            _("Choose a W.Co or an association in the registry."),
            field="organization",
        )
    with service_transaction():
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        locked.organization = organization
        locked.save(update_fields=["organization", "updated_at"])
        audit_record(
            actor=actor,
            action="initiative.link",
            target=locked,
            data={"organization": organization.pk if organization else None},
        )
    return locked
