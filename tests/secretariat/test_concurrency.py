"""Two people acting on the same item at once leave it in one consistent state
(PostgreSQL row locks; each thread has its own connection)."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from secretariat import services
from secretariat.models import AgendaItem, AgendaTransition, Meeting, Minutes
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


def waiting_for_a_lock():
    """How many connections to this test database wait for a lock now (the activity
    view is read afresh: inside a transaction it would stay as first read)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def wait_for(count, timeout=10):
    deadline = time.monotonic() + timeout
    while waiting_for_a_lock() < count:
        assert time.monotonic() < deadline, f"{count} waiting transactions expected"
        time.sleep(0.02)


def start(outcomes, name, call):
    def run():
        try:
            call()
            outcomes[name] = "ok"
        except ServiceError as error:
            outcomes[name] = error.message
        except Exception as error:  # a deadlock: shown in the assertion
            outcomes[name] = repr(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_the_last_signature_and_sending_again_for_signature_do_not_deadlock(demo):
    """Two secretaries on the same minutes: one records the last signature (which
    closes the meeting), the other sends the minutes for signature again from a stale
    page. Both queue behind a third transaction that holds the minutes; the signature
    goes through, the second sending is refused. Signing used to lock the minutes
    before the meeting, and deadlocked against a service locking the meeting first."""
    minutes = h.minutes_awaiting_signature(demo)
    signatory = minutes.signatories.get()
    outcomes = {}
    with transaction.atomic():
        Minutes.objects.select_for_update().get(pk=minutes.pk)
        signing = start(
            outcomes,
            "sign",
            lambda: services.minutes_sign(
                actor=demo["staff"],
                signatory=signatory,
                method="seal",
                signed_on=timezone.localdate(),
            ),
        )
        wait_for(1)
        sending = start(
            outcomes,
            "finalize",
            lambda: services.minutes_finalize(actor=demo["staff"], minutes=minutes),
        )
        wait_for(2)
    signing.join(timeout=30)
    sending.join(timeout=30)
    assert outcomes == {
        "sign": "ok",
        "finalize": gettext("These minutes have already been sent for signature."),
    }
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CONFIRMED
    assert Meeting.objects.get(pk=minutes.meeting_id).status == Meeting.Status.CLOSED


def test_owner_and_secretariat_marking_an_action_item_done_at_once(demo):
    """Both may mark it done: one does, the other is told it already is."""
    meeting = h.meeting(demo)
    item = services.action_item_create(
        actor=demo["staff"],
        meeting=meeting,
        text="会場候補を調べる",
        owner=demo["member"].person,
        due_on=meeting.day,
    )
    outcomes = race(
        [
            lambda: services.action_item_complete(
                actor=demo["member"], item=item, note="済"
            ),
            lambda: services.action_item_complete(actor=demo["staff"], item=item),
        ]
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True], outcomes
    assert "すでに" in next(o for o in outcomes if o != "ok")
    item.refresh_from_db()
    winner = demo["member"] if outcomes[0] == "ok" else demo["staff"]
    assert item.state == "done" and item.closed_by == winner
