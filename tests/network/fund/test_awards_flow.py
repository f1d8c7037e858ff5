"""The fund's awards from the board's decision to settlement: the amount of a
修正可決, payments with four eyes, change requests, the final report, refund,
release and settlement, the reminder and the notice."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from network.fund import ledger
from network.fund import services_awards as services
from network.models import (
    Award,
    BudgetLine,
    ChangeRequest,
    FinalReport,
    LedgerTransaction,
    Payment,
)
from tests.network.fund.awards_helpers import home, make_award, other
from wco_sse.core.errors import ServiceError
from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def prepare(demo, award, amount, *, who="staff", kind="advance", key=None):
    return services.payment_prepare(
        actor=demo[who],
        award=award,
        kind=kind,
        amount=amount,
        pay_on=TODAY(),
        key=key or f"k-{award.pk}-{amount}-{kind}-{who}",
    )


def pay(demo, award, amount, *, kind="advance"):
    payment = prepare(demo, award, amount, kind=kind)
    return services.payment_confirm(actor=demo["secgen"], payment=payment)


def lines(*rows):
    return [
        {"category": c, "description": "", "amount": a, "from_fund": f}
        for c, a, f in rows
    ]


# --- 修正可決: the amount ------------------------------------------------------------------


def test_amount_is_entered_within_request_and_budget(demo):
    award = make_award(home(demo), awaiting=True, requested=300_000, earmark=250_000)
    fund_round = award.application.round
    before = ledger.round_remaining(fund_round)
    with pytest.raises(ServiceError) as error:
        services.award_set_amount(actor=demo["staff"], award=award, amount="300,001")
    assert error.value.field == "amount"
    services.award_set_amount(actor=demo["staff"], award=award, amount="２８０，０００")
    award.refresh_from_db()
    assert award.amount == 280_000
    assert award.status == Award.Status.AWARDED
    assert award.application.earmarked == 0
    assert ledger.award_unpaid(award) == 280_000
    # The earmark (250,000) went back; 280,000 was taken from the budget.
    assert ledger.round_remaining(fund_round) == before + 250_000 - 280_000
    with pytest.raises(ServiceError):
        services.award_set_amount(actor=demo["staff"], award=award, amount=1000)


def test_amount_cannot_pass_earmark_plus_remaining(demo):
    award = make_award(
        home(demo),
        awaiting=True,
        requested=500_000,
        total=600_000,
        earmark=100_000,
        budget=250_000,
    )
    # Budget 250,000 with 100,000 earmarked: 150,000 left, so at most 250,000.
    assert services.award_amount_limit(award) == 250_000
    with pytest.raises(ServiceError) as error:
        services.award_set_amount(actor=demo["staff"], award=award, amount=250_001)
    assert "250,000" in error.value.message
    services.award_set_amount(actor=demo["staff"], award=award, amount=250_000)
    assert ledger.round_remaining(award.application.round) == 0


def test_no_payment_before_the_amount_is_known(demo):
    award = make_award(home(demo), awaiting=True)
    with pytest.raises(ServiceError, match=r"isn't set yet|まだ"):
        prepare(demo, award, 1000)
    assert not Payment.objects.exists()


def test_amount_form_refuses_at_the_field(client, demo):
    award = make_award(home(demo), awaiting=True, requested=300_000)
    client.force_login(demo["staff"])
    url = reverse("network:fund_award_amount", args=[award.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"amount": "-5"})
    assert response.status_code == 200
    assert response.context["form"].errors["amount"]
    response = client.post(url, {"amount": "abc"})
    assert response.context["form"].errors["amount"]
    assert client.post(url, {"amount": "200000"}).status_code == 302
    award.refresh_from_db()
    assert award.amount == 200_000


# --- Payments ---------------------------------------------------------------------------


def test_four_eyes(demo):
    award = make_award(home(demo))
    payment = prepare(demo, award, 100_000)
    with pytest.raises(ServiceError, match=r"another member|別の"):
        services.payment_confirm(actor=demo["staff"], payment=payment)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PREPARED
    services.payment_confirm(actor=demo["secgen"], payment=payment)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CONFIRMED
    assert ledger.award_unpaid(award) == 200_000
    assert LedgerTransaction.objects.filter(payment=payment).count() == 1
    assert OutboundEmail.objects.filter(template="fund_awards_step").exists()


def test_four_eyes_through_the_page(client, demo):
    award = make_award(home(demo))
    payment = prepare(demo, award, 100_000)
    client.force_login(demo["staff"])
    response = client.post(
        reverse("network:fund_payment_confirm", args=[payment.pk]), follow=True
    )
    text = response.content.decode()
    assert "別の" in text or "another member" in text
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PREPARED


def test_same_key_prepares_once(client, demo):
    award = make_award(home(demo))
    client.force_login(demo["staff"])
    url = reverse("network:fund_payment_prepare", args=[award.pk])
    key = client.get(url).context["form"].initial["key"]
    data = {"kind": "advance", "amount": "50,000", "pay_on": TODAY(), "key": key}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Payment.objects.filter(award=award).count() == 1


def test_payment_never_exceeds_unpaid_nor_cash(demo):
    award = make_award(home(demo), amount=300_000)
    with pytest.raises(ServiceError):
        prepare(demo, award, 300_001)
    first = prepare(demo, award, 200_000, key="a")
    second = prepare(demo, award, 200_000, key="b")
    services.payment_confirm(actor=demo["secgen"], payment=first)
    with pytest.raises(ServiceError, match=r"unpaid|未払"):
        services.payment_confirm(actor=demo["secgen"], payment=second)
    assert ledger.award_unpaid(award) == 100_000


def test_cash_limit(demo):
    first = make_award(home(demo), amount=300_000, budget=300_000)
    # A second award of the same round: the books hold the cash for one only.
    second = make_award(other(demo), amount=300_000, fund_round=first.application.round)
    assert ledger.cash_balance() == 300_000
    pay(demo, first, 300_000)
    payment = prepare(demo, second, 1000)
    with pytest.raises(ServiceError, match=r"holds|残高"):
        services.payment_confirm(actor=demo["secgen"], payment=payment)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PREPARED


def test_after_report_mode_pays_only_after_acceptance(demo):
    award = make_award(home(demo), payment_mode=Award.PaymentMode.AFTER_REPORT)
    with pytest.raises(ServiceError):
        prepare(demo, award, 100_000, kind="settlement")
    with pytest.raises(ServiceError):
        prepare(demo, award, 100_000, kind="advance")
    services.report_save(
        actor=demo["rep"],
        award=award,
        data={"summary": "実施しました"},
        lines=lines(("personnel", 200_000, 150_000), ("supplies", 200_000, 100_000)),
        submit=True,
    )
    services.report_accept(actor=demo["staff"], award=award)
    award.refresh_from_db()
    with pytest.raises(ServiceError):
        prepare(demo, award, 250_001, kind="settlement")
    pay(demo, award, 250_000, kind="settlement")
    services.award_settle(actor=demo["staff"], award=award)
    award.refresh_from_db()
    assert award.status == Award.Status.SETTLED
    assert ledger.award_unpaid(award) == 0


def test_cancel_a_prepared_payment(demo):
    award = make_award(home(demo))
    payment = prepare(demo, award, 10_000)
    services.payment_cancel(actor=demo["secgen"], payment=payment)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.CANCELLED
    with pytest.raises(ServiceError):
        services.payment_confirm(actor=demo["secgen"], payment=payment)


# --- Report, refund, release, settlement ------------------------------------------------


def test_refund_and_release_book_the_right_lines(demo):
    award = make_award(home(demo), amount=300_000)
    fund_round = award.application.round
    budget_before = ledger.round_budget(fund_round)
    pay(demo, award, 200_000)
    services.report_save(
        actor=demo["rep"],
        award=award,
        data={"summary": "食堂を開きました", "participants": 80},
        lines=lines(("personnel", 200_000, 150_000)),
        submit=True,
    )
    award.refresh_from_db()
    assert award.status == Award.Status.REPORTED
    report = services.report_accept(actor=demo["staff"], award=award)
    assert report.refund_due == 50_000
    with pytest.raises(ServiceError, match=r"returned|返還"):
        services.award_settle(actor=demo["staff"], award=award)
    with pytest.raises(ServiceError):
        services.refund_record(
            actor=demo["staff"], award=award, amount=40_000, received_on=TODAY()
        )
    cash = ledger.cash_balance()
    services.refund_record(
        actor=demo["staff"], award=award, amount="50000", received_on=TODAY()
    )
    refund = LedgerTransaction.objects.get(award=award, kind="refund")
    assert {(line.account.kind, line.amount) for line in refund.lines.all()} == {
        ("cash", 50_000),
        ("round_budget", -50_000),
    }
    assert ledger.cash_balance() == cash + 50_000
    services.award_settle(actor=demo["staff"], award=award)
    release = LedgerTransaction.objects.get(award=award, kind="release")
    assert {(line.account.kind, line.amount) for line in release.lines.all()} == {
        ("grant_payable", 100_000),
        ("round_budget", -100_000),
    }
    award.refresh_from_db()
    assert award.status == Award.Status.SETTLED
    assert ledger.award_unpaid(award) == 0
    # Awarded 300,000, spent 150,000: the round gets back 150,000.
    assert ledger.round_budget(fund_round) == budget_before + 150_000 - 0
    assert ledger.trial_balance()["total"] == 0
    assert ledger.trial_balance()["unbalanced"] == []
    keys = set(OutboundEmail.objects.values_list("key", flat=True))
    for step in ("report:", "settled"):
        assert any(step in key for key in keys)


def test_settlement_owed_is_paid_before_settling(demo):
    award = make_award(home(demo), amount=300_000)
    pay(demo, award, 100_000)
    services.report_save(
        actor=demo["rep"],
        award=award,
        data={"summary": "実施"},
        lines=lines(("personnel", 280_000, 280_000)),
        submit=True,
    )
    report = services.report_accept(actor=demo["staff"], award=award)
    assert report.refund_due == 0
    with pytest.raises(ServiceError, match="180,000"):
        services.award_settle(actor=demo["staff"], award=award)
    pay(demo, award, 180_000, kind="settlement")
    services.award_settle(actor=demo["staff"], award=award)
    assert LedgerTransaction.objects.get(award=award, kind="release").lines.count()
    assert ledger.award_unpaid(award) == 0


def test_report_lines_must_hold_together(demo):
    award = make_award(home(demo))
    with pytest.raises(ServiceError):
        services.report_save(
            actor=demo["rep"],
            award=award,
            data={"summary": "x"},
            lines=lines(("personnel", 1000, 2000)),
            submit=True,
        )
    assert not FinalReport.objects.exists()
    assert not BudgetLine.objects.filter(stage="actual").exists()


# --- Change requests --------------------------------------------------------------------


def test_change_request_small_goes_to_the_secretariat(demo):
    award = make_award(home(demo), amount=300_000)
    # Plan: personnel 200,000 (from fund 200,000), supplies 200,000 (100,000).
    change = services.change_create(
        actor=demo["rep"],
        award=award,
        reason="講師謝金を増やす",
        lines=lines(("personnel", 230_000, 230_000), ("supplies", 200_000, 70_000)),
    )
    assert not change.needs_committee
    with pytest.raises(ServiceError):
        services.change_decide(actor=demo["fund"], change=change, approve=True)
    services.change_decide(actor=demo["staff"], change=change, approve=True)
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.APPROVED
    assert OutboundEmail.objects.filter(key__contains=f"change:{change.pk}").exists()


def test_change_request_large_goes_to_the_committee(demo):
    award = make_award(home(demo), amount=300_000)
    change = services.change_create(
        actor=demo["staff"],
        award=award,
        reason="会場費に振り替える",
        lines=lines(("personnel", 100_000, 100_000), ("venue", 200_000, 200_000)),
    )
    assert change.needs_committee
    with pytest.raises(ServiceError):
        services.change_decide(actor=demo["staff"], change=change, approve=True)
    services.change_decide(actor=demo["fund"], change=change, approve=False)
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.REFUSED


def test_change_request_totals_must_add_up(demo):
    award = make_award(home(demo), amount=300_000)
    with pytest.raises(ServiceError, match="300,000"):
        services.change_create(
            actor=demo["rep"],
            award=award,
            reason="x",
            lines=lines(("personnel", 100_000, 100_000)),
        )
    assert not ChangeRequest.objects.exists()


def test_representative_of_another_wco_cannot_report(demo):
    award = make_award(other(demo))
    with pytest.raises(ServiceError):
        services.change_create(
            actor=demo["rep"],
            award=award,
            reason="x",
            lines=lines(("personnel", 300_000, 300_000)),
        )


# --- Reminder and notice ----------------------------------------------------------------


def test_reminder_is_sent_once(demo):
    due = TODAY() + datetime.timedelta(days=10)
    award = make_award(home(demo), report_due=due)
    make_award(other(demo), report_due=TODAY() + datetime.timedelta(days=40))
    assert services.report_reminders_send() == 1
    assert services.report_reminders_send() == 0
    award.refresh_from_db()
    assert award.reminder_sent_at is not None
    assert OutboundEmail.objects.filter(key__contains="reminder").count() == 1


def test_reminder_task_runs(demo):
    from network.tasks import fund_report_reminders

    make_award(home(demo), report_due=TODAY() + datetime.timedelta(days=14))
    assert fund_report_reminders() == 1
    assert fund_report_reminders() == 0
    assert len(mail.outbox) <= 1


def test_notice_pdf_opens_with_amount_and_era(client, demo):
    from pypdf import PdfReader

    award = make_award(home(demo), amount=300_000)
    award.application.org_representative = "山田 太郎"
    award.application.save(update_fields=["org_representative"])
    client.force_login(demo["rep"])
    url = reverse("network:fund_award_notice", args=[award.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    import io

    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "300,000" in text
    assert award.number in text
    assert "山田 太郎 様" in text
    wareki = client.get(url, {"era": "wareki"})
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(wareki.content)).pages
    )
    assert "令和" in text
