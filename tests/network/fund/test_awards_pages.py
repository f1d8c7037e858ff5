"""The awards' pages: who sees which awards, what the pages show, constant queries,
and the parts the awards plug into the application page and the dashboard."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.fund import services_awards as services
from network.fund.parts import parts_for
from tests.network.fund.awards_helpers import home, make_award, other

pytestmark = pytest.mark.django_db


def _count_queries(client, url):
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _pay(demo, award, amount, key):
    payment = services.payment_prepare(
        actor=demo["staff"],
        award=award,
        kind="advance",
        amount=amount,
        pay_on=timezone.localdate(),
        key=key,
    )
    services.payment_confirm(actor=demo["secgen"], payment=payment)


def test_the_list_shows_paid_and_unpaid(client, demo):
    award = make_award(home(demo), amount=300_000)
    _pay(demo, award, 120_000, "p1")
    client.force_login(demo["board"])
    response = client.get(reverse("network:fund_awards"))
    rows = {row.pk: row for row in response.context["awards"]}
    assert rows[award.pk].paid_total == 120_000
    assert rows[award.pk].unpaid_total == 180_000
    assert "180,000" in response.content.decode()


def test_a_representative_lists_only_their_own_awards(client, demo):
    own = make_award(home(demo))
    theirs = make_award(other(demo))
    client.force_login(demo["rep"])
    response = client.get(reverse("network:fund_awards"))
    pks = {row.pk for row in response.context["awards"]}
    assert own.pk in pks and theirs.pk not in pks
    assert (
        client.get(reverse("network:fund_award", args=[theirs.pk])).status_code == 404
    )
    client.force_login(demo["member"])
    assert client.get(reverse("network:fund_awards")).status_code == 403


def test_the_list_costs_the_same_queries_for_two_or_twelve(client, demo):
    client.force_login(demo["staff"])
    url = reverse("network:fund_awards")
    first = make_award(home(demo))
    fund_round = first.application.round
    make_award(other(demo), fund_round=fund_round)
    two = _count_queries(client, url)
    wcos = demo.ctx.data["wcos"]
    for index in range(10):
        award = make_award(wcos[index % len(wcos)], fund_round=fund_round)
        _pay(demo, award, 1000, f"q{index}")
    assert _count_queries(client, url) == two


def test_the_award_page_costs_the_same_queries(client, demo):
    client.force_login(demo["staff"])
    award = make_award(home(demo), amount=300_000)
    url = reverse("network:fund_award", args=[award.pk])
    _pay(demo, award, 1000, "a0")
    services.change_create(
        actor=demo["rep"],
        award=award,
        reason="変更",
        lines=[
            {"category": "personnel", "amount": 200_000, "from_fund": 200_000},
            {"category": "supplies", "amount": 200_000, "from_fund": 100_000},
        ],
    )
    two = _count_queries(client, url)
    for index in range(10):
        _pay(demo, award, 1000, f"a{index + 1}")
    assert _count_queries(client, url) == two


def test_the_award_page_shows_the_ledger_balance(client, demo):
    award = make_award(home(demo), amount=300_000)
    _pay(demo, award, 100_000, "b1")
    client.force_login(demo["rep"])
    response = client.get(reverse("network:fund_award", args=[award.pk]))
    assert response.context["unpaid"] == 200_000
    text = response.content.decode()
    assert award.number in text and "200,000" in text
    # The representative sees no secretariat button.
    assert reverse("network:fund_payment_prepare", args=[award.pk]) not in text


def test_application_part_links_the_award(demo):
    award = make_award(home(demo))
    parts = parts_for("application", award.application, demo["rep"])
    mine = [p for p in parts if p["template"].endswith("awards/_application_part.html")]
    assert mine and mine[0]["award"].pk == award.pk
    stranger = make_award(other(demo))
    parts = parts_for("application", stranger.application, demo["rep"])
    assert not [p for p in parts if "awards/" in p["template"]]


def test_dashboard_part_lists_payments_awaiting_confirmation(client, demo):
    award = make_award(home(demo))
    services.payment_prepare(
        actor=demo["staff"],
        award=award,
        kind="advance",
        amount=5000,
        pay_on=timezone.localdate(),
        key="dash",
    )
    parts = parts_for("dashboard", None, demo["secgen"])
    mine = [p for p in parts if p["template"].endswith("awards/_dashboard_part.html")]
    assert len(mine[0]["payments"]) == 1
    assert not [
        p
        for p in parts_for("dashboard", None, demo["board"])
        if "awards/" in p["template"]
    ]


def test_report_with_evidence_file(client, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.permission_vocabulary import PDF_BYTES

    award = make_award(home(demo))
    client.force_login(demo["rep"])
    url = reverse("network:fund_report", args=[award.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "summary": "食堂を12回開きました。",
        "outcomes": "延べ240人",
        "participants": "240",
        "file": SimpleUploadedFile("receipt.pdf", PDF_BYTES, "application/pdf"),
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-category": "personnel",
        "lines-0-amount": "２００，０００",
        "lines-0-from_fund": "200000",
        "submit": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    award.refresh_from_db()
    assert award.status == "reported"
    report = award.report
    from wco_sse.core.files import files_attached_to

    stored = files_attached_to(report)
    assert len(stored) == 1
    download = reverse("members:file_download", args=[stored[0].pk])
    assert client.get(download).status_code == 200
    client.force_login(demo["board"])
    assert client.get(download).status_code == 200
    client.force_login(demo["member"])
    assert client.get(download).status_code == 404


def test_the_committee_decides_a_large_change_on_its_page(client, demo):
    from tests.network import fund_cases_awards as cases

    change = cases.large_change(demo, "fund")["pk"]
    url = reverse("network:fund_change_decide", args=[change])
    client.force_login(demo["staff"])
    assert client.get(url).status_code == 404
    client.force_login(demo["fund"])
    response = client.post(url, {"decision": "approve", "answer": "妥当です"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "妥当です" in page.content.decode()
