"""Reading the fund's programmes, rounds and applications, each page with a fixed
number of queries (budgets and remainders of many rounds read together)."""

import datetime

from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from wco_sse.core.selectors import get_visible_or_404

from . import ledger
from .models import (
    Award,
    BudgetLine,
    CostCategory,
    FundApplication,
    FundProgramme,
    FundRound,
    LedgerLine,
)

S = FundRound.Status
A = FundApplication.Status
# How far ahead a round "opening soon" is listed on the public page.
OPENING_SOON_DAYS = 60


def programme_list():
    return FundProgramme.objects.annotate(round_count=Count("rounds")).order_by(
        "-active", "name", "pk"
    )


def programme_get_or_404(pk):
    return get_object_or_404(FundProgramme, pk=pk)


def round_list():
    return FundRound.objects.select_related("programme", "rubric", "committee")


def with_money(rounds):
    """``rounds`` (a list) with ``budget``, ``earmarked_total`` and ``remaining`` set as
    ``ledger.round_budget``/``round_earmarked``/``round_remaining`` read them: two
    queries, however many rounds."""
    rounds = list(rounds)
    ids = [r.pk for r in rounds]
    budgets = dict(
        LedgerLine.objects.filter(account__round_id__in=ids)
        .values("account__round_id")
        .annotate(total=Sum("amount"))
        .values_list("account__round_id", "total")
    )
    earmarks = {
        row["round_id"]: (row["held"] or 0) + (row["waiting"] or 0)
        for row in FundApplication.objects.filter(round_id__in=ids)
        .values("round_id")
        .annotate(
            held=Sum("earmarked", filter=Q(status__in=ledger.EARMARKING)),
            waiting=Sum(
                "earmarked", filter=Q(award__status=Award.Status.AWAITING_AMOUNT)
            ),
        )
    }
    labels = dict(CostCategory.choices)
    for fund_round in rounds:
        fund_round.eligible_labels = [
            labels[c] for c in fund_round.eligible_costs if c in labels
        ]
        fund_round.budget = -(budgets.get(fund_round.pk) or 0)
        fund_round.earmarked_total = earmarks.get(fund_round.pk, 0)
        fund_round.remaining = fund_round.budget - fund_round.earmarked_total
    return rounds


def dashboard_rounds():
    """Every round with its money, grouped by status in the status order:
    ``[(status value, label, [rounds])]``."""
    rounds = with_money(round_list().order_by("-opens_at", "-pk"))
    groups = []
    for value, label in S.choices:
        shown = [r for r in rounds if r.status == value]
        groups.append((value, label, shown))
    return groups


def round_get_for(*, user, pk, perm="network.view_fund"):
    fund_round = get_visible_or_404(round_list(), user=user, perm=perm, pk=pk)
    return with_money([fund_round])[0]


def round_application_counts(fund_round):
    """``[(status label, count)]`` of the round's applications, in status order."""
    counts = dict(
        FundApplication.objects.filter(round=fund_round)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(label, counts[value]) for value, label in A.choices if value in counts]


def round_applications(fund_round):
    return (
        FundApplication.objects.filter(round=fund_round)
        .select_related("organization")
        .order_by("status", "org_name", "pk")
    )


def public_rounds(now=None):
    """Published rounds taking applications now or opening within
    ``OPENING_SOON_DAYS`` days, soonest closing first."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(days=OPENING_SOON_DAYS)
    rounds = (
        round_list()
        .filter(status=S.PUBLISHED, closes_at__gte=now, opens_at__lte=soon)
        .order_by("closes_at", "pk")
    )
    return with_money(rounds)


def public_round_get_or_404(pk, *, money=True):
    """A round anyone may read: any but one being prepared (404 for a draft);
    ``money=False`` reads the round's row alone (its page, kept whole, reads the
    rest with ``public_round_with_money`` when it renders)."""
    if not money:
        return get_object_or_404(FundRound.objects.exclude(status=S.DRAFT), pk=pk)
    fund_round = get_object_or_404(round_list().exclude(status=S.DRAFT), pk=pk)
    return with_money([fund_round])[0]


def public_round_with_money(fund_round):
    """``fund_round`` again with its programme, budget, earmarks and remainder."""
    return with_money([round_list().get(pk=fund_round.pk)])[0]


APPLICATION_RELATED = (
    "round__programme",
    "round__rubric",
    "organization",
    "submitted_by",
    "created_by",
)


def application_list():
    return FundApplication.objects.select_related(*APPLICATION_RELATED)


def application_get_for(
    *, user, pk, perm="network.view_fund_application", perms=(), related=True
):
    """The application, or 404 when missing or outside ``user``'s reach;
    ``related=False`` reads its row alone (a page kept whole checks the reach on
    it, and reads the rest with ``application_with_related`` when rendered)."""
    queryset = application_list() if related else FundApplication.objects.all()
    return get_visible_or_404(queryset, user=user, perm=perm, perms=perms, pk=pk)


def application_with_related(application):
    """``application`` again, with its round, organization and accounts."""
    return application_list().get(pk=application.pk)


def application_detail(application):
    """What the application's page shows beside the record: plan lines and totals,
    and its files (each with its 公開/非公開 choice)."""
    lines = list(
        BudgetLine.objects.filter(
            application=application, stage=BudgetLine.Stage.PLAN
        ).order_by("order", "pk")
    )
    files = list(application.files.select_related("file__uploaded_by").order_by("pk"))
    return {
        "lines": lines,
        "lines_total": sum(line.amount for line in lines),
        "lines_from_fund": sum(line.from_fund for line in lines),
        "files": files,
    }


def my_applications(user):
    """The applications of the organizations ``user`` represents, newest first."""
    from members.roles import roles_of

    ids = roles_of(user).represented_org_ids
    return (
        FundApplication.objects.filter(organization_id__in=ids)
        .select_related("round__programme", "organization", "award")
        .order_by("-created_at", "-pk")
    )


def organization_applications(organization):
    """An organization's applications with their award (if any), for its page."""
    return list(
        FundApplication.objects.filter(organization=organization)
        .select_related("round", "award")
        .order_by("-created_at", "-pk")
    )
