"""Reading dues: the year's list, the unpaid list, one member's, who to remind."""

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from wco_sse.core.selectors import get_visible_or_404

from ..models import (
    Dues,
    DuesClass,
    DuesPayment,
    DuesRate,
)
from ..selectors import current_representatives, representatives_prefetch
from .common import dues_years_open

# --- Reading dues -----------------------------------------------------------------------------


def _filter_state(queryset, state):
    if state == "paid":
        return queryset.filter(paid_total__gte=F("amount"))
    if state == "partial":
        return queryset.filter(paid_total__gt=0, paid_total__lt=F("amount"))
    if state == "unpaid":
        return queryset.filter(paid_total=0, amount__gt=0)
    if state == "outstanding":
        return queryset.filter(paid_total__lt=F("amount"))
    return queryset


def dues_list(*, fiscal_year, state="", dues_class=""):
    """The year's dues, in invoice-number order, with their payer."""
    queryset = Dues.objects.filter(fiscal_year=fiscal_year).select_related(
        "organization", "person"
    )
    if dues_class in DuesClass.values:
        queryset = queryset.filter(dues_class=dues_class)
    return _filter_state(queryset, state).order_by("invoice_number", "pk")


def dues_unpaid(*, fiscal_year, dues_class=""):
    """The unpaid list (未納一覧): unpaid and partly paid dues of a year, with what the
    list, the export and the reminders show, in a fixed number of queries."""
    return (
        dues_list(fiscal_year=fiscal_year, state="outstanding", dues_class=dues_class)
        .select_related(
            "organization__municipality__parent",
            "person__municipality__parent",
            "person__account",
        )
        .prefetch_related(representatives_prefetch("organization__affiliations"))
    )


def dues_summary(*, fiscal_year):
    """Per class and in total: how many, billed, received, still owed."""
    rows = {
        row["dues_class"]: row
        for row in Dues.objects.filter(fiscal_year=fiscal_year)
        .order_by()
        .values("dues_class")
        .annotate(
            count=Count("pk"),
            billed=Sum("amount"),
            received=Sum("paid_total"),
            outstanding_count=Count("pk", filter=Q(paid_total__lt=F("amount"))),
        )
    }
    summary = []
    for dues_class, label in DuesClass.choices:
        row = rows.get(dues_class, {})
        billed, received = row.get("billed") or 0, row.get("received") or 0
        summary.append(
            {
                "dues_class": dues_class,
                "label": label,
                "count": row.get("count", 0),
                "billed": billed,
                "received": received,
                "owed": billed - received,
                "outstanding_count": row.get("outstanding_count", 0),
            }
        )
    total = {
        key: sum(row[key] for row in summary)
        for key in ("count", "billed", "received", "owed", "outstanding_count")
    }
    return {"rows": summary, "total": total}


def dues_years(today=None):
    """Fiscal years to offer in the year selectors: those with dues or rates, and the
    years dues may be issued for, newest first."""
    years = set(dues_years_open(today))
    years |= set(Dues.objects.values_list("fiscal_year", flat=True).distinct())
    years |= set(DuesRate.objects.values_list("fiscal_year", flat=True).distinct())
    return sorted(years, reverse=True)


def dues_get_for(*, user, pk, perm="members.view_dues"):
    """One member's dues, or 404 for anyone who lacks ``perm`` on them (seeing them
    by default; ``members.manage_dues`` for the pages that change them)."""
    return get_visible_or_404(
        Dues.objects.select_related("organization", "person", "created_by"),
        user=user,
        perm=perm,
        pk=pk,
    )


def dues_payment_get_for(*, user, pk, perm="members.view_dues"):
    """One payment, or 404 for anyone who lacks ``perm`` on its dues."""
    payment = get_object_or_404(
        DuesPayment.objects.select_related("dues__organization", "dues__person"), pk=pk
    )
    if not user.has_perm(perm, payment.dues):
        raise Http404
    return payment


def dues_payments(*, dues):
    return list(dues.payments.select_related("recorded_by").order_by("paid_on", "pk"))


def _with_payments(dues):
    """Newest year first, with their payments (two queries)."""
    return list(
        dues.prefetch_related(
            Prefetch("payments", queryset=DuesPayment.objects.order_by("paid_on", "pk"))
        ).order_by("-fiscal_year")
    )


def dues_of_organization(*, organization):
    """An organization's dues, newest year first, with their payments (two queries)."""
    return _with_payments(Dues.objects.filter(organization=organization))


def dues_of_person(*, person):
    return _with_payments(Dues.objects.filter(person=person))


def dues_contact(dues):
    """(email, language, addressee) a reminder goes to, or None without an address.

    An individual member gets it at their own address in their own language. An
    organization gets it at its own address, in Japanese, or else at its
    representative's address in theirs.
    """
    if dues.person_id:
        person = dues.person
        email = person.contact_email
        return (email, person.language, person.full_name) if email else None
    organization = dues.organization
    representatives = getattr(organization, "current_representatives", None)
    if representatives is None:
        representatives = list(
            current_representatives().filter(organization=organization)
        )
    if organization.email:
        return organization.email, settings.LANGUAGE_CODE, organization.name
    for affiliation in representatives:
        if affiliation.person.contact_email:
            return (
                affiliation.person.contact_email,
                affiliation.person.language,
                organization.name,
            )
    return None
