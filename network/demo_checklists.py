"""Demo data for the formation checklists: an initiative part of the way through the
checklist of its intended form (the lead wires this into ``network.demo``).

The founding meeting was six weeks ago and the registration a month ago, so the
steps after the ones done show as overdue, due, or waiting for the start of
business."""

import datetime

from django.utils import timezone

from . import selectors_checklists, services_checklists
from .models import Initiative


def seed_checklist_progress(
    ctx, initiative, done_count, *, founding_days_ago=42, registered_days_ago=30
):
    """Give ``initiative`` the dates of its founding (kept where it has them) and
    mark the first ``done_count`` steps of its checklist done, through the services.
    Idempotent: steps already done stay as they are."""
    network = ctx.accounts["network@example.org"].account
    today = timezone.localdate()
    Initiative.objects.filter(pk=initiative.pk).update(
        founding_meeting_on=initiative.founding_meeting_on
        or today - datetime.timedelta(days=founding_days_ago),
        registered_on=initiative.registered_on
        or today - datetime.timedelta(days=registered_days_ago),
    )
    initiative.refresh_from_db()
    checklist = selectors_checklists.initiative_checklist(initiative, today=today)
    for row in checklist.rows[:done_count]:
        if row.done is not None:
            continue
        # Done on its deadline where it has one (not in the future), else a week ago.
        day = min(row.deadline or today - datetime.timedelta(days=7), today)
        services_checklists.initiative_step_done(
            actor=network, initiative=initiative, step=row.step, day=day
        )
    return initiative
