"""The talent bank's requests and proposals (人材の依頼・紹介).

A W.Co's representative (for their W.Co), a section member or the secretariat (for
the organization's own work) asks for people; a coordinator proposes candidates who
pass the matching filter; the candidate agrees or declines (from the email's signed
link or their my page); the requester sees the profile from the agreement on, and
records the trial or interview and the outcome.

Lock order: TalentRequest → TalentProposal. The request's row guards its headcount:
proposals in ``ACCEPTED_STATES`` never exceed it.
"""

import datetime

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Affiliation
from members.roles import roles_of
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.models import ExportLog
from wco_sse.core.transactions import service_transaction

from ..models import TalentProposal, TalentRequest
from ..models.talent import PayUnit, availability_mask

__all__ = [
    "PROPOSAL_TOKEN_MAX_AGE",
    "proposal_answer_token",
    "proposal_from_token",
    "talent_proposal_answer",
    "talent_proposal_meeting",
    "talent_proposal_outcome",
    "talent_proposal_withdraw",
    "talent_propose",
    "talent_request_close",
    "talent_request_create",
    "talent_request_edit",
    "talent_sheet_logged",
]

PROPOSAL_TOKEN_SALT = "support.talent-proposal-answer"  # noqa: S105 (a salt)
# The email's link answers without signing in for 30 days; after that the candidate
# answers from their my page.
PROPOSAL_TOKEN_MAX_AGE = 30 * 24 * 3600
REQUEST_FIELDS = (
    "title",
    "organization",
    "description",
    "industry",
    "qualifications",
    "areas",
    "slots",
    "hours_per_week",
    "headcount",
    "pay_min",
    "pay_max",
    "pay_unit",
    "start",
    "end",
)
_M2M = ("qualifications", "areas")

State = TalentProposal.State


# --- Locks ---------------------------------------------------------------------------------


def _lock_request(request) -> TalentRequest:
    return TalentRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)


def _lock_proposal(proposal) -> tuple[TalentRequest, TalentProposal]:
    """The request's row, then the proposal's (the parent before the child)."""
    request = _lock_request(proposal.request)
    locked = (
        TalentProposal.objects.select_for_update(of=("self",))
        .select_related("profile__person", "request")
        .get(pk=proposal.pk, request=request)
    )
    return request, locked


def _accepted_count(request) -> int:
    return request.proposals.filter(state__in=TalentProposal.ACCEPTED_STATES).count()


# --- Requests ------------------------------------------------------------------------------


def _check_request(
    *,
    title,
    headcount,
    areas,
    slots,
    start,
    end,
    pay_min,
    pay_max,
    pay_unit,
    qualifications,
):
    if not (title or "").strip():
        raise ServiceError(_("Give the request a title."), field="title")
    if headcount is None or headcount < 1:
        raise ServiceError(_("Ask for at least one person."), field="headcount")
    if not list(areas):
        raise ServiceError(_("Choose at least one area."), field="areas")
    if any(not q.is_active for q in qualifications):
        raise ServiceError(
            _("Choose qualifications from the list in use."), field="qualifications"
        )
    try:
        mask = availability_mask(slots)
    except (ValueError, TypeError):
        raise ServiceError(
            _("Choose days and times from the grid."), field="slots"
        ) from None
    if not mask:
        raise ServiceError(
            _("Choose at least one day and time of the work."), field="slots"
        )
    if start is None:
        raise ServiceError(_("Give the date the work starts."), field="start")
    if end is not None and end < start:
        raise ServiceError(
            _("The end date cannot be before the start date."), field="end"
        )
    if pay_min is not None and pay_max is not None and pay_max < pay_min:
        raise ServiceError(
            _("The upper end of the pay cannot be below the lower end."),
            field="pay_max",
        )
    if pay_unit not in PayUnit.values:
        raise ServiceError(_("Choose how the pay is counted."), field="pay_unit")
    return mask


def _check_requester(actor, organization):
    if organization is not None:
        if not actor.has_perm("support.request_talent_for_organization", organization):
            raise ServiceError(
                _("You may ask for people only for a W.Co you represent."),
                field="organization",
            )
    elif not actor.has_perm("support.request_talent_for_own_work"):
        raise ServiceError(_("Choose the W.Co you ask for."), field="organization")


def talent_request_create(*, actor, **fields) -> TalentRequest:
    """A request for people (the fields of ``REQUEST_FIELDS``)."""
    require(actor, "support.request_talent")
    organization = fields["organization"]
    _check_requester(actor, organization)
    mask = _check_request(**_checked(fields))
    person_id = roles_of(actor).person_id
    if person_id is None:
        raise ServiceError(_("Your account has no record in the registry."))
    with service_transaction():
        request = TalentRequest.objects.create(
            title=fields["title"].strip(),
            organization=organization,
            requested_by_id=person_id,
            description=(fields.get("description") or "").strip(),
            industry=fields.get("industry"),
            availability=mask,
            hours_per_week=fields.get("hours_per_week"),
            headcount=fields["headcount"],
            pay_min=fields.get("pay_min"),
            pay_max=fields.get("pay_max"),
            pay_unit=fields["pay_unit"],
            start=fields["start"],
            end=fields.get("end"),
            created_by=actor,
        )
        request.qualifications.set(fields["qualifications"])
        request.areas.set(fields["areas"])
        audit_record(actor=actor, action="talent_request.create", target=request)
    return request


def _checked(fields):
    return {
        name: fields.get(name)
        for name in (
            "title",
            "headcount",
            "areas",
            "slots",
            "start",
            "end",
            "pay_min",
            "pay_max",
            "pay_unit",
            "qualifications",
        )
    } | {
        "areas": fields.get("areas") or [],
        "qualifications": fields.get("qualifications") or [],
    }


def talent_request_edit(*, actor, request, **fields) -> TalentRequest:
    """Change an open request's conditions (its W.Co stays)."""
    require(actor, "support.edit_talent_request", request)
    mask = _check_request(**_checked(fields))
    with service_transaction():
        request = _lock_request(request)
        if request.state != TalentRequest.State.OPEN:
            raise ServiceError(_("Only an open request can be changed."))
        if fields["headcount"] < _accepted_count(request):
            raise ServiceError(
                _("More candidates have already agreed than this number."),
                field="headcount",
            )
        request.title = fields["title"].strip()
        request.description = (fields.get("description") or "").strip()
        request.industry = fields.get("industry")
        request.availability = mask
        for name in (
            "hours_per_week",
            "headcount",
            "pay_min",
            "pay_max",
            "pay_unit",
            "start",
            "end",
        ):
            setattr(request, name, fields.get(name))
        request.save()
        request.qualifications.set(fields["qualifications"])
        request.areas.set(fields["areas"])
        audit_record(actor=actor, action="talent_request.edit", target=request)
    return request


def talent_request_close(*, actor, request) -> TalentRequest:
    """Close a request: proposals still waiting for an answer are withdrawn."""
    require(actor, "support.edit_talent_request", request)
    with service_transaction():
        request = _lock_request(request)
        if request.state == TalentRequest.State.CLOSED:
            raise ServiceError(_("The request is already closed."))
        request.state = TalentRequest.State.CLOSED
        request.save(update_fields=["state", "updated_at"])
        request.proposals.filter(state=State.PROPOSED).update(state=State.WITHDRAWN)
        audit_record(actor=actor, action="talent_request.close", target=request)
    return request


# --- Proposals -----------------------------------------------------------------------------


def proposal_answer_token(proposal) -> str:
    return signing.dumps({"p": proposal.pk}, salt=PROPOSAL_TOKEN_SALT)


def proposal_from_token(token, *, pk=None):
    """The proposal a genuine, unexpired answer link names (and ``pk``), else None."""
    try:
        data = signing.loads(
            str(token or ""), salt=PROPOSAL_TOKEN_SALT, max_age=PROPOSAL_TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        return None
    if pk is not None and data["p"] != pk:
        return None
    return (
        TalentProposal.objects.select_related(
            "request__organization", "request__industry", "profile__person"
        )
        .filter(pk=data["p"])
        .first()
    )


def _requester_contacts(request):
    """Who hears about a request: the requester, and the W.Co's representatives."""
    people = {request.requested_by}
    if request.organization_id:
        representatives = (
            Affiliation.objects.current()
            .filter(
                organization_id=request.organization_id,
                position=Affiliation.Position.REPRESENTATIVE,
                confirmed=True,
            )
            .select_related("person")
        )
        people.update(a.person for a in representatives)
    return sorted(people, key=lambda p: p.pk)


def talent_propose(*, actor, request, profile, message="") -> TalentProposal:
    """Propose a candidate who passes the matching filter; they are emailed a link to
    agree or decline."""
    from ..selectors.matching import candidate_ids_for

    require(actor, "support.coordinate_talent")
    person_id = roles_of(actor).person_id
    if person_id is None:
        raise ServiceError(_("Your account has no record in the registry."))
    with service_transaction():
        request = _lock_request(request)
        if request.state != TalentRequest.State.OPEN:
            raise ServiceError(_("Candidates are proposed only for an open request."))
        if _accepted_count(request) >= request.headcount:
            raise ServiceError(
                _("The number of people asked for has already been reached.")
            )
        if request.proposals.filter(
            profile=profile,
            state__in=(State.PROPOSED, State.AGREED, State.MEETING, State.HIRED),
        ).exists():
            raise ServiceError(_("This person has already been proposed."))
        if profile.pk not in candidate_ids_for(request, only=[profile.pk]):
            raise ServiceError(_("This person does not meet the request's conditions."))
        proposal = TalentProposal.objects.create(
            request=request,
            profile=profile,
            proposed_by_id=person_id,
            message=(message or "").strip(),
        )
        audit_record(actor=actor, action="talent_proposal.propose", target=proposal)
        person = profile.person
        email_queue(
            key=f"talent-proposal:{proposal.pk}:proposed",
            template="talent_proposal_made",
            to=person.contact_email,
            language=person.language,
            context={
                "person": person,
                "request": request,
                "proposal": proposal,
                "answer_path": reverse(
                    "support:talent_proposal_answer", args=[proposal.pk]
                )
                + "?t="
                + proposal_answer_token(proposal),
            },
            secrets=["answer_path"],
        )
    return proposal


class PlacesFilled(ServiceError):
    """The candidate agreed after the request's places were taken."""


def talent_proposal_answer(*, actor, proposal, agree: bool, token=None):
    """The candidate agrees (their profile is shared with the requester) or declines.
    ``token``: the email's link, for a candidate who is not signed in."""
    by_link = (
        token is not None
        and getattr(proposal_from_token(token, pk=proposal.pk), "pk", None)
        == proposal.pk
    )
    if not by_link:
        require(actor, "support.answer_proposal", proposal)
    with service_transaction():
        request, proposal = _lock_proposal(proposal)
        if proposal.state != State.PROPOSED:
            raise ServiceError(_("This proposal has already been answered or closed."))
        if agree and (
            request.state != TalentRequest.State.OPEN
            or _accepted_count(request) >= request.headcount
        ):
            raise PlacesFilled(
                _(
                    "Thank you for your answer. We are sorry: the places have been filled in the meantime. We will let you know of other work."
                )
            )
        proposal.state = State.AGREED if agree else State.DECLINED
        proposal.answered_at = timezone.now()
        proposal.save(update_fields=["state", "answered_at"])
        audit_record(
            actor=actor if actor is not None and actor.is_authenticated else None,
            action="talent_proposal.agree" if agree else "talent_proposal.decline",
            target=proposal,
        )
        if agree:
            for person in _requester_contacts(request):
                email_queue(
                    key=f"talent-proposal:{proposal.pk}:shared:{person.pk}",
                    template="talent_profile_shared",
                    to=person.contact_email,
                    language=person.language,
                    context={
                        "person": person,
                        "request": request,
                        "proposal": proposal,
                    },
                )
    return proposal


def talent_proposal_meeting(*, actor, proposal, kind, on: datetime.date):
    """A trial day or an interview arranged between the requester and the candidate."""
    require(actor, "support.record_proposal_outcome", proposal)
    if kind not in TalentProposal.Meeting.values:
        raise ServiceError(_("Choose a trial or an interview."), field="kind")
    if on is None:
        raise ServiceError(_("Give the date."), field="on")
    with service_transaction():
        _request, proposal = _lock_proposal(proposal)
        if proposal.state not in (State.AGREED, State.MEETING):
            raise ServiceError(
                _("A trial or interview is arranged only after the candidate agreed.")
            )
        proposal.state = State.MEETING
        proposal.meeting_kind = kind
        proposal.meeting_on = on
        proposal.save(update_fields=["state", "meeting_kind", "meeting_on"])
        audit_record(actor=actor, action="talent_proposal.meeting", target=proposal)
    return proposal


def talent_proposal_outcome(*, actor, proposal, hired: bool, reason="", note=""):
    """採用, or 不成立 with a reason; the candidate is told. The request is filled
    when as many are hired as it asked for."""
    require(actor, "support.record_proposal_outcome", proposal)
    if not hired and reason not in TalentProposal.Reason.values:
        raise ServiceError(_("Choose why it did not work out."), field="reason")
    with service_transaction():
        request, proposal = _lock_proposal(proposal)
        if proposal.state not in (State.AGREED, State.MEETING):
            raise ServiceError(_("The outcome of this proposal is already recorded."))
        proposal.state = State.HIRED if hired else State.NOT_HIRED
        proposal.outcome_reason = "" if hired else reason
        proposal.outcome_note = (note or "").strip()[:500]
        proposal.outcome_at = timezone.now()
        proposal.save(
            update_fields=["state", "outcome_reason", "outcome_note", "outcome_at"]
        )
        if (
            hired
            and request.state == TalentRequest.State.OPEN
            and request.proposals.filter(state=State.HIRED).count() >= request.headcount
        ):
            request.state = TalentRequest.State.FILLED
            request.save(update_fields=["state", "updated_at"])
            request.proposals.filter(state=State.PROPOSED).update(state=State.WITHDRAWN)
        audit_record(
            actor=actor,
            action="talent_proposal.hired" if hired else "talent_proposal.not_hired",
            target=proposal,
            data={"reason": proposal.outcome_reason},
        )
        person = proposal.profile.person
        email_queue(
            key=f"talent-proposal:{proposal.pk}:outcome",
            template="talent_outcome",
            to=person.contact_email,
            language=person.language,
            context={"person": person, "request": request, "proposal": proposal},
        )
    return proposal


def talent_proposal_withdraw(*, actor, proposal):
    """A coordinator takes a proposal back (before its outcome)."""
    require(actor, "support.coordinate_talent")
    with service_transaction():
        _request, proposal = _lock_proposal(proposal)
        if proposal.state not in TalentProposal.OPEN_STATES:
            raise ServiceError(_("This proposal can no longer be withdrawn."))
        proposal.state = State.WITHDRAWN
        proposal.save(update_fields=["state"])
        audit_record(actor=actor, action="talent_proposal.withdraw", target=proposal)
    return proposal


def talent_sheet_logged(*, actor, proposal):
    """A 紹介シート downloaded: logged as an export of personal data (the export
    log, as every export; a download is a read, not an entry in the history)."""
    require(actor, "support.view_proposal_profile", proposal)
    with service_transaction():
        ExportLog.objects.create(
            actor=actor,
            what=(_("Introduction sheet") + f": {proposal.profile}")[:120],
            filters=f"proposal={proposal.pk}",
            row_count=1,
            file_format="pdf",
        )
