"""Hostile input to the fund review's forms: screening, the conflict declaration,
scores, the recommendation and sending to the board (see ``forms_helpers``)."""

import pytest
from django.urls import reverse

from network.models import ConflictDeclaration, FundApplication, Review, ReviewScore
from secretariat.models import AgendaItem, AgendaPaper
from tests.hostile.forms_helpers import FormCase, row_of, run_case
from tests.network.fund import review_helpers as rh
from tests.network.fund_helpers import application, funded_round
from wco_sse.core.models import AuditEntry


def a_submitted_application(demo):
    return {"kwargs": {"pk": application(funded_round(), rh.home(demo)).pk}}


def an_application_in_review(demo):
    return {"kwargs": {"pk": rh.in_review(demo).pk}}


def an_application_declared_on(demo):
    app = rh.in_review(demo)
    ConflictDeclaration.objects.create(
        application=app, reviewer=demo["fund"].person, conflicted=False
    )
    return {"kwargs": {"pk": app.pk}, "app": app}


def an_application_scored(demo):
    made = an_application_declared_on(demo)
    rh.scored(demo["fund"], made["app"], 4)
    return made


def a_recommended_application(demo):
    return {"kwargs": {"pk": rh.recommended(demo).pk}}


def application_row(made):
    return row_of(FundApplication, made["kwargs"]["pk"])


def score_values(demo, made):
    return {f"score_{pk}": "3" for pk in rh.scores(made["app"])}


CASES = (
    FormCase(
        "fund_screen",
        "network:fund_application_screen",
        "staff",
        setup=a_submitted_application,
        values={"decision": "ineligible", "reason": "対象外の事業です。"},
        tables=(AuditEntry,),
        snapshot=application_row,
    ),
    FormCase(
        "fund_conflict",
        "network:fund_application_conflict",
        "fund",
        setup=an_application_in_review,
        values={"conflicted": "yes", "reason": "団体の理事を兼ねている"},
        tables=(ConflictDeclaration, AuditEntry),
    ),
    FormCase(
        "fund_review",
        "network:fund_application_review",
        "fund",
        setup=an_application_declared_on,
        values=score_values,
        tables=(Review, ReviewScore, AuditEntry),
    ),
    FormCase(
        "fund_recommend",
        "network:fund_application_recommend",
        "fund",
        setup=an_application_scored,
        values={
            "recommend": "yes",
            "amount": "１００，０００",
            "reasons": "必要性が高い。",
        },
        tables=(AuditEntry,),
        snapshot=application_row,
    ),
    FormCase(
        "fund_send",
        "network:fund_application_send",
        "network",
        setup=a_recommended_application,
        values={"minutes_reference": "第3回まちづくり会議 議事録"},
        tables=(AgendaItem, AgendaPaper, AuditEntry),
        snapshot=application_row,
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_fund_review_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; hostile text, numbers or dates are saved or
    refused with a message shown, never a server error, and a refusal changes
    nothing."""
    run_case(client, demo, case)


@pytest.mark.parametrize("value", ["6", "-1", "abc", "3.5", "", "９９", "1e3"])
def test_a_score_out_of_range_or_not_a_number_is_refused_at_its_field(
    client, demo, value
):
    made = an_application_declared_on(demo)
    app = made["app"]
    data = score_values(demo, made)
    first = next(iter(data))
    data[first] = value
    client.force_login(demo["fund"])
    response = client.post(
        reverse("network:fund_application_review", args=[app.pk]), data
    )
    assert response.status_code == 200
    assert first in response.context["form"].errors
    assert not Review.objects.filter(application=app).exists()


def test_full_width_digits_are_a_score(client, demo):
    made = an_application_declared_on(demo)
    app = made["app"]
    data = dict.fromkeys(score_values(demo, made), "４")
    client.force_login(demo["fund"])
    response = client.post(
        reverse("network:fund_application_review", args=[app.pk]), data
    )
    assert response.status_code == 302
    assert Review.objects.get(application=app).total == 4 * len(data)


@pytest.mark.parametrize(
    ("amount", "saved"),
    [("１５０，０００", 150_000), ("150000円", 150_000), ("￥１２０,０００", 120_000)],
)
def test_a_typed_amount_is_normalized(client, demo, amount, saved):
    app = an_application_scored(demo)["app"]
    client.force_login(demo["fund"])
    response = client.post(
        reverse("network:fund_application_recommend", args=[app.pk]),
        {"recommend": "yes", "amount": amount, "reasons": "理由"},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.recommended_amount == saved == app.earmarked


@pytest.mark.parametrize(
    "amount", ["", "0", "-1", "12.5", "三十万", "300001", "9" * 15]
)
def test_a_bad_amount_is_refused_at_its_field(client, demo, amount):
    app = an_application_scored(demo)["app"]
    client.force_login(demo["fund"])
    response = client.post(
        reverse("network:fund_application_recommend", args=[app.pk]),
        {"recommend": "yes", "amount": amount, "reasons": "理由"},
    )
    assert response.status_code == 200
    assert "amount" in response.context["form"].errors
    app.refresh_from_db()
    assert app.status == FundApplication.Status.IN_REVIEW and app.earmarked == 0
