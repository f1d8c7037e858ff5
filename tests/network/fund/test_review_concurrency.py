"""Two recommendations at once on a round with room for one (PostgreSQL): the round's
row lock makes the second wait and find the budget earmarked; exactly one passes."""

import pytest

from network.fund import ledger
from network.fund import services_review as services
from network.models import FundApplication, FundRound
from tests.network.fund import review_helpers as rh
from tests.network.fund_helpers import funded_round, standard_rubric
from tests.secretariat.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("repeat", range(3))
def test_two_recommendations_at_once_never_over_earmark(demo, repeat):
    fund_round = funded_round(
        budget=300_000,
        status=FundRound.Status.REVIEW,
        rubric=standard_rubric(),
        title=f"競合テスト {repeat}",
    )
    first = rh.in_review(demo, fund_round=fund_round, amount=200_000, total=300_000)
    second = rh.in_review(
        demo,
        fund_round=fund_round,
        organization=demo.ctx.data["wcos"][1],
        amount=200_000,
        total=300_000,
    )
    other = rh.reviewer()
    for app in (first, second):
        rh.scored(other, app)
    outcomes = race(
        [
            lambda app=app: services.application_recommend(
                actor=demo["staff"],
                application=app,
                recommend=True,
                amount=200_000,
                reasons="同時の推薦",
            )
            for app in (first, second)
        ]
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    recommended = FundApplication.objects.filter(
        round=fund_round, status=FundApplication.Status.RECOMMENDED
    )
    assert recommended.count() == 1
    assert ledger.round_earmarked(fund_round) == 200_000
    assert ledger.round_remaining(fund_round) == 100_000
