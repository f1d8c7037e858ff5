"""Dues (会費): the rate table, issuing a fiscal year's dues, overrides, payments,
invoices and receipts, the unpaid list and reminders.

Locking: issuing a year's dues locks that year's rate rows, so two staff issuing at
the same moment number their invoices one after the other; a payment, an override or
a cancelled payment locks the dues row, so ``paid_total`` stays the sum of its
payments and never passes the amount.

Dates: invoices and payments may be dated from 1 April of the year before the dues'
fiscal year (members sometimes pay the coming year in advance, and the receipt must
carry the real date) up to the end of the fiscal year for invoices and up to today for
payments (no receipt for money not yet received). A payment may be dated before the
invoice: a member who paid at the general assembly before the invoices went out gets
a receipt dated the day they paid.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Prefetch, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .audit import audit_record
from .emails import email_queue
from .errors import PermissionDenied, ServiceError
from .japan import fiscal_year as fiscal_year_of
from .japan import fiscal_year_bounds, format_date, format_fiscal_year
from .models import (
    Affiliation,
    AuditEntry,
    Dues,
    DuesClass,
    DuesPayment,
    DuesRate,
    Organization,
    Person,
)
from .pdf import render_pdf
from .selectors import get_visible_or_404

CLASS_OF_ORGANIZATION = {
    Organization.MembershipClass.REGULAR: DuesClass.REGULAR,
    Organization.MembershipClass.SUPPORTING: DuesClass.SUPPORTING,
}
MAX_AMOUNT = 10_000_000  # yen; a typo guard, far above any real dues

# States of dues as the lists filter them. "outstanding" is the unpaid list:
# unpaid and partially paid together.
STATES = ("paid", "partial", "unpaid", "outstanding")


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You do not have permission to do this."))


def yen(amount):
    """50000 -> "50,000" (the thousands separator whatever the language)."""
    return f"{int(amount or 0):,}"


def _today():
    return timezone.localdate()


def dues_years_open(today=None):
    """The fiscal years dues may be issued for: last year, this year and next year."""
    current = fiscal_year_of(today or _today())
    return [current + 1, current, current - 1]


def _earliest_date(fiscal_year):
    return datetime.date(fiscal_year - 1, 4, 1)


# --- Rates ---------------------------------------------------------------------------------


def dues_rate_set(*, actor, fiscal_year: int, dues_class: str, amount: int) -> DuesRate:
    """Set the standard amount of a class for a fiscal year (create or change it).

    Dues already issued keep their amount: an invoice that went out is not changed
    behind the member's back (override it, with a reason, where that is meant).
    """
    _require(actor, "members.manage_dues")
    if dues_class not in DuesClass.values:
        raise ServiceError(_("Choose a class."), field="dues_class")
    if not 2000 <= (fiscal_year or 0) <= 2100:
        raise ServiceError(_("Enter a fiscal year such as 2026."), field="fiscal_year")
    if amount is None or not 0 <= amount <= MAX_AMOUNT:
        raise ServiceError(
            _("Enter an amount in yen between 0 and %(max)s.")
            % {"max": yen(MAX_AMOUNT)},
            field="amount",
        )
    with transaction.atomic():
        rate = (
            DuesRate.objects.select_for_update()
            .filter(fiscal_year=fiscal_year, dues_class=dues_class)
            .first()
        )
        old = rate.amount if rate else None
        if rate is None:
            try:
                with transaction.atomic():
                    rate = DuesRate.objects.create(
                        fiscal_year=fiscal_year, dues_class=dues_class, amount=amount
                    )
            except IntegrityError:
                raise ServiceError(
                    _(
                        "Someone else set this rate at the same moment. Please try again."
                    )
                ) from None
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
        Person.objects.filter(is_individual_supporter=True)
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
    _start, end = fiscal_year_bounds(fiscal_year)
    earliest = _earliest_date(fiscal_year)
    if not earliest <= invoiced_on <= end:
        raise ServiceError(
            _(
                "The invoice date for %(year)s must fall between %(earliest)s and "
                "%(end)s."
            )
            % {
                "year": format_fiscal_year(fiscal_year),
                "earliest": format_date(earliest),
                "end": format_date(end),
            },
            field="invoiced_on",
        )
    if due_on is not None and due_on < invoiced_on:
        raise ServiceError(
            _("The payment deadline cannot be before the invoice date."),
            field="due_on",
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
    in kana order, continuing after the year's last number.
    """
    _require(actor, "members.manage_dues")
    today = _today()
    if fiscal_year not in dues_years_open(today):
        raise ServiceError(
            _("Dues can be issued for last year, this year or next year only."),
            field="fiscal_year",
        )
    invoiced_on = invoiced_on or today
    _check_issue_dates(fiscal_year, invoiced_on, due_on)
    with transaction.atomic():
        # The year's rate rows are the lock that serializes issuing and numbering.
        rates = {
            rate.dues_class: rate
            for rate in DuesRate.objects.select_for_update()
            .filter(fiscal_year=fiscal_year)
            .order_by("pk")
        }
        organizations = list(_organizations_to_invoice(fiscal_year))
        people = list(_people_to_invoice(fiscal_year))
        payers = [
            (organization, None, CLASS_OF_ORGANIZATION[organization.membership_class])
            for organization in organizations
        ] + [(None, person, DuesClass.INDIVIDUAL) for person in people]
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
        if not payers:
            return []
        sequence = _next_invoice_sequence(fiscal_year)
        new = [
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
        ]
        Dues.objects.bulk_create(new)
        audit_record(
            actor=actor,
            action="dues.issue",
            message=_("%(year)s: %(count)s invoices, %(first)s to %(last)s")
            % {
                "year": format_fiscal_year(fiscal_year),
                "count": len(new),
                "first": new[0].invoice_number,
                "last": new[-1].invoice_number,
            },
            data={
                "fiscal_year": fiscal_year,
                "count": len(new),
                "first": new[0].invoice_number,
                "last": new[-1].invoice_number,
                "invoiced_on": invoiced_on,
                "due_on": due_on,
            },
        )
    return new


# --- One member's dues ------------------------------------------------------------------------


def _lock(dues):
    return Dues.objects.select_for_update().get(pk=dues.pk)


def dues_override(
    *, actor, dues: Dues, amount: int, reason: str, expected_version: int
) -> Dues:
    """Change one member's amount (a reduction, an exemption at 0 yen, a mid-year
    joiner), with the reason kept in the audit log. Refused below what is paid."""
    _require(actor, "members.manage_dues")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            _("Give the reason for changing the amount."), field="reason"
        )
    if amount is None or not 0 <= amount <= MAX_AMOUNT:
        raise ServiceError(
            _("Enter an amount in yen between 0 and %(max)s.")
            % {"max": yen(MAX_AMOUNT)},
            field="amount",
        )
    with transaction.atomic():
        locked = _lock(dues)
        if locked.version != expected_version:
            raise ServiceError(
                _(
                    "Someone else changed these dues while you were editing them (the "
                    "amount is now %(amount)s yen). Nothing was saved; please check "
                    "and try again."
                )
                % {"amount": yen(locked.amount)},
                code="conflict",
            )
        if amount == locked.amount:
            raise ServiceError(
                _("The amount is %(amount)s yen already.") % {"amount": yen(amount)},
                field="amount",
            )
        if amount < locked.paid_total:
            raise ServiceError(
                _(
                    "%(paid)s yen has been paid already: the amount cannot be less than "
                    "that. Cancel a payment first if it was recorded by mistake."
                )
                % {"paid": yen(locked.paid_total)},
                field="amount",
            )
        old = locked.amount
        standard = (
            DuesRate.objects.filter(
                fiscal_year=locked.fiscal_year, dues_class=locked.dues_class
            )
            .values_list("amount", flat=True)
            .first()
        )
        locked.amount = amount
        locked.amount_overridden = amount != standard
        locked.note = reason[:200]
        locked.version += 1
        locked.save(update_fields=["amount", "amount_overridden", "note", "version"])
        audit_record(
            actor=actor,
            action="dues.override",
            target=locked,
            message=_("Amount %(old)s → %(new)s yen: %(reason)s")
            % {"old": yen(old), "new": yen(amount), "reason": reason},
            data={
                "changes": {"amount": [old, amount]},
                "reason": reason,
                "version": locked.version,
            },
        )
    return locked


def _next_receipt_number(dues):
    """R2026-0001-1, -2, … per dues. Counted from the audit log as well as the
    payments, so a cancelled payment's number is never given to another payment."""
    prefix = f"R{dues.invoice_number}-"
    suffixes = [
        int(number[len(prefix) :])
        for number in dues.payments.values_list("receipt_number", flat=True)
        if number.startswith(prefix) and number[len(prefix) :].isdigit()
    ]
    recorded = AuditEntry.objects.filter(
        action="dues.payment",
        target_type=ContentType.objects.get_for_model(Dues),
        target_id=str(dues.pk),
    ).count()
    return f"{prefix}{max([recorded, *suffixes]) + 1}"


def _refresh_paid_total(locked):
    locked.paid_total = locked.payments.aggregate(total=Sum("amount"))["total"] or 0
    locked.save(update_fields=["paid_total"])


def dues_payment_record(
    *,
    actor,
    dues: Dues,
    paid_on: datetime.date,
    amount: int,
    method: str = DuesPayment.Method.TRANSFER,
    note: str = "",
) -> DuesPayment:
    """Record money received towards dues (one of several partial payments, or all of
    it). Refused when it is more than what is still owed."""
    _require(actor, "members.manage_dues")
    if amount is None or amount <= 0:
        raise ServiceError(_("Enter the amount received, in yen."), field="amount")
    if method not in DuesPayment.Method.values:
        raise ServiceError(_("Choose how it was paid."), field="method")
    if paid_on is None:
        raise ServiceError(_("Enter the date it was paid."), field="paid_on")
    if paid_on > _today():
        raise ServiceError(
            _("A payment cannot be dated in the future."), field="paid_on"
        )
    earliest = _earliest_date(dues.fiscal_year)
    if paid_on < earliest:
        raise ServiceError(
            _(
                "A payment towards the dues for %(year)s cannot be dated before "
                "%(earliest)s."
            )
            % {
                "year": format_fiscal_year(dues.fiscal_year),
                "earliest": format_date(earliest),
            },
            field="paid_on",
        )
    with transaction.atomic():
        locked = _lock(dues)
        outstanding = locked.amount - locked.paid_total
        if outstanding <= 0:
            raise ServiceError(
                _("These dues are paid in full already."), field="amount"
            )
        if amount > outstanding:
            raise ServiceError(
                _(
                    "%(amount)s yen is more than the %(outstanding)s yen still owed. "
                    "Record at most %(outstanding)s yen; an overpayment is not "
                    "accepted as dues."
                )
                % {"amount": yen(amount), "outstanding": yen(outstanding)},
                field="amount",
            )
        payment = DuesPayment.objects.create(
            dues=locked,
            paid_on=paid_on,
            amount=amount,
            method=method,
            receipt_number=_next_receipt_number(locked),
            note=(note or "").strip()[:200],
            recorded_by=actor,
        )
        _refresh_paid_total(locked)
        audit_record(
            actor=actor,
            action="dues.payment",
            target=locked,
            message=_("%(amount)s yen paid on %(date)s (receipt %(receipt)s)")
            % {
                "amount": yen(amount),
                "date": paid_on.isoformat(),
                "receipt": payment.receipt_number,
            },
            data={
                "receipt_number": payment.receipt_number,
                "amount": amount,
                "paid_on": paid_on,
                "method": method,
                "paid_total": locked.paid_total,
            },
        )
    dues.paid_total = locked.paid_total
    return payment


def dues_payment_cancel(*, actor, payment: DuesPayment, reason: str) -> Dues:
    """Take back a payment recorded by mistake. The audit log keeps what it was and
    why it went; its receipt number is not used again."""
    _require(actor, "members.manage_dues")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            _("Give the reason for cancelling this payment."), field="reason"
        )
    with transaction.atomic():
        locked = Dues.objects.select_for_update().get(pk=payment.dues_id)
        current = DuesPayment.objects.filter(pk=payment.pk, dues=locked).first()
        if current is None:
            raise ServiceError(_("This payment was cancelled already."))
        data = {
            "receipt_number": current.receipt_number,
            "amount": current.amount,
            "paid_on": current.paid_on,
            "method": current.method,
            "reason": reason,
        }
        current.delete()
        _refresh_paid_total(locked)
        data["paid_total"] = locked.paid_total
        audit_record(
            actor=actor,
            action="dues.payment_cancel",
            target=locked,
            message=_("Payment %(receipt)s of %(amount)s yen cancelled: %(reason)s")
            % {
                "receipt": data["receipt_number"],
                "amount": yen(data["amount"]),
                "reason": reason,
            },
            data=data,
        )
    return locked


# --- Reading dues -----------------------------------------------------------------------------


def _representatives_prefetch():
    return Prefetch(
        "organization__affiliations",
        queryset=Affiliation.objects.current()
        .filter(confirmed=True, position=Affiliation.Position.REPRESENTATIVE)
        .select_related("person__account")
        .order_by("start", "pk"),
        to_attr="current_representatives",
    )


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
        .prefetch_related(_representatives_prefetch())
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


def dues_get_for(*, user, pk):
    """One member's dues, or 404 for anyone who may not see them."""
    return get_visible_or_404(
        Dues.objects.select_related("organization", "person", "created_by"),
        user=user,
        perm="members.view_dues",
        pk=pk,
    )


def dues_payment_get_for(*, user, pk):
    payment = get_object_or_404(
        DuesPayment.objects.select_related("dues__organization", "dues__person"), pk=pk
    )
    if not user.has_perm("members.view_dues", payment.dues):
        raise Http404
    return payment


def dues_payments(*, dues):
    return list(dues.payments.select_related("recorded_by").order_by("paid_on", "pk"))


def dues_of_organization(*, organization):
    """An organization's dues, newest year first, with their payments (two queries)."""
    return list(
        Dues.objects.filter(organization=organization)
        .prefetch_related(
            Prefetch("payments", queryset=DuesPayment.objects.order_by("paid_on", "pk"))
        )
        .order_by("-fiscal_year")
    )


def dues_of_person(*, person):
    return list(
        Dues.objects.filter(person=person)
        .prefetch_related(
            Prefetch("payments", queryset=DuesPayment.objects.order_by("paid_on", "pk"))
        )
        .order_by("-fiscal_year")
    )


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
            Affiliation.objects.current()
            .filter(
                organization=organization,
                confirmed=True,
                position=Affiliation.Position.REPRESENTATIVE,
            )
            .select_related("person__account")
            .order_by("start", "pk")
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


# --- Reminders ----------------------------------------------------------------------------------


def reminder_key(dues, day):
    """One reminder per dues and day: a double click, a retry or a second "remind all"
    the same day sends nothing more."""
    return f"dues_reminder:{dues.pk}:{day.isoformat()}"


def _portal_path(dues):
    if dues.organization_id:
        return reverse("members:organization_detail", args=[dues.organization_id])
    return reverse("members:mypage")


def _remind(actor, dues, day):
    contact = dues_contact(dues)
    if contact is None:
        raise ServiceError(
            _(
                "%(payer)s has no email address. Send the invoice by post or fax "
                "instead."
            )
            % {"payer": dues.payer},
            code="no_address",
        )
    email_address, language, addressee = contact
    with transaction.atomic():
        email = email_queue(
            key=reminder_key(dues, day),
            template="dues_reminder",
            to=email_address,
            language=language,
            context={
                "dues": dues,
                "addressee": addressee,
                "is_organization": bool(dues.organization_id),
                "fiscal_year": format_fiscal_year(dues.fiscal_year),
                "amount": yen(dues.amount),
                "paid": yen(dues.paid_total),
                "outstanding": yen(dues.outstanding),
                "portal_url": settings.WCO_SITE_URL + _portal_path(dues),
            },
        )
        if email is None:
            return None
        Dues.objects.filter(pk=dues.pk).update(last_reminded_on=day)
        dues.last_reminded_on = day
        audit_record(
            actor=actor,
            action="dues.remind",
            target=dues,
            message=_("Reminder sent to %(email)s") % {"email": email_address},
            data={"to": email_address, "day": day},
        )
    return email


def dues_remind(*, actor, dues: Dues, day: datetime.date | None = None):
    """Send one member a reminder (お支払いのお願い). Returns the queued email, or None
    when they were reminded today already."""
    _require(actor, "members.manage_dues")
    day = day or _today()
    dues = (
        Dues.objects.select_related("organization", "person__account")
        .prefetch_related(_representatives_prefetch())
        .get(pk=dues.pk)
    )
    if dues.state == "paid":
        raise ServiceError(
            _("These dues are paid in full; there is nothing to remind of.")
        )
    return _remind(actor, dues, day)


def dues_remind_all(*, actor, fiscal_year: int, day: datetime.date | None = None):
    """Remind every member with dues outstanding for ``fiscal_year``.

    Returns {"sent": [...], "already": [...], "no_address": [...]} of dues.
    """
    _require(actor, "members.manage_dues")
    day = day or _today()
    result = {"sent": [], "already": [], "no_address": []}
    for dues in dues_unpaid(fiscal_year=fiscal_year):
        try:
            email = _remind(actor, dues, day)
        except ServiceError:
            result["no_address"].append(dues)
            continue
        result["sent" if email else "already"].append(dues)
    return result


# --- Documents ----------------------------------------------------------------------------------


def _document_language(dues):
    """Invoices and receipts go out in Japanese; an individual member who asked for
    English gets theirs in English."""
    if dues.person_id and dues.person.language:
        return dues.person.language
    return settings.LANGUAGE_CODE


def _payer_context(dues):
    from .prints import address_lines, postal_code_display

    payer = dues.payer
    street, building = address_lines(payer) if payer.address else ("", "")
    return {
        "payer_name": payer.name if dues.organization_id else payer.full_name,
        "payer_is_organization": bool(dues.organization_id),
        "payer_postal_code": postal_code_display(payer.postal_code),
        "payer_address": street,
        "payer_building": building,
    }


def _issuer_context():
    return {
        "issuer_name": settings.WCO_ORGANIZATION_NAME,
        # Optional settings: the organization's address and where to pay.
        "issuer_address": getattr(settings, "WCO_ORGANIZATION_ADDRESS", ""),
        "payment_instructions": getattr(settings, "WCO_DUES_PAYMENT_INSTRUCTIONS", ""),
    }


def dues_invoice_pdf(*, dues: Dues, wareki: bool = False) -> bytes:
    """The invoice (請求書) of one member's dues, as PDF."""
    payments = list(dues.payments.order_by("paid_on", "pk"))
    context = {
        **_issuer_context(),
        **_payer_context(dues),
        "dues": dues,
        "fiscal_year": format_fiscal_year(dues.fiscal_year, wareki=wareki),
        "invoiced_on": format_date(dues.invoiced_on, wareki=wareki),
        "due_on": format_date(dues.due_on, wareki=wareki),
        "amount": yen(dues.amount),
        "paid": yen(dues.paid_total),
        "outstanding": yen(dues.outstanding),
        "payments": [
            {
                "paid_on": format_date(p.paid_on, wareki=wareki),
                "amount": yen(p.amount),
                "receipt_number": p.receipt_number,
            }
            for p in payments
        ],
    }
    with translation.override(_document_language(dues)):
        return render_pdf("members/dues/invoice_pdf.html", context)


def dues_receipt_pdf(*, payment: DuesPayment, wareki: bool = False) -> bytes:
    """The receipt (領収書) of one payment, as PDF."""
    dues = payment.dues
    paid_through = (
        dues.payments.filter(
            Q(paid_on__lt=payment.paid_on)
            | Q(paid_on=payment.paid_on, pk__lte=payment.pk)
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    context = {
        **_issuer_context(),
        **_payer_context(dues),
        "dues": dues,
        "payment": payment,
        "fiscal_year": format_fiscal_year(dues.fiscal_year, wareki=wareki),
        "paid_on": format_date(payment.paid_on, wareki=wareki),
        "amount": yen(payment.amount),
        "dues_amount": yen(dues.amount),
        "balance": yen(max(dues.amount - paid_through, 0)),
        "is_partial": paid_through < dues.amount,
    }
    with translation.override(_document_language(dues)):
        return render_pdf("members/dues/receipt_pdf.html", context)
