"""Meetings: what the secretariat may still change, and the deadlines that follow
from the body's rules."""

import datetime

import pytest

from secretariat import services
from secretariat.models import Meeting
from tests.secretariat import helpers as h
from wco_sse.core.errors import ServiceError

pytestmark = pytest.mark.django_db


def test_an_emptied_submission_deadline_follows_the_body_again(demo):
    """The board's rule: 14 days before the meeting, at 17:00."""
    meeting = h.meeting(demo, days=20)
    later = h.at(40)
    meeting = services.meeting_update(
        actor=demo["staff"], meeting=meeting, starts_at=later, submission_deadline=None
    )
    assert meeting.submission_deadline == h.at(26, hour=17)
    assert services.default_submission_deadline(h.board(), later) == h.at(26, hour=17)


def test_the_date_and_place_of_a_held_meeting_stay(demo):
    meeting = h.held_meeting(demo)
    # (The helper moved the meeting to today: its deadline moves back with it.)
    Meeting.objects.filter(pk=meeting.pk).update(submission_deadline=h.at(-14))
    with pytest.raises(ServiceError) as error:
        services.meeting_update(
            actor=demo["staff"], meeting=meeting, place="別の会議室"
        )
    assert error.value.message == "「開催済」の会議の日時・場所は変更できません。"
    # What the minutes need can still be set.
    meeting = services.meeting_update(
        actor=demo["staff"], meeting=meeting, minutes_wareki=False
    )
    assert Meeting.objects.get(pk=meeting.pk).minutes_wareki is False


def test_a_postponed_meeting_keeps_all_but_its_times(demo):
    chair = h.directors()[0]
    meeting = h.meeting(demo, chair=chair, ends_at=h.at(20, hour=16))
    Meeting.objects.filter(pk=meeting.pk).update(packet_wareki=False)
    new = services.meeting_postpone(
        actor=demo["staff"],
        meeting=Meeting.objects.get(pk=meeting.pk),
        starts_at=h.at(27),
        reason="台風",
    )
    assert (new.title, new.place, new.chair, new.packet_wareki, new.ends_at) == (
        "第5回理事会",
        "W.Co SSE 会議室",
        chair,
        False,
        None,
    )
    assert new.submission_deadline == h.at(27 - 14, hour=17)
    assert new.starts_at - meeting.starts_at == datetime.timedelta(days=7)
