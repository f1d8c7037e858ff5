"""The requests part's services: asking, proposing, answering, the headcount, the
outcome, and what the requester sees when."""

import datetime

import pytest
from django.core import mail  # noqa: F401
from django.utils import timezone

from support.models import TalentProposal, TalentRequest
from support.services import talent_requests as services
from tests.support import talent_factories as tf
from wco_sse.core.errors import ServiceError
from wco_sse.core.models import ExportLog, OutboundEmail

from .helpers import member_profile, person_of, propose, rep_request, request_fields

pytestmark = pytest.mark.django_db
State = TalentProposal.State


def test_a_representative_asks_for_people_for_their_wco(demo):
    request = services.talent_request_create(actor=demo["rep"], **request_fields(demo))
    assert request.organization == demo.ctx.data["home_wco"]
    assert request.requested_by == person_of(demo, "rep")
    assert request.availability_codes == ["0-0", "1-0"]
    assert [q.name for q in request.qualifications.all()] == ["調理師"]


def test_a_representative_cannot_ask_for_the_organizations_own_work(demo):
    with pytest.raises(ServiceError) as refused:
        services.talent_request_create(
            actor=demo["rep"], **request_fields(demo, organization=None)
        )
    assert refused.value.field == "organization"


def test_a_section_member_asks_for_the_organizations_own_work(demo):
    request = services.talent_request_create(
        actor=demo["support"], **request_fields(demo, organization=None)
    )
    assert request.organization is None


def test_a_section_member_cannot_ask_for_someone_elses_wco(demo):
    with pytest.raises(ServiceError) as refused:
        services.talent_request_create(actor=demo["support"], **request_fields(demo))
    assert refused.value.field == "organization"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"headcount": 0}, "headcount"),
        ({"areas": []}, "areas"),
        ({"end": timezone.localdate()}, "end"),
        ({"pay_min": 1500, "pay_max": 1000}, "pay_max"),
        ({"slots": []}, "slots"),
        ({"slots": ["9-9"]}, "slots"),
    ],
)
def test_bad_requests_are_refused_at_their_field(demo, changes, field):
    with pytest.raises(ServiceError) as refused:
        services.talent_request_create(
            actor=demo["rep"], **request_fields(demo, **changes)
        )
    assert refused.value.field == field
    assert not TalentRequest.objects.exists()


def test_a_citizen_cannot_ask_for_people(demo):
    with pytest.raises(ServiceError):
        services.talent_request_create(actor=demo["citizen"], **request_fields(demo))


def test_proposing_emails_the_candidate_a_link_once(demo):
    request = rep_request(demo)
    profile = member_profile(demo)
    proposal = propose(demo, request, profile)
    assert proposal.state == State.PROPOSED
    email = OutboundEmail.objects.get(template="talent_proposal_made")
    assert email.to == person_of(demo, "member").contact_email
    # The outbox keeps the email without its link.
    assert "?t=" not in email.body_text
    with pytest.raises(ServiceError):
        propose(demo, request, profile)


def test_only_a_coordinator_proposes(demo):
    with pytest.raises(ServiceError):
        services.talent_propose(
            actor=demo["rep"], request=rep_request(demo), profile=member_profile(demo)
        )


def test_a_profile_that_does_not_match_is_not_proposed(demo):
    request = rep_request(demo, qualifications=("介護福祉士",))
    with pytest.raises(ServiceError):
        propose(demo, request, member_profile(demo))


def test_agreeing_shares_the_profile_and_tells_the_requester(demo):
    request = rep_request(demo)
    proposal = propose(demo, request, member_profile(demo))
    proposal = services.talent_proposal_answer(
        actor=demo["member"], proposal=proposal, agree=True
    )
    assert proposal.state == State.AGREED
    assert demo["rep"].has_perm("support.view_proposal_profile", proposal)
    shared = OutboundEmail.objects.filter(template="talent_profile_shared")
    assert person_of(demo, "rep").contact_email in {e.to for e in shared}


def test_the_email_link_answers_without_signing_in(demo):
    from django.contrib.auth.models import AnonymousUser

    proposal = propose(demo, rep_request(demo), member_profile(demo))
    token = services.proposal_answer_token(proposal)
    services.talent_proposal_answer(
        actor=AnonymousUser(), proposal=proposal, agree=False, token=token
    )
    proposal.refresh_from_db()
    assert proposal.state == State.DECLINED


def test_a_link_for_another_proposal_does_not_answer(demo):
    from django.contrib.auth.models import AnonymousUser

    request = rep_request(demo)
    first = propose(demo, request, member_profile(demo))
    second = propose(demo, request, tf.talent_profile(qualifications=("調理師",)))
    with pytest.raises(ServiceError):
        services.talent_proposal_answer(
            actor=AnonymousUser(),
            proposal=second,
            agree=True,
            token=services.proposal_answer_token(first),
        )


def test_someone_else_cannot_answer(demo):
    proposal = propose(demo, rep_request(demo), member_profile(demo))
    with pytest.raises(ServiceError):
        services.talent_proposal_answer(
            actor=demo["rep"], proposal=proposal, agree=True
        )


def test_before_the_agreement_the_requester_does_not_see_the_profile(demo):
    proposal = propose(demo, rep_request(demo), member_profile(demo))
    assert not demo["rep"].has_perm("support.view_proposal_profile", proposal)
    with pytest.raises(ServiceError):
        services.talent_sheet_logged(actor=demo["rep"], proposal=proposal)


def test_an_agreement_beyond_the_headcount_is_refused_kindly(demo):
    request = rep_request(demo, headcount=1)
    first = propose(demo, request, member_profile(demo))
    other = tf.talent_profile(qualifications=("調理師",))
    second = propose(demo, request, other)
    services.talent_proposal_answer(actor=demo["member"], proposal=first, agree=True)
    with pytest.raises(services.PlacesFilled) as refused:
        services.talent_proposal_answer(
            actor=None,
            proposal=second,
            agree=True,
            token=services.proposal_answer_token(second),
        )
    assert "filled" in refused.value.message
    second.refresh_from_db()
    assert second.state == State.PROPOSED


def test_proposing_is_refused_once_the_headcount_is_reached(demo):
    request = rep_request(demo, headcount=1)
    first = propose(demo, request, member_profile(demo))
    services.talent_proposal_answer(actor=demo["member"], proposal=first, agree=True)
    with pytest.raises(ServiceError):
        propose(demo, request, tf.talent_profile(qualifications=("調理師",)))


def test_hiring_as_many_as_asked_fills_the_request(demo):
    request = rep_request(demo, headcount=1)
    proposal = propose(demo, request, member_profile(demo))
    proposal = services.talent_proposal_answer(
        actor=demo["member"], proposal=proposal, agree=True
    )
    services.talent_proposal_meeting(
        actor=demo["rep"],
        proposal=proposal,
        kind="interview",
        on=timezone.localdate() + datetime.timedelta(days=3),
    )
    services.talent_proposal_outcome(actor=demo["rep"], proposal=proposal, hired=True)
    proposal.refresh_from_db()
    request.refresh_from_db()
    assert proposal.state == State.HIRED
    assert request.state == TalentRequest.State.FILLED
    assert OutboundEmail.objects.filter(template="talent_outcome").count() == 1


def test_not_concluded_needs_a_reason(demo):
    proposal = propose(demo, rep_request(demo), member_profile(demo))
    proposal = services.talent_proposal_answer(
        actor=demo["member"], proposal=proposal, agree=True
    )
    with pytest.raises(ServiceError) as refused:
        services.talent_proposal_outcome(
            actor=demo["rep"], proposal=proposal, hired=False, reason=""
        )
    assert refused.value.field == "reason"
    services.talent_proposal_outcome(
        actor=demo["rep"], proposal=proposal, hired=False, reason="requester"
    )
    proposal.refresh_from_db()
    assert proposal.state == State.NOT_HIRED


def test_the_requester_cannot_record_an_outcome_before_the_agreement(demo):
    proposal = propose(demo, rep_request(demo), member_profile(demo))
    with pytest.raises(ServiceError):
        services.talent_proposal_outcome(
            actor=demo["rep"], proposal=proposal, hired=True
        )


def test_a_coordinator_withdraws_a_proposal(demo):
    proposal = propose(demo, rep_request(demo), member_profile(demo))
    services.talent_proposal_withdraw(actor=demo["support"], proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.state == State.WITHDRAWN
    with pytest.raises(ServiceError):
        services.talent_proposal_withdraw(actor=demo["rep"], proposal=proposal)


def test_closing_withdraws_the_unanswered_proposals(demo):
    request = rep_request(demo)
    proposal = propose(demo, request, member_profile(demo))
    services.talent_request_close(actor=demo["rep"], request=request)
    proposal.refresh_from_db()
    assert proposal.state == State.WITHDRAWN


def test_the_sheet_download_is_logged_as_an_export(demo):
    proposal = propose(demo, rep_request(demo), member_profile(demo))
    proposal = services.talent_proposal_answer(
        actor=demo["member"], proposal=proposal, agree=True
    )
    services.talent_sheet_logged(actor=demo["rep"], proposal=proposal)
    log = ExportLog.objects.get()
    assert log.actor == demo["rep"]
    assert log.file_format == "pdf"
