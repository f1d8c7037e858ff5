"""Reads of the talent bank that depend on who is asking; each list at a fixed number
of queries."""

import datetime

from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import Municipality
from members.roles import roles_of
from wco_sse.core.search import normalize
from wco_sse.core.selectors import get_visible_or_404

from ..models import HeldQualification, Qualification, TalentProfile

# Aggregate cells under this count are shown as "—" (nobody is singled out).
SMALL_CELL = 5
EXPIRING_SOON_DAYS = 60


def _profile_prefetches():
    return (
        Prefetch("areas", queryset=Municipality.objects.select_related("parent")),
        "preferred_industries",
        "skills",
        Prefetch(
            "qualifications",
            queryset=HeldQualification.objects.select_related(
                "qualification", "verified_by"
            ),
        ),
    )


def _profile_details(queryset):
    return queryset.select_related("person", "consent_recorded_by").prefetch_related(
        *_profile_prefetches()
    )


def talent_profile_with_details(profile):
    """Read what the profile's page shows of ``profile`` found without it (four
    queries): for a page that may be served kept, without them."""
    prefetch_related_objects([profile], *_profile_prefetches())
    return profile


def talent_profile_of(*, user) -> TalentProfile | None:
    """The viewer's own profile, with everything its page shows."""
    person_id = roles_of(user).person_id
    if person_id is None:
        return None
    return _profile_details(TalentProfile.objects.filter(person_id=person_id)).first()


def talent_profile_get_for(
    *, user, pk, perm="support.view_talent_profile", details=True
):
    profiles = TalentProfile.objects.select_related("person", "consent_recorded_by")
    if details:
        profiles = _profile_details(profiles)
    return get_visible_or_404(profiles, user=user, perm=perm, pk=pk)


def held_qualification_get_for(*, user, pk, perm="support.edit_held_qualification"):
    return get_visible_or_404(
        HeldQualification.objects.select_related("qualification", "profile__person"),
        user=user,
        perm=perm,
        pk=pk,
    )


def qualification_choices():
    return Qualification.objects.filter(is_active=True)


def municipality_groups():
    """Kanagawa's municipalities for a grouped choice: each designated city's wards
    under the city, then the other cities, towns and villages (one query)."""
    places = list(Municipality.objects.select_related("parent").order_by("code"))
    wards: dict[int, list] = {}
    others = []
    cities = {}
    for place in places:
        if place.kind == Municipality.Kind.WARD and place.parent_id:
            wards.setdefault(place.parent_id, []).append((place.pk, place.name))
        elif place.kind == Municipality.Kind.DESIGNATED_CITY:
            cities[place.pk] = place
        else:
            others.append((place.pk, place.name))
    groups = [
        (cities[city_id].name, choices)
        for city_id, choices in wards.items()
        if city_id in cities
    ]
    return groups, others


def cities():
    """Areas at the city level (a designated city, a city, a town or a village)."""
    return Municipality.objects.exclude(kind=Municipality.Kind.WARD).order_by("code")


def talent_profiles_search(*, text="", qualification=None, area=None, state=""):
    """Profiles coordinators see (withdrawn ones never), in kana order; ``area`` a
    municipality (a designated city finds its wards)."""
    profiles = TalentProfile.objects.exclude(
        state=TalentProfile.State.WITHDRAWN
    ).select_related("person")
    key = normalize((text or "").replace("\x00", "")[:60])
    if key:
        profiles = profiles.filter(person__search_text__contains=key)
    if qualification is not None:
        profiles = profiles.filter(qualifications__qualification=qualification)
    if area is not None:
        profiles = profiles.filter(Q(areas=area) | Q(areas__parent=area))
    if state in (TalentProfile.State.ACTIVE, TalentProfile.State.DORMANT):
        profiles = profiles.filter(state=state)
    return (
        profiles.distinct()
        .order_by("person__sort_key", "pk")
        .prefetch_related(
            Prefetch("areas", queryset=Municipality.objects.select_related("parent")),
            Prefetch(
                "qualifications",
                queryset=HeldQualification.objects.select_related("qualification"),
            ),
        )
    )


def talent_aggregates(*, day: datetime.date | None = None):
    """Active profiles by qualification (held and valid on ``day``) × city: rows of
    (qualification, [count or None]) over ``columns`` (cities with any count); a
    count under SMALL_CELL is None. Two queries."""
    day = day or timezone.localdate()
    counts = (
        HeldQualification.objects.filter(
            profile__state=TalentProfile.State.ACTIVE,
            state=HeldQualification.State.HELD,
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))
        .annotate(city=Coalesce("profile__areas__parent_id", "profile__areas__id"))
        .exclude(city__isnull=True)
        .values("qualification_id", "city")
        .annotate(n=Count("profile_id", distinct=True))
        .order_by()
    )
    table = {(row["qualification_id"], row["city"]): row["n"] for row in counts}
    city_ids = {city for _q, city in table}
    columns = [c for c in cities() if c.pk in city_ids]
    rows = []
    for qualification in Qualification.objects.all():
        cells = [table.get((qualification.pk, city.pk), 0) for city in columns]
        rows.append((qualification, [n if n >= SMALL_CELL else None for n in cells]))
    return columns, rows


def talent_panel(*, person):
    """The 人材バンク panel's profile and its qualifications expiring soon."""
    profile = (
        TalentProfile.objects.filter(person=person)
        .prefetch_related(
            Prefetch(
                "qualifications",
                queryset=HeldQualification.objects.select_related("qualification"),
            )
        )
        .first()
    )
    if profile is None:
        return None, []
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=EXPIRING_SOON_DAYS)
    expiring = [
        held
        for held in profile.qualifications.all()
        if held.expires_on is not None and held.expires_on <= soon
    ]
    return profile, expiring
