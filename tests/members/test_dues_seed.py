"""The demo's dues: two years, paid, partly paid and unpaid, and a second run adds
nothing."""

import pytest

from members.demo.dues import seed_dues
from members.models import Dues, DuesPayment, DuesRate
from tests.members.dues_support import today
from wco_sse.core.japan import fiscal_year
from wco_sse.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_seed_dues_makes_two_years_in_every_state_once(demo):
    seed_dues(demo.ctx)
    counts = (
        DuesRate.objects.count(),
        Dues.objects.count(),
        DuesPayment.objects.count(),
        AuditEntry.objects.count(),
    )
    seed_dues(demo.ctx)
    assert (
        DuesRate.objects.count(),
        Dues.objects.count(),
        DuesPayment.objects.count(),
        AuditEntry.objects.count(),
    ) == counts

    year = fiscal_year(today())
    assert set(Dues.objects.values_list("fiscal_year", flat=True)) == {year - 1, year}
    states = {d.state for d in Dues.objects.filter(fiscal_year=year)}
    assert states == {"paid", "partial", "unpaid"}
    home = demo.ctx.data["home_wco"].dues
    assert home.get(fiscal_year=year).state == "partial"
    assert home.get(fiscal_year=year - 1).state == "paid"
    for dues in Dues.objects.all():
        assert dues.paid_total == sum(p.amount for p in dues.payments.all())
