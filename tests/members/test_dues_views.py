"""Dues pages: the lists, one member's dues, the PDFs, the W.Co page's panel."""

import datetime
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from members.dues import dues_invoice_pdf, dues_payment_record, dues_receipt_pdf
from members.models import Dues, DuesPayment
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory
from tests.members.dues_support import *  # noqa: F403  (fixtures)
from tests.members.dues_support import (
    issue,
    needs_poppler,
    pdf_fonts,
    pdf_text,
    set_rates,
    this_year,
    today,
)
from wco_sse.core.models import ExportLog, OutboundEmail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_registry")]


def _queries(client, url):
    client.get(url)  # warm the session and content-type caches
    cache.clear()  # measure the panels as they are rendered, not the cached fragments
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _many_unpaid(staff, count):
    """``count`` more members with unpaid or partly paid dues, each with a
    representative, so the list has all its related data to show."""
    for index in range(count):
        organization = OrganizationFactory(email="" if index % 2 else "x@example.jp")
        AffiliationFactory(organization=organization, representative=True)
    issue(staff)
    for dues in Dues.objects.filter(paid_total=0).order_by("pk")[: count // 2]:
        dues_payment_record(actor=staff, dues=dues, paid_on=today(), amount=1_000)


# --- Lists ------------------------------------------------------------------------------------


def test_the_unpaid_list_costs_the_same_queries_for_one_row_or_many(
    client, staff, dues
):
    client.force_login(staff)
    url = reverse("members:dues_unpaid") + f"?year={this_year()}"
    one = _queries(client, url)
    _many_unpaid(staff, 30)
    assert Dues.objects.filter(paid_total__lt=31_000).count() == 31
    assert _queries(client, url) == one


def test_the_dues_list_costs_the_same_queries_for_one_row_or_many(client, staff, dues):
    client.force_login(staff)
    url = reverse("members:dues_list") + f"?year={this_year()}"
    one = _queries(client, url)
    _many_unpaid(staff, 30)
    PersonFactory(is_individual_supporter=True)
    issue(staff)
    assert _queries(client, url) == one


def test_the_dues_list_filters_by_state(client, staff, dues):
    paid = OrganizationFactory(name="ワーカーズ・コレクティブ 完納")
    issue(staff)
    dues_payment_record(
        actor=staff, dues=paid.dues.get(), paid_on=today(), amount=12_000
    )
    client.force_login(staff)
    url = reverse("members:dues_list")
    page = client.get(url, {"year": this_year(), "state": "paid"}).content.decode()
    assert "完納" in page and dues.organization.name not in page
    page = client.get(url, {"year": this_year(), "state": "unpaid"}).content.decode()
    assert "完納" not in page and dues.organization.name in page
    # Nonsense in the query string shows this year's full list, never an error.
    assert (
        client.get(url, {"year": "abc", "state": "x", "class": "y"}).status_code == 200
    )


def test_the_unpaid_list_exports_as_excel_and_is_logged(client, staff, dues):
    client.force_login(staff)
    response = client.get(
        reverse("members:dues_unpaid_export"), {"year": this_year(), "format": "xlsx"}
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert len(rows) == 2
    assert dues.invoice_number in rows[1]
    assert dues.organization.name in rows[1]
    assert 12_000 in rows[1]  # a number, not text
    log = ExportLog.objects.get()
    assert (log.row_count, log.actor) == (1, staff)
    assert str(this_year()) in log.filters


def test_the_unpaid_list_exports_as_cp932_csv(client, staff, dues):
    client.force_login(staff)
    response = client.get(
        reverse("members:dues_unpaid_export"),
        {"year": this_year(), "format": "csv", "encoding": "cp932"},
    )
    assert dues.organization.name.encode("cp932") in response.content


def test_the_auditor_reads_the_lists_but_changes_nothing(client, auditor, dues):
    client.force_login(auditor)
    page = client.get(reverse("members:dues_unpaid")).content.decode()
    assert dues.invoice_number in page
    assert reverse("members:dues_remind", args=[dues.pk]) not in page
    assert reverse("members:dues_unpaid_export") not in page
    assert client.get(reverse("members:dues_rates")).status_code == 200
    assert client.post(reverse("members:dues_rates"), {}).status_code == 403
    detail = client.get(reverse("members:dues_detail", args=[dues.pk]))
    assert "payment_form" not in detail.context
    # The pages that change the dues are out of the auditor's reach: 404, as for
    # dues that don't exist.
    assert (
        client.post(reverse("members:dues_payment_record", args=[dues.pk])).status_code
        == 404
    )
    assert not dues.payments.exists()


# --- Issuing and rates through the pages --------------------------------------------------------


def test_rates_and_issuing_through_the_pages(client, staff, wco):
    client.force_login(staff)
    year = this_year()
    for dues_class, amount in (("regular", 12000), ("supporting", 5000)):
        response = client.post(
            reverse("members:dues_rates"),
            {"fiscal_year": year, "dues_class": dues_class, "amount": amount},
        )
        assert response.status_code == 302
    page = client.get(reverse("members:dues_issue"), {"year": year})
    assert page.context["preview"]["total"] == 1
    response = client.post(
        reverse("members:dues_issue") + f"?year={year}",
        {"fiscal_year": year, "invoiced_on": today().isoformat(), "due_on": ""},
    )
    assert response.status_code == 302
    assert wco.dues.get().invoice_number == f"{year}-0001"
    # Again: nothing new, said so.
    response = client.post(
        reverse("members:dues_issue"),
        {"fiscal_year": year, "invoiced_on": today().isoformat()},
        follow=True,
    )
    assert Dues.objects.count() == 1
    assert [m.level_tag for m in response.context["messages"]][-1] == "info"


def test_issuing_without_rates_says_so_above_the_form(client, staff, wco):
    client.force_login(staff)
    response = client.post(
        reverse("members:dues_issue"),
        {"fiscal_year": this_year(), "invoiced_on": today().isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Dues.objects.exists()


# --- One member's dues -----------------------------------------------------------------------------


def test_recording_a_payment_through_the_page(client, staff, dues):
    client.force_login(staff)
    url = reverse("members:dues_payment_record", args=[dues.pk])
    response = client.post(
        url,
        {
            "paid_on": today().isoformat(),
            "amount": "5000",
            "method": "cash",
            "note": "",
        },
    )
    assert response.status_code == 302
    dues.refresh_from_db()
    assert dues.paid_total == 5_000
    # More than is owed: the form comes back with the message at the amount.
    response = client.post(
        url, {"paid_on": today().isoformat(), "amount": "9000", "method": "cash"}
    )
    assert response.status_code == 200
    assert "7,000" in response.context["form"].errors["amount"][0]
    # A date in the future, at the date.
    response = client.post(
        url,
        {
            "paid_on": (today() + datetime.timedelta(days=3)).isoformat(),
            "amount": "1000",
            "method": "cash",
        },
    )
    assert response.context["form"].errors["paid_on"] == [
        _("A payment cannot be dated in the future.")
    ]
    assert DuesPayment.objects.count() == 1


def test_overriding_through_the_page_needs_a_reason(client, staff, dues):
    client.force_login(staff)
    url = reverse("members:dues_override", args=[dues.pk])
    response = client.post(
        url, {"amount": "6000", "reason": "", "version": dues.version}
    )
    assert response.context["form"].errors["reason"] == [_("This field is required.")]
    response = client.post(
        url, {"amount": "6000", "reason": "半額", "version": dues.version}
    )
    assert response.status_code == 302
    # The same form sent again is stale now.
    response = client.post(
        url, {"amount": "3000", "reason": "再", "version": dues.version}
    )
    assert response.context["form"].non_field_errors()
    dues.refresh_from_db()
    assert dues.amount == 6_000


def test_cancelling_a_payment_through_the_page(client, staff, dues):
    payment = dues_payment_record(actor=staff, dues=dues, paid_on=today(), amount=3_000)
    client.force_login(staff)
    url = reverse("members:dues_payment_cancel", args=[payment.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "二重入力"}).status_code == 302
    assert not DuesPayment.objects.exists()
    assert client.get(url).status_code == 404


# --- The W.Co page and the representative ----------------------------------------------------------


def test_the_representative_sees_the_dues_panel_and_downloads_the_invoice(
    client, staff, dues, rep
):
    payment = dues_payment_record(actor=staff, dues=dues, paid_on=today(), amount=5_000)
    client.force_login(rep)
    page = client.get(
        reverse("members:organization_detail", args=[dues.organization_id])
    ).content.decode()
    invoice_url = reverse("members:dues_invoice", args=[dues.pk])
    receipt_url = reverse("members:dues_receipt", args=[payment.pk])
    assert invoice_url in page and receipt_url in page
    assert f'href="{reverse("members:dues_list")}"' not in page  # the secretariat's
    response = client.get(invoice_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(receipt_url).status_code == 200
    detail = client.get(reverse("members:dues_detail", args=[dues.pk]))
    assert detail.status_code == 200
    assert "payment_form" not in detail.context
    assert "audit_entries" not in detail.context


def test_others_do_not_see_a_wcos_dues(client, staff, dues, colleague, director):
    other = OrganizationFactory()
    other_rep = PersonFactory(with_account=True)
    AffiliationFactory(person=other_rep, organization=other, representative=True)
    for user in (colleague, director, other_rep.account):
        client.force_login(user)
        assert (
            client.get(reverse("members:dues_invoice", args=[dues.pk])).status_code
            == 404
        )
        assert (
            client.get(reverse("members:dues_detail", args=[dues.pk])).status_code
            == 404
        )
    client.force_login(colleague)
    page = client.get(
        reverse("members:organization_detail", args=[dues.organization_id])
    ).content.decode()
    assert reverse("members:dues_invoice", args=[dues.pk]) not in page


def test_the_dues_panel_costs_the_same_queries_for_one_year_or_many(
    client, staff, dues, rep
):
    client.force_login(rep)
    url = reverse("members:organization_detail", args=[dues.organization_id])
    one = _queries(client, url)
    dues_payment_record(actor=staff, dues=dues, paid_on=today(), amount=1_000)
    dues_payment_record(actor=staff, dues=dues, paid_on=today(), amount=1_000)
    set_rates(staff, year=this_year() - 1)
    issue(staff, year=this_year() - 1)
    assert _queries(client, url) == one


def test_an_individual_member_sees_their_dues_on_my_page(client, staff):
    person = PersonFactory(with_account=True, is_individual_supporter=True)
    set_rates(staff)
    issue(staff)
    dues = person.dues.get()
    client.force_login(person.account)
    page = client.get(reverse("members:mypage")).content.decode()
    assert reverse("members:dues_invoice", args=[dues.pk]) in page
    assert (
        client.get(reverse("members:dues_invoice", args=[dues.pk])).status_code == 200
    )


# --- PDFs ------------------------------------------------------------------------------------------


@needs_poppler
def test_the_invoice_names_the_member_the_amount_and_the_date(staff, dues, tmp_path):
    content = dues_invoice_pdf(dues=dues)
    text = pdf_text(content, tmp_path)
    assert "ワーカーズ・コレクティブ 配食サービスあおば" in text
    assert "〒231-0023" in text
    assert "横浜市中区山下町1-2" in text
    assert "あおばビル3階" in text
    assert "12,000" in text
    assert dues.invoice_number in text
    day = dues.invoiced_on
    assert f"{day.year}年{day.month}月{day.day}日" in text
    assert f"{this_year()}年度" in text
    fonts = pdf_fonts(content, tmp_path)
    assert "CJK" in fonts or "Noto" in fonts


@needs_poppler
def test_the_invoice_in_the_japanese_era(staff, dues, tmp_path):
    text = pdf_text(dues_invoice_pdf(dues=dues, wareki=True), tmp_path)
    era_year = this_year() - 2018  # 令和 began in 2019 (令和元年)
    assert f"令和{era_year}年度" in text
    assert f"令和{era_year}年" in text


@needs_poppler
def test_the_invoice_of_a_partly_paid_year_shows_the_balance(staff, dues, tmp_path):
    dues_payment_record(actor=staff, dues=dues, paid_on=today(), amount=4_500)
    text = pdf_text(dues_invoice_pdf(dues=dues), tmp_path)
    assert "4,500" in text
    assert "7,500" in text


@needs_poppler
def test_a_receipt_per_payment(staff, dues, tmp_path):
    first = dues_payment_record(
        actor=staff, dues=dues, paid_on=datetime.date(this_year(), 4, 1), amount=2_000
    )
    dues_payment_record(actor=staff, dues=dues, paid_on=today(), amount=10_000)
    content = dues_receipt_pdf(payment=first, wareki=True)
    text = pdf_text(content, tmp_path)
    assert first.receipt_number in text
    assert "¥2,000" in text
    assert "10,000" in text  # what remained after this payment
    assert f"令和{this_year() - 2018}年4月1日" in text
    assert "ワーカーズ・コレクティブ 配食サービスあおば" in text
    fonts = pdf_fonts(content, tmp_path)
    assert "CJK" in fonts or "Noto" in fonts


@needs_poppler
def test_the_invoice_view_serves_the_era_asked_for(client, staff, dues, tmp_path):
    client.force_login(staff)
    response = client.get(
        reverse("members:dues_invoice", args=[dues.pk]), {"era": "wareki"}
    )
    assert response["Content-Disposition"].startswith("inline")
    assert "令和" in pdf_text(response.content, tmp_path)


def test_nothing_is_emailed_by_reading(client, staff, dues):
    client.force_login(staff)
    client.get(reverse("members:dues_detail", args=[dues.pk]))
    client.get(reverse("members:dues_unpaid"))
    assert not OutboundEmail.objects.exists()
