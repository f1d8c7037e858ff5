"""``seed_demo --scale N``: the bulk data the benchmark runs on."""

import pytest
from django.db.models import Count, Max, Q

from members.demo import (
    SCALE_EMAIL_DOMAIN,
    SCALE_ORGS,
    SCALE_PEOPLE,
    SeedContext,
    load_context,
)
from members.demo import seed_scale as members_seed_scale
from members.models import Organization, Person, User
from secretariat.demo import SCALE_ITEMS_PER_MEETING, SCALE_MEETINGS
from secretariat.demo import SCALE_PREFIX as MEETING_PREFIX
from secretariat.demo import seed_scale as secretariat_seed_scale
from secretariat.models import AgendaItem, Meeting
from support.demo import (
    SCALE_APPLICANTS,
    SCALE_CAPACITY,
    SCALE_CONSULTATION_PREFIX,
    SCALE_CONSULTATIONS,
    SCALE_COURSES,
    SCALE_PREFIX,
)
from support.demo import seed_scale as support_seed_scale
from support.models import Application, Consultation, Course


def _counts():
    courses = Course.objects.filter(title__startswith=SCALE_PREFIX)
    meetings = Meeting.objects.filter(title__startswith=MEETING_PREFIX)
    return {
        "organizations": Organization.objects.filter(name__startswith="W.Co ").count(),
        "accounts": User.objects.filter(
            email__endswith="@" + SCALE_EMAIL_DOMAIN
        ).count(),
        "people": Person.objects.filter(
            account__email__endswith="@" + SCALE_EMAIL_DOMAIN
        ).count(),
        "courses": courses.count(),
        "applications": Application.objects.filter(course__in=courses).count(),
        "meetings": meetings.count(),
        "items": AgendaItem.objects.filter(meeting__in=meetings).count(),
        "consultations": Consultation.objects.filter(
            description__startswith=SCALE_CONSULTATION_PREFIX
        ).count(),
    }


def _seed(scale):
    """What ``seed_demo --scale`` adds once the demo data is there (the suite seeds
    the demo registry once per database), in the apps' order."""
    ctx = SeedContext(password_hash="!", scale=scale)
    assert load_context(ctx)
    for seed_scale in (members_seed_scale, secretariat_seed_scale, support_seed_scale):
        seed_scale(ctx)


@pytest.mark.django_db
def test_scale_seed_adds_the_volume_per_unit_and_a_rerun_adds_nothing():
    """Scale 1 adds one unit of each kind (40 units are the benchmark's volume:
    1,000 organizations, 20,000 people, 2,000 courses with 50,000 applications, 520
    meetings with 5,200 agenda items, 5,000 consultations); a second run adds none."""
    _seed(1)
    expected = {
        "organizations": SCALE_ORGS,
        "accounts": SCALE_PEOPLE,
        "people": SCALE_PEOPLE,
        "courses": SCALE_COURSES,
        "applications": SCALE_COURSES * SCALE_APPLICANTS,
        "meetings": SCALE_MEETINGS,
        "items": SCALE_MEETINGS * SCALE_ITEMS_PER_MEETING,
        "consultations": SCALE_CONSULTATIONS,
    }
    assert _counts() == expected
    assert 40 * SCALE_ORGS >= 1000 and 40 * SCALE_PEOPLE >= 20000
    assert 40 * SCALE_COURSES >= 2000 and 40 * SCALE_COURSES * SCALE_APPLICANTS >= 50000
    assert 40 * SCALE_MEETINGS >= 500
    assert 40 * SCALE_MEETINGS * SCALE_ITEMS_PER_MEETING >= 5000
    assert 40 * SCALE_CONSULTATIONS >= 5000

    _seed(1)
    assert _counts() == expected


@pytest.mark.django_db
def test_scale_courses_keep_the_seat_rules():
    """Never more confirmed than seats, and each waitlist numbered 1..k."""
    _seed(1)
    courses = Course.objects.filter(title__startswith=SCALE_PREFIX).annotate(
        confirmed=Count("applications", filter=Q(applications__status="confirmed")),
        waitlisted=Count("applications", filter=Q(applications__status="waitlisted")),
        last=Max("applications__waitlist_position"),
    )
    for course in courses:
        assert course.confirmed == SCALE_CAPACITY
        assert course.waitlisted == course.last == SCALE_APPLICANTS - SCALE_CAPACITY


@pytest.mark.django_db
def test_scale_rows_can_be_searched_and_sorted():
    """bulk_create skips save(): the seed fills the search and sort keys itself."""
    _seed(1)
    organizations = Organization.objects.filter(name__startswith="W.Co ")
    people = Person.objects.filter(email__endswith="@" + SCALE_EMAIL_DOMAIN)
    assert not organizations.filter(Q(search_text="") | Q(sort_key="")).exists()
    assert not people.filter(Q(search_text="") | Q(sort_key="")).exists()
