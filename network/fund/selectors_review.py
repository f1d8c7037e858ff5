"""Reads of the fund's review: applications through the viewer's reach, the
conflicts, the scores and their aggregates (the mean of the reviewers who declared
no conflict, each at their latest stage: after the hearing if they re-scored, else on
the documents).

A fund committee member sees the aggregate and the others' scores of an application
only once their own score is in; the applications they declared a conflict on are
never shown to them, not even by title.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.roles import roles_of
from members.rules import is_fund_committee
from wco_sse.core.selectors import get_visible_or_404

from .models import ConflictDeclaration, FundApplication, FundRound, Review

S = FundApplication.Status
STAGES = Review.Stage
# The applications a review list shows: screened as eligible, up to the board's answer.
UNDER_REVIEW = (S.IN_REVIEW, S.RECOMMENDED, S.NOT_RECOMMENDED, S.AT_BOARD)
# What the secretariat screens.
TO_SCREEN = (S.SUBMITTED,)


def mean(values) -> Decimal | None:
    """The mean to one decimal (half up), or None for no values."""
    values = list(values)
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def application_get_for(*, user, pk, perm="network.view_fund_application"):
    """The application, or 404 when missing or ``user`` lacks ``perm`` on it."""
    return get_visible_or_404(
        FundApplication.objects.select_related("round__rubric", "organization"),
        user=user,
        perm=perm,
        pk=pk,
    )


def round_get_for_reviews(*, user, pk) -> FundRound:
    fund_round = get_object_or_404(
        FundRound.objects.select_related("programme", "rubric"), pk=pk
    )
    if not user.has_perm("network.view_fund_reviews", fund_round):
        raise Http404
    return fund_round


def is_reviewer(user) -> bool:
    """A member of the fund committee (基金運営委員)."""
    return bool(is_fund_committee(user))


def sees_all_scores(user) -> bool:
    """The secretariat, the 監事 and the network section see every aggregate."""
    return user.has_perm("network.view_fund_aggregates")


# --- Aggregates -------------------------------------------------------------------------


@dataclass
class Aggregate:
    """The scores of one application counted (conflicted reviewers left out)."""

    documents: Decimal | None = None
    documents_count: int = 0
    hearing: Decimal | None = None
    hearing_count: int = 0
    # Each counted reviewer at their latest stage.
    latest: Decimal | None = None
    count: int = 0
    # [(criterion, mean)] at the latest stage, when the scores were read.
    by_criterion: list = field(default_factory=list)


def _counted(reviews, conflicted_ids):
    return [r for r in reviews if r.reviewer_id not in conflicted_ids]


def _latest_per_reviewer(reviews):
    latest = {}
    for review in reviews:
        kept = latest.get(review.reviewer_id)
        if kept is None or review.stage == STAGES.HEARING:
            latest[review.reviewer_id] = review
    return list(latest.values())


def aggregate_of(reviews, conflicted_ids, *, criteria=None) -> Aggregate:
    """The aggregate of ``reviews`` (one application's), leaving out the reviewers in
    ``conflicted_ids``; with ``criteria``, the mean per criterion too (the reviews'
    ``scores`` read)."""
    counted = _counted(reviews, conflicted_ids)
    documents = [r.total for r in counted if r.stage == STAGES.DOCUMENTS]
    hearing = [r.total for r in counted if r.stage == STAGES.HEARING]
    latest = _latest_per_reviewer(counted)
    result = Aggregate(
        documents=mean(documents),
        documents_count=len(documents),
        hearing=mean(hearing),
        hearing_count=len(hearing),
        latest=mean(r.total for r in latest),
        count=len(latest),
    )
    if criteria is not None:
        values = {}
        for review in latest:
            for score in review.scores.all():
                values.setdefault(score.criterion_id, []).append(score.value)
        result.by_criterion = [(c, mean(values.get(c.pk, ()))) for c in criteria]
    return result


def conflicted_ids(application) -> set:
    return {
        d.reviewer_id for d in application.conflict_declarations.all() if d.conflicted
    }


def application_reviews(application) -> list[Review]:
    return list(
        application.reviews.select_related("reviewer")
        .prefetch_related("scores__criterion")
        .order_by("reviewer__sort_key", "reviewer_id", "stage")
    )


def application_aggregate(application) -> Aggregate:
    """The aggregate with its means per criterion (a few queries)."""
    criteria = list(application.round.rubric.criteria.all())
    reviews = list(application.reviews.prefetch_related("scores"))
    conflicted = set(
        application.conflict_declarations.filter(conflicted=True).values_list(
            "reviewer_id", flat=True
        )
    )
    return aggregate_of(reviews, conflicted, criteria=criteria)


# --- One reviewer's state -----------------------------------------------------------------


@dataclass
class MyState:
    person_id: int | None
    declaration: ConflictDeclaration | None = None
    documents: Review | None = None
    hearing: Review | None = None

    @property
    def declared(self):
        return self.declaration is not None

    @property
    def conflicted(self):
        return self.declaration is not None and self.declaration.conflicted

    @property
    def scored(self):
        return self.documents is not None


def my_state(application, person_id, *, declarations=None, reviews=None) -> MyState:
    """The reviewer's declaration and reviews of ``application`` (from the prefetched
    ``declarations`` and ``reviews`` when given)."""
    state = MyState(person_id=person_id)
    if person_id is None:
        return state
    if declarations is None:
        declarations = application.conflict_declarations.filter(reviewer_id=person_id)
    if reviews is None:
        reviews = application.reviews.filter(reviewer_id=person_id)
    state.declaration = next(
        (d for d in declarations if d.reviewer_id == person_id), None
    )
    for review in reviews:
        if review.reviewer_id == person_id:
            setattr(state, review.stage, review)
    return state


def may_see_scores(user, state: MyState) -> bool:
    """Others' scores and the aggregate: for those who see them all, and for a
    reviewer whose own score is in."""
    if state.conflicted:
        return False
    return sees_all_scores(user) or (is_reviewer(user) and state.scored)


# --- The review list ----------------------------------------------------------------------


@dataclass
class ReviewRow:
    application: FundApplication
    mine: MyState
    aggregate: Aggregate | None
    declared_count: int = 0
    conflicted_count: int = 0


def review_rows(*, user, fund_round) -> dict:
    """The round's applications under review as the viewer may see them, in a fixed
    number of queries: ``{"rows": [...], "to_screen": [...]}``."""
    person_id = roles_of(user).person_id
    all_scores = sees_all_scores(user)
    reviewer = is_reviewer(user)
    applications = list(
        FundApplication.objects.filter(round=fund_round, status__in=UNDER_REVIEW)
        .only(
            "pk",
            "round_id",
            "organization_id",
            "status",
            "org_name",
            "project_title",
            "amount_requested",
            "recommended_amount",
            "earmarked",
            "agenda_item_id",
            "submitted_at",
        )
        .prefetch_related(
            Prefetch(
                "conflict_declarations",
                queryset=ConflictDeclaration.objects.only(
                    "pk", "application_id", "reviewer_id", "conflicted"
                ),
            ),
            Prefetch(
                "reviews",
                queryset=Review.objects.only(
                    "pk", "application_id", "reviewer_id", "stage", "total"
                ),
            ),
        )
        .order_by("org_name", "pk")
    )
    rows = []
    for application in applications:
        declarations = list(application.conflict_declarations.all())
        reviews = list(application.reviews.all())
        mine = my_state(
            application, person_id, declarations=declarations, reviews=reviews
        )
        if mine.conflicted and not all_scores:
            continue  # not even the title
        conflicted = {d.reviewer_id for d in declarations if d.conflicted}
        shown = all_scores or (reviewer and mine.scored)
        rows.append(
            ReviewRow(
                application=application,
                mine=mine,
                aggregate=aggregate_of(reviews, conflicted) if shown else None,
                declared_count=len(declarations),
                conflicted_count=len(conflicted),
            )
        )
    to_screen = []
    if user.has_perm("network.screen_fund_application"):
        to_screen = list(
            FundApplication.objects.filter(round=fund_round, status__in=TO_SCREEN).only(
                "pk", "org_name", "project_title", "amount_requested", "status"
            )
        )
    return {"rows": rows, "to_screen": to_screen}


def waiting_for_reviewer(*, user, limit=20) -> list:
    """The applications a fund committee member still has to declare on or score
    (審査待ち), on rounds under review: two queries."""
    person_id = roles_of(user).person_id
    if person_id is None:
        return []
    applications = list(
        FundApplication.objects.filter(status=S.IN_REVIEW)
        .exclude(
            pk__in=ConflictDeclaration.objects.filter(
                reviewer_id=person_id, conflicted=True
            ).values("application_id")
        )
        .exclude(
            pk__in=Review.objects.filter(reviewer_id=person_id).values("application_id")
        )
        .select_related("round")
        .only("pk", "org_name", "project_title", "round__title", "round_id", "status")
        .order_by("round_id", "org_name", "pk")[:limit]
    )
    declared = set(
        ConflictDeclaration.objects.filter(
            reviewer_id=person_id, application__in=applications
        ).values_list("application_id", flat=True)
    )
    return [(application, application.pk in declared) for application in applications]
