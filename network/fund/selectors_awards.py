"""Reads of the fund's awards: the list with what was paid and what is still
unpaid (constant queries), one award through the viewer's reach, its payments,
change requests and report, and what the secretariat has to confirm."""

from django.db.models import IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.roles import roles_of
from wco_sse.core.files import files_attached_to
from wco_sse.core.selectors import get_visible_or_404

from .models import (
    Award,
    BudgetLine,
    ChangeRequest,
    FinalReport,
    LedgerLine,
    Payment,
)

AWARD_READERS = "network.view_fund_award"


def _sum_subquery(queryset, field):
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values(field)
            .annotate(total=Sum("amount"))
            .values("total")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def award_queryset():
    """Awards with their application, round and organization, and ``paid`` (confirmed
    payments) and ``unpaid`` (what the payable account still holds), each one
    subquery."""
    paid = Payment.objects.filter(award=OuterRef("pk"), status=Payment.Status.CONFIRMED)
    lines = LedgerLine.objects.filter(account__award=OuterRef("pk"))
    return (
        Award.objects.select_related("application__round", "application__organization")
        .annotate(
            paid_total=_sum_subquery(paid, "award"),
            payable_balance=_sum_subquery(lines, "account"),
        )
        .order_by("-decided_on", "-pk")
    )


def _with_money(awards):
    for award in awards:
        award.unpaid_total = -award.payable_balance
    return awards


def may_read_all_awards(user):
    return user.has_perm(AWARD_READERS)


def may_list_awards(user):
    return may_read_all_awards(user) or bool(roles_of(user).represented_org_ids)


def award_list_for(user, *, status=""):
    """What ``user`` may read: every award for those who read the fund's awards, a
    representative's own organizations' otherwise."""
    awards = award_queryset()
    if not may_read_all_awards(user):
        awards = awards.filter(
            application__organization_id__in=roles_of(user).represented_org_ids
        )
    if status in Award.Status.values:
        awards = awards.filter(status=status)
    return awards


def award_rows(awards):
    return _with_money(list(awards))


def award_get_for(*, user, pk, perm=AWARD_READERS, perms=()):
    award = get_visible_or_404(
        award_queryset(), user=user, perm=perm, perms=perms, pk=pk
    )
    award.unpaid_total = -award.payable_balance
    return award


def payment_get_for(*, user, pk, perm="network.manage_fund_award"):
    """A payment, found through its award (404 outside the viewer's reach)."""
    payment = get_object_or_404(
        Payment.objects.select_related(
            "award__application__round", "award__application__organization"
        ),
        pk=pk,
    )
    if not user.has_perm(perm, payment.award):
        raise Http404
    return payment


def change_get_for(*, user, pk, perm="network.decide_fund_change_request"):
    return get_visible_or_404(
        ChangeRequest.objects.select_related(
            "award__application__round", "award__application__organization"
        ),
        user=user,
        perm=perm,
        pk=pk,
    )


def award_payments(award):
    return list(
        Payment.objects.filter(award=award)
        .select_related("prepared_by", "confirmed_by")
        .order_by("pk")
    )


def award_changes(award):
    changes = list(
        ChangeRequest.objects.filter(award=award)
        .select_related("submitted_by", "decided_by")
        .order_by("pk")
    )
    lines = BudgetLine.objects.filter(change_request__in=changes).order_by(
        "order", "pk"
    )
    by_change = {}
    for line in lines:
        by_change.setdefault(line.change_request_id, []).append(line)
    for change in changes:
        change.line_list = by_change.get(change.pk, [])
        change.line_total = sum(line.amount for line in change.line_list)
        change.fund_total = sum(line.from_fund for line in change.line_list)
    return changes


def award_report(award):
    return FinalReport.objects.filter(award=award).first()


def report_lines(award):
    return list(
        BudgetLine.objects.filter(
            application_id=award.application_id, stage=BudgetLine.Stage.ACTUAL
        ).order_by("order", "pk")
    )


def plan_lines(award):
    """The plan in force: the latest approved change's lines, else the application's."""
    approved = (
        ChangeRequest.objects.filter(award=award, status=ChangeRequest.Status.APPROVED)
        .order_by("-decided_at", "-pk")
        .first()
    )
    if approved is not None:
        lines = BudgetLine.objects.filter(change_request=approved)
    else:
        lines = BudgetLine.objects.filter(
            application_id=award.application_id, stage=BudgetLine.Stage.PLAN
        )
    return list(lines.order_by("order", "pk"))


def report_files(report):
    return files_attached_to(report) if report is not None else []


def actual_from_fund(award) -> int:
    return (
        BudgetLine.objects.filter(
            application_id=award.application_id, stage=BudgetLine.Stage.ACTUAL
        ).aggregate(total=Sum("from_fund"))["total"]
        or 0
    )


def paid_total(award) -> int:
    return (
        Payment.objects.filter(award=award, status=Payment.Status.CONFIRMED).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )


def settlement_owed(award, report=None) -> int:
    """What is still to be paid once the report is accepted: what was spent from the
    fund (at most the award) less what was paid; 0 when nothing is owed."""
    if award.amount is None:
        return 0
    spent = min(actual_from_fund(award), award.amount)
    return max(0, spent - paid_total(award))


def payments_awaiting_confirmation():
    """Prepared payments, oldest first, for the secretariat's dashboard."""
    return list(
        Payment.objects.filter(status=Payment.Status.PREPARED)
        .select_related("award__application", "prepared_by")
        .order_by("prepared_at", "pk")
    )


def organization_awards(organization_ids):
    return award_queryset().filter(
        Q(application__organization_id__in=list(organization_ids))
    )
