"""The consultation desk's use cases: requests and intake, and assignment.
(The case's records, referral and closing: ``casework``; slots and bookings:
``appointments``.)

Every write to a case locks its consultation row first.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Affiliation, Desk, Person, Role, RoleAssignment
from members.roles import roles_of
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..models import Appointment, Consultation
from .appointments import appointment_cancel_within
from .people import (
    NewPerson,
    person_create_within,
    person_or_new_person_check,
)

__all__ = ["consultation_assign", "consultation_intake", "consultation_request"]


def consultation_lock(consultation) -> Consultation:
    """The case's row, locked: the first lock of every write about the case."""
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _check_fields(*, desk, topic, description):
    if desk not in Desk.values:
        raise ServiceError(_("Choose the desk."), field="desk")
    if topic not in Consultation.Topic.values:
        raise ServiceError(_("Choose the topic."), field="topic")
    if not description.strip():
        raise ServiceError(
            _("Please tell us briefly what the consultation is about."),
            field="description",
        )


# --- Requests and intake --------------------------------------------------------------


def _consultation_create(
    *,
    actor,
    requester_id,
    channel,
    consent_method,
    consent_recorded_by=None,
    desk,
    topic,
    description,
    preferred_times,
    organization,
):
    """The case as it comes in, with the consent taken now."""
    return Consultation.objects.create(
        requester_id=requester_id,
        organization=organization,
        desk=desk,
        topic=topic,
        channel=channel,
        description=description.strip(),
        preferred_times=preferred_times.strip(),
        consent_method=consent_method,
        consent_at=timezone.now(),
        consent_recorded_by=consent_recorded_by,
        created_by=actor,
    )


def consultation_request(
    *,
    actor,
    desk: str,
    topic: str,
    description: str,
    preferred_times: str = "",
    organization=None,
    consent: bool,
) -> Consultation:
    """A member or citizen asks for a consultation themselves (web form)."""
    require(actor, "support.request_consultation")
    if not consent:
        raise ServiceError(
            _(
                "We can take your consultation only with your consent to the handling of what you tell us."
            ),
            field="consent",
        )
    _check_fields(desk=desk, topic=topic, description=description)
    snapshot = roles_of(actor)
    if organization is not None and organization.pk not in snapshot.affiliated_org_ids:
        raise ServiceError(
            _("Choose one of your own organizations."), field="organization"
        )
    with service_transaction():
        consultation = _consultation_create(
            actor=actor,
            requester_id=snapshot.person_id,
            channel=Consultation.Channel.FORM,
            consent_method=Consultation.ConsentMethod.CHECKBOX,
            desk=desk,
            topic=topic,
            description=description,
            preferred_times=preferred_times,
            organization=organization,
        )
        audit_record(
            actor=actor,
            action="consultation.request",
            target=consultation,
            data={"desk": desk, "topic": topic, "channel": "form"},
        )
    return consultation


def _check_intake_consent(*, channel, consent_method, consent):
    """Sensitive information is taken only with consent: a phone request needs the
    verbal consent the staff member heard."""
    if channel not in Consultation.Channel.values or channel == "form":
        raise ServiceError(_("Choose how the request came in."), field="channel")
    if consent_method not in Consultation.ConsentMethod.values:
        raise ServiceError(_("Choose how consent was given."), field="consent_method")
    if channel == Consultation.Channel.PHONE and consent_method != "verbal":
        raise ServiceError(
            _("A request by phone needs the person's verbal consent, recorded here."),
            field="consent_method",
        )
    if not consent:
        raise ServiceError(
            _(
                "Record the request only after the person has agreed to the handling of what they tell us."
            ),
            field="consent",
        )


def _check_affiliation(person, organization):
    if organization is not None and not (
        Affiliation.objects.current()
        .filter(person=person, organization=organization)
        .exists()
    ):
        raise ServiceError(
            _("%(person)s is not affiliated with %(organization)s.")
            % {"person": person, "organization": organization},
            field="organization",
        )


def _intake_audit(consultation, *, actor):
    audit_record(
        actor=actor,
        action="consultation.intake",
        target=consultation,
        message=_("Consent (%(method)s) recorded by %(actor)s")
        % {
            "method": consultation.get_consent_method_display(),
            "actor": actor.email,
        },
        data={
            "desk": consultation.desk,
            "topic": consultation.topic,
            "channel": consultation.channel,
        },
    )


def consultation_intake(
    *,
    actor,
    person: Person | None = None,
    new_person: NewPerson | None = None,
    channel: str,
    desk: str,
    topic: str,
    description: str,
    preferred_times: str = "",
    organization=None,
    consent_method: str,
    consent: bool,
) -> Consultation:
    """The secretariat records a request made by phone, at a visit or by email, for
    a person of the registry or a new one recorded with it (or, refused, not at all).

    The consent is recorded with the staff member's name and the time.
    """
    require(actor, "support.intake_consultation")
    _check_intake_consent(
        channel=channel, consent_method=consent_method, consent=consent
    )
    _check_fields(desk=desk, topic=topic, description=description)
    person_or_new_person_check(person, new_person)
    with service_transaction():
        if person is None:
            person = person_create_within(actor=actor, details=new_person)
        _check_affiliation(person, organization)
        consultation = _consultation_create(
            actor=actor,
            requester_id=person.pk,
            channel=channel,
            consent_method=consent_method,
            consent_recorded_by=actor,
            desk=desk,
            topic=topic,
            description=description,
            preferred_times=preferred_times,
            organization=organization,
        )
        _intake_audit(consultation, actor=actor)
    return consultation


# --- Assignment ----------------------------------------------------------------------------


def _check_advisor(advisor, desk, *, label):
    if advisor is None:
        raise ServiceError(_("Choose an advisor."), field="advisor")
    holds_role = (
        RoleAssignment.objects.current()
        .filter(person=advisor, role=Role.ADVISOR, scope=desk)
        .exists()
    )
    if not holds_role:
        raise ServiceError(
            _("%(person)s is not an advisor of the %(desk)s.")
            % {"person": advisor, "desk": label},
            field="advisor",
        )


def _tell_about_assignment(consultation, advisor):
    """The advisor learns of the case; the requester learns who will help and that
    they can book a slot."""
    stamp = f"{consultation.assigned_at:%Y%m%d%H%M%S%f}"
    email_queue(
        key=f"consultation:{consultation.pk}:assigned:{advisor.pk}:{stamp}",
        template="consultation_assigned",
        to=advisor.contact_email,
        language=advisor.language,
        context={"person": advisor, "consultation": consultation},
    )
    requester = Person.objects.select_related("account").get(
        pk=consultation.requester_id
    )
    email_queue(
        key=f"consultation:{consultation.pk}:advisor-for-requester:{stamp}",
        template="consultation_advisor_assigned",
        to=requester.contact_email,
        language=requester.language,
        context={
            "person": requester,
            "consultation": consultation,
            "advisor": advisor,
        },
    )


def consultation_assign(
    *, actor, consultation: Consultation, advisor: Person
) -> Consultation:
    """Assign (or reassign) the case to an advisor of its desk.

    A reassigned case leaves the former advisor's reach at once (the rules look at
    the current advisor only); a booking in the former advisor's slot is cancelled.
    """
    require(actor, "support.assign_consultation", consultation)
    _check_advisor(advisor, consultation.desk, label=consultation.get_desk_display())
    with service_transaction():
        consultation = consultation_lock(consultation)
        if consultation.is_closed:
            raise ServiceError(_("This consultation is closed."))
        former = consultation.advisor_id
        if former == advisor.pk:
            raise ServiceError(
                _("The case is already assigned to %(person)s.") % {"person": advisor},
                field="advisor",
            )
        if former is not None:
            for appointment in Appointment.objects.select_for_update().filter(
                consultation=consultation, status=Appointment.Status.BOOKED
            ):
                appointment_cancel_within(appointment, actor=actor, reason="reassigned")
        consultation.advisor = advisor
        consultation.assigned_at = timezone.now()
        if consultation.status == Consultation.Status.NEW:
            consultation.status = Consultation.Status.ASSIGNED
        consultation.save(update_fields=["advisor", "assigned_at", "status"])
        audit_record(
            actor=actor,
            action="consultation.reassign" if former else "consultation.assign",
            target=consultation,
            message=str(advisor),
            data={"advisor": advisor.pk, "former_advisor": former},
        )
        _tell_about_assignment(consultation, advisor)
    return consultation
