"""The rate table and issuing a fiscal year's dues."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.dates import format_day
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.japan import fiscal_year_bounds, format_fiscal_year
from wco_sse.core.transactions import service_transaction

from ..models import (
    Dues,
    DuesClass,
    DuesRate,
    Organization,
    Person,
)
from .common import (
    CLASS_OF_ORGANIZATION,
    check_amount,
    dues_years_open,
    earliest_date,
    yen,
)

# --- Rates ---------------------------------------------------------------------------------


def _check_rate(fiscal_year, dues_class, amount):
    if dues_class not in DuesClass.values:
        raise ServiceError(_("Choose a class."), field="dues_class")
    if not 2000 <= (fiscal_year or 0) <= 2100:
        raise ServiceError(_("Enter a fiscal year such as 2026."), field="fiscal_year")
    check_amount(amount)


def _create_rate(fiscal_year, dues_class, amount):
    try:
        with transaction.atomic():
            return DuesRate.objects.create(
                fiscal_year=fiscal_year, dues_class=dues_class, amount=amount
            )
    except IntegrityError:
        raise ServiceError(
            _("Someone else set this rate at the same moment. Please try again.")
        ) from None


def dues_rate_set(*, actor, fiscal_year: int, dues_class: str, amount: int) -> DuesRate:
    """Set the standard amount of a class for a fiscal year (create or change it).

    Dues already issued keep their amount: an invoice that went out is not changed
    behind the member's back (override it, with a reason, where that is meant).
    """
    require(actor, "members.manage_dues")
    _check_rate(fiscal_year, dues_class, amount)
    with service_transaction():
        rate = (
            DuesRate.objects.select_for_update()
            .filter(fiscal_year=fiscal_year, dues_class=dues_class)
            .first()
        )
        old = rate.amount if rate else None
        if rate is None:
            rate = _create_rate(fiscal_year, dues_class, amount)
        elif old == amount:
            return rate
        else:
            rate.amount = amount
            rate.save(update_fields=["amount"])
        audit_record(
            actor=actor,
            action="dues.rate_set",
            target=rate,
            message=_("%(class)s, %(year)s: %(amount)s yen")
            % {
                "class": rate.get_dues_class_display(),
                "year": format_fiscal_year(fiscal_year),
                "amount": yen(amount),
            },
            data={
                "fiscal_year": fiscal_year,
                "dues_class": dues_class,
                "changes": {"amount": [old, amount]},
            },
        )
    return rate


def dues_rate_table(*, years):
    """{fiscal_year: {dues_class: DuesRate}} for ``years``, in one query."""
    table = {year: {} for year in years}
    for rate in DuesRate.objects.filter(fiscal_year__in=years):
        table[rate.fiscal_year][rate.dues_class] = rate
    return table


def dues_count_issued_at_other_amount(*, rate):
    """How many issued dues of the rate's year and class show a different amount."""
    return (
        Dues.objects.filter(
            fiscal_year=rate.fiscal_year,
            dues_class=rate.dues_class,
            amount_overridden=False,
        )
        .exclude(amount=rate.amount)
        .count()
    )


# --- Issuing ---------------------------------------------------------------------------------


def _organizations_to_invoice(fiscal_year):
    """Member organizations, active and in membership during the year, without dues yet."""
    start, end = fiscal_year_bounds(fiscal_year)
    return (
        Organization.objects.filter(
            membership_class__in=list(CLASS_OF_ORGANIZATION),
            status=Organization.Status.ACTIVE,
        )
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=end))
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .exclude(dues__fiscal_year=fiscal_year)
        .order_by("sort_key", "pk")
    )


def _people_to_invoice(fiscal_year):
    """Individual supporting members during the year, without dues yet."""
    _start, end = fiscal_year_bounds(fiscal_year)
    return (
        Person.objects.listed()
        .filter(is_individual_supporter=True)
        .filter(Q(supporter_since__isnull=True) | Q(supporter_since__lte=end))
        .exclude(dues__fiscal_year=fiscal_year)
        .order_by("sort_key", "pk")
    )


def dues_issue_preview(*, fiscal_year):
    """Who issuing ``fiscal_year`` would invoice now, and which rates are missing."""
    organizations = dict(
        _organizations_to_invoice(fiscal_year)
        .order_by()
        .values_list("membership_class")
        .annotate(n=Count("pk"))
    )
    counts = {
        DuesClass.REGULAR: organizations.get(Organization.MembershipClass.REGULAR, 0),
        DuesClass.SUPPORTING: organizations.get(
            Organization.MembershipClass.SUPPORTING, 0
        ),
        DuesClass.INDIVIDUAL: _people_to_invoice(fiscal_year).count(),
    }
    rates = dues_rate_table(years=[fiscal_year])[fiscal_year]
    return {
        "fiscal_year": fiscal_year,
        "rows": [
            {
                "dues_class": dues_class,
                "label": label,
                "count": counts[dues_class],
                "rate": rates.get(dues_class),
            }
            for dues_class, label in DuesClass.choices
        ],
        "total": sum(counts.values()),
        "missing_rates": [
            label
            for dues_class, label in DuesClass.choices
            if counts[dues_class] and dues_class not in rates
        ],
        "already_issued": Dues.objects.filter(fiscal_year=fiscal_year).count(),
    }


def _next_invoice_sequence(fiscal_year):
    prefix = f"{fiscal_year}-"
    numbers = Dues.objects.filter(
        fiscal_year=fiscal_year, invoice_number__startswith=prefix
    ).values_list("invoice_number", flat=True)
    used = [int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()]
    return max(used, default=0) + 1


def _check_issue_dates(fiscal_year, invoiced_on, due_on):
    if fiscal_year not in dues_years_open():
        raise ServiceError(
            _("Dues can be issued for last year, this year or next year only."),
            field="fiscal_year",
        )
    _start, end = fiscal_year_bounds(fiscal_year)
    earliest = earliest_date(fiscal_year)
    if not earliest <= invoiced_on <= end:
        raise ServiceError(
            _(
                "The invoice date for %(year)s must fall between %(earliest)s and "
                "%(end)s."
            )
            % {
                "year": format_fiscal_year(fiscal_year),
                "earliest": format_day(earliest),
                "end": format_day(end),
            },
            field="invoiced_on",
        )
    if due_on is not None and due_on < invoiced_on:
        raise ServiceError(
            _("The payment deadline cannot be before the invoice date."),
            field="due_on",
        )


def _payers(fiscal_year):
    """(organization, person, class) of everyone to invoice for ``fiscal_year``."""
    return [
        (organization, None, CLASS_OF_ORGANIZATION[organization.membership_class])
        for organization in _organizations_to_invoice(fiscal_year)
    ] + [
        (None, person, DuesClass.INDIVIDUAL)
        for person in _people_to_invoice(fiscal_year)
    ]


def _check_rates_for(payers, rates, fiscal_year):
    """A class with members to invoice but no rate stops the whole run."""
    missing = [
        label
        for dues_class, label in DuesClass.choices
        if dues_class not in rates and any(c == dues_class for _o, _p, c in payers)
    ]
    if missing:
        raise ServiceError(
            _(
                "There is no rate for %(classes)s in %(year)s. Set the rates "
                "first; nothing was issued."
            )
            % {
                "classes": "、".join(str(label) for label in missing),
                "year": format_fiscal_year(fiscal_year),
            },
            field="fiscal_year",
        )


def dues_issue(
    *,
    actor,
    fiscal_year: int,
    invoiced_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
) -> list[Dues]:
    """Issue ``fiscal_year``'s dues to every member who has none for it yet.

    All or nothing, and idempotent: issuing again invoices only members who joined
    since, and nobody twice. Amounts come from the rate table; a class with members
    but no rate stops the whole run. Invoice numbers run ``2026-0001``, ``2026-0002``…
    in kana order, continuing after the year's last number. The one bulk write renews
    what shows dues by itself (the model's TrackedQuerySet).
    """
    require(actor, "members.manage_dues")
    invoiced_on = invoiced_on or timezone.localdate()
    _check_issue_dates(fiscal_year, invoiced_on, due_on)
    with service_transaction():
        # The year's rate rows are the lock that serializes issuing and numbering.
        rates = {
            rate.dues_class: rate
            for rate in DuesRate.objects.select_for_update()
            .filter(fiscal_year=fiscal_year)
            .order_by("pk")
        }
        payers = _payers(fiscal_year)
        _check_rates_for(payers, rates, fiscal_year)
        if not payers:
            return []
        sequence = _next_invoice_sequence(fiscal_year)
        new = Dues.objects.bulk_create(
            Dues(
                fiscal_year=fiscal_year,
                organization=organization,
                person=person,
                dues_class=dues_class,
                amount=rates[dues_class].amount,
                invoice_number=f"{fiscal_year}-{sequence + index:04d}",
                invoiced_on=invoiced_on,
                due_on=due_on,
                created_by=actor,
            )
            for index, (organization, person, dues_class) in enumerate(payers)
        )
        _record_issue(actor, fiscal_year, new, invoiced_on, due_on)
    return new


def _record_issue(actor, fiscal_year, new, invoiced_on, due_on):
    summary = {
        "count": len(new),
        "first": new[0].invoice_number,
        "last": new[-1].invoice_number,
    }
    audit_record(
        actor=actor,
        action="dues.issue",
        message=_("%(year)s: %(count)s invoices, %(first)s to %(last)s")
        % {"year": format_fiscal_year(fiscal_year), **summary},
        data={
            "fiscal_year": fiscal_year,
            **summary,
            "invoiced_on": invoiced_on,
            "due_on": due_on,
        },
    )
