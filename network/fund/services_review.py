"""Writes of the fund's review: the secretariat's screening, the committee's
conflict declarations and scores, the recommendation (which earmarks the round's
budget), sending an application to the board as one 審議事項, and what the board's
decision does to it (``application_decided``, the subject handler).

Lock order (``network.fund.ledger``): FundRound → FundApplication → Award, after the
secretariat's rows when a decision calls in.
"""

from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from members.roles import roles_of
from secretariat.models import AgendaItem, Source
from secretariat.services import agenda_item_attach_within, agenda_item_create_within
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.japan import fiscal_year
from wco_sse.core.pdf import render_pdf
from wco_sse.core.text import NOTE_MAX_LENGTH
from wco_sse.core.transactions import service_transaction

from . import ledger
from .models import (
    Award,
    ConflictDeclaration,
    FundApplication,
    FundRound,
    Review,
    ReviewScore,
)
from .recipients import applicant_recipients
from .selectors_review import conflicted_ids

S = FundApplication.Status
RECOMMENDABLE = (S.IN_REVIEW, S.RECOMMENDED, S.NOT_RECOMMENDED)
MINUTES_REFERENCE_MAX = 200


def _text(value) -> str:
    return (value or "").strip()


def _lock(application) -> tuple[FundRound, FundApplication]:
    """The round's row, then the application's (the fund's lock order)."""
    fund_round = FundRound.objects.select_for_update().get(pk=application.round_id)
    locked = (
        FundApplication.objects.select_for_update(of=("self",))
        .select_related("round__rubric", "organization")
        .get(pk=application.pk)
    )
    locked.round = fund_round
    return fund_round, locked


def _lock_application(application) -> FundApplication:
    return (
        FundApplication.objects.select_for_update(of=("self",))
        .select_related("round__rubric", "organization")
        .get(pk=application.pk)
    )


def _email_representatives(application, *, occasion, context=None):
    """One email to each representative of the applicant organization."""
    for address, language, name in applicant_recipients(application):
        email_queue(
            key=f"fund-application:{application.pk}:{occasion}:{address}",
            template=f"fund_review_{occasion}",
            to=address,
            language=language,
            context={"addressee": name, "application": application, **(context or {})},
        )


# --- Screening ----------------------------------------------------------------------------


def application_screen(
    *,
    actor,
    application,
    eligible: bool,
    reason="",
    prior_consultation_on=None,
    prior_consultation_case="",
) -> FundApplication:
    """The secretariat's screening of a submitted application: eligible (it goes to
    the committee) or not, with the reason the applicant reads. Where the round
    requires a prior consultation (事前相談), its date and the desk's case number are
    needed to pass."""
    require(actor, "network.screen_fund_application", application)
    reason = _text(reason)
    case = _text(prior_consultation_case)
    if len(reason) > NOTE_MAX_LENGTH:
        raise ServiceError(_("The reason is too long."), field="reason")
    if len(case) > 30:
        raise ServiceError(
            _("The case number is too long (30 characters at most)."),
            field="prior_consultation_case",
        )
    with service_transaction():
        locked = _lock_application(application)
        if locked.status != S.SUBMITTED:
            raise ServiceError(
                _("Only a submitted application is screened (this one is %(status)s).")
                % {"status": locked.get_status_display()}
            )
        if prior_consultation_on and prior_consultation_on > timezone.localdate():
            raise ServiceError(
                _("The prior consultation can't be in the future."),
                field="prior_consultation_on",
            )
        if eligible:
            if locked.round.requires_prior_consultation:
                if not prior_consultation_on:
                    raise ServiceError(
                        _("This round requires a prior consultation: enter its date."),
                        field="prior_consultation_on",
                    )
                if not case:
                    raise ServiceError(
                        _(
                            "This round requires a prior consultation: enter the "
                            "consultation desk's case number."
                        ),
                        field="prior_consultation_case",
                    )
            locked.status = S.IN_REVIEW
            locked.ineligible_reason = ""
        else:
            if not reason:
                raise ServiceError(
                    _("Give the reason the applicant will read."), field="reason"
                )
            locked.status = S.INELIGIBLE
            locked.ineligible_reason = reason
        locked.prior_consultation_on = prior_consultation_on
        locked.prior_consultation_case = case
        locked.screened_at = timezone.now()
        locked.screened_by = actor
        locked.save()
        audit_record(
            actor=actor,
            action="fund.screen",
            target=locked,
            message=locked.get_status_display(),
        )
        if not eligible:
            _email_representatives(locked, occasion="ineligible")
    return locked


# --- Conflicts --------------------------------------------------------------------------


def conflict_declare(
    *, actor, application, conflicted: bool, reason=""
) -> ConflictDeclaration:
    """A committee member's declaration on one application, before opening it. A
    declaration of no conflict may later become one of a conflict (their scores then
    stop counting); never the other way."""
    require(actor, "network.declare_fund_conflict", application)
    person_id = roles_of(actor).person_id
    reason = _text(reason)
    if conflicted and not reason:
        raise ServiceError(_("Say briefly what the conflict is."), field="reason")
    if len(reason) > 300:
        raise ServiceError(
            _("The reason is too long (300 characters at most)."), field="reason"
        )
    with service_transaction():
        locked = _lock_application(application)
        existing = (
            ConflictDeclaration.objects.select_for_update()
            .filter(application=locked, reviewer_id=person_id)
            .first()
        )
        if existing is not None:
            if existing.conflicted or not conflicted:
                raise ServiceError(_("You have already declared on this application."))
            existing.conflicted = True
            existing.reason = reason
            existing.save(update_fields=["conflicted", "reason"])
            declaration = existing
        else:
            declaration = ConflictDeclaration.objects.create(
                application=locked,
                reviewer_id=person_id,
                conflicted=conflicted,
                reason=reason if conflicted else "",
            )
        audit_record(
            actor=actor,
            action="fund.conflict" if conflicted else "fund.no_conflict",
            target=locked,
        )
    return declaration


# --- Scores -------------------------------------------------------------------------------


def _score_value(raw, criterion):
    field = f"score_{criterion.pk}"
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ServiceError(
            _("Score %(criterion)s.") % {"criterion": criterion.name}, field=field
        )
    if isinstance(raw, str):
        import unicodedata

        raw = unicodedata.normalize("NFKC", raw).strip()
        try:
            raw = int(raw)
        except ValueError:
            raise ServiceError(
                _("Enter a whole number from 0 to %(max)s.")
                % {"max": criterion.max_score},
                field=field,
            ) from None
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ServiceError(
            _("Enter a whole number from 0 to %(max)s.") % {"max": criterion.max_score},
            field=field,
        )
    if not 0 <= raw <= criterion.max_score:
        raise ServiceError(
            _("Enter a whole number from 0 to %(max)s.") % {"max": criterion.max_score},
            field=field,
        )
    return raw


def review_submit(*, actor, application, stage, scores: dict, comment="") -> Review:
    """Score each criterion of the round's rubric (``scores``: criterion pk → value)
    at ``stage``. The re-score after the hearing needs the score on the documents;
    both can be changed until the committee recommends."""
    require(actor, "network.review_fund_application", application)
    if stage not in Review.Stage.values:
        raise ServiceError(_("Choose the stage of the review."), field="stage")
    comment = _text(comment)
    if len(comment) > NOTE_MAX_LENGTH:
        raise ServiceError(_("The comment is too long."), field="comment")
    person_id = roles_of(actor).person_id
    with service_transaction():
        locked = _lock_application(application)
        if locked.status != S.IN_REVIEW:
            raise ServiceError(
                _("The scores can no longer be changed: the committee has decided.")
            )
        if person_id in conflicted_ids(locked):
            raise ServiceError(_("You declared a conflict on this application."))
        criteria = list(locked.round.rubric.criteria.all())
        values = {c.pk: _score_value(scores.get(c.pk), c) for c in criteria}
        if (
            stage == Review.Stage.HEARING
            and not Review.objects.filter(
                application=locked, reviewer_id=person_id, stage=Review.Stage.DOCUMENTS
            ).exists()
        ):
            raise ServiceError(
                _("Score the documents first; the hearing's re-score comes after.")
            )
        review, created = Review.objects.update_or_create(
            application=locked,
            reviewer_id=person_id,
            stage=stage,
            defaults={"comment": comment, "total": sum(values.values())},
        )
        review.scores.all().delete()
        ReviewScore.objects.bulk_create(
            [
                ReviewScore(review=review, criterion_id=pk, value=value)
                for pk, value in values.items()
            ]
        )
        audit_record(
            actor=actor,
            action="fund.review" if created else "fund.review_change",
            target=locked,
            data={"stage": stage, "total": review.total},
        )
    return review


# --- Recommendation -----------------------------------------------------------------------


def application_recommend(
    *, actor, application, recommend: bool, amount=None, reasons=""
) -> FundApplication:
    """The committee's recommendation: an amount (at most what was asked, the round's
    cap and what the round has left) which is earmarked on the round's budget, or
    none. Changed until the application is sent to the board; a changed amount
    frees its own earmark first."""
    require(actor, "network.recommend_fund_application", application)
    reasons = _text(reasons)
    if not reasons:
        raise ServiceError(_("Give the committee's reasons."), field="reasons")
    if len(reasons) > NOTE_MAX_LENGTH:
        raise ServiceError(_("The reasons are too long."), field="reasons")
    if recommend:
        amount = ledger.check_amount(amount, field="amount")
    with service_transaction():
        fund_round, locked = _lock(application)
        if locked.status not in RECOMMENDABLE:
            raise ServiceError(
                _(
                    "The recommendation can no longer be changed (the application is "
                    "%(status)s)."
                )
                % {"status": locked.get_status_display()}
            )
        conflicted = conflicted_ids(locked)
        if not locked.reviews.exclude(reviewer_id__in=conflicted).exists():
            raise ServiceError(_("No reviewer has scored this application yet."))
        own = locked.earmarked if locked.status in ledger.EARMARKING else 0
        if recommend:
            if locked.amount_requested is None or amount > locked.amount_requested:
                raise ServiceError(
                    _("At most the amount requested (%(amount)s yen).")
                    % {"amount": f"{locked.amount_requested or 0:,}"},
                    field="amount",
                )
            if amount > fund_round.cap_per_grant:
                raise ServiceError(
                    _("At most the round's cap per grant (%(amount)s yen).")
                    % {"amount": f"{fund_round.cap_per_grant:,}"},
                    field="amount",
                )
            room = ledger.round_remaining(fund_round) + own
            if amount > room:
                raise ServiceError(
                    _(
                        "The round's budget has %(amount)s yen left for this "
                        "recommendation."
                    )
                    % {"amount": f"{max(room, 0):,}"},
                    field="amount",
                )
            locked.status = S.RECOMMENDED
            locked.recommended_amount = amount
            locked.earmarked = amount
        else:
            locked.status = S.NOT_RECOMMENDED
            locked.recommended_amount = None
            locked.earmarked = 0
        locked.recommendation_reasons = reasons
        locked.recommended_at = timezone.now()
        locked.recommended_by = actor
        locked.save()
        audit_record(
            actor=actor,
            action="fund.recommend" if recommend else "fund.not_recommend",
            target=locked,
            data={"amount": amount if recommend else None, "released": own},
        )
    return locked


# --- To the board -------------------------------------------------------------------------


def board_item_title(application) -> str:
    return f"社会的連帯経済基金 助成：{application.org_name}「{application.project_title}」"[
        :200
    ]


def board_item_body(application, *, minutes_reference) -> str:
    lines = [
        f"募集回：{application.round.title}",
        f"申請団体：{application.org_name}",
        f"事業名：{application.project_title}",
        f"申請額：{application.amount_requested or 0:,}円",
        f"推薦額：{application.recommended_amount or 0:,}円",
        f"まちづくり会議：{minutes_reference}",
        "",
        "事業の目的：",
        application.purpose,
        "",
        "推薦の理由：",
        application.recommendation_reasons,
    ]
    return "\n".join(lines)


def paper_context(application, *, minutes_reference="") -> dict:
    """What the paper prints, read completely (the PDF is rendered from it)."""
    from .selectors_review import application_aggregate

    return {
        "application": application,
        "fund_round": application.round,
        "aggregate": application_aggregate(application),
        "lines": list(application.budget_lines.filter(stage="plan")),
        "minutes_reference": minutes_reference,
        "today": timezone.localdate(),
    }


def paper_pdf(application, *, minutes_reference="") -> bytes:
    return render_pdf(
        "network/fund/review/paper_pdf.html",
        paper_context(application, minutes_reference=minutes_reference),
    )


def application_send_to_board(*, actor, application, minutes_reference) -> AgendaItem:
    """Draft one 審議事項 on the recommended application (its subject), with the
    paper attached; the application is then before the board."""
    require(actor, "network.send_fund_to_board", application)
    minutes_reference = _text(minutes_reference)
    if not minutes_reference:
        raise ServiceError(
            _("Name the まちづくり会議 minutes that record the recommendation."),
            field="minutes_reference",
        )
    if len(minutes_reference) > MINUTES_REFERENCE_MAX:
        raise ServiceError(
            _("The minutes reference is too long (200 characters at most)."),
            field="minutes_reference",
        )
    with service_transaction():
        locked = _lock_application(application)
        if locked.agenda_item_id is not None:
            raise ServiceError(
                _("This application has already been sent to the board.")
            )
        if locked.status != S.RECOMMENDED:
            raise ServiceError(
                _("Only a recommended application is sent to the board.")
            )
        item = agenda_item_create_within(
            actor=actor,
            source=Source.NETWORK,
            kind=AgendaItem.Kind.DELIBERATION,
            title=board_item_title(locked),
            body=board_item_body(locked, minutes_reference=minutes_reference),
            subject=locked,
        )
        pdf = paper_pdf(locked, minutes_reference=minutes_reference)
        agenda_item_attach_within(
            actor=actor,
            item=item,
            uploaded=ContentFile(pdf, name=f"fund-application-{locked.pk}.pdf"),
            description=_("Fund application: summary and review"),
        )
        locked.agenda_item = item
        locked.status = S.AT_BOARD
        locked.save(update_fields=["agenda_item", "status", "updated_at"])
        audit_record(
            actor=actor,
            action="fund.send_to_board",
            target=locked,
            message=minutes_reference,
            data={"item": item.pk},
        )
    return item


# --- The board's decision -----------------------------------------------------------------


def _award_number(day) -> str:
    """The next number of the fiscal year (``基金2026-001``): taken under a lock so
    two decisions at once never take the same one."""
    year = fiscal_year(day)
    prefix = f"基金{year}-"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [1414, year])
    numbers = Award.objects.filter(number__startswith=prefix).values_list(
        "number", flat=True
    )
    last = max(
        (int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()),
        default=0,
    )
    return f"{prefix}{last + 1:03d}"


def application_decided(*, item, decision, subject, actor) -> None:
    """The subject handler: what the board's decision on the application's item
    does, inside the decision's transaction (a refusal here refuses the decision)."""
    outcome = decision.outcome
    Outcome = AgendaItem.Status
    if outcome not in (Outcome.APPROVED, Outcome.AMENDED, Outcome.REJECTED):
        return  # 継続審議: unchanged, the item comes back
    _fund_round, locked = _lock(subject)
    if locked.status != S.AT_BOARD or locked.agenda_item_id != item.pk:
        raise ServiceError(
            _(
                "The fund application of this item is not before the board (it is %(status)s)."
            )
            % {"status": locked.get_status_display()}
        )
    day = decision.decided_on or timezone.localdate()
    if outcome == Outcome.REJECTED:
        released = locked.earmarked
        locked.status = S.REJECTED
        locked.earmarked = 0
        locked.save(update_fields=["status", "earmarked", "updated_at"])
        audit_record(
            actor=actor,
            action="fund.board_rejected",
            target=locked,
            data={"item": item.pk, "released": released},
        )
        _email_representatives(locked, occasion="rejected")
        return
    amended = outcome == Outcome.AMENDED
    award = Award.objects.create(
        application=locked,
        number=_award_number(day),
        status=Award.Status.AWAITING_AMOUNT if amended else Award.Status.AWARDED,
        amount=None if amended else locked.recommended_amount,
        decided_on=day,
        decision=decision,
    )
    if not amended:
        amount = locked.recommended_amount
        if not amount:
            raise ServiceError(_("The application has no recommended amount."))
        if amount > ledger.round_budget(locked.round):
            raise ServiceError(_("The round's budget no longer covers this award."))
        ledger.book_award(award, amount, actor=actor, on=day)
        locked.earmarked = 0
    locked.status = S.AWARDED
    locked.save(update_fields=["status", "earmarked", "updated_at"])
    audit_record(
        actor=actor,
        action="fund.awarded_pending" if amended else "fund.awarded",
        target=locked,
        message=award.number,
        data={"item": item.pk, "award": award.pk, "amount": award.amount},
    )
    _email_representatives(locked, occasion="awarded", context={"award": award})
