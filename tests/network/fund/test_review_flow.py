"""The fund's review from screening to the recommendation: who sees what, the
aggregate, the earmark (issue 14)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from network.fund import ledger
from network.fund import selectors_review as selectors
from network.fund import services_review as services
from network.models import ApplicationFile, FundApplication, FundRound
from tests.network.fund import review_helpers as rh
from tests.network.fund_helpers import application, funded_round
from tests.permission_vocabulary import PDF_BYTES
from wco_sse.core import files as core_files
from wco_sse.core.errors import PermissionDenied, ServiceError
from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.django_db
S = FundApplication.Status


# --- Screening ----------------------------------------------------------------------------


def test_the_secretariat_screens_an_application_as_eligible(demo, client):
    app = application(funded_round(), rh.home(demo))
    client.force_login(demo["staff"])
    url = reverse("network:fund_application_screen", args=[app.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "eligible"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == S.IN_REVIEW and app.screened_by == demo["staff"]


def test_ineligible_needs_a_reason_which_the_representative_is_emailed(demo, client):
    app = application(funded_round(), rh.home(demo))
    client.force_login(demo["staff"])
    url = reverse("network:fund_application_screen", args=[app.pk])
    response = client.post(url, {"decision": "ineligible", "reason": " "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    app.refresh_from_db()
    assert app.status == S.SUBMITTED
    client.post(url, {"decision": "ineligible", "reason": "対象地域外の事業です。"})
    app.refresh_from_db()
    assert app.status == S.INELIGIBLE
    assert app.ineligible_reason == "対象地域外の事業です。"
    sent = OutboundEmail.objects.filter(template="fund_review_ineligible").get()
    assert sent.to == demo["rep"].person.contact_email
    assert "対象地域外の事業です。" in sent.body_text


def test_a_round_requiring_prior_consultation_needs_its_date_and_case_number(demo):
    app = application(funded_round(requires_prior_consultation=True), rh.home(demo))
    with pytest.raises(ServiceError) as error:
        services.application_screen(actor=demo["staff"], application=app, eligible=True)
    assert error.value.field == "prior_consultation_on"
    with pytest.raises(ServiceError) as error:
        services.application_screen(
            actor=demo["staff"],
            application=app,
            eligible=True,
            prior_consultation_on=timezone.localdate(),
        )
    assert error.value.field == "prior_consultation_case"
    with pytest.raises(ServiceError) as error:
        services.application_screen(
            actor=demo["staff"],
            application=app,
            eligible=True,
            prior_consultation_on=timezone.localdate() + datetime.timedelta(days=3),
            prior_consultation_case="相談-2026-0042",
        )
    assert error.value.field == "prior_consultation_on"
    done = services.application_screen(
        actor=demo["staff"],
        application=app,
        eligible=True,
        prior_consultation_on=timezone.localdate(),
        prior_consultation_case="相談-2026-0042",
    )
    assert done.status == S.IN_REVIEW
    assert done.prior_consultation_case == "相談-2026-0042"


def test_only_a_submitted_application_is_screened_and_only_by_the_secretariat(demo):
    app = rh.in_review(demo)
    with pytest.raises(ServiceError):
        services.application_screen(actor=demo["staff"], application=app, eligible=True)
    draft = application(funded_round(title="別の回"), rh.home(demo))
    with pytest.raises(PermissionDenied):
        services.application_screen(
            actor=demo["network"], application=draft, eligible=True
        )


# --- Conflicts ----------------------------------------------------------------------------


def _file_of(app, demo):
    stored = core_files.file_attach(
        actor=demo["staff"],
        target=app,
        uploaded=SimpleUploadedFile("plan.pdf", PDF_BYTES, "application/pdf"),
    )
    ApplicationFile.objects.create(application=app, file=stored)
    return stored


@pytest.fixture
def application_files_owned(monkeypatch):
    """Application files governed by the application (registered by the applications'
    part; here too, so this test stands on its own)."""
    registry = dict(core_files._registry)
    registry.setdefault(
        "network.fundapplication",
        core_files.FilePermissions(
            view="network.view_fund_application", edit="network.edit_fund_application"
        ),
    )
    monkeypatch.setattr(core_files, "_registry", registry)


def test_a_conflicted_reviewer_gets_404_on_everything_of_the_application(
    demo, client, application_files_owned
):
    app = rh.in_review(demo)
    stored = _file_of(app, demo)
    other = rh.reviewer()
    rh.scored(other, app, 4)
    services.conflict_declare(
        actor=demo["fund"], application=app, conflicted=True, reason="役員を兼ねている"
    )
    client.force_login(demo["fund"])
    assert not demo["fund"].has_perm("network.view_fund_application", app)
    for url in (
        reverse("network:fund_application_review", args=[app.pk]),
        reverse("network:fund_application_review", args=[app.pk]) + "?stage=hearing",
        reverse("network:fund_application_recommend", args=[app.pk]),
        reverse("network:fund_application_paper", args=[app.pk]),
        reverse("members:file_download", args=[stored.pk]),
    ):
        assert client.get(url).status_code == 404, url
    # The application page (the applications' part), once it exists.
    try:
        url = reverse("network:fund_application", args=[app.pk])
    except Exception:
        url = None
    if url:
        assert client.get(url).status_code == 404
    # The other reviewer opens the file.
    client.force_login(other)
    assert (
        client.get(reverse("members:file_download", args=[stored.pk])).status_code
        == 200
    )


def test_a_reviewer_who_has_not_declared_sees_only_the_declaration(demo, client):
    app = rh.in_review(demo, project_title="秘密の事業名ではない")
    client.force_login(demo["fund"])
    assert not demo["fund"].has_perm("network.view_fund_application", app)
    review = reverse("network:fund_application_review", args=[app.pk])
    assert client.get(review).status_code == 404
    page = client.get(reverse("network:fund_application_conflict", args=[app.pk]))
    assert page.status_code == 200
    assert app.purpose not in page.content.decode()
    response = client.post(
        reverse("network:fund_application_conflict", args=[app.pk]),
        {"conflicted": "no"},
    )
    assert response.status_code == 302
    assert demo["fund"].has_perm("network.view_fund_application", app)
    assert client.get(review).status_code == 200


def test_a_conflict_needs_a_reason_and_a_declaration_is_made_once(demo):
    app = rh.in_review(demo)
    with pytest.raises(ServiceError) as error:
        services.conflict_declare(actor=demo["fund"], application=app, conflicted=True)
    assert error.value.field == "reason"
    services.conflict_declare(actor=demo["fund"], application=app, conflicted=False)
    with pytest.raises(ServiceError):
        services.conflict_declare(actor=demo["fund"], application=app, conflicted=False)
    # A conflict found later is declared; never the other way back.
    services.conflict_declare(
        actor=demo["fund"], application=app, conflicted=True, reason="親族が理事"
    )
    with pytest.raises(ServiceError):
        services.conflict_declare(actor=demo["fund"], application=app, conflicted=False)


# --- Scores and aggregates ------------------------------------------------------------------


def test_others_scores_are_hidden_until_ones_own_is_in(demo, client):
    app = rh.in_review(demo)
    other = rh.reviewer()
    rh.scored(other, app, 5)
    services.conflict_declare(actor=demo["fund"], application=app, conflicted=False)
    client.force_login(demo["fund"])
    url = reverse("network:fund_application_review", args=[app.pk])
    page = client.get(url)
    assert page.context["aggregate"] is None and page.context["reviews"] is None
    reviews = client.get(reverse("network:fund_round_reviews", args=[app.round_id]))
    assert reviews.context["rows"][0].aggregate is None
    data = {f"score_{pk}": 2 for pk in rh.scores(app)}
    assert client.post(url, data).status_code == 302
    page = client.get(url)
    assert page.context["aggregate"].latest == Decimal("17.5")  # (25 + 10) / 2
    reviews = client.get(reverse("network:fund_round_reviews", args=[app.round_id]))
    assert reviews.context["rows"][0].aggregate.latest == Decimal("17.5")


def test_the_aggregate_leaves_out_conflicted_reviewers_and_takes_the_latest_stage(
    demo,
):
    app = rh.in_review(demo)
    first, second, third = rh.reviewer(), rh.reviewer(), rh.reviewer()
    rh.scored(first, app, 2)  # total 10
    rh.scored(first, app, 4, stage="hearing")  # total 20: counts instead
    rh.scored(second, app, 3)  # total 15
    rh.scored(third, app, 5)  # total 25, then a conflict found
    services.conflict_declare(
        actor=third, application=app, conflicted=True, reason="後から判明した親族関係"
    )
    result = selectors.application_aggregate(app)
    assert result.count == 2
    assert result.latest == Decimal("17.5")
    assert result.documents == Decimal("12.5") and result.documents_count == 2
    assert result.hearing == Decimal("20.0") and result.hearing_count == 1
    by = {c.name: v for c, v in result.by_criterion}
    assert set(by.values()) == {Decimal("3.5")}


def test_the_hearing_rescore_needs_the_document_score_and_scores_close_on_recommendation(
    demo,
):
    app = rh.in_review(demo)
    services.conflict_declare(actor=demo["fund"], application=app, conflicted=False)
    with pytest.raises(ServiceError):
        services.review_submit(
            actor=demo["fund"], application=app, stage="hearing", scores=rh.scores(app)
        )
    rh.scored(demo["fund"], app, 3)
    rh.scored(demo["fund"], app, 4, stage="hearing")
    services.application_recommend(
        actor=demo["fund"],
        application=app,
        recommend=True,
        amount=100_000,
        reasons="良い",
    )
    with pytest.raises(ServiceError):
        rh.scored(demo["fund"], app, 1)


def test_a_conflicted_reviewer_sees_no_trace_of_the_application_in_the_list(
    demo, client
):
    fund_round = funded_round(status=FundRound.Status.REVIEW)
    hidden = rh.in_review(demo, fund_round=fund_round, project_title="見えない事業")
    rh.in_review(
        demo,
        fund_round=fund_round,
        organization=demo.ctx.data["wcos"][1],
        project_title="見える事業",
    )
    services.conflict_declare(
        actor=demo["fund"], application=hidden, conflicted=True, reason="所属団体"
    )
    client.force_login(demo["fund"])
    page = client.get(reverse("network:fund_round_reviews", args=[fund_round.pk]))
    text = page.content.decode()
    assert "見える事業" in text
    assert "見えない事業" not in text and hidden.org_name not in text.replace(
        demo.ctx.data["wcos"][1].name, ""
    )
    # The secretariat sees both.
    client.force_login(demo["staff"])
    page = client.get(reverse("network:fund_round_reviews", args=[fund_round.pk]))
    assert "見えない事業" in page.content.decode()


# --- Recommendation and earmark -------------------------------------------------------------


def test_recommending_earmarks_and_never_over_earmarks_the_round(demo):
    fund_round = funded_round(
        budget=500_000, cap=400_000, status=FundRound.Status.REVIEW
    )
    first = rh.in_review(demo, fund_round=fund_round, amount=400_000, total=500_000)
    second = rh.in_review(
        demo,
        fund_round=fund_round,
        organization=demo.ctx.data["wcos"][1],
        amount=400_000,
        total=500_000,
    )
    rh.recommended(demo, app=first, amount=300_000)
    assert ledger.round_remaining(fund_round) == 200_000
    with pytest.raises(ServiceError) as error:
        rh.recommended(demo, app=second, amount=250_000)
    assert error.value.field == "amount"
    second.refresh_from_db()
    assert second.status == S.IN_REVIEW and second.earmarked == 0
    # Changing one's own recommendation frees its own earmark first.
    services.application_recommend(
        actor=demo["staff"],
        application=first,
        recommend=True,
        amount=400_000,
        reasons="増額",
    )
    assert ledger.round_remaining(fund_round) == 100_000
    # None recommended: the earmark is released.
    services.application_recommend(
        actor=demo["staff"], application=first, recommend=False, reasons="予算の都合"
    )
    first.refresh_from_db()
    assert first.status == S.NOT_RECOMMENDED and first.earmarked == 0
    assert ledger.round_remaining(fund_round) == 500_000


@pytest.mark.parametrize("amount", ["300,001", "0", "-5", "abc", "", "1e5"])
def test_the_recommended_amount_is_checked(demo, amount):
    app = rh.in_review(demo, amount=300_000)
    rh.scored(demo["fund"], app)
    with pytest.raises(ServiceError) as error:
        services.application_recommend(
            actor=demo["fund"],
            application=app,
            recommend=True,
            amount=amount,
            reasons="理由",
        )
    assert error.value.field == "amount"
    app.refresh_from_db()
    assert app.status == S.IN_REVIEW and app.earmarked == 0


def test_full_width_digits_are_read_and_the_cap_holds(demo):
    app = rh.in_review(
        demo,
        fund_round=funded_round(cap=200_000, status=FundRound.Status.REVIEW),
        amount=300_000,
    )
    rh.scored(demo["fund"], app)
    with pytest.raises(ServiceError) as error:
        services.application_recommend(
            actor=demo["fund"],
            application=app,
            recommend=True,
            amount="２５０，０００",
            reasons="理由",
        )
    assert error.value.field == "amount"
    done = services.application_recommend(
        actor=demo["fund"],
        application=app,
        recommend=True,
        amount="１５０，０００円",
        reasons="理由",
    )
    assert done.recommended_amount == 150_000 == done.earmarked


def test_a_recommendation_needs_reasons_and_a_score(demo):
    app = rh.in_review(demo)
    services.conflict_declare(actor=demo["fund"], application=app, conflicted=False)
    with pytest.raises(ServiceError) as error:
        services.application_recommend(
            actor=demo["fund"], application=app, recommend=True, amount=1, reasons=""
        )
    assert error.value.field == "reasons"
    with pytest.raises(ServiceError):
        services.application_recommend(
            actor=demo["fund"],
            application=app,
            recommend=True,
            amount=1,
            reasons="理由",
        )
