"""Writes of the formation checklists: a template and its steps (the network section
and the secretariat), the secretariat's confirmation, and an initiative's steps done.

A template changed after the secretariat confirmed it waits for a new confirmation:
what was confirmed is no longer what initiatives follow.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from .models import Initiative
from .models_checklists import (
    OFFSET_LIMIT,
    ChecklistAnchor,
    ChecklistStep,
    ChecklistTemplate,
    InitiativeStepDone,
)


def _text(data, name):
    return (data.get(name) or "").strip()


def _unconfirm(template):
    """Lock the template and drop its confirmation: it is about to change."""
    locked = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    locked.confirmed_at = None
    locked.confirmed_by = None
    locked.save(update_fields=["confirmed_at", "confirmed_by", "updated_at"])
    return locked


def checklist_create(*, actor, data) -> ChecklistTemplate:
    """A template for an intended form that has none yet."""
    require(actor, "network.change_checklist")
    form = data.get("form")
    if form not in Initiative.Form.values:
        raise ServiceError(_("Choose an intended form."), field="form")
    name = _text(data, "name")
    if not name:
        raise ServiceError(_("Give the checklist a name."), field="name")
    with service_transaction():
        if ChecklistTemplate.objects.select_for_update().filter(form=form).exists():
            raise ServiceError(
                _("This form already has a checklist: change that one."), field="form"
            )
        template = ChecklistTemplate.objects.create(
            form=form, name=name, note=_text(data, "note")
        )
        audit_record(actor=actor, action="checklist.create", target=template)
    return template


def checklist_update(*, actor, template, data) -> ChecklistTemplate:
    require(actor, "network.change_checklist", template)
    name = _text(data, "name")
    if not name:
        raise ServiceError(_("Give the checklist a name."), field="name")
    with service_transaction():
        locked = _unconfirm(template)
        locked.name = name
        locked.note = _text(data, "note")
        locked.save(update_fields=["name", "note", "updated_at"])
        audit_record(actor=actor, action="checklist.update", target=locked)
    return locked


def checklist_confirm(*, actor, template) -> ChecklistTemplate:
    """The secretariat has checked the template against the law and practice."""
    require(actor, "network.confirm_checklist", template)
    with service_transaction():
        locked = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
        if locked.confirmed_at is not None:
            raise ServiceError(_("The checklist is already confirmed."))
        locked.confirmed_at = timezone.now()
        locked.confirmed_by = actor
        locked.save(update_fields=["confirmed_at", "confirmed_by", "updated_at"])
        audit_record(actor=actor, action="checklist.confirm", target=locked)
    return locked


def _step_values(data):
    """The step's fields from ``data``, refused at the field when they don't hold
    together: a deadline names its event and its number of days, or neither."""
    title = _text(data, "title")
    if not title:
        raise ServiceError(_("Give the step a title."), field="title")
    order = data.get("order")
    if order is None or not 0 <= order <= 32767:
        raise ServiceError(_("Give the step's place in the list."), field="order")
    anchor = data.get("anchor") or ""
    offset = data.get("offset_days")
    if anchor and anchor not in ChecklistAnchor.values:
        raise ServiceError(_("Choose an event from the list."), field="anchor")
    if anchor and offset is None:
        raise ServiceError(
            _(
                "Give the number of days from the event (0 for the day itself), or "
                "choose no event."
            ),
            field="offset_days",
        )
    if offset is not None and not anchor:
        raise ServiceError(
            _("Choose the event the days are counted from, or leave the days empty."),
            field="anchor",
        )
    if offset is not None and not -OFFSET_LIMIT <= offset <= OFFSET_LIMIT:
        raise ServiceError(
            _("Give at most %(limit)s days before or after the event.")
            % {"limit": OFFSET_LIMIT},
            field="offset_days",
        )
    return {
        "title": title,
        "order": order,
        "description": _text(data, "description"),
        "anchor": anchor,
        "offset_days": offset,
    }


def step_add(*, actor, template, data) -> ChecklistStep:
    require(actor, "network.change_checklist", template)
    values = _step_values(data)
    with service_transaction():
        locked = _unconfirm(template)
        step = ChecklistStep.objects.create(template=locked, **values)
        audit_record(
            actor=actor,
            action="checklist.step_add",
            target=locked,
            data={"step": step.pk, "title": step.title},
        )
    return step


def step_update(*, actor, step, data) -> ChecklistStep:
    """Change a step; every initiative of the template's form sees the change."""
    require(actor, "network.change_checklist", step.template)
    values = _step_values(data)
    values["retired"] = bool(data.get("retired"))
    with service_transaction():
        _unconfirm(step.template)
        locked = ChecklistStep.objects.select_for_update().get(pk=step.pk)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(values))
        audit_record(
            actor=actor,
            action="checklist.step_change",
            target=step.template,
            data={"step": locked.pk, "title": locked.title},
        )
    return locked


def step_delete(*, actor, step) -> None:
    """Delete a step no initiative has done; one that was done is retired instead,
    so that what initiatives did stays on record."""
    require(actor, "network.change_checklist", step.template)
    with service_transaction():
        template = _unconfirm(step.template)
        locked = ChecklistStep.objects.select_for_update().get(pk=step.pk)
        if InitiativeStepDone.objects.filter(step=locked).exists():
            raise ServiceError(
                _(
                    "Some initiatives have done this step, so it cannot be deleted. "
                    "Retire it instead: change the step and tick “Retired”."
                )
            )
        audit_record(
            actor=actor,
            action="checklist.step_delete",
            target=template,
            data={"step": locked.pk, "title": locked.title},
        )
        locked.delete()


def initiative_step_done(
    *, actor, initiative, step, done=True, day: datetime.date | None = None
) -> Initiative:
    """Mark a step of the initiative's checklist done on ``day`` (today by default),
    or not done. Twice the same is no change: two people ticking the same step
    leave one record."""
    require(actor, "network.change_initiative", initiative)
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="day")
    with service_transaction():
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if step.template.form != locked.form:
            raise ServiceError(
                _("This step is not on the checklist of the initiative's form.")
            )
        record = InitiativeStepDone.objects.filter(initiative=locked, step=step).first()
        if done and record is None:
            if step.retired:
                raise ServiceError(_("This step is retired from the checklist."))
            InitiativeStepDone.objects.create(
                initiative=locked, step=step, done_on=day, done_by=actor
            )
        elif not done and record is not None:
            record.delete()
        else:
            return locked
        audit_record(
            actor=actor,
            action="initiative.step_done" if done else "initiative.step_undone",
            target=locked,
            data={"step": step.pk, "title": step.title},
        )
    return locked
