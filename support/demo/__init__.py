"""The support section's demo data: a year of W.Co School courses with applications
and attendance, advisors with slots, and consultations in every state; the industry meetings with
the issues W.Cos shared, the school's operating committee, projects, and the talent
bank with requests and proposals (issue 15).

Built directly (not through the services) so that seeding sends no email; the rows
keep the services' invariants (never more confirmed than seats, waitlist 1..k).
Idempotent: each course and consultation is looked up by its title or text first.
"""

from django.utils import timezone

from .desk import CONSULTATIONS, seed_consultations
from .industry import (
    INDUSTRIES,
    link_issue_to_project,
    project_issue,
    seed_industry_meetings,
    seed_school_committee,
)
from .projects import ACTIVE_TITLE, CLOSED_TITLE, seed_projects
from .scale import (
    SCALE_APPLICANTS,
    SCALE_CAPACITY,
    SCALE_CONSULTATION_PREFIX,
    SCALE_CONSULTATIONS,
    SCALE_COURSES,
    SCALE_PREFIX,
    SCALE_PROFILES,
    SCALE_REQUEST_PREFIX,
    SCALE_REQUESTS,
    seed_scale,
)
from .school import CATEGORIES, COURSES, seed_courses
from .talent import PROFILES, REQUESTS, seed_talent

__all__ = [
    "ACTIVE_TITLE",
    "CATEGORIES",
    "CLOSED_TITLE",
    "CONSULTATIONS",
    "COURSES",
    "INDUSTRIES",
    "PROFILES",
    "REQUESTS",
    "SCALE_APPLICANTS",
    "SCALE_CAPACITY",
    "SCALE_CONSULTATIONS",
    "SCALE_CONSULTATION_PREFIX",
    "SCALE_COURSES",
    "SCALE_PREFIX",
    "SCALE_PROFILES",
    "SCALE_REQUESTS",
    "SCALE_REQUEST_PREFIX",
    "seed",
    "seed_scale",
]


def seed(ctx):
    today, now = timezone.localdate(), timezone.now()
    added = seed_courses(ctx, today=today, now=now)
    seed_consultations(ctx, today=today, now=now)
    ctx.log(f"W.Co School: {added} courses added.")
    seed_issue15(ctx, today=today)
    if ctx.scale:
        seed_scale(ctx)


def seed_issue15(ctx, *, today):
    """Industry meetings, the school committee, projects and the talent bank."""
    seats = seed_industry_meetings(ctx, today=today)
    seed_school_committee(ctx, today=today)
    issue = project_issue()
    active, _closed = seed_projects(ctx, issue, today=today)
    link_issue_to_project(issue, active)
    profiles, requests = seed_talent(ctx, today=today)
    ctx.log(
        f"Support: industry meetings ({seats} seats), projects, {profiles} talent "
        f"profiles and {requests} talent requests added."
    )
