"""A case's work: the advisor's confidential records (相談記録（非公開）), referral
to another body, and closing. Each locks the consultation row first."""

from django.utils import timezone
from django.utils.translation import gettext as _

from members.roles import roles_of
from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..models import Consultation, ConsultationRecord
from .consultations import consultation_lock

__all__ = ["consultation_close", "consultation_record_add", "consultation_refer"]


def consultation_record_add(
    *, actor, consultation: Consultation, body: str
) -> ConsultationRecord:
    require(actor, "support.write_consultation_record", consultation)
    if not body.strip():
        raise ServiceError(_("The record is empty."), field="body")
    with service_transaction():
        consultation = consultation_lock(consultation)
        record = ConsultationRecord.objects.create(
            consultation=consultation,
            author_id=roles_of(actor).person_id,
            body=body.strip(),
        )
        if consultation.status == Consultation.Status.ASSIGNED:
            consultation.status = Consultation.Status.IN_PROGRESS
            consultation.save(update_fields=["status"])
        # The audit trail says that a record was written, never what it says.
        audit_record(
            actor=actor,
            action="consultation.record",
            target=consultation,
            data={"record": record.pk},
        )
    return record


def consultation_refer(
    *, actor, consultation: Consultation, referred_to: str, consent: bool
) -> Consultation:
    """Pass the case to another body, only with the person's consent."""
    require(actor, "support.refer_consultation", consultation)
    if not referred_to.strip():
        raise ServiceError(
            _("Name the body the case is referred to."), field="referred_to"
        )
    if not consent:
        raise ServiceError(
            _("A case is passed to another body only with the person's consent."),
            field="consent",
        )
    with service_transaction():
        consultation = consultation_lock(consultation)
        if consultation.is_closed:
            raise ServiceError(_("This consultation is closed."))
        consultation.referred_to = referred_to.strip()[:200]
        consultation.referral_consent_at = timezone.now()
        consultation.referral_consent_recorded_by = actor
        if consultation.status in (
            Consultation.Status.NEW,
            Consultation.Status.ASSIGNED,
        ):
            consultation.status = Consultation.Status.IN_PROGRESS
        consultation.save(
            update_fields=[
                "referred_to",
                "referral_consent_at",
                "referral_consent_recorded_by",
                "status",
            ]
        )
        audit_record(
            actor=actor,
            action="consultation.refer",
            target=consultation,
            message=consultation.referred_to,
        )
    return consultation


def consultation_close(
    *, actor, consultation: Consultation, outcome: str
) -> Consultation:
    require(actor, "support.close_consultation", consultation)
    if outcome not in Consultation.Outcome.values:
        raise ServiceError(_("Choose the outcome."), field="outcome")
    with service_transaction():
        consultation = consultation_lock(consultation)
        if consultation.is_closed:
            raise ServiceError(_("This consultation is closed already."))
        if outcome == Consultation.Outcome.REFERRED and not consultation.referred_to:
            raise ServiceError(
                _(
                    "Record the referral, with the person's consent, before closing the case as referred."
                ),
                field="outcome",
            )
        consultation.status = Consultation.Status.CLOSED
        consultation.outcome = outcome
        consultation.closed_at = timezone.now()
        consultation.save(update_fields=["status", "outcome", "closed_at"])
        audit_record(
            actor=actor,
            action="consultation.close",
            target=consultation,
            message=consultation.get_outcome_display(),
        )
    return consultation
