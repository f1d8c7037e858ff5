"""Two staff at the same moment: no overpayment, no invoice number twice (PostgreSQL)."""

import time

import pytest

from members import dues as dues_services
from members.dues import payments as dues_payments
from members.models import Dues, Role, User
from tests.factories import OrganizationFactory
from tests.members.concurrency import race
from tests.members.dues_support import account_with_role, issue, set_rates, today
from wco_sse.core.errors import ServiceError

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_payments_at_once_never_pass_the_amount(monkeypatch):
    """Each payment of 8,000 on 12,000 yen fits alone; together only one is taken."""
    staff = account_with_role(Role.SECRETARIAT_STAFF)
    organization = OrganizationFactory()
    set_rates(staff)
    issue(staff)
    dues = organization.dues.get()
    numbering = dues_payments._next_receipt_number

    def slow_numbering(locked):
        time.sleep(0.3)  # hold the row lock while the other payment waits for it
        return numbering(locked)

    monkeypatch.setattr(dues_payments, "_next_receipt_number", slow_numbering)

    def pay(index):
        return dues_services.dues_payment_record(
            actor=User.objects.get(pk=staff.pk),
            dues=Dues.objects.get(pk=dues.pk),
            paid_on=today(),
            amount=8_000,
        )

    results = race(pay)
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(refused) == 1, results
    assert "4,000" in refused[0].message
    dues.refresh_from_db()
    assert dues.paid_total == 8_000
    assert dues.payments.count() == 1


def test_issuing_twice_at_once_numbers_each_member_once(empty_registry):
    # Without the session's demo registry: a transactional test that runs first on
    # its database still finds it (the flush comes after), and issuing covers every
    # member W.Co.
    staff = account_with_role(Role.SECRETARIAT_STAFF)
    OrganizationFactory.create_batch(5)
    set_rates(staff)

    def run(index):
        return issue(User.objects.get(pk=staff.pk))

    results = race(run)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(len(r) for r in results) == [0, 5]
    numbers = list(Dues.objects.values_list("invoice_number", flat=True))
    assert len(numbers) == len(set(numbers)) == 5
