"""Dues: the rate table, issuing, overrides, payments and their refusals."""

import datetime

import pytest
from django.utils.translation import gettext as _

from members.dues import (
    dues_issue,
    dues_issue_preview,
    dues_override,
    dues_payment_cancel,
    dues_payment_record,
    dues_rate_set,
    dues_summary,
    dues_unpaid,
)
from members.models import Dues, DuesClass, DuesPayment, DuesRate, Organization
from tests.factories import OrganizationFactory, PersonFactory
from tests.members.dues_support import *  # noqa: F403  (fixtures)
from tests.members.dues_support import issue, set_rates, this_year, today
from wco_sse.core.errors import PermissionDenied, ServiceError
from wco_sse.core.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_registry")]


def _pay(staff, dues, amount, paid_on=None, **kwargs):
    return dues_payment_record(
        actor=staff, dues=dues, paid_on=paid_on or today(), amount=amount, **kwargs
    )


# --- Rates -------------------------------------------------------------------------------------


def test_the_secretariat_sets_and_changes_a_rate(staff):
    """A rate is per fiscal year and class; changing it keeps one row and an audit entry."""
    rate = dues_rate_set(
        actor=staff, fiscal_year=2026, dues_class=DuesClass.REGULAR, amount=10_000
    )
    dues_rate_set(
        actor=staff, fiscal_year=2026, dues_class=DuesClass.REGULAR, amount=12_000
    )
    rate.refresh_from_db()
    assert rate.amount == 12_000
    assert DuesRate.objects.count() == 1
    entries = AuditEntry.objects.filter(action="dues.rate_set").order_by("pk")
    assert [e.data["changes"]["amount"] for e in entries] == [
        [None, 10_000],
        [10_000, 12_000],
    ]


@pytest.mark.parametrize(
    ("year", "dues_class", "amount", "field"),
    [
        (1999, DuesClass.REGULAR, 1000, "fiscal_year"),
        (2026, "gold", 1000, "dues_class"),
        (2026, DuesClass.REGULAR, -1, "amount"),
        (2026, DuesClass.REGULAR, 10_000_001, "amount"),
    ],
)
def test_a_bad_rate_is_refused_at_its_field(staff, year, dues_class, amount, field):
    with pytest.raises(ServiceError) as error:
        dues_rate_set(
            actor=staff, fiscal_year=year, dues_class=dues_class, amount=amount
        )
    assert error.value.field == field
    assert not DuesRate.objects.exists()


def test_only_the_secretariat_sets_rates(auditor, rep, director):
    for user in (auditor, rep, director):
        with pytest.raises(PermissionDenied):
            dues_rate_set(
                actor=user, fiscal_year=2026, dues_class=DuesClass.REGULAR, amount=1
            )


def test_a_changed_rate_leaves_issued_dues_alone(staff, dues):
    dues_rate_set(
        actor=staff,
        fiscal_year=this_year(),
        dues_class=DuesClass.REGULAR,
        amount=15_000,
    )
    dues.refresh_from_db()
    assert dues.amount == 12_000


# --- Issuing ---------------------------------------------------------------------------------


def test_issuing_bills_every_member_at_the_rate_in_kana_order(staff):
    """正会員 and 賛助会員 organizations and individual 賛助会員 are billed; others not."""
    regular = OrganizationFactory(
        name="ワーカーズ・コレクティブ いろは", name_kana="イロハ"
    )
    supporting = OrganizationFactory(
        name="ワーカーズ・コレクティブ あさひ", name_kana="アサヒ", supporting=True
    )
    OrganizationFactory(non_member=True)
    OrganizationFactory(partner=True)
    OrganizationFactory(status=Organization.Status.DISSOLVED)
    OrganizationFactory(left_on=datetime.date(this_year(), 3, 31))  # left last year
    individual = PersonFactory(is_individual_supporter=True)
    PersonFactory()  # not a supporter
    set_rates(staff)

    issued = issue(staff, due_on=datetime.date(this_year(), 6, 30))

    assert [(d.payer, d.dues_class, d.amount) for d in issued] == [
        (supporting, DuesClass.SUPPORTING, 5_000),
        (regular, DuesClass.REGULAR, 12_000),
        (individual, DuesClass.INDIVIDUAL, 3_000),
    ]
    year = this_year()
    assert [d.invoice_number for d in issued] == [
        f"{year}-0001",
        f"{year}-0002",
        f"{year}-0003",
    ]
    assert all(d.created_by == staff and d.paid_total == 0 for d in issued)
    assert AuditEntry.objects.filter(action="dues.issue").count() == 1


def test_issuing_twice_creates_nothing_new_and_numbering_continues(staff, wco):
    set_rates(staff)
    first = issue(staff)
    assert len(first) == 1
    assert issue(staff) == []
    assert Dues.objects.count() == 1
    late = OrganizationFactory()
    second = issue(staff)
    assert [(d.organization, d.invoice_number) for d in second] == [
        (late, f"{this_year()}-0002")
    ]


def test_a_missing_rate_stops_the_whole_run(staff, wco):
    PersonFactory(is_individual_supporter=True)
    dues_rate_set(
        actor=staff,
        fiscal_year=this_year(),
        dues_class=DuesClass.REGULAR,
        amount=12_000,
    )
    with pytest.raises(ServiceError) as error:
        issue(staff)
    assert error.value.field == "fiscal_year"
    assert str(DuesClass.INDIVIDUAL.label) in error.value.message
    assert not Dues.objects.exists()


def test_the_preview_counts_who_would_be_billed_and_missing_rates(staff, wco):
    OrganizationFactory(supporting=True)
    preview = dues_issue_preview(fiscal_year=this_year())
    assert preview["total"] == 2
    assert len(preview["missing_rates"]) == 2
    set_rates(staff)
    issue(staff)
    preview = dues_issue_preview(fiscal_year=this_year())
    assert (preview["total"], preview["already_issued"]) == (0, 2)


@pytest.mark.parametrize("offset", [-2, 2])
def test_dues_are_issued_for_last_this_or_next_year_only(staff, wco, offset):
    with pytest.raises(ServiceError) as error:
        dues_issue(actor=staff, fiscal_year=this_year() + offset)
    assert error.value.field == "fiscal_year"


def test_issue_dates_must_make_sense(staff, wco):
    set_rates(staff)
    year = this_year()
    with pytest.raises(ServiceError) as error:
        issue(staff, invoiced_on=datetime.date(year + 1, 4, 1))
    assert error.value.field == "invoiced_on"
    with pytest.raises(ServiceError) as error:
        issue(
            staff,
            invoiced_on=datetime.date(year, 4, 15),
            due_on=datetime.date(year, 4, 1),
        )
    assert error.value.field == "due_on"
    assert not Dues.objects.exists()


def test_only_the_secretariat_issues(auditor, rep, wco):
    with pytest.raises(PermissionDenied):
        dues_issue(actor=auditor, fiscal_year=this_year())
    with pytest.raises(PermissionDenied):
        dues_issue(actor=rep, fiscal_year=this_year())


# --- Overriding one amount --------------------------------------------------------------------


def test_an_amount_is_overridden_with_a_reason_in_the_audit_log(staff, dues):
    changed = dues_override(
        actor=staff,
        dues=dues,
        amount=6_000,
        reason="10月入会のため半額（理事会決定）",
        expected_version=dues.version,
    )
    assert (changed.amount, changed.amount_overridden) == (6_000, True)
    assert changed.version == dues.version + 1
    entry = AuditEntry.objects.get(action="dues.override")
    assert entry.data["changes"] == {"amount": [12_000, 6_000]}
    assert entry.data["reason"] == "10月入会のため半額（理事会決定）"
    # Back to the table's amount: no longer marked as set by hand.
    back = dues_override(
        actor=staff,
        dues=changed,
        amount=12_000,
        reason="決定の取り消し",
        expected_version=changed.version,
    )
    assert back.amount_overridden is False


def test_an_exemption_at_zero_yen_counts_as_paid(staff, dues):
    dues_override(
        actor=staff, dues=dues, amount=0, reason="免除", expected_version=dues.version
    )
    dues.refresh_from_db()
    assert dues.state == "paid"
    assert dues not in dues_unpaid(fiscal_year=this_year())


@pytest.mark.parametrize(
    ("amount", "reason", "field"),
    [
        (5_000, "", "reason"),
        (5_000, "   ", "reason"),
        (12_000, "同額", "amount"),
        (-1, "マイナス", "amount"),
    ],
)
def test_a_bad_override_is_refused(staff, dues, amount, reason, field):
    with pytest.raises(ServiceError) as error:
        dues_override(
            actor=staff,
            dues=dues,
            amount=amount,
            reason=reason,
            expected_version=dues.version,
        )
    assert error.value.field == field
    dues.refresh_from_db()
    assert dues.amount == 12_000


def test_an_amount_below_what_is_paid_is_refused(staff, dues):
    _pay(staff, dues, 8_000)
    with pytest.raises(ServiceError) as error:
        dues_override(
            actor=staff,
            dues=dues,
            amount=5_000,
            reason="減額",
            expected_version=dues.version,
        )
    assert error.value.field == "amount"
    assert "8,000" in error.value.message


def test_an_override_from_a_stale_form_is_refused(staff, dues):
    stale = dues.version
    dues_override(
        actor=staff, dues=dues, amount=6_000, reason="半額", expected_version=stale
    )
    with pytest.raises(ServiceError) as error:
        dues_override(
            actor=staff,
            dues=dues,
            amount=3_000,
            reason="別の変更",
            expected_version=stale,
        )
    assert error.value.code == "conflict"
    assert "6,000" in error.value.message
    dues.refresh_from_db()
    assert dues.amount == 6_000


def test_only_the_secretariat_overrides(auditor, rep, dues):
    for user in (auditor, rep):
        with pytest.raises(PermissionDenied):
            dues_override(
                actor=user,
                dues=dues,
                amount=1,
                reason="x",
                expected_version=dues.version,
            )


# --- Payments --------------------------------------------------------------------------------


def test_partial_payments_add_up_to_paid(staff, dues):
    first = _pay(staff, dues, 5_000, method=DuesPayment.Method.CASH)
    dues.refresh_from_db()
    assert (dues.paid_total, dues.state, dues.outstanding) == (5_000, "partial", 7_000)
    second = _pay(staff, dues, 7_000)
    dues.refresh_from_db()
    assert (dues.paid_total, dues.state, dues.outstanding) == (12_000, "paid", 0)
    number = dues.invoice_number
    assert (first.receipt_number, second.receipt_number) == (
        f"R{number}-1",
        f"R{number}-2",
    )
    assert first.recorded_by == staff
    assert AuditEntry.objects.filter(action="dues.payment").count() == 2


def test_paid_total_is_the_sum_of_the_payments(staff, dues):
    """paid_total is recomputed from the rows under the lock, never incremented blindly."""
    Dues.objects.filter(pk=dues.pk).update(paid_total=0)
    _pay(staff, dues, 3_000)
    _pay(staff, dues, 4_000)
    dues.refresh_from_db()
    assert dues.paid_total == sum(p.amount for p in dues.payments.all()) == 7_000


def test_an_overpayment_is_refused_with_what_is_owed(staff, dues):
    _pay(staff, dues, 10_000)
    with pytest.raises(ServiceError) as error:
        _pay(staff, dues, 3_000)
    assert error.value.field == "amount"
    assert "2,000" in error.value.message
    assert "3,000" in error.value.message
    dues.refresh_from_db()
    assert dues.paid_total == 10_000
    assert dues.payments.count() == 1


def test_dues_paid_in_full_take_no_more(staff, dues):
    _pay(staff, dues, 12_000)
    with pytest.raises(ServiceError) as error:
        _pay(staff, dues, 1)
    assert error.value.field == "amount"


@pytest.mark.parametrize("amount", [0, -500, None])
def test_a_payment_needs_a_positive_amount(staff, dues, amount):
    with pytest.raises(ServiceError) as error:
        _pay(staff, dues, amount)
    assert error.value.field == "amount"
    assert not DuesPayment.objects.exists()


def test_a_payment_cannot_be_dated_in_the_future(staff, dues):
    with pytest.raises(ServiceError) as error:
        _pay(staff, dues, 1_000, paid_on=today() + datetime.timedelta(days=1))
    assert error.value.field == "paid_on"


def test_a_payment_may_come_before_the_invoice_but_not_before_the_previous_april(
    staff, dues
):
    """Members pay at the general assembly before the invoices go out; the receipt
    carries the real day. A date before 1 April of the year before is a typo."""
    early = datetime.date(this_year() - 1, 4, 1)
    assert early < dues.invoiced_on
    assert _pay(staff, dues, 1_000, paid_on=early).paid_on == early
    with pytest.raises(ServiceError) as error:
        _pay(staff, dues, 1_000, paid_on=early - datetime.timedelta(days=1))
    assert error.value.field == "paid_on"


def test_a_payment_needs_a_known_method(staff, dues):
    with pytest.raises(ServiceError) as error:
        _pay(staff, dues, 1_000, method="bitcoin")
    assert error.value.field == "method"


def test_only_the_secretariat_records_payments(auditor, rep, dues):
    for user in (auditor, rep):
        with pytest.raises(PermissionDenied):
            _pay(user, dues, 1_000)
    assert not DuesPayment.objects.exists()


def test_a_cancelled_payment_comes_off_and_its_number_is_not_reused(staff, dues):
    first = _pay(staff, dues, 4_000)
    second = _pay(staff, dues, 4_000)
    with pytest.raises(ServiceError) as error:
        dues_payment_cancel(actor=staff, payment=second, reason="")
    assert error.value.field == "reason"
    dues_payment_cancel(actor=staff, payment=second, reason="二重入力")
    dues.refresh_from_db()
    assert dues.paid_total == 4_000
    entry = AuditEntry.objects.get(action="dues.payment_cancel")
    assert entry.data["receipt_number"] == second.receipt_number
    assert entry.data["reason"] == "二重入力"
    third = _pay(staff, dues, 8_000)
    assert third.receipt_number not in {first.receipt_number, second.receipt_number}
    with pytest.raises(ServiceError) as error:
        dues_payment_cancel(actor=staff, payment=second, reason="もう一度")
    assert error.value.message == _("This payment was cancelled already.")
    with pytest.raises(PermissionDenied):
        dues_payment_cancel(
            actor=PersonFactory(with_account=True).account, payment=third, reason="x"
        )


def test_the_summary_adds_up_per_class(staff, dues):
    OrganizationFactory(supporting=True)
    issue(staff)
    _pay(staff, dues, 5_000)
    summary = dues_summary(fiscal_year=this_year())
    by_class = {row["dues_class"]: row for row in summary["rows"]}
    assert by_class[DuesClass.REGULAR]["received"] == 5_000
    assert by_class[DuesClass.REGULAR]["owed"] == 7_000
    assert summary["total"] == {
        "count": 2,
        "billed": 17_000,
        "received": 5_000,
        "owed": 12_000,
        "outstanding_count": 2,
    }


def test_the_unpaid_list_holds_unpaid_and_partly_paid(staff, dues):
    paid = OrganizationFactory()
    partly = OrganizationFactory()
    issue(staff)
    _pay(staff, paid.dues.get(), 12_000)
    _pay(staff, partly.dues.get(), 1_000)
    unpaid = list(dues_unpaid(fiscal_year=this_year()))
    assert {d.organization for d in unpaid} == {dues.organization, partly}
