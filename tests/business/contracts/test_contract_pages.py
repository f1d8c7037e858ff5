"""Contracts' pages: the list (filtered, fifty a page, at a constant number of
queries), recording one from a programme, the contract's page with its personnel,
budget against actual, expenses and corrections, incidents and register, the forms'
refusals at their fields, the settlement statement as PDF and XLSX, and the demo."""

import datetime
import io
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from business.models import Contract, Expense, Incident
from business.services import contracts as services
from tests.business import factories
from wco_sse.core.models import ExportLog, OutboundEmail

from .helpers import contract, expense, in_period, pdf_upload, person, responsible

pytestmark = pytest.mark.django_db


def pdf_text(content, tmp_path):
    path = tmp_path / "settlement.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def page(http, name, *args, **params):
    response = http.get(reverse(name, args=args), params)
    assert response.status_code == 200
    return response.content.decode()


# --- The list ----------------------------------------------------------------------------


def test_the_list_shows_amount_spent_and_remaining_and_filters(client, demo):
    yokohama = contract(demo, title="横浜市 就労準備支援 委託", amount=1_000_000)
    expense(demo, yokohama, amount=250_000)
    kawasaki = contract(
        demo,
        title="川崎市 自立相談支援 委託",
        client_=factories.client("川崎市"),
        year=yokohama.fiscal_year - 1,
    )
    client.force_login(demo["auditor"])
    html = page(client, "business:contract_list")
    assert yokohama.title in html and kawasaki.title in html
    assert "1,000,000円" in html and "250,000円" in html and "750,000円" in html
    html = page(client, "business:contract_list", year=yokohama.fiscal_year)
    assert yokohama.title in html and kawasaki.title not in html
    html = page(client, "business:contract_list", client=kawasaki.client_id)
    assert kawasaki.title in html and yokohama.title not in html
    html = page(client, "business:contract_list", programme=yokohama.programme_id)
    assert yokohama.title in html and kawasaki.title not in html
    # Rubbish in the query string is no filter, never an error.
    html = page(client, "business:contract_list", year="２０２６", client="x")
    assert yokohama.title in html


def test_the_list_runs_a_constant_number_of_queries(
    client, demo, django_assert_max_num_queries
):
    client.force_login(demo["business"])
    expense(demo, contract(demo))
    client.get(reverse("business:contract_list"))  # warm the role snapshot
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("business:contract_list"))
    # Read now: the connection's log is a bounded deque the next requests shift.
    baseline = len(few.captured_queries)
    for number in range(6):
        made = contract(
            demo, title=f"契約{number}", client_=factories.client(f"市{number}")
        )
        expense(demo, made)
        expense(demo, made, amount=3_000)
    client.get(reverse("business:contract_list"))  # the new records renew the snapshot
    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("business:contract_list"))
    assert len(response.context["contracts"]) == 7


def test_the_list_pages_fifty_at_a_time_keeping_the_filter(client, demo):
    first = contract(demo)
    Contract.objects.bulk_create(
        [
            Contract(
                programme=first.programme,
                client=first.client,
                title=f"委託{n:02d}",
                fiscal_year=first.fiscal_year,
                start=first.start,
                end=first.end,
                amount=1_000,
            )
            for n in range(50)
        ]
    )
    client.force_login(demo["business"])
    response = client.get(
        reverse("business:contract_list"), {"year": first.fiscal_year}
    )
    assert len(response.context["contracts"]) == 50
    assert f"year={first.fiscal_year}&amp;page=2" in response.content.decode()
    second = client.get(
        reverse("business:contract_list"), {"year": first.fiscal_year, "page": 2}
    )
    assert len(second.context["contracts"]) == 1


def test_a_representative_sees_no_contract_nor_its_amounts(client, demo):
    made = contract(demo)
    client.force_login(demo["rep"])
    assert client.get(reverse("business:contract_list")).status_code == 403
    answer = client.get(reverse("business:contract_detail", args=[made.pk]))
    assert answer.status_code == 404
    assert "12,000,000" not in answer.content.decode()


# --- Recording and changing ----------------------------------------------------------------


def test_a_contract_made_from_a_programme_is_prefilled(client, demo):
    programme = factories.programme(title="横浜市 就労準備支援事業")
    city = factories.client("横浜市")
    factories.partner(programme, city)
    client.force_login(demo["business"])
    response = client.get(
        reverse("business:contract_create"), {"programme": programme.pk}
    )
    form = response.context["form"]
    assert form.initial["programme"] == programme.pk
    assert form.initial["client"] == city.pk
    assert form.initial["title"].startswith("横浜市 就労準備支援事業")
    data = {
        "programme": programme.pk,
        "client": city.pk,
        "title": form.initial["title"],
        "fiscal_year": form.initial["fiscal_year"],
        "amount": "１２,０００,０００円",
        "payment_mode": "advance",
        "advance_received": "6,000,000",
        "report_frequency": "monthly",
        "report_due_day": "10",
    }
    response = client.post(reverse("business:contract_create"), data)
    made = Contract.objects.get(programme=programme)
    assert (
        response.status_code == 302 and response["Location"] == made.get_absolute_url()
    )
    assert made.amount == 12_000_000 and made.advance_received == 6_000_000
    assert made.start.month == 4 and made.end.month == 3


def test_an_end_before_the_start_and_negative_yen_are_shown_at_the_fields(client, demo):
    made = contract(demo)
    client.force_login(demo["business"])
    year = made.fiscal_year
    data = {
        "programme": made.programme_id,
        "client": made.client_id,
        "title": made.title,
        "fiscal_year": year,
        "start": f"{year}-06-01",
        "end": f"{year}-05-31",
        "amount": "-5",
        "payment_mode": "advance",
        "report_frequency": "monthly",
        "report_due_day": "10",
    }
    response = client.post(reverse("business:contract_edit", args=[made.pk]), data)
    errors = response.context["form"].errors
    assert "終了日が開始日より前になっています。" in errors["end"]
    assert "金額にマイナスは入力できません。" in errors["amount"]
    made.refresh_from_db()
    assert made.amount == 12_000_000


# --- The contract's page -----------------------------------------------------------------


def test_the_page_shows_personnel_budget_expenses_incidents_and_register(client, demo):
    made = contract(demo, amount=1_000_000, advance_received=600_000)
    responsible(demo, made)
    services.budget_set(
        actor=demo["business"],
        contract=made,
        amounts={"personnel": 800_000, "travel": 200_000},
    )
    spent = expense(demo, made, amount=250_000, category="travel", payee="横浜市交通局")
    services.expense_correct(
        actor=demo["business"],
        expense=spent,
        data={
            "amount": -20_000,
            "reason": "払戻しを受けたため",
            "date": in_period(made),
        },
    )
    Incident.objects.create(
        contract=made,
        occurred_at=timezone.now() - datetime.timedelta(days=2),
        description="FAXの誤送信",
        personal_information=True,
    )
    services.disposal_record(
        actor=demo["business"],
        contract=made,
        data={
            "date": timezone.localdate(),
            "method": "destroyed",
            "what": "相談記録票（紙）一式",
        },
    )
    client.force_login(demo["auditor"])
    html = page(client, "business:contract_detail", made.pk)
    assert "中村 大輔" in html and "委託元へ未報告" in html
    assert "予算超過" in html  # travel: 230,000 against 200,000
    assert "230,000円" in html and "訂正あり" in html and "払戻しを受けたため" in html
    assert "FAXの誤送信" in html and "個人情報に関わる" in html
    assert "相談記録票（紙）一式" in html and "証明書未登録" in html
    assert "委託元への返還額" in html and "370,000円" in html
    # The 監事 reads; only the section and the secretariat change anything.
    assert reverse("business:contract_expense_create", args=[made.pk]) not in html
    client.force_login(demo["business"])
    html = page(client, "business:contract_detail", made.pk)
    assert reverse("business:contract_expense_create", args=[made.pk]) in html


def test_the_page_runs_a_constant_number_of_queries(
    client, demo, django_assert_max_num_queries
):
    """More people, expenses (with receipts and corrections), incidents and
    disposals add rows to the page, not queries."""
    made = contract(demo)
    responsible(demo, made)
    services.budget_set(
        actor=demo["business"],
        contract=made,
        amounts={"personnel": 8_000_000, "travel": 200_000},
    )

    def add_one_of_each(number):
        factories.personnel(made, role="worker")
        spent = services.expense_add(
            actor=demo["business"],
            contract=made,
            data={
                "date": in_period(made, days=number),
                "category": "travel",
                "payee": f"交通費{number}",
                "amount": 1_000 + number,
            },
            evidence=pdf_upload(f"receipt{number}.pdf"),
        )
        services.expense_correct(
            actor=demo["business"],
            expense=spent,
            data={"amount": -100, "reason": "払戻し", "date": in_period(made, number)},
        )
        Incident.objects.create(
            contract=made,
            occurred_at=timezone.now() - datetime.timedelta(days=number + 1),
            description=f"FAXの誤送信{number}",
            personal_information=True,
        )
        services.disposal_record(
            actor=demo["business"],
            contract=made,
            data={
                "date": timezone.localdate(),
                "method": "destroyed",
                "what": f"相談記録票{number}",
            },
        )

    add_one_of_each(0)
    url = reverse("business:contract_detail", args=[made.pk])
    client.force_login(demo["business"])
    client.get(url)  # warm the role snapshot
    # Each measured reading asks with a query string of its own, in case the page
    # is kept whole for its viewer (core.views.CachedPageMixin).
    with django_assert_max_num_queries(30) as few:
        assert client.get(url, {"reading": "1"}).status_code == 200
    baseline = len(few.captured_queries)
    for number in range(1, 5):
        add_one_of_each(number)
    client.get(url)
    with django_assert_max_num_queries(baseline):
        response = client.get(url, {"reading": "2"})
    html = response.content.decode()
    assert "交通費4" in html and "FAXの誤送信4" in html and "相談記録票4" in html


def test_a_contract_with_no_one_responsible_is_flagged(client, demo):
    made = contract(demo)
    client.force_login(demo["business"])
    html = page(client, "business:contract_detail", made.pk)
    assert "現在、この契約の個人情報責任者がいません。" in html


def test_naming_a_successor_from_the_page_keeps_the_history(client, demo):
    made = contract(demo)
    first = responsible(demo, made, client_notified_on=made.start)
    start = min(made.start + datetime.timedelta(days=30), made.end)
    client.force_login(demo["business"])
    response = client.post(
        reverse("business:contract_personnel_create", args=[made.pk]),
        {
            "role": "responsible",
            "person": person(demo, "staff").pk,
            "start": start.isoformat(),
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.end == start - datetime.timedelta(days=1)
    html = page(client, "business:contract_detail", made.pk)
    assert "中村 大輔" in html and person(demo, "staff").full_name in html


def test_the_budget_form_saves_one_amount_per_category(client, demo):
    made = contract(demo, amount=1_000_000)
    client.force_login(demo["business"])
    response = client.post(
        reverse("business:contract_budget", args=[made.pk]),
        {"budget_personnel": "700,000", "budget_overhead": "１００,０００"},
    )
    assert response.status_code == 302
    html = page(client, "business:contract_detail", made.pk)
    assert "700,000円" in html and "800,000円" in html
    response = client.post(
        reverse("business:contract_budget", args=[made.pk]),
        {"budget_personnel": "1,000,001"},
    )
    assert "契約金額（1,000,000円）を超えています" in response.content.decode()


def test_an_expense_without_category_is_refused_at_the_field(client, demo):
    made = contract(demo)
    client.force_login(demo["business"])
    response = client.post(
        reverse("business:contract_expense_create", args=[made.pk]),
        {
            "date": in_period(made).isoformat(),
            "category": "",
            "payee": "横浜市交通局",
            "amount": "1,000",
            "evidence": pdf_upload(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["category"] == ["費目を選んでください。"]
    assert not Expense.objects.filter(contract=made).exists()


def test_an_expense_with_its_receipt_from_the_page(client, demo):
    made = contract(demo)
    client.force_login(demo["business"])
    response = client.post(
        reverse("business:contract_expense_create", args=[made.pk]),
        {
            "date": in_period(made).isoformat(),
            "category": "printing",
            "payee": "有限会社ミドリ印刷",
            "amount": "45,100",
            "evidence": pdf_upload("ryoshusho.pdf"),
        },
    )
    assert response.status_code == 302
    html = page(client, "business:contract_detail", made.pk)
    assert "有限会社ミドリ印刷" in html and "ryoshusho.pdf" in html


def test_a_correction_without_reason_is_refused_and_one_below_zero_too(client, demo):
    made = contract(demo)
    spent = expense(demo, made, amount=3_000)
    client.force_login(demo["business"])
    url = reverse("business:contract_expense_correct", args=[made.pk, spent.pk])
    response = client.post(url, {"date": in_period(made), "amount": "-100"})
    assert "reason" in response.context["form"].errors
    response = client.post(
        url, {"date": in_period(made), "amount": "-3,001", "reason": "返金"}
    )
    assert "訂正後の金額が0円を下回ります" in response.content.decode()
    assert Expense.objects.filter(contract=made).count() == 1


def test_logging_an_incident_emails_the_secretary_general(client, demo):
    made = contract(demo)
    client.force_login(demo["business"])
    happened = timezone.localtime() - datetime.timedelta(hours=2)
    response = client.post(
        reverse("business:contract_incident_create", args=[made.pk]),
        {
            "occurred_at": happened.strftime("%Y-%m-%dT%H:%M"),
            "description": "相談受付票の写しを置き忘れた。",
            "personal_information": "on",
        },
    )
    assert response.status_code == 302
    email = OutboundEmail.objects.get(
        key__startswith="business-incident:", to=person(demo, "secgen").contact_email
    )
    assert "事故" in email.subject
    assert "委託元への報告が当日中に行われていません" in email.body_text
    html = page(client, "business:contract_detail", made.pk)
    assert "委託元へ未報告" in html


# --- The settlement statement ---------------------------------------------------------------


def _settled(demo):
    made = contract(demo, amount=1_000_000, advance_received=600_000)
    services.budget_set(
        actor=demo["business"],
        contract=made,
        amounts={"personnel": 800_000, "travel": 200_000},
    )
    expense(demo, made, amount=412_345, category="personnel")
    return made


def test_the_settlement_prints_as_an_a4_document_with_the_era(client, demo, tmp_path):
    made = _settled(demo)
    client.force_login(demo["auditor"])
    response = client.get(
        reverse("business:contract_settlement_pdf", args=[made.pk]), {"era": "wareki"}
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "精算書" in text and made.client.name in text
    assert "412,345" in text and "187,655" in text  # returned of the advance
    assert "委託元への返還額" in text
    assert "令和" in text
    info = subprocess.run(
        ["pdfinfo", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "595.276 x 841.89" in info or "595.28 x 841.89" in info


def test_the_settlement_xlsx_has_the_numbers_and_is_logged(client, demo):
    made = _settled(demo)
    client.force_login(demo["business"])
    response = client.get(reverse("business:contract_settlement_xlsx", args=[made.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ("費目", "予算（円）", "実績額（円）", "差額（円）")
    assert ("人件費", 800_000, 412_345, 387_655) in rows
    assert ("委託元への返還額", None, 187_655, None) in rows
    log = ExportLog.objects.get()
    assert log.actor == demo["business"] and log.filters == f"contract={made.pk}"


# --- The demo ----------------------------------------------------------------------------


def test_the_demo_contracts_open_for_the_roles_and_seed_once(client, demo):
    from business import demo as business_demo

    business_demo.seed(demo.ctx)
    business_demo.seed(demo.ctx)
    contracts = list(Contract.objects.order_by("pk"))
    assert [c.client.name for c in contracts] == ["横浜市", "川崎市"]
    yokohama = contracts[0]
    assert yokohama.expenses.filter(corrects__isnull=False).exists()
    assert _expense_months(yokohama) == _months_to_date(timezone.localdate())
    assert yokohama.incidents.count() == 1
    assert not any(
        timezone.localdate(i.client_notified_at) != timezone.localdate(i.occurred_at)
        for i in yokohama.incidents.all()
    )
    for role in ("business", "secgen", "auditor", "board"):
        client.force_login(demo[role])
        for made in contracts:
            html = page(client, "business:contract_detail", made.pk)
            assert made.title in html
        page(client, "business:contract_list")


def _expense_months(made):
    return sorted({e.date.replace(day=1) for e in made.expenses.all()})


def _months_to_date(today):
    """April of the fiscal year through ``today``'s month."""
    from wco_sse.core.japan import fiscal_year, fiscal_year_bounds

    month, _end = fiscal_year_bounds(fiscal_year(today))
    months = []
    while month <= today:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2019, 4, 1),  # the year's first day
        datetime.date(2019, 9, 5),  # before the month's first invoices
        datetime.date(2020, 3, 31),  # the year's last day: twelve months
    ],
    ids=str,
)
def test_the_demo_contract_has_expenses_for_every_month_to_date(demo, today):
    """Every month of the fiscal year so far has its expenses, this one and April
    included, none dated after today; seeding again adds nothing."""
    from business import demo as business_demo
    from business import demo_contracts

    business_demo.seed(demo.ctx)
    demo_contracts.seed(demo.ctx, today=today)
    yokohama = Contract.objects.get(
        client__name="横浜市", start__lte=today, end__gte=today
    )
    assert _expense_months(yokohama) == _months_to_date(today)
    assert not yokohama.expenses.filter(date__gt=today).exists()
    assert yokohama.expenses.filter(corrects__isnull=False).count() == 1
    count = Expense.objects.count()
    demo_contracts.seed(demo.ctx, today=today)
    assert Expense.objects.count() == count


def test_the_demo_contract_stays_within_its_budget_lines_to_the_years_end(demo):
    """On the fiscal year's last day every cost category of the 横浜市 contract has
    spent no more than its budget line (a demo 精算書 reads as a real one would)."""
    from django.db.models import Sum

    from business import demo as business_demo
    from business import demo_contracts

    today = datetime.date(2020, 3, 31)
    business_demo.seed(demo.ctx)
    demo_contracts.seed(demo.ctx, today=today)
    yokohama = Contract.objects.get(
        client__name="横浜市", start__lte=today, end__gte=today
    )
    spent = dict(
        yokohama.expenses.values_list("category").annotate(total=Sum("amount"))
    )
    budget = dict(yokohama.budget_lines.values_list("category", "amount"))
    over = {
        c: spent[c] - budget.get(c, 0) for c in spent if spent[c] > budget.get(c, 0)
    }
    assert over == {}
