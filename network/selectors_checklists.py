"""Reads of the formation checklists: the templates, and where an initiative stands on
the checklist of its intended form (each step done, due, overdue, or waiting for the
date of its event)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.selectors import get_visible_or_404

from .models_checklists import (
    ChecklistAnchor,
    ChecklistStep,
    ChecklistTemplate,
    InitiativeStepDone,
)

DONE = "done"
OVERDUE = "overdue"
DUE = "due"
DATE_UNKNOWN = "date_unknown"
NO_DEADLINE = "no_deadline"
# A deadline this close is shown as coming soon.
SOON_DAYS = 7


def checklist_list():
    """Every template with its number of steps asked of initiatives, in two queries
    at most whatever their number."""
    return ChecklistTemplate.objects.select_related("confirmed_by__person").annotate(
        step_count=Count("steps", filter=Q(steps__retired=False))
    )


def checklist_get_for(*, user, pk, perm="network.view_checklists"):
    """The template with its steps, or 404 when missing or ``user`` lacks ``perm``."""
    queryset = ChecklistTemplate.objects.select_related(
        "confirmed_by__person"
    ).prefetch_related(
        Prefetch(
            "steps",
            queryset=ChecklistStep.objects.annotate(done_count=Count("done_records")),
        )
    )
    return get_visible_or_404(queryset, user=user, perm=perm, pk=pk)


def step_get_for(*, user, pk, perm="network.change_checklist"):
    return get_visible_or_404(
        ChecklistStep.objects.select_related("template"), user=user, perm=perm, pk=pk
    )


@dataclass(frozen=True)
class StepStatus:
    """Where an initiative stands on one step."""

    step: ChecklistStep
    state: str
    deadline: datetime.date | None = None
    done: InitiativeStepDone | None = None
    # Days from today to the deadline: negative once it has passed.
    days_left: int | None = None

    @property
    def soon(self):
        return self.state == DUE and self.days_left <= SOON_DAYS

    @property
    def rule(self):
        return deadline_rule(self.step)

    @property
    def days_late(self):
        return -self.days_left if self.days_left is not None else None


@dataclass
class Checklist:
    template: ChecklistTemplate | None
    rows: list = field(default_factory=list)

    @property
    def done_count(self):
        return sum(1 for row in self.rows if row.state == DONE)

    @property
    def overdue_count(self):
        return sum(1 for row in self.rows if row.state == OVERDUE)

    @property
    def total(self):
        return len(self.rows)


def step_status(step, initiative, done, today) -> StepStatus:
    deadline = step.deadline_for(initiative)
    days_left = (deadline - today).days if deadline else None
    if done is not None:
        state = DONE
    elif not step.anchor:
        state = NO_DEADLINE
    elif deadline is None:
        state = DATE_UNKNOWN
    elif deadline < today:
        state = OVERDUE
    else:
        state = DUE
    return StepStatus(step, state, deadline, done, days_left)


def initiative_checklist(initiative, *, today=None) -> Checklist:
    """The checklist of the initiative's intended form with each step's state, in
    three queries: the template, its steps, what the initiative has done. A retired
    step shows only where the initiative did it."""
    today = today or timezone.localdate()
    template = (
        ChecklistTemplate.objects.filter(form=initiative.form)
        .prefetch_related("steps")
        .first()
    )
    if template is None:
        return Checklist(None)
    done = {
        record.step_id: record
        for record in InitiativeStepDone.objects.filter(
            initiative=initiative
        ).select_related("done_by__person")
    }
    rows = [
        step_status(step, initiative, done.get(step.pk), today)
        for step in template.steps.all()
        if not step.retired or step.pk in done
    ]
    return Checklist(template, rows)


def overdue_counts(initiatives, *, today=None) -> dict:
    """How many steps each of ``initiatives`` has overdue, in two queries whatever
    their number: the steps with a deadline, and which of them these have done."""
    today = today or timezone.localdate()
    initiatives = list(initiatives)
    if not initiatives:
        return {}
    steps_by_form = defaultdict(list)
    for step in (
        ChecklistStep.objects.filter(
            retired=False, template__form__in={i.form for i in initiatives}
        )
        .exclude(anchor="")
        .select_related("template")
    ):
        steps_by_form[step.template.form].append(step)
    done = set(
        InitiativeStepDone.objects.filter(initiative__in=initiatives).values_list(
            "initiative_id", "step_id"
        )
    )
    counts = {}
    for initiative in initiatives:
        counts[initiative.pk] = sum(
            1
            for step in steps_by_form.get(initiative.form, ())
            if (initiative.pk, step.pk) not in done
            and (deadline := step.deadline_for(initiative)) is not None
            and deadline < today
        )
    return counts


def deadline_rule(step) -> str:
    """The step's deadline as a rule: "14 days before the founding meeting"."""
    if not step.anchor:
        return ""
    event = {
        ChecklistAnchor.FOUNDING_MEETING: _("the founding meeting"),
        ChecklistAnchor.REGISTRATION: _("the registration"),
        ChecklistAnchor.BUSINESS_START: _("the start of business"),
    }[step.anchor]
    days = step.offset_days
    if days < 0:
        return _("%(days)s days before %(event)s") % {"days": -days, "event": event}
    if days > 0:
        return _("within %(days)s days of %(event)s") % {"days": days, "event": event}
    return _("on the day of %(event)s") % {"event": event}
