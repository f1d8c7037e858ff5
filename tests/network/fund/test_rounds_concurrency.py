"""Two submissions of one group to a one-application round at once (PostgreSQL): the
round's row lock (then the application's) makes the second wait and see the first;
exactly one application goes through."""

import pytest

from network.fund import services_rounds as services
from network.models import FundApplication, Rubric, RubricCriterion
from tests.network.fund_helpers import application, funded_round
from tests.secretariat.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

A = FundApplication.Status


def _rubric():
    # A transactional test empties the tables the seed migration filled.
    rubric, created = Rubric.objects.get_or_create(name="標準審査基準", version=1)
    if created:
        RubricCriterion.objects.create(rubric=rubric, name="先駆性", order=1)
    return rubric


@pytest.mark.parametrize("repeat", range(3))
def test_two_submissions_of_one_group_leave_one_live(demo, repeat):
    fund_round = funded_round(budget=0, rubric=_rubric())
    wco = demo.ctx.data["home_wco"]
    # Two drafts of the same W.Co: one by its representative, one the secretariat
    # typed from paper (as when the round allowed two, then stopped allowing it).
    drafts = [
        application(fund_round, wco, status=A.DRAFT, project_title=title)
        for title in ("居場所づくり", "配食の拡充")
    ]
    outcomes = race(
        [
            lambda draft=draft, who=who: services.application_submit(
                actor=demo[who], application=draft
            )
            for draft, who in zip(drafts, ("rep", "staff"), strict=True)
        ]
    )
    assert sorted(outcomes, key=lambda o: o != "ok")[0] == "ok"
    assert outcomes.count("ok") == 1, outcomes
    assert "1団体1件" in next(o for o in outcomes if o != "ok")
    submitted = FundApplication.objects.filter(
        round=fund_round, organization=wco, status__in=services.SUBMITTED_LIVE
    )
    assert submitted.count() == 1


@pytest.mark.parametrize("repeat", range(2))
def test_two_drafts_started_at_once_make_one(demo, repeat):
    fund_round = funded_round(budget=0, rubric=_rubric())
    wco = demo.ctx.data["home_wco"]
    outcomes = race(
        [
            lambda: services.application_start(
                actor=demo["rep"], fund_round=fund_round, organization=wco
            ),
            lambda: services.application_start(
                actor=demo["rep"], fund_round=fund_round, organization=wco
            ),
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert FundApplication.objects.filter(round=fund_round).count() == 1
