"""Payments racing on one award (PostgreSQL): the award's row lock makes the second
confirmation wait and find what the first booked."""

import time

import pytest
from django.utils import timezone

from network.fund import ledger
from network.fund import services_awards as services
from network.models import Payment
from tests.network.fund.awards_helpers import home, make_award, other
from tests.secretariat.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def prepare(demo, award, amount, key, who="staff"):
    return services.payment_prepare(
        actor=demo[who],
        award=award,
        kind="advance",
        amount=amount,
        pay_on=timezone.localdate(),
        key=key,
    )


@pytest.mark.parametrize("repeat", range(3))
def test_two_confirmations_never_pass_the_unpaid_amount(demo, repeat):
    award = make_award(home(demo), amount=300_000)
    first = prepare(demo, award, 200_000, f"a{repeat}")
    second = prepare(demo, award, 200_000, f"b{repeat}", who="secgen")
    outcomes = race(
        [
            lambda: services.payment_confirm(actor=demo["secgen"], payment=first),
            lambda: services.payment_confirm(actor=demo["staff"], payment=second),
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert Payment.objects.filter(award=award, status="confirmed").count() == 1
    assert ledger.award_unpaid(award) == 100_000
    assert ledger.trial_balance()["unbalanced"] == []


@pytest.mark.parametrize("repeat", range(3))
def test_a_double_submitted_payment_posts_once(demo, repeat):
    award = make_award(home(demo), amount=300_000)
    outcomes = race(
        [lambda: prepare(demo, award, 50_000, f"same{repeat}") for _ in range(2)]
    )
    assert outcomes == ["ok", "ok"]
    payment = Payment.objects.get(award=award)
    services.payment_confirm(actor=demo["secgen"], payment=payment)
    assert ledger.award_unpaid(award) == 250_000


def test_two_awards_never_pass_the_cash(demo):
    first = make_award(home(demo), amount=300_000, budget=400_000)
    second = make_award(other(demo), amount=300_000, fund_round=first.application.round)
    assert ledger.cash_balance() == 400_000
    one = prepare(demo, first, 250_000, "c1")
    two = prepare(demo, second, 250_000, "c2")
    outcomes = race(
        [
            lambda: services.payment_confirm(actor=demo["secgen"], payment=one),
            lambda: services.payment_confirm(actor=demo["secgen"], payment=two),
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert ledger.cash_balance() == 150_000


@pytest.mark.parametrize("repeat", range(3))
def test_two_amended_awards_never_pass_the_round_budget(demo, repeat, monkeypatch):
    """Two 修正可決 awards of one round, each earmarked 200,000 of a 500,000 budget,
    given 300,000 each at once: the round's row lets one through, the other finds
    what is left and is refused, and the budget never goes below zero. (Reading what
    is left is slowed down so that both would read it before either books, were the
    round not locked.)"""
    remaining = ledger.round_remaining

    def slow_remaining(fund_round):
        left = remaining(fund_round)
        time.sleep(0.3)
        return left

    monkeypatch.setattr(ledger, "round_remaining", slow_remaining)
    first = make_award(
        home(demo), awaiting=True, requested=300_000, earmark=200_000, budget=500_000
    )
    fund_round = first.application.round
    second = make_award(
        other(demo),
        awaiting=True,
        requested=300_000,
        earmark=200_000,
        fund_round=fund_round,
    )
    assert remaining(fund_round) == 100_000
    outcomes = race(
        [
            lambda: services.award_set_amount(
                actor=demo["staff"], award=first, amount=300_000
            ),
            lambda: services.award_set_amount(
                actor=demo["secgen"], award=second, amount=300_000
            ),
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert ledger.round_budget(fund_round) == 200_000
    assert remaining(fund_round) == 0
    assert ledger.trial_balance()["unbalanced"] == []
