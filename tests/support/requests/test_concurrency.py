"""The headcount under real concurrency, on PostgreSQL: candidates agreeing at once.

Each thread has its own connection and transaction; they start together behind a
barrier. The count of accepted proposals is slowed, so every thread reads it while
the others are between their read and their write: only the request row's lock
keeps the headcount.
"""

import time

import pytest

from support.models import TalentProposal, TalentRequest
from support.services import talent_requests as services
from tests.support import talent_factories as tf
from tests.support.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CANDIDATES = 5


def _slow_count(monkeypatch):
    count = services._accepted_count

    def slowly(request):
        found = count(request)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(services, "_accepted_count", slowly)


def _agree_all_at_once():
    request = tf.talent_request(headcount=1)
    proposals = [
        tf.proposal(request, tf.talent_profile(qualifications=("調理師",)))
        for _ in range(CANDIDATES)
    ]

    def agree(proposal):
        return lambda: services.talent_proposal_answer(
            actor=None,
            proposal=proposal,
            agree=True,
            token=services.proposal_answer_token(proposal),
        )

    _results, errors = run_together([agree(p) for p in proposals])
    states = list(
        TalentProposal.objects.filter(request=request).values_list("state", flat=True)
    )
    return states, errors


def test_candidates_agreeing_at_once_fill_one_place_once(monkeypatch):
    """Five candidates agree at the same moment for one place: exactly one is
    AGREED, the four others are told kindly the places are filled."""
    _slow_count(monkeypatch)
    states, errors = _agree_all_at_once()
    assert states.count(TalentProposal.State.AGREED) == 1
    assert states.count(TalentProposal.State.PROPOSED) == CANDIDATES - 1
    refused = [e for e in errors if e is not None]
    assert len(refused) == CANDIDATES - 1
    assert all(isinstance(e, services.PlacesFilled) for e in refused)


def test_without_the_request_lock_the_place_is_given_twice(monkeypatch):
    """The same rush with the request row read but not locked: more than one agrees,
    which is why the service locks it."""
    _slow_count(monkeypatch)
    monkeypatch.setattr(
        services,
        "_lock_request",
        lambda request: TalentRequest.objects.get(pk=request.pk),
    )
    states, _errors = _agree_all_at_once()
    assert states.count(TalentProposal.State.AGREED) > 1
