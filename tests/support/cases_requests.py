# ruff: noqa: F403, F405
"""The permission matrix rows of the support section's requests part (issue 15).

Anyone with a registry record sees the list of requests (their own and their W.Cos';
coordinators every one). A W.Co's representative asks for people for their W.Co, a
section member or the secretariat for the organization's own work. Coordinators (the
support section and the secretariat) see every request, its matching candidates,
propose and withdraw. The candidate sees and answers their proposal; the request
side sees a proposal, and from the candidate's agreement on the profile and the
紹介シート, and records the trial or interview and the outcome. Everyone else, and
the request side before the agreement, gets 404.
"""

from support.models import TalentProfile, TalentProposal
from tests.permission_vocabulary import *
from tests.support import talent_factories as tf

COORDINATORS = SECRETARIAT | frozenset({"support"})
ASKERS = COORDINATORS | frozenset({"rep", "board"})


def _member_profile(demo):
    member = demo.ctx.accounts["member@example.org"]
    return TalentProfile.objects.filter(person=member).first() or tf.talent_profile(
        member, qualifications=("調理師",)
    )


def _rep_request(demo):
    return tf.talent_request(
        demo.ctx.accounts["rep@example.org"],
        organization=demo.ctx.data["home_wco"],
    )


def rep_request(demo, who):
    """A request by rep@ for the home W.Co."""
    return {"pk": _rep_request(demo).pk}


def _proposal(demo, state):
    return tf.proposal(
        _rep_request(demo),
        _member_profile(demo),
        proposed_by=demo.ctx.accounts["support@example.org"],
        state=state,
    )


def proposal_to_member(demo, who):
    """member@ proposed for rep@'s request, not answered yet."""
    return {"pk": _proposal(demo, TalentProposal.State.PROPOSED).pk}


def agreed_proposal(demo, who):
    """member@ agreed: rep@ sees the profile."""
    return {"pk": _proposal(demo, TalentProposal.State.AGREED).pk}


CASES = (
    Case(
        "support:talent_request_list",
        get=signed_in(PAGE),
        post=signed_in(NOT_ALLOWED),
    ),
    Case(
        "support:talent_request_create",
        get=allow(ASKERS),
        post=allow(ASKERS, FORM_ERRORS),
    ),
    Case(
        "support:talent_request_detail",
        kwargs=rep_request,
        get=reach(COORDINATORS | REP),
        post=reach(COORDINATORS | REP, NOT_ALLOWED),
    ),
    Case(
        "support:talent_request_edit",
        kwargs=rep_request,
        get=reach(COORDINATORS | REP),
        post=reach(COORDINATORS | REP, FORM_ERRORS),
    ),
    Case(
        "support:talent_request_close",
        kwargs=rep_request,
        get=reach(COORDINATORS | REP, NOT_ALLOWED),
        post=reach(COORDINATORS | REP, DONE),
    ),
    # An empty proposal names nobody: the request's page again with the message.
    Case(
        "support:talent_propose",
        kwargs=rep_request,
        get=reach(COORDINATORS, NOT_ALLOWED),
        post=reach(COORDINATORS, DONE),
    ),
    Case(
        "support:talent_proposal_detail",
        kwargs=proposal_to_member,
        get=reach(COORDINATORS | REP | MEMBER),
        post=reach(COORDINATORS | REP | MEMBER, NOT_ALLOWED),
    ),
    # The candidate alone answers (signed in; the email's link is tested apart).
    Case(
        "support:talent_proposal_answer",
        kwargs=proposal_to_member,
        get=reach(MEMBER),
        post=reach(MEMBER),
    ),
    # Before the candidate agreed, the request side finds no profile.
    Case(
        "support:talent_proposal_sheet",
        kwargs=proposal_to_member,
        get=reach(COORDINATORS),
        post=reach(COORDINATORS, NOT_ALLOWED),
    ),
    Case(
        "support:talent_proposal_sheet",
        kwargs=agreed_proposal,
        get=reach(COORDINATORS | REP),
        post=reach(COORDINATORS | REP, NOT_ALLOWED),
    ),
    Case(
        "support:talent_proposal_meeting",
        kwargs=proposal_to_member,
        get=reach(COORDINATORS),
        post=reach(COORDINATORS, FORM_ERRORS),
    ),
    Case(
        "support:talent_proposal_meeting",
        kwargs=agreed_proposal,
        get=reach(COORDINATORS | REP),
        post=reach(COORDINATORS | REP, FORM_ERRORS),
    ),
    Case(
        "support:talent_proposal_outcome",
        kwargs=agreed_proposal,
        get=reach(COORDINATORS | REP),
        post=reach(COORDINATORS | REP, FORM_ERRORS),
    ),
    Case(
        "support:talent_proposal_withdraw",
        kwargs=proposal_to_member,
        get=reach(COORDINATORS, NOT_ALLOWED),
        post=reach(COORDINATORS, DONE),
    ),
)
