"""理事会の決議の省略: adopted on the last consent, lapsed by an objection (a director's or
an auditor's) or by the deadline; answered from the emailed link or in the portal."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from secretariat import services
from secretariat.models import AgendaItem, Minutes, WrittenResolution, WrittenResponse
from tests.secretariat import helpers as h
from wco_sse.core.errors import PermissionDenied, ServiceError
from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.django_db
R = WrittenResolution.Status


def propose(demo, **extra):
    return services.written_resolution_propose(
        actor=demo["board"],
        title="事務所賃貸借契約の更新",
        text="同条件で2年間更新する。",
        **extra,
    )


def circulate(demo, resolution, days=7):
    return services.written_resolution_circulate(
        actor=demo["staff"],
        resolution=resolution,
        deadline=timezone.now() + datetime.timedelta(days=days),
    )


def answer(demo, resolution, person, value):
    response = resolution.responses.get(person=person)
    return services.written_response_answer(
        actor=demo["staff"],
        response=response,
        answer=value,
        via=WrittenResponse.Via.PAPER,
    )


def test_a_director_proposes_and_every_consent_adopts_it_on_the_last_date(demo):
    resolution = propose(demo)
    assert resolution.proposer == demo["board"].person
    circulate(demo, resolution)
    directors = h.directors()
    assert resolution.responses.filter(capacity="director").count() == len(directors)
    assert resolution.responses.filter(capacity="auditor").count() == len(h.auditors())
    for person in directors:
        answer(demo, resolution, person, "consent")
    resolution.refresh_from_db()
    assert resolution.status == R.ADOPTED
    last = (
        resolution.responses.filter(capacity="director")
        .order_by("-answered_at")
        .first()
    )
    assert resolution.adopted_on == timezone.localtime(last.answered_at).date()
    decision = resolution.decisions.get()
    assert decision.outcome == AgendaItem.Status.APPROVED and decision.meeting is None
    assert resolution.item.status == "approved"
    # Its minutes exist, and the consents are kept with it.
    minutes = Minutes.objects.get(written_resolution=resolution)
    services.minutes_finalize(actor=demo["staff"], minutes=minutes)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CONFIRMED
    assert resolution.responses.filter(answer="consent").count() == len(directors)


def test_one_objection_lapses_it_at_once(demo):
    resolution = propose(demo)
    circulate(demo, resolution)
    directors = h.directors()
    answer(demo, resolution, directors[0], "consent")
    answer(demo, resolution, directors[1], "object")
    resolution.refresh_from_db()
    assert resolution.status == R.LAPSED
    assert resolution.lapse_reason == WrittenResolution.LapseReason.OBJECTION
    assert resolution.item.status == "accepted"  # it can still go to a meeting
    with pytest.raises(
        ServiceError, match=r"^この提案は「不成立」のため、回答を受け付けていません。$"
    ):
        answer(demo, resolution, directors[2], "consent")
    assert not resolution.decisions.exists()


def test_an_auditors_objection_lapses_it(demo):
    resolution = propose(demo)
    circulate(demo, resolution)
    auditor = h.auditors()[0]
    with pytest.raises(ServiceError) as error:
        answer(demo, resolution, auditor, "consent")  # auditors only object
    assert error.value.field == "answer"
    answer(demo, resolution, auditor, "object")
    resolution.refresh_from_db()
    assert resolution.status == R.LAPSED
    assert resolution.lapse_reason == WrittenResolution.LapseReason.AUDITOR_OBJECTION


def test_a_missing_consent_at_the_deadline_lapses_it(demo):
    resolution = propose(demo)
    circulate(demo, resolution)
    for person in h.directors()[:-1]:
        answer(demo, resolution, person, "consent")
    assert services.written_resolutions_expire() == 0  # not yet
    later = timezone.now() + datetime.timedelta(days=8)
    assert services.written_resolutions_expire(now=later) == 1
    assert services.written_resolutions_expire(now=later) == 0  # idempotent
    resolution.refresh_from_db()
    assert resolution.status == R.LAPSED
    assert resolution.lapse_reason == WrittenResolution.LapseReason.DEADLINE
    assert resolution.item.status == "accepted"


def test_the_beat_task_lapses_expired_resolutions(demo):
    from secretariat.tasks import written_resolutions_expire

    resolution = propose(demo)
    circulate(demo, resolution)
    WrittenResolution.objects.filter(pk=resolution.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    written_resolutions_expire.delay()
    resolution.refresh_from_db()
    assert resolution.status == R.LAPSED


def test_an_answer_after_the_deadline_is_refused_and_lapses_it(demo):
    resolution = propose(demo)
    circulate(demo, resolution)
    WrittenResolution.objects.filter(pk=resolution.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ServiceError, match=r"^回答期限を過ぎています。$"):
        answer(demo, resolution, h.directors()[0], "consent")
    resolution.refresh_from_db()
    assert resolution.status == R.LAPSED
    assert resolution.lapse_reason == WrittenResolution.LapseReason.DEADLINE


def test_a_special_interest_director_is_not_asked(demo):
    item = h.item(demo, status="accepted", section="secretariat")
    interested = h.directors()[2]
    services.special_interest_declare(actor=demo["staff"], item=item, person=interested)
    resolution = services.written_resolution_propose(
        actor=demo["staff"], proposer=h.directors()[0], item=item
    )
    circulate(demo, resolution)
    assert not resolution.responses.filter(person=interested).exists()
    for person in h.directors():
        if person != interested:
            answer(demo, resolution, person, "consent")
    resolution.refresh_from_db()
    assert resolution.status == R.ADOPTED
    assert list(resolution.decisions.get().excluded.all()) == [interested]


def test_only_directors_propose_and_only_where_the_articles_allow(demo):
    with pytest.raises(PermissionDenied, match=r"^この操作を行う権限がありません。$"):
        services.written_resolution_propose(actor=demo["auditor"], title="x", text="y")
    board = h.board()
    board.allows_written_resolution = False
    board.save()
    with pytest.raises(
        ServiceError, match=r"^定款で理事会の決議の省略が認められていません。$"
    ):
        propose(demo)
    assert not WrittenResolution.objects.exists()


def test_consent_from_the_link_in_the_email(
    demo, client, django_capture_on_commit_callbacks
):
    resolution = propose(demo)
    with django_capture_on_commit_callbacks(execute=True):
        circulate(demo, resolution)
    # One email per person with an address (the demo's officers without accounts have none).
    board_mail = [m for m in mail.outbox if m.to == [demo["board"].email]]
    assert len(board_mail) == 1
    link = re.search(r"http\S+/secretariat/consent/(\S+)/", board_mail[0].body)
    assert link
    url = reverse("secretariat:written_answer_link", args=[link.group(1)])
    page = client.get(url)  # no sign-in needed: the token is the key
    assert page.status_code == 200
    assert "事務所賃貸借契約の更新" in page.content.decode()
    response = client.post(url, {"answer": "consent"})
    assert response.status_code == 302
    mine = resolution.responses.get(person=demo["board"].person)
    assert mine.answer == "consent" and mine.via == WrittenResponse.Via.LINK
    # A second answer from the same link is refused.
    client.post(url, {"answer": "object"})
    mine.refresh_from_db()
    assert mine.answer == "consent"
    assert (
        client.get(
            reverse("secretariat:written_answer_link", args=["nope"])
        ).status_code
        == 404
    )
    # Circulating again sends nothing twice.
    before = OutboundEmail.objects.count()
    with pytest.raises(
        ServiceError, match=r"^この提案は「同意確認中」のため、送付できません。$"
    ):
        circulate(demo, resolution)
    assert OutboundEmail.objects.count() == before


def test_a_signed_in_director_answers_in_the_portal(demo, client):
    resolution = propose(demo)
    circulate(demo, resolution)
    client.force_login(demo["board"])
    response = client.post(
        reverse("secretariat:written_answer", args=[resolution.pk]),
        {"answer": "object"},
    )
    assert response.status_code == 302
    resolution.refresh_from_db()
    assert resolution.status == R.LAPSED
    # Someone not asked can't answer for another.
    with pytest.raises(
        PermissionDenied, match=r"^回答できるのは依頼された本人のみです。$"
    ):
        services.written_response_answer(
            actor=demo["staff"],
            response=resolution.responses.first(),
            answer="consent",
            via=WrittenResponse.Via.PORTAL,
        )


def test_only_the_secretariat_puts_an_existing_item_to_the_directors(demo):
    item = h.item(demo, status="accepted", section="secretariat")
    with pytest.raises(PermissionDenied, match=r"^既存の議案は事務局が提案します。$"):
        services.written_resolution_propose(actor=demo["board"], item=item)
    assert not WrittenResolution.objects.exists()
