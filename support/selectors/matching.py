"""Matching candidates to a talent request (for coordinators).

The hard filter runs in the database: an active profile whose consent to be
proposed still holds on the request's start date, holding every required
qualification (held, not only expected, and not expired on the start date), in at
least one of the request's areas, free on every slot the request asks for (one
bitwise test). The rest ranks: the preferred industry, enough hours, years of the
most relevant skills, verified qualifications, fewer open proposals. A fixed number
of queries, whatever the number of profiles.
"""

from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Least
from django.utils.translation import gettext as _

from members.roles import roles_of
from wco_sse.core.selectors import get_visible_or_404

from ..models import (
    HeldQualification,
    TalentProfile,
    TalentProposal,
    TalentRequest,
    TalentSkill,
)

__all__ = [
    "Candidate",
    "candidate_ids_for",
    "candidates_for",
    "matching_profiles",
    "profile_for_sheet",
    "proposal_get_for",
    "proposals_of_request",
    "proposals_to_person",
    "talent_request_get_for",
    "talent_requests_of",
    "talent_requests_visible_to",
]

# How many ranked candidates the request's page shows: the best twenty, and up to a
# hundred when the coordinator asks for more.
SHOWN = 20
SHOWN_MORE = 100
LIVE_STATES = ("proposed", "agreed", "meeting", "hired")


def _required(request):
    return [q.pk for q in request.qualifications.all()], [
        m.pk for m in request.areas.all()
    ]


def matching_profiles(request, *, qualification_ids=None, area_ids=None):
    """Every profile passing the request's hard filter (a queryset)."""
    if qualification_ids is None or area_ids is None:
        qualification_ids, area_ids = _required(request)
    day = request.start
    mask = request.availability
    profiles = TalentProfile.objects.filter(
        state=TalentProfile.State.ACTIVE,
        consent_scope=TalentProfile.Scope.PROPOSE,
        consent_expires__gte=day,
        areas__in=area_ids,
    )
    if mask:
        profiles = profiles.alias(free=F("availability").bitand(mask)).filter(free=mask)
    for qualification_id in qualification_ids:
        profiles = profiles.filter(
            Exists(
                HeldQualification.objects.filter(
                    profile=OuterRef("pk"),
                    qualification_id=qualification_id,
                    state=HeldQualification.State.HELD,
                ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))
            )
        )
    # areas__in joins: one row per matching area; the ids keep it one per profile.
    return TalentProfile.objects.filter(pk__in=profiles.values("pk"))


def candidate_ids_for(request, *, only=None) -> set[int]:
    """The ids of the profiles passing the filter (among ``only`` if given)."""
    profiles = matching_profiles(request)
    if only is not None:
        profiles = profiles.filter(pk__in=only)
    return set(profiles.values_list("pk", flat=True))


@dataclass
class Candidate:
    profile: TalentProfile
    score: int
    reasons: list = field(default_factory=list)
    proposal: TalentProposal | None = None

    @property
    def already_proposed(self):
        return self.proposal is not None


def _relevant_words(request, qualifications):
    words = [q.name for q in qualifications]
    if request.industry_id:
        words.append(request.industry.name)
    return words


def candidates_for(request, *, limit=SHOWN) -> list[Candidate]:
    """The ranked candidates for ``request`` with why each ranks where it does."""
    qualifications = list(request.qualifications.all())
    area_ids = [m.pk for m in request.areas.all()]
    qualification_ids = [q.pk for q in qualifications]
    profiles = matching_profiles(
        request, qualification_ids=qualification_ids, area_ids=area_ids
    )
    words = _relevant_words(request, qualifications)
    skill_filter = Q()
    for word in words:
        skill_filter |= Q(name__icontains=word)
    relevant_skills = TalentSkill.objects.filter(profile=OuterRef("pk"))
    if words:
        relevant_skills = relevant_skills.filter(skill_filter)
    relevant_years = Subquery(
        relevant_skills.values("profile")
        .annotate(most=Max("years"))
        .values("most")[:1],
        output_field=IntegerField(),
    )
    verified = Subquery(
        HeldQualification.objects.filter(
            profile=OuterRef("pk"),
            qualification_id__in=qualification_ids,
            verified_at__isnull=False,
        )
        .values("profile")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    open_proposals = Subquery(
        TalentProposal.objects.filter(
            profile=OuterRef("pk"), state__in=TalentProposal.OPEN_STATES
        )
        .values("profile")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    if request.industry_id:
        industry_match = Exists(
            TalentProfile.preferred_industries.through.objects.filter(
                talentprofile_id=OuterRef("pk"), industry_id=request.industry_id
            )
        )
    else:
        industry_match = Value(False, output_field=BooleanField())
    hours_enough = (
        Q(hours_per_week__gte=request.hours_per_week)
        if request.hours_per_week
        else Q(pk__isnull=False)
    )
    ranked = (
        profiles.annotate(
            industry_match=industry_match,
            hours_enough=Case(
                When(hours_enough, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            relevant_years=Coalesce(relevant_years, 0),
            verified_count=Coalesce(verified, 0),
            open_count=Coalesce(open_proposals, 0),
        )
        .annotate(
            score=Case(When(industry_match=True, then=30), default=0)
            + Case(When(hours_enough=True, then=20), default=0)
            + Least(F("relevant_years"), 10) * 2
            + F("verified_count") * 5
            - Least(F("open_count"), 5) * 4
        )
        .select_related("person")
        .prefetch_related(
            "areas",
            "skills",
            Prefetch(
                "proposals",
                queryset=TalentProposal.objects.filter(
                    request=request, state__in=LIVE_STATES
                ),
                to_attr="live_for_request",
            ),
        )
        .order_by("-score", "person__family_name_kana", "pk")[:limit]
    )
    return [_candidate(profile, request) for profile in ranked]


def _candidate(profile, request):
    reasons = []
    if profile.industry_match:
        reasons.append(_("Prefers this industry"))
    if request.hours_per_week and profile.hours_enough:
        reasons.append(
            _("%(hours)s hours a week or more") % {"hours": profile.hours_per_week or 0}
        )
    if profile.relevant_years:
        reasons.append(
            _("%(years)s years of relevant experience")
            % {"years": profile.relevant_years}
        )
    if profile.verified_count:
        reasons.append(_("Qualifications verified"))
    if profile.open_count:
        reasons.append(
            _("%(count)s other proposals open") % {"count": profile.open_count}
        )
    live = profile.live_for_request
    return Candidate(
        profile=profile,
        score=profile.score,
        reasons=reasons,
        proposal=live[0] if live else None,
    )


# --- Requests and proposals as the viewer may see them ---------------------------------------


def talent_requests_visible_to(*, user, state="", mine=False):
    """Coordinators: every request (by state); others (and ``mine``): their own and
    their W.Cos'."""
    requests = TalentRequest.objects.select_related(
        "organization", "requested_by", "industry"
    ).annotate(
        proposal_count=Count(
            "proposals", filter=Q(proposals__state__in=LIVE_STATES), distinct=True
        ),
        accepted_count=Count(
            "proposals",
            filter=Q(proposals__state__in=TalentProposal.ACCEPTED_STATES),
            distinct=True,
        ),
    )
    if mine or not user.has_perm("support.coordinate_talent"):
        snapshot = roles_of(user)
        requests = requests.filter(
            Q(requested_by_id=snapshot.person_id)
            | Q(organization_id__in=snapshot.represented_org_ids)
        )
    if state in TalentRequest.State.values:
        requests = requests.filter(state=state)
    return requests.order_by("-created_at", "-pk")


def talent_requests_of(*, user):
    """The viewer's own and their W.Cos' requests not closed, for their my page."""
    return list(
        talent_requests_visible_to(user=user, mine=True).exclude(
            state=TalentRequest.State.CLOSED
        )[:20]
    )


REQUEST_DETAILS = ("qualifications", "areas")


def talent_request_get_for(
    *, user, pk, perm="support.view_talent_request", perms=(), details=True
):
    """The request if ``user`` may use it this way, else 404; ``details=False``
    leaves its qualifications and areas to ``talent_request_with_details`` (a page
    kept whole reads them only when it is rendered)."""
    queryset = TalentRequest.objects.select_related(
        "organization", "requested_by", "industry", "coordinator"
    )
    if details:
        queryset = queryset.prefetch_related(*REQUEST_DETAILS)
    return get_visible_or_404(
        queryset,
        user=user,
        perm=perm,
        perms=perms,
        pk=pk,
    )


def talent_request_with_details(request):
    """``request`` with its qualifications and areas read (two queries)."""
    prefetch_related_objects([request], *REQUEST_DETAILS)
    return request


def proposal_queryset():
    return TalentProposal.objects.select_related(
        "request__organization",
        "request__industry",
        "request__requested_by",
        "profile__person",
        "proposed_by",
    ).prefetch_related("request__qualifications", "request__areas")


def proposal_get_for(*, user, pk, perm="support.view_proposal", perms=()):
    return get_visible_or_404(
        proposal_queryset(), user=user, perm=perm, perms=perms, pk=pk
    )


def proposals_of_request(*, request, user):
    """The request's proposals for its page: coordinators see every one; the request
    side only those the candidate agreed to share (never the shortlist)."""
    proposals = TalentProposal.objects.filter(request=request).select_related(
        "profile__person"
    )
    if not user.has_perm("support.coordinate_talent"):
        proposals = proposals.filter(state__in=TalentProposal.SHARED_STATES)
    return list(proposals)


def profile_for_sheet(proposal):
    """The candidate's profile with what the 紹介シート shows (fixed queries)."""
    return (
        TalentProfile.objects.select_related("person")
        .prefetch_related(
            "areas",
            "preferred_industries",
            "skills",
            Prefetch(
                "qualifications",
                queryset=HeldQualification.objects.select_related("qualification"),
            ),
        )
        .get(pk=proposal.profile_id)
    )


def proposals_to_person(*, person_id):
    """A candidate's proposals for their my page: those awaiting an answer first."""
    return list(
        TalentProposal.objects.filter(profile__person_id=person_id)
        .exclude(state=TalentProposal.State.WITHDRAWN)
        .select_related("request__organization")
        .annotate(
            pending=Case(
                When(state=TalentProposal.State.PROPOSED, then=0),
                default=1,
                output_field=IntegerField(),
            )
        )
        .order_by("pending", "-proposed_at", "-pk")[:20]
    )
