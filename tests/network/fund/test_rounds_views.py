"""The fund's pages for rounds and applications: what each shows, the refusals at the
field, files, the W.Co page's panel, and constant query counts."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.fund import ledger
from network.models import ApplicationFile, BudgetLine, FundApplication, FundRound
from tests.factories import OrganizationFactory
from tests.network.fund_helpers import (
    application,
    funded_round,
    source,
    standard_rubric,
)
from tests.permission_vocabulary import PDF_BYTES
from wco_sse.core.models import AuditEntry

A = FundApplication.Status


def _count(client, url):
    client.get(url)  # warm the process-wide caches (content types, settings)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- Public pages -------------------------------------------------------------------------


@pytest.mark.django_db
def test_anyone_reads_an_open_call_with_its_deadline_and_budget(client):
    fund_round = funded_round(budget=2_000_000, cap=500_000)
    response = client.get(reverse("network:fund_public_round", args=[fund_round.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "17:00必着" in text
    assert "500,000円" in text
    assert "2,000,000円" in text  # the remaining budget
    assert "人件費" in text and "備品費" not in text
    assert reverse("account_login") in text  # a visitor is asked to sign in to apply
    listing = client.get(reverse("network:fund_public_rounds")).content.decode()
    assert fund_round.title in listing


@pytest.mark.django_db
def test_a_call_is_kept_for_visitors_and_follows_its_money_and_deadline(
    client, monkeypatch
):
    """Read again, the public page of a round is served kept (visitors share it);
    money added to the round shows at once, and so does its closing, which is a
    moment and no write."""
    from tests.network.fund_helpers import allocate, book_contribution

    fund_round = funded_round(budget=2_000_000, cap=500_000)
    url = reverse("network:fund_public_round", args=[fund_round.pk])
    sign_in_to_apply = "?next=" + reverse("network:fund_apply", args=[fund_round.pk])
    client.get(url)  # the first answer sets the CSRF cookie the next ones send
    first = client.get(url)
    assert first.templates
    kept = client.get(url)
    assert not kept.templates
    assert "2,000,000円" in kept.content.decode()
    assert sign_in_to_apply in kept.content.decode()

    money = source(name="寄付金")
    book_contribution(money, 500_000)
    allocate(fund_round, money, 500_000)
    assert "2,500,000円" in client.get(url).content.decode()

    # It closes a second from now: the same day, without a write after this one.
    closes = timezone.now() + datetime.timedelta(seconds=1)
    FundRound.objects.filter(pk=fund_round.pk).update(closes_at=closes)
    assert sign_in_to_apply in client.get(url).content.decode()
    assert not client.get(url).templates
    later = closes + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    closed = client.get(url).content.decode()
    assert "受け付けていません" in closed
    assert sign_in_to_apply not in closed


@pytest.mark.django_db
def test_a_draft_round_is_not_found_on_the_public_pages(client):
    draft = funded_round(budget=0, status=FundRound.Status.DRAFT)
    assert (
        client.get(reverse("network:fund_public_round", args=[draft.pk])).status_code
        == 404
    )
    assert (
        draft.title
        not in client.get(reverse("network:fund_public_rounds")).content.decode()
    )


@pytest.mark.django_db
def test_the_rep_sees_the_apply_button(client, demo):
    fund_round = funded_round()
    client.force_login(demo["rep"])
    text = client.get(
        reverse("network:fund_public_round", args=[fund_round.pk])
    ).content.decode()
    assert reverse("network:fund_apply", args=[fund_round.pk]) in text


# --- Applying -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_rep_starts_a_draft_prefilled_from_the_registry(client, demo):
    fund_round = funded_round()
    wco = demo.ctx.data["home_wco"]
    client.force_login(demo["rep"])
    response = client.post(
        reverse("network:fund_apply", args=[fund_round.pk]), {"organization": wco.pk}
    )
    draft = FundApplication.objects.get(round=fund_round)
    assert response["Location"] == reverse(
        "network:fund_application_edit", args=[draft.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert wco.name in page


def _form_data(app, **changes):
    data = {
        "org_name": app.org_name,
        "contact_name": "山田 花子",
        "contact_email": "yamada@example.org",
        "project_title": "地域の居場所づくり",
        "is_continuing": "False",
        "purpose": "目的",
        "content": "内容",
        "project_start": "2027-04-01",
        "project_end": "2028-03-31",
        "amount_requested": "３００，０００",
        "total_cost": "￥400,000",
        "declares_no_antisocial_forces": "on",
        "declares_no_political_religious_aims": "on",
        "publish_organization": "True",
        "publish_project_title": "True",
        "publish_purpose": "False",
        "publish_content": "False",
        "publish_amount": "True",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "30",
        "lines-0-category": "personnel",
        "lines-0-description": "謝金",
        "lines-0-amount": "２００，０００",
        "lines-0-from_fund": "200000",
        "lines-1-category": "supplies",
        "lines-1-description": "消耗品",
        "lines-1-amount": "200,000円",
        "lines-1-from_fund": "100,000",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_draft_saves_with_full_width_amounts_and_submits(client, demo):
    draft = application(funded_round(), demo.ctx.data["home_wco"], status=A.DRAFT)
    client.force_login(demo["rep"])
    url = reverse("network:fund_application_edit", args=[draft.pk])
    response = client.post(url, _form_data(draft))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.amount_requested, draft.total_cost) == (300_000, 400_000)
    assert draft.publish["amount"] is True and draft.publish["purpose"] is False
    assert draft.budget_lines.count() == 2
    response = client.post(url, _form_data(draft, submit="1"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == A.SUBMITTED


@pytest.mark.django_db
def test_a_refused_submission_says_why_at_the_field(client, demo):
    draft = application(
        funded_round(cap=200_000), demo.ctx.data["home_wco"], status=A.DRAFT
    )
    client.force_login(demo["rep"])
    response = client.post(reverse("network:fund_application_submit", args=[draft.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert "200,000円" in form.errors["amount_requested"][0]
    assert "200,000円" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == A.DRAFT


@pytest.mark.django_db
def test_lines_not_adding_up_are_said_at_the_top(client, demo):
    draft = application(funded_round(), demo.ctx.data["home_wco"], status=A.DRAFT)
    client.force_login(demo["rep"])
    response = client.post(
        reverse("network:fund_application_edit", args=[draft.pk]),
        _form_data(draft, total_cost="500,000", submit="1"),
    )
    assert response.status_code == 200
    assert "総事業費500,000円と一致しません" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == A.DRAFT
    assert draft.total_cost == 500_000  # the draft itself was saved


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["-1", "abc", "9" * 40, "1e9", "0", "１．５"])
def test_a_bad_amount_is_refused_at_its_field_and_nothing_saved(client, demo, amount):
    draft = application(funded_round(), demo.ctx.data["home_wco"], status=A.DRAFT)
    client.force_login(demo["rep"])
    before = AuditEntry.objects.count()
    response = client.post(
        reverse("network:fund_application_edit", args=[draft.pk]),
        _form_data(draft, amount_requested=amount, project_title="変更後"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["amount_requested"]
    draft.refresh_from_db()
    assert draft.project_title != "変更後"
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_direction_controls_are_taken_out_of_amounts_and_titles(client, demo):
    draft = application(funded_round(), demo.ctx.data["home_wco"], status=A.DRAFT)
    client.force_login(demo["rep"])
    response = client.post(
        reverse("network:fund_application_edit", args=[draft.pk]),
        _form_data(
            draft, amount_requested="\u202e300000", project_title="\u202e居場所\u2066"
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.amount_requested == 300_000
    assert draft.project_title == "居場所"


@pytest.mark.django_db
def test_files_are_attached_with_a_public_choice_and_deleted_while_draft(client, demo):
    draft = application(funded_round(), demo.ctx.data["home_wco"], status=A.DRAFT)
    client.force_login(demo["rep"])
    url = reverse("network:fund_application_files", args=[draft.pk])
    response = client.post(
        url,
        {
            "file": SimpleUploadedFile("plan.pdf", PDF_BYTES, "application/pdf"),
            "description": "事業計画",
            "public": "True",
        },
    )
    assert response.status_code == 302
    attached = ApplicationFile.objects.get(application=draft)
    assert attached.public
    page = client.get(reverse("network:fund_application", args=[draft.pk]))
    assert "plan.pdf" in page.content.decode()
    client.post(reverse("members:file_delete", args=[attached.file.pk]))
    assert not ApplicationFile.objects.filter(application=draft).exists()


@pytest.mark.django_db
def test_a_representative_of_another_wco_does_not_find_the_application(client, demo):
    other = application(funded_round(), demo.ctx.data["wcos"][1])
    client.force_login(demo["rep"])
    for name in ("network:fund_application", "network:fund_application_edit"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404


# --- Staff pages ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_round_page_shows_the_budget_and_the_allocation_limit(client, demo):
    fund_round = funded_round(budget=1_000_000)
    client.force_login(demo["network"])
    page = client.get(reverse("network:fund_round", args=[fund_round.pk]))
    assert "1,000,000円" in page.content.decode()
    response = client.post(
        reverse("network:fund_round_allocate", args=[fund_round.pk]),
        {"source": source().pk, "amount": "1"},
    )
    assert response.status_code == 200
    assert "残高は0円" in response.content.decode()
    assert ledger.round_remaining(fund_round) == 1_000_000


@pytest.mark.django_db
def test_the_round_form_closes_at_17_by_default(client, demo):
    client.force_login(demo["staff"])
    from network.models import FundProgramme

    programme = FundProgramme.objects.create(name="地域助成")
    response = client.post(
        reverse("network:fund_round_create"),
        {
            "programme": programme.pk,
            "title": "第3回",
            "project_start": "2027-04-01",
            "project_end": "2028-03-31",
            "opens_on": "2026-12-01",
            "closes_on": "2027-01-15",
            "cap_per_grant": "５００，０００",
            "eligible_costs": ["personnel", "venue"],
            "rubric": standard_rubric().pk,
            "change_committee_share": "20",
        },
    )
    assert response.status_code == 302
    made = FundRound.objects.get(title="第3回")
    closes = timezone.localtime(made.closes_at)
    assert (closes.date(), closes.time()) == (
        datetime.date(2027, 1, 15),
        datetime.time(17, 0),
    )
    public = client.get(reverse("network:fund_round", args=[made.pk])).content.decode()
    assert "2027年1月15日(金) 17:00必着" in public


@pytest.mark.django_db
def test_the_wco_page_shows_the_fund_panel_to_its_representative(client, demo):
    wco = demo.ctx.data["home_wco"]
    application(funded_round(), wco)
    url = reverse("members:organization_detail", args=[wco.pk])
    client.force_login(demo["rep"])
    assert "社会的連帯経済基金" in client.get(url).content.decode()
    client.force_login(demo["member"])
    response = client.get(url)
    assert "社会的連帯経済基金" not in response.content.decode()


# --- Constant query counts ------------------------------------------------------------------


def _rounds(n):
    return [
        funded_round(budget=1000 * (i + 1), title=f"第{i}回", opens_in_days=-i - 1)
        for i in range(n)
    ]


def _apps(demo, fund_round, n, organization=None):
    made = []
    for i in range(n):
        org = organization or OrganizationFactory(kind="wco")
        made.append(
            application(fund_round, org, project_title=f"事業{i}", status=A.WITHDRAWN)
        )
    return made


@pytest.mark.django_db
def test_the_dashboard_costs_the_same_for_2_or_12_rounds(client, demo):
    client.force_login(demo["network"])
    url = reverse("network:fund")
    _rounds(2)
    two = _count(client, url)
    _rounds(10)
    assert _count(client, url) == two


@pytest.mark.django_db
def test_the_round_page_costs_the_same_for_2_or_12_applications(client, demo):
    fund_round = funded_round()
    client.force_login(demo["network"])
    url = reverse("network:fund_round", args=[fund_round.pk])
    _apps(demo, fund_round, 2)
    two = _count(client, url)
    _apps(demo, fund_round, 10)
    assert _count(client, url) == two


@pytest.mark.django_db
def test_the_public_pages_cost_the_same_for_2_or_12_rows(client, demo):
    rounds = _rounds(2)
    url = reverse("network:fund_public_rounds")
    round_url = reverse("network:fund_public_round", args=[rounds[0].pk])
    two, one_round = _count(client, url), _count(client, round_url)
    _rounds(10)
    _apps(demo, rounds[0], 5)
    assert _count(client, url) == two
    assert _count(client, round_url) == one_round


@pytest.mark.django_db
def test_the_application_page_costs_the_same_for_2_or_12_lines(client, demo):
    app = application(funded_round(), demo.ctx.data["home_wco"])
    client.force_login(demo["rep"])
    url = reverse("network:fund_application", args=[app.pk])
    two = _count(client, url)
    for i in range(10):
        BudgetLine.objects.create(
            application=app, category="venue", amount=1, from_fund=0, order=10 + i
        )
    assert _count(client, url) == two


@pytest.mark.django_db
def test_my_applications_cost_the_same_for_2_or_12(client, demo):
    wco = demo.ctx.data["home_wco"]
    client.force_login(demo["rep"])
    url = reverse("network:fund_my_applications")
    for i in range(2):
        application(funded_round(title=f"回{i}"), wco, status=A.WITHDRAWN)
    two = _count(client, url)
    for i in range(10):
        application(funded_round(title=f"追加{i}"), wco, status=A.WITHDRAWN)
    assert _count(client, url) == two
