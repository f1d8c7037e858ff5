"""Writes of the fund's awards, from the board's decision to settlement.

- the amount of a 修正可決 award (the secretariat, within the request and the earmark
  plus what the round has left), booked as the award;
- the payment mode and the report's due date;
- payments, four eyes: one secretariat member prepares (with an idempotency key, so a
  double submission prepares once), another confirms, which books it, never beyond
  the award's unpaid amount nor the cash;
- change requests (変更計画書), decided by the secretariat or, above the round's share,
  by the fund committee;
- the final report (実績報告), its acceptance, the refund of unspent money and the
  settlement, which releases what was not paid back to the round's budget;
- the report-due reminder (a beat task, once per award).

Lock order (``network.fund.ledger``): FundRound → FundApplication → Award → Payment →
cash. Every email goes to the awardee's representatives (the application's contact
when the registry names none).
"""

import datetime
import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.rules import is_fund_committee, is_secretariat
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.files import file_attach
from wco_sse.core.transactions import service_transaction

from . import ledger
from . import selectors_awards as selectors
from .models import (
    Award,
    BudgetLine,
    ChangeRequest,
    CostCategory,
    FinalReport,
    FundApplication,
    FundRound,
    Payment,
)
from .recipients import applicant_recipients

MANAGE = "network.manage_fund_award"
REPORT = "network.report_fund_award"
REMINDER_DAYS = 14
# The idempotency key the payment form made when it was shown (uuid4 hex).
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")

S = Award.Status
P = Payment.Status


# --- Locks and emails -----------------------------------------------------------------


def _lock_award(award):
    return (
        Award.objects.select_for_update(of=("self",))
        .select_related("application__round", "application__organization")
        .get(pk=award.pk)
    )


def _notify(award, step, *, key, **context):
    """Queue the step's email to each representative, once per ``key``."""
    for address, language, name in applicant_recipients(award.application):
        email_queue(
            key=f"fund-award:{award.pk}:{key}:{address}",
            template="fund_awards_step",
            to=address,
            language=language,
            context={
                "step": step,
                "award": award,
                "application": award.application,
                "addressee": name or award.application.org_name,
                "award_url": award.get_absolute_url(),
                **context,
            },
        )


def _today():
    return timezone.localdate()


# --- The amount of a 修正可決 award ------------------------------------------------------


def award_amount_limit(award) -> int:
    """The most the secretariat may enter: the request, and the earmark plus what
    the round has left."""
    application = award.application
    available = application.earmarked + ledger.round_remaining(application.round)
    return min(application.amount_requested or 0, available)


def award_set_amount(*, actor, award, amount) -> Award:
    require(actor, MANAGE, award)
    amount = ledger.check_amount(amount)
    with service_transaction():
        FundRound.objects.select_for_update().get(pk=award.application.round_id)
        application = FundApplication.objects.select_for_update().get(
            pk=award.application_id
        )
        locked = _lock_award(award)
        if locked.status != S.AWAITING_AMOUNT:
            raise ServiceError(_("The amount of this award is already set."))
        requested = application.amount_requested or 0
        if amount > requested:
            raise ServiceError(
                _("The amount can't exceed the amount requested (%(max)s yen).")
                % {"max": f"{requested:,}"},
                field="amount",
            )
        available = application.earmarked + ledger.round_remaining(application.round)
        if amount > available:
            raise ServiceError(
                _(
                    "The round's budget can't cover this amount: at most %(max)s yen "
                    "(the earmark plus what the round has left)."
                )
                % {"max": f"{available:,}"},
                field="amount",
            )
        locked.amount = amount
        locked.status = S.AWARDED
        locked.save(update_fields=["amount", "status"])
        ledger.book_award(locked, amount, actor=actor, on=_today())
        application.earmarked = 0
        application.save(update_fields=["earmarked", "updated_at"])
        audit_record(
            actor=actor,
            action="fund_award.amount",
            target=locked,
            data={"amount": amount},
        )
    return locked


def award_update(*, actor, award, payment_mode, report_due) -> Award:
    """The payment mode and the report's due date (the secretariat)."""
    require(actor, MANAGE, award)
    if payment_mode not in Award.PaymentMode.values:
        raise ServiceError(_("Choose how the award is paid."), field="payment_mode")
    with service_transaction():
        locked = _lock_award(award)
        if locked.status == S.SETTLED:
            raise ServiceError(_("This award is settled: it can't be changed."))
        if (
            payment_mode != locked.payment_mode
            and Payment.objects.filter(award=locked)
            .exclude(status=P.CANCELLED)
            .exists()
        ):
            raise ServiceError(
                _("Payments were made or prepared: the payment mode can't change."),
                field="payment_mode",
            )
        if report_due is not None and report_due < locked.decided_on:
            raise ServiceError(
                _("The report can't be due before the award was decided."),
                field="report_due",
            )
        changed = locked.report_due != report_due
        locked.payment_mode = payment_mode
        locked.report_due = report_due
        if changed:
            locked.reminder_sent_at = None
        locked.save(update_fields=["payment_mode", "report_due", "reminder_sent_at"])
        audit_record(actor=actor, action="fund_award.update", target=locked)
    return locked


# --- Payments (four eyes) ---------------------------------------------------------------


def _check_payable(award, kind, amount):
    """Refuse a payment the award's state does not allow yet."""
    if award.status == S.AWAITING_AMOUNT or award.amount is None:
        raise ServiceError(
            _("The amount of this award isn't set yet: nothing can be paid.")
        )
    if award.status == S.SETTLED:
        raise ServiceError(_("This award is settled: nothing more is paid."))
    report = selectors.award_report(award)
    accepted = report is not None and report.status == FinalReport.Status.ACCEPTED
    if award.payment_mode == Award.PaymentMode.AFTER_REPORT and not accepted:
        raise ServiceError(
            _("This award is paid after the report: accept the report first.")
        )
    if kind == Payment.Kind.ADVANCE:
        if award.payment_mode != Award.PaymentMode.ADVANCE:
            raise ServiceError(
                _("This award is paid after the report: no advance payment."),
                field="kind",
            )
        if accepted:
            raise ServiceError(
                _("The report is accepted: pay the settlement instead."), field="kind"
            )
    elif not accepted:
        raise ServiceError(
            _("A settlement is paid once the report is accepted."), field="kind"
        )
    elif amount > selectors.settlement_owed(award):
        raise ServiceError(
            _("The settlement owed is %(owed)s yen.")
            % {"owed": f"{selectors.settlement_owed(award):,}"},
            field="amount",
        )


def payment_prepare(*, actor, award, kind, amount, pay_on, key) -> Payment:
    """Prepare a payment. The same ``key`` again (a form posted twice) answers the
    payment it prepared, unchanged."""
    require(actor, MANAGE, award)
    key = (key or "").strip()
    if not KEY_PATTERN.fullmatch(key):
        raise ServiceError(_("The form has expired: open it again."))
    existing = Payment.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return _same_payment(existing, award)
    if kind not in Payment.Kind.values:
        raise ServiceError(_("Choose the kind of payment."), field="kind")
    amount = ledger.check_amount(amount)
    if pay_on is None:
        raise ServiceError(_("Give the payment date."), field="pay_on")
    with service_transaction():
        locked = _lock_award(award)
        existing = Payment.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return _same_payment(existing, award)
        _check_payable(locked, kind, amount)
        unpaid = ledger.award_unpaid(locked)
        if amount > unpaid:
            raise ServiceError(
                _("The award's unpaid amount is %(unpaid)s yen.")
                % {"unpaid": f"{unpaid:,}"},
                field="amount",
            )
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    award=locked,
                    kind=kind,
                    amount=amount,
                    pay_on=pay_on,
                    idempotency_key=key,
                    prepared_by=actor,
                )
        except IntegrityError:
            existing = Payment.objects.filter(idempotency_key=key).first()
            if existing is None:
                raise
            return _same_payment(existing, award)
        audit_record(
            actor=actor,
            action="fund_payment.prepare",
            target=locked,
            data={"payment": payment.pk, "amount": amount, "kind": kind},
        )
    return payment


def _same_payment(payment, award):
    if payment.award_id != award.pk:
        raise ServiceError(_("The form has expired: open it again."))
    return payment


def payment_confirm(*, actor, payment) -> Payment:
    """Another secretariat member confirms: the payment is booked, never beyond the
    award's unpaid amount nor the cash."""
    require(actor, MANAGE, payment.award)
    with service_transaction():
        award = _lock_award(payment.award)
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        ledger.lock_cash()
        if locked.status == P.CONFIRMED:
            raise ServiceError(_("This payment was already confirmed."))
        if locked.status != P.PREPARED:
            raise ServiceError(_("This payment was cancelled."))
        if locked.prepared_by_id == actor.pk:
            raise ServiceError(
                _(
                    "You prepared this payment: another member of the secretariat "
                    "must confirm it."
                )
            )
        _check_payable(award, locked.kind, locked.amount)
        unpaid = ledger.award_unpaid(award)
        if locked.amount > unpaid:
            raise ServiceError(
                _(
                    "The payment is more than the award's unpaid amount "
                    "(%(unpaid)s yen): cancel it and prepare another."
                )
                % {"unpaid": f"{unpaid:,}"}
            )
        cash = ledger.cash_balance()
        if locked.amount > cash:
            raise ServiceError(
                _("The fund's account holds %(cash)s yen: not enough for this payment.")
                % {"cash": f"{cash:,}"}
            )
        locked.status = P.CONFIRMED
        locked.confirmed_by = actor
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        ledger.book_payment(locked, actor=actor, on=locked.pay_on)
        audit_record(
            actor=actor,
            action="fund_payment.confirm",
            target=award,
            data={"payment": locked.pk, "amount": locked.amount},
        )
        _notify(award, "paid", key=f"paid:{locked.pk}", payment=locked)
    return locked


def payment_cancel(*, actor, payment) -> Payment:
    require(actor, MANAGE, payment.award)
    with service_transaction():
        award = _lock_award(payment.award)
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status != P.PREPARED:
            raise ServiceError(_("Only a payment not yet confirmed can be cancelled."))
        locked.status = P.CANCELLED
        locked.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="fund_payment.cancel",
            target=award,
            data={"payment": locked.pk},
        )
    return locked


# --- Budget lines -----------------------------------------------------------------------


def _clean_lines(lines, *, field="lines"):
    """The formset's lines as (category, description, amount, from_fund), refused
    with a message when one doesn't hold together; empty rows dropped."""
    cleaned = []
    for index, line in enumerate(lines or (), start=1):
        category = line.get("category") or ""
        description = (line.get("description") or "").strip()[:200]
        amount = line.get("amount")
        from_fund = line.get("from_fund")
        if not category and amount in (None, "") and from_fund in (None, ""):
            continue
        if category not in CostCategory.values:
            raise ServiceError(
                _("Line %(n)s: choose a cost line.") % {"n": index}, field=field
            )
        amount = ledger.check_amount(amount, field=field)
        from_fund = ledger.check_amount(from_fund, field=field, allow_zero=True)
        if from_fund > amount:
            raise ServiceError(
                _("Line %(n)s: the part from the fund can't exceed the line's amount.")
                % {"n": index},
                field=field,
            )
        cleaned.append((category, description, amount, from_fund))
    if not cleaned:
        raise ServiceError(_("Enter at least one line."), field=field)
    return cleaned


def _moved_share(award, lines) -> int:
    """How much of the fund's money the revision moves between cost lines (yen)."""
    before = {}
    for line in selectors.plan_lines(award):
        before[line.category] = before.get(line.category, 0) + line.from_fund
    after = {}
    for category, _description, _amount, from_fund in lines:
        after[category] = after.get(category, 0) + from_fund
    return sum(
        max(0, after.get(c, 0) - before.get(c, 0)) for c in set(before) | set(after)
    )


# --- Change requests (変更計画書) --------------------------------------------------------


def change_create(*, actor, award, reason, lines) -> ChangeRequest:
    require(actor, REPORT, award)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason for the change."), field="reason")
    cleaned = _clean_lines(lines)
    with service_transaction():
        locked = _lock_award(award)
        if locked.status != S.AWARDED:
            raise ServiceError(
                _("A change of plan can be requested only while the project runs.")
            )
        if ChangeRequest.objects.filter(
            award=locked, status=ChangeRequest.Status.SUBMITTED
        ).exists():
            raise ServiceError(_("A change request is already waiting for a decision."))
        fund_total = sum(line[3] for line in cleaned)
        if fund_total != locked.amount:
            raise ServiceError(
                _(
                    "The lines' parts from the fund add up to %(total)s yen; they must "
                    "add up to the award, %(amount)s yen."
                )
                % {"total": f"{fund_total:,}", "amount": f"{locked.amount:,}"},
                field="lines",
            )
        moved = _moved_share(locked, cleaned)
        share = locked.application.round.change_committee_share
        change = ChangeRequest.objects.create(
            award=locked,
            reason=reason,
            needs_committee=moved * 100 > share * locked.amount,
            submitted_by=actor,
        )
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(
                    application_id=locked.application_id,
                    stage=BudgetLine.Stage.CHANGE,
                    change_request=change,
                    category=category,
                    description=description,
                    amount=amount,
                    from_fund=from_fund,
                    order=order,
                )
                for order, (category, description, amount, from_fund) in enumerate(
                    cleaned, start=1
                )
            ]
        )
        audit_record(
            actor=actor,
            action="fund_change.create",
            target=locked,
            data={"change": change.pk, "moved": moved},
        )
    return change


def change_decide(*, actor, change, approve, answer="") -> ChangeRequest:
    require(actor, "network.decide_fund_change_request", change)
    with service_transaction():
        award = _lock_award(change.award)
        locked = ChangeRequest.objects.select_for_update().get(pk=change.pk)
        if locked.status != ChangeRequest.Status.SUBMITTED:
            raise ServiceError(_("This change request was already decided."))
        if locked.needs_committee and not is_fund_committee(actor):
            raise ServiceError(_("This change is for the fund committee to decide."))
        if not locked.needs_committee and not is_secretariat(actor):
            raise ServiceError(_("This change is for the secretariat to decide."))
        locked.status = (
            ChangeRequest.Status.APPROVED if approve else ChangeRequest.Status.REFUSED
        )
        locked.answer = (answer or "").strip()
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "answer", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action="fund_change.approve" if approve else "fund_change.refuse",
            target=award,
            data={"change": locked.pk},
        )
        _notify(award, "change_decided", key=f"change:{locked.pk}", change=locked)
    return locked


# --- The final report (実績報告) ---------------------------------------------------------


def report_save(*, actor, award, data, lines, upload=None, submit=False) -> FinalReport:
    """Save the report's draft (what was done, actual lines, an evidence file);
    ``submit`` hands it in: the award is then REPORTED."""
    require(actor, REPORT, award)
    cleaned = (
        _clean_lines(lines)
        if (submit or any(_filled(line) for line in lines or ()))
        else []
    )
    participants = data.get("participants")
    if participants is not None and not 0 <= participants <= 10_000_000:
        raise ServiceError(_("Give a number of participants."), field="participants")
    summary = (data.get("summary") or "").strip()
    if submit and not summary:
        raise ServiceError(_("Describe what was done."), field="summary")
    with service_transaction():
        locked = _lock_award(award)
        if locked.status not in (S.AWARDED,):
            raise ServiceError(_("The report can't be changed now."))
        report, _created = FinalReport.objects.select_for_update().get_or_create(
            award=locked
        )
        if report.status != FinalReport.Status.DRAFT:
            raise ServiceError(_("The report was already handed in."))
        report.summary = summary
        report.outcomes = (data.get("outcomes") or "").strip()
        report.participants = participants
        fields = ["summary", "outcomes", "participants"]
        if cleaned:
            BudgetLine.objects.filter(
                application_id=locked.application_id, stage=BudgetLine.Stage.ACTUAL
            ).delete()
            BudgetLine.objects.bulk_create(
                [
                    BudgetLine(
                        application_id=locked.application_id,
                        stage=BudgetLine.Stage.ACTUAL,
                        category=category,
                        description=description,
                        amount=amount,
                        from_fund=from_fund,
                        order=order,
                    )
                    for order, (category, description, amount, from_fund) in enumerate(
                        cleaned, start=1
                    )
                ]
            )
        if upload is not None:
            file_attach(
                actor=actor,
                target=report,
                uploaded=upload,
                description=(data.get("file_description") or "").strip()[:200],
            )
        if submit:
            report.status = FinalReport.Status.SUBMITTED
            report.submitted_by = actor
            report.submitted_at = timezone.now()
            fields += ["status", "submitted_by", "submitted_at"]
            locked.status = S.REPORTED
            locked.save(update_fields=["status"])
        report.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="fund_report.submit" if submit else "fund_report.save",
            target=locked,
        )
        if submit:
            _notify(locked, "report_received", key=f"report:{report.pk}:received")
    return report


def _filled(line):
    return any(
        line.get(name) not in (None, "") for name in ("category", "amount", "from_fund")
    )


def report_accept(*, actor, award) -> FinalReport:
    """Accept the report; what was paid beyond what was spent from the fund (at most
    the award) is to be returned."""
    require(actor, MANAGE, award)
    with service_transaction():
        locked = _lock_award(award)
        report = FinalReport.objects.select_for_update().filter(award=locked).first()
        if report is None or report.status != FinalReport.Status.SUBMITTED:
            raise ServiceError(_("There is no handed-in report to accept."))
        spent = min(selectors.actual_from_fund(locked), locked.amount or 0)
        report.refund_due = max(0, selectors.paid_total(locked) - spent)
        report.status = FinalReport.Status.ACCEPTED
        report.accepted_by = actor
        report.accepted_at = timezone.now()
        report.save(
            update_fields=["refund_due", "status", "accepted_by", "accepted_at"]
        )
        audit_record(
            actor=actor,
            action="fund_report.accept",
            target=locked,
            data={"refund_due": report.refund_due},
        )
        _notify(
            locked,
            "report_accepted",
            key=f"report:{report.pk}:accepted",
            report=report,
            owed=selectors.settlement_owed(locked),
        )
        if report.refund_due:
            _notify(
                locked,
                "refund_requested",
                key=f"report:{report.pk}:refund",
                report=report,
            )
    return report


def refund_record(*, actor, award, amount, received_on) -> FinalReport:
    require(actor, MANAGE, award)
    amount = ledger.check_amount(amount)
    if received_on is None:
        raise ServiceError(
            _("Give the date the money was returned."), field="received_on"
        )
    if received_on > _today():
        raise ServiceError(_("The date can't be in the future."), field="received_on")
    with service_transaction():
        locked = _lock_award(award)
        ledger.lock_cash()
        report = FinalReport.objects.select_for_update().filter(award=locked).first()
        if report is None or report.status != FinalReport.Status.ACCEPTED:
            raise ServiceError(_("Accept the report first."))
        if not report.refund_due:
            raise ServiceError(_("Nothing is to be returned on this award."))
        if report.refund_received_on is not None:
            raise ServiceError(_("The refund was already recorded."))
        if amount != report.refund_due:
            raise ServiceError(
                _("The amount to be returned is %(due)s yen.")
                % {"due": f"{report.refund_due:,}"},
                field="amount",
            )
        ledger.book_refund(locked, amount, actor=actor, on=received_on)
        report.refund_received_on = received_on
        report.save(update_fields=["refund_received_on"])
        audit_record(
            actor=actor,
            action="fund_award.refund",
            target=locked,
            data={"amount": amount},
        )
    return report


def award_settle(*, actor, award) -> Award:
    """Close the award: the report accepted, nothing left to pay or to be returned;
    what was awarded and not paid goes back to the round's budget."""
    require(actor, MANAGE, award)
    with service_transaction():
        locked = _lock_award(award)
        if locked.status == S.SETTLED:
            raise ServiceError(_("This award is already settled."))
        report = FinalReport.objects.filter(award=locked).first()
        if report is None or report.status != FinalReport.Status.ACCEPTED:
            raise ServiceError(_("Accept the report first."))
        if Payment.objects.filter(award=locked, status=P.PREPARED).exists():
            raise ServiceError(
                _("A payment is waiting for confirmation: confirm or cancel it first.")
            )
        owed = selectors.settlement_owed(locked)
        if owed:
            raise ServiceError(
                _("A settlement of %(owed)s yen is still to be paid.")
                % {"owed": f"{owed:,}"}
            )
        if report.refund_due and report.refund_received_on is None:
            raise ServiceError(
                _("%(due)s yen is still to be returned: record the refund first.")
                % {"due": f"{report.refund_due:,}"}
            )
        remainder = ledger.award_unpaid(locked)
        if remainder:
            ledger.book_release(locked, remainder, actor=actor, on=_today())
        locked.status = S.SETTLED
        locked.settled_at = timezone.now()
        locked.save(update_fields=["status", "settled_at"])
        audit_record(
            actor=actor,
            action="fund_award.settle",
            target=locked,
            data={"released": remainder},
        )
        _notify(locked, "settled", key="settled", released=remainder)
    return locked


# --- The report-due reminder ------------------------------------------------------------


def report_reminders_send(*, day: datetime.date | None = None) -> int:
    """Email each awardee whose report is due within 14 days, once per award (the
    award's ``reminder_sent_at``; safe to run twice, even at once)."""
    day = day or _today()
    horizon = day + datetime.timedelta(days=REMINDER_DAYS)
    due = Award.objects.filter(
        status=S.AWARDED,
        reminder_sent_at__isnull=True,
        report_due__isnull=False,
        report_due__gte=day,
        report_due__lte=horizon,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with service_transaction():
            award = (
                Award.objects.select_for_update(of=("self",))
                .select_related("application__organization")
                .get(pk=pk)
            )
            if award.reminder_sent_at is not None or award.status != S.AWARDED:
                continue
            _notify(award, "reminder", key=f"reminder:{award.report_due.isoformat()}")
            award.reminder_sent_at = timezone.now()
            award.save(update_fields=["reminder_sent_at"])
            sent += 1
    return sent
