"""The money pages as people use them: the forms refuse at the field and save nothing,
the receipt and the statement print, the journal exports, the list pages cost the same
queries for 2 rows or 12, and only the secretary-general reverses."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.fund import ledger
from network.fund import services_money as services
from network.fund.hooks_money import books_part_context
from network.fund.models import Contribution, FundSource, LedgerTransaction
from tests.hostile.output_helpers import needs_poppler, pdf_text, squeeze
from tests.network import fund_helpers
from wco_sse.core.models import ExportLog

TODAY = timezone.localdate()


def _record(demo, **fields):
    data = {
        "source": fund_helpers.source(),
        "donor_name": "山田 太郎",
        "amount": "10000",
        "received_on": TODAY,
        "method": "transfer",
    }
    data.update(fields)
    return services.contribution_record(actor=demo["staff"], data=data)


def _post(demo, **fields):
    data = {
        "source": fund_helpers.source().pk,
        "donor_name": "山田 太郎",
        "amount": "10000",
        "received_on": TODAY.isoformat(),
        "method": "transfer",
        "note": "",
    }
    data.update(fields)
    return data


# --- Sources --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_named_fund_without_its_programme_is_refused_at_the_field(client, demo):
    client.force_login(demo["staff"])
    answer = client.post(
        reverse("network:fund_source_create"),
        {"name": "山田冠基金", "kind": "named_fund", "active": "on"},
    )
    assert answer.status_code == 200
    assert "programme" in answer.context["form"].errors
    assert not FundSource.objects.filter(name="山田冠基金").exists()
    answer = client.post(
        reverse("network:fund_source_create"),
        {
            "name": "山田冠基金",
            "kind": "named_fund",
            "programme": fund_helpers.programme().pk,
            "active": "on",
        },
    )
    assert answer.status_code == 302
    named = FundSource.objects.get(name="山田冠基金")
    listing = client.get(reverse("network:fund_sources"))
    assert "山田冠基金" in listing.content.decode()
    edit = client.post(
        reverse("network:fund_source_edit", args=[named.pk]),
        {"name": "山田冠基金", "kind": "named_fund", "active": "on"},
    )
    assert edit.status_code == 200
    assert "programme" in edit.context["form"].errors


@pytest.mark.django_db
def test_the_sources_list_shows_each_balance(client, demo):
    _record(demo, amount="12345")
    client.force_login(demo["staff"])
    page = client.get(reverse("network:fund_sources")).content.decode()
    assert "12,345" in page


# --- Contributions ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-1"}, "amount"),
        ({"amount": "1.5"}, "amount"),
        ({"amount": ""}, "amount"),
        ({"amount": "１０００万"}, "amount"),
        (
            {"received_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "received_on",
        ),
        ({"received_on": "1999-12-31"}, "received_on"),
        ({"received_on": "2026-02-30"}, "received_on"),
        ({"donor_name": ""}, "donor_name"),
        ({"anonymous": "on"}, "anonymous"),
        ({"source": "999999"}, "source"),
        ({"method": "bitcoin"}, "method"),
    ],
)
def test_bad_contributions_are_refused_at_the_field(client, demo, fields, field):
    client.force_login(demo["staff"])
    answer = client.post(
        reverse("network:fund_contribution_create"), _post(demo, **fields)
    )
    assert answer.status_code == 200
    assert field in answer.context["form"].errors
    assert not Contribution.objects.exists()
    assert not LedgerTransaction.objects.exists()


@pytest.mark.django_db
def test_a_contribution_recorded_with_full_width_digits(client, demo):
    client.force_login(demo["staff"])
    answer = client.post(
        reverse("network:fund_contribution_create"),
        _post(demo, amount="￥１２，０００"),
    )
    made = Contribution.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("network:fund_contribution", args=[made.pk])
    assert made.amount == 12_000
    page = client.get(answer["Location"]).content.decode()
    assert made.receipt_number in page
    assert "12,000円" in page


@pytest.mark.django_db
def test_a_contribution_from_a_registry_organization(client, demo):
    wco = demo.ctx.data["home_wco"]
    client.force_login(demo["staff"])
    client.post(
        reverse("network:fund_contribution_create"),
        _post(demo, donor_name="", organization=wco.pk),
    )
    assert Contribution.objects.get().organization == wco


@needs_poppler
@pytest.mark.django_db
def test_the_receipt_prints_the_amount_and_no_tax_deduction_wording(
    client, demo, tmp_path
):
    made = _record(demo, amount="12345", donor_name="山田 太郎")
    client.force_login(demo["staff"])
    answer = client.get(reverse("network:fund_contribution_receipt", args=[made.pk]))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    text = squeeze(pdf_text(answer.content, tmp_path))
    assert "12,345円" in text
    assert "￥12,345" in text
    assert "山田太郎様" in text
    assert made.receipt_number.replace("-", "") in text
    assert "会員募金" in text
    for word in ("控除", "税額", "寄附金控除", "特定寄附金"):
        assert word not in text
    anonymous = _record(demo, donor_name="", anonymous=True, amount="500")
    answer = client.get(
        reverse("network:fund_contribution_receipt", args=[anonymous.pk])
    )
    text = squeeze(pdf_text(answer.content, tmp_path, "anon.pdf"))
    assert "匿名" in text
    assert "匿名様" not in text


@pytest.mark.django_db
def test_the_contributions_list_filters(client, demo):
    other = fund_helpers.source("生活クラブ募金", kind=FundSource.Kind.SEIKATSU_CLUB)
    _record(demo, donor_name="甲", received_on=datetime.date(2025, 5, 1))
    _record(demo, donor_name="乙", source=other, method="cash")
    client.force_login(demo["board"])
    url = reverse("network:fund_contributions")
    page = client.get(url, {"source": other.pk}).content.decode()
    assert "乙" in page and "甲" not in page
    page = client.get(url, {"year": "2025"}).content.decode()
    assert "甲" in page and "乙" not in page
    page = client.get(url, {"method": "cash"}).content.decode()
    assert "乙" in page and "甲" not in page


def _count_queries(client, url):
    client.get(url)  # the session's first save is not the page's
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url)
    assert answer.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_list_pages_cost_the_same_queries_for_2_rows_or_12(client, demo):
    client.force_login(demo["staff"])
    urls = [
        reverse("network:fund_contributions"),
        reverse("network:fund_journal"),
        reverse("network:fund_ledger"),
        reverse("network:fund_sources"),
    ]

    def grow(count):
        for index in range(count):
            source = fund_helpers.source(f"財源{index}_{FundSource.objects.count()}")
            _record(demo, source=source, donor_name=f"寄付者{index}")
            fund_round = fund_helpers.funded_round(
                budget=1000, title=f"回{FundSource.objects.count()}"
            )
            del fund_round

    grow(2)
    few = {url: _count_queries(client, url) for url in urls}
    grow(10)
    many = {url: _count_queries(client, url) for url in urls}
    assert many == few


# --- The books -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_ledger_page_shows_balances_and_the_trial_balance(client, demo):
    fund_helpers.funded_round(budget=400_000, title="2027年度 第1回")
    _record(demo, amount="5000")
    client.force_login(demo["auditor"])
    page = client.get(reverse("network:fund_ledger")).content.decode()
    assert "405,000円" in page  # cash
    assert "2027年度 第1回" in page
    assert "400,000" in page
    assert "alert-success" in page


@pytest.mark.django_db
def test_the_journal_lists_each_transaction_with_its_lines_and_filters(client, demo):
    made = _record(demo, amount="7000")
    fund_helpers.funded_round(budget=1000)
    client.force_login(demo["board"])
    url = reverse("network:fund_journal")
    page = client.get(url).content.decode()
    assert "1110" in page and "7,000" in page
    entry = LedgerTransaction.objects.get(contribution=made)
    page = client.get(url, {"kind": "allocation"}).content.decode()
    assert f"#{entry.pk}<" not in page
    account = ledger.source_account(made.source)
    page = client.get(url, {"account": account.pk}).content.decode()
    assert f"#{entry.pk}<" in page


@pytest.mark.django_db
def test_the_journal_exports_one_row_per_line_safe_for_spreadsheets(client, demo):
    _record(demo, amount="7000")
    with transaction.atomic():
        ledger.post(
            actor=None,
            kind=LedgerTransaction.Kind.CONTRIBUTION,
            occurred_on=TODAY,
            memo='=HYPERLINK("http://x")',
            lines=[
                (ledger.cash_account(), 300),
                (ledger.source_account(fund_helpers.source()), -300),
            ],
        )
    client.force_login(demo["auditor"])
    answer = client.get(reverse("network:fund_journal_export"), {"format": "csv"})
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    lines = rows[1:]
    assert len(lines) == 4
    assert {line[3] for line in lines} >= {"1110"}
    assert all(datetime.date.fromisoformat(line[1]) == TODAY for line in lines)
    assert sorted(line[5] for line in lines if line[5]) == ["300", "7000"]
    assert sorted(line[6] for line in lines if line[6]) == ["300", "7000"]
    memos = {line[7] for line in lines}
    assert '\'=HYPERLINK("http://x")' in memos
    assert ExportLog.objects.count() == 1
    xlsx = client.get(reverse("network:fund_journal_export"), {"format": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx.content.startswith(b"PK")


@pytest.mark.django_db
def test_only_the_secretary_general_reverses_and_only_once(client, demo):
    made = _record(demo, amount="7000")
    entry = LedgerTransaction.objects.get(contribution=made)
    url = reverse("network:fund_ledger_reverse", args=[entry.pk])
    client.force_login(demo["staff"])
    assert client.post(url, {"reason": "誤記"}).status_code == 404
    detail = client.get(reverse("network:fund_ledger_entry", args=[entry.pk]))
    assert url not in detail.content.decode()
    client.force_login(demo["secgen"])
    assert (
        url
        in client.get(
            reverse("network:fund_ledger_entry", args=[entry.pk])
        ).content.decode()
    )
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200
    assert "reason" in empty.context["form"].errors
    done = client.post(url, {"reason": "二重計上のため"})
    assert done.status_code == 302
    reversal = LedgerTransaction.objects.get(kind="reversal")
    assert done["Location"] == reverse("network:fund_ledger_entry", args=[reversal.pk])
    again = client.post(url, {"reason": "もう一度"})
    assert again.status_code == 200
    assert again.context["form"].non_field_errors()
    twice = client.post(
        reverse("network:fund_ledger_reverse", args=[reversal.pk]), {"reason": "x"}
    )
    assert twice.status_code == 200
    assert twice.context["form"].non_field_errors()
    assert LedgerTransaction.objects.filter(kind="reversal").count() == 1
    assert ledger.cash_balance() == 0


@needs_poppler
@pytest.mark.django_db
def test_the_fund_statement_prints_the_year(client, demo, tmp_path):
    fund_helpers.book_contribution(
        fund_helpers.source(), 100_000, on=datetime.date(2025, 6, 1)
    )
    _record(demo, amount="30000", received_on=datetime.date(2026, 5, 1))
    client.force_login(demo["auditor"])
    answer = client.get(reverse("network:fund_statement"), {"year": "2026"})
    assert answer.status_code == 200
    assert answer.content.startswith(b"%PDF")
    text = squeeze(pdf_text(answer.content, tmp_path))
    assert "100,000円" in text  # brought forward
    assert "30,000円" in text
    assert "130,000円" in text  # carried forward
    bad = client.get(reverse("network:fund_statement"), {"year": "abc"})
    assert bad.status_code == 200


@pytest.mark.django_db
def test_the_dashboard_part_is_for_those_who_read_the_books(demo):
    _record(demo, amount="2500")
    shown = books_part_context(None, demo["board"])
    assert shown["cash"] == 2500
    assert shown["net_assets"] == 2500
    assert not shown["can_record"]
    assert books_part_context(None, demo["staff"])["can_record"]
    for role in ("fund", "network", "rep"):
        assert books_part_context(None, demo[role]) is None
