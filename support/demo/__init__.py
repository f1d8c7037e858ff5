"""The support section's demo data: a year of W.Co School courses with applications
and attendance, advisors with slots, and consultations in every state.

Built directly (not through the services) so that seeding sends no email; the rows
keep the services' invariants (never more confirmed than seats, waitlist 1..k).
Idempotent: each course and consultation is looked up by its title or text first.
"""

from django.utils import timezone

from .desk import CONSULTATIONS, seed_consultations
from .scale import (
    SCALE_APPLICANTS,
    SCALE_CAPACITY,
    SCALE_CONSULTATION_PREFIX,
    SCALE_CONSULTATIONS,
    SCALE_COURSES,
    SCALE_PREFIX,
    seed_scale,
)
from .school import CATEGORIES, COURSES, seed_courses

__all__ = [
    "CATEGORIES",
    "CONSULTATIONS",
    "COURSES",
    "SCALE_APPLICANTS",
    "SCALE_CAPACITY",
    "SCALE_CONSULTATIONS",
    "SCALE_CONSULTATION_PREFIX",
    "SCALE_COURSES",
    "SCALE_PREFIX",
    "seed",
    "seed_scale",
]


def seed(ctx):
    today, now = timezone.localdate(), timezone.now()
    added = seed_courses(ctx, today=today, now=now)
    seed_consultations(ctx, today=today, now=now)
    ctx.log(f"W.Co School: {added} courses added.")
    if ctx.scale:
        seed_scale(ctx)
