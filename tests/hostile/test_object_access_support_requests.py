"""ID guessing on the support section's requests records (issue 15). ``tests/hostile/
test_object_access.py`` takes these lists into its own (OWNED, NOT_OWNED, OWNER_SIDE)."""

from tests.support import cases_requests as cases


def _pk(made, record_id):
    return {"pk": record_id}


def _request(demo):
    return {"id": cases.rep_request(demo, None)["pk"]}


def _proposed(demo):
    return {"id": cases.proposal_to_member(demo, None)["pk"]}


def _agreed(demo):
    return {"id": cases.agreed_proposal(demo, None)["pk"]}


def owned():
    from tests.hostile.test_object_access import Owned

    return (
        Owned(
            "talent request (a W.Co's)",
            _request,
            {
                "support:talent_request_detail": _pk,
                "support:talent_request_edit": _pk,
                "support:talent_request_close": _pk,
            },
            ("member", "network", "board", "citizen", "stranger"),
        ),
        Owned(
            "talent request (proposing)",
            _request,
            {"support:talent_propose": _pk},
            ("rep", "member", "network", "citizen", "stranger"),
        ),
        Owned(
            "talent proposal (to the candidate)",
            _proposed,
            {
                "support:talent_proposal_detail": _pk,
                "support:talent_proposal_answer": _pk,
            },
            ("network", "board", "citizen", "stranger"),
        ),
        Owned(
            "talent proposal (profile shared)",
            _agreed,
            {
                "support:talent_proposal_sheet": _pk,
                "support:talent_proposal_meeting": _pk,
                "support:talent_proposal_outcome": _pk,
            },
            ("member", "network", "board", "citizen", "stranger"),
        ),
        Owned(
            "talent proposal (withdrawing)",
            _proposed,
            {"support:talent_proposal_withdraw": _pk},
            ("rep", "member", "network", "citizen", "stranger"),
        ),
    )


OWNER_SIDE = {
    "talent request (a W.Co's)": "rep",
    "talent request (proposing)": "support",
    "talent proposal (to the candidate)": "member",
    "talent proposal (profile shared)": "rep",
    "talent proposal (withdrawing)": "support",
}

NOT_OWNED = {}
