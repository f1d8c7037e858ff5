"""Reads of projects: the list, one project with what its page shows, the lead's
milestones for their page, and the rows of the export."""

import datetime

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from secretariat.models import BodyMember, Decision
from wco_sse.core.selectors import get_visible_or_404

from ..models import Milestone, Project

# Upcoming milestones shown on the lead's page: due within this many days.
UPCOMING_DAYS = 30


def project_list(*, state=""):
    """Projects with their lead and team, and counts of open and overdue milestones
    (one query)."""
    today = timezone.localdate()
    projects = Project.objects.select_related("lead", "team").annotate(
        open_milestones=Count("milestones", filter=Q(milestones__done_on__isnull=True)),
        overdue_milestones=Count(
            "milestones",
            filter=Q(milestones__done_on__isnull=True, milestones__due__lt=today),
        ),
    )
    if state in Project.State.values:
        projects = projects.filter(state=state)
    return projects.order_by("-created_at", "-pk")


def project_get_for(*, user, pk, perm="support.view_project"):
    """The project, or 404 when missing or outside ``user``'s reach for ``perm``."""
    return get_visible_or_404(
        Project.objects.select_related(
            "lead",
            "team",
            "origin_issue",
            "origin_issue__industry_meeting",
            "origin_item",
            "start_item",
            "close_item",
        ),
        user=user,
        perm=perm,
        pk=pk,
    )


def milestone_get_for(*, user, project_pk, pk, perm="support.manage_project"):
    """A milestone of the project in the URL, or 404 (missing, another project's, or
    a project outside ``user``'s reach)."""
    milestone = get_visible_or_404(
        Milestone.objects.select_related("project", "project__lead"),
        user=user,
        pk=pk,
        project_id=project_pk,
    )
    if not user.has_perm(perm, milestone.project):
        raise Http404
    return milestone


def project_milestones(project):
    return list(project.milestones.all())


def team_members(project):
    """The team's current members, in name order."""
    if project.team_id is None:
        return []
    return list(
        BodyMember.objects.current()
        .filter(body_id=project.team_id)
        .select_related("person", "organization")
        .order_by("person__sort_key", "pk")
    )


def project_items(project):
    """The start and close items (None where not drafted), each with ``decision``:
    its latest decision or None (one query)."""
    items = (project.start_item, project.close_item)
    ids = [item.pk for item in items if item is not None]
    decisions = {}
    for decision in Decision.objects.filter(item_id__in=ids).order_by(
        "item_id", "decided_on", "pk"
    ):
        decisions[decision.item_id] = decision
    for item in items:
        if item is not None:
            item.decision = decisions.get(item.pk)
    return items


def lead_milestones(*, person, today=None):
    """The open milestones of the projects ``person`` leads that are overdue or due
    within ``UPCOMING_DAYS`` (one query), split into (overdue, upcoming)."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=UPCOMING_DAYS)
    rows = list(
        Milestone.objects.filter(
            project__lead=person,
            done_on__isnull=True,
            due__lte=horizon,
        )
        .exclude(project__state=Project.State.CLOSED)
        .select_related("project")
        .order_by("due", "pk")
    )
    overdue = [m for m in rows if m.due < today]
    upcoming = [m for m in rows if m.due >= today]
    return overdue, upcoming


def project_export_rows():
    """Every project, with its lead and open milestones counted (one query)."""
    return project_list().prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("due", "pk"))
    )
