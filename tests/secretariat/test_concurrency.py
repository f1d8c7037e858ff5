"""Two people acting on the same item at once leave it in one consistent state
(PostgreSQL row locks; each thread has its own connection)."""

import threading

import pytest
from django.db import connection

from secretariat import services
from secretariat.models import AgendaItem, AgendaTransition
from tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory
from tests.secretariat import helpers as h
from wco_sse.core.errors import ServiceError

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[index] = "ok"
        except ServiceError as error:
            outcomes[index] = error.message
        except Exception as error:  # pragma: no cover - shown in the assertion
            outcomes[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def second_council_member():
    user = UserFactory()
    person = PersonFactory(account=user)
    RoleAssignmentFactory(person=person, role="council_member")
    return user


@pytest.mark.parametrize("repeat", range(3))
def test_accept_and_return_at_once(demo, repeat):
    item = h.item(demo, status="submitted")
    other = second_council_member()
    outcomes = race(
        [
            lambda: services.agenda_item_transition(
                actor=demo["council"], item=item, action="accept"
            ),
            lambda: services.agenda_item_transition(
                actor=other, item=item, action="return", reason="資料不足"
            ),
        ]
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    item.refresh_from_db()
    winner = "accept" if outcomes[0] == "ok" else "return"
    assert item.status == {"accept": "accepted", "return": "returned"}[winner]
    # Exactly one transition out of 提出済, and it matches the state.
    moves = AgendaTransition.objects.filter(item=item, from_status="submitted")
    assert [m.to_status for m in moves] == [item.status]


def test_two_council_members_accepting_at_once(demo):
    item = h.item(demo, status="submitted")
    other = second_council_member()
    outcomes = race(
        [
            lambda user=user: services.agenda_item_transition(
                actor=user, item=item, action="accept"
            )
            for user in (demo["council"], other)
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert AgendaTransition.objects.filter(item=item, to_status="accepted").count() == 1


def test_two_consents_completing_a_resolution_at_once(demo):
    """The last two consents arriving together adopt it once, with one decision."""
    import datetime

    from django.utils import timezone

    from secretariat.models import WrittenResponse

    resolution = services.written_resolution_propose(
        actor=demo["board"], title="賃貸借契約の更新", text="更新する。"
    )
    services.written_resolution_circulate(
        actor=demo["staff"],
        resolution=resolution,
        deadline=timezone.now() + datetime.timedelta(days=3),
    )
    responses = list(resolution.responses.filter(capacity="director"))
    for response in responses[:-2]:
        services.written_response_answer(
            actor=demo["staff"],
            response=response,
            answer="consent",
            via=WrittenResponse.Via.PAPER,
        )
    outcomes = race(
        [
            lambda r=r: services.written_response_answer(
                actor=demo["staff"],
                response=r,
                answer="consent",
                via=WrittenResponse.Via.PAPER,
            )
            for r in responses[-2:]
        ]
    )
    assert outcomes == ["ok", "ok"]
    resolution.refresh_from_db()
    assert resolution.status == "adopted"
    assert resolution.decisions.count() == 1
    assert AgendaItem.objects.get(pk=resolution.item_id).status == "approved"
