"""The recorders' reminder: an opening day without a session by the next morning
is mailed to the site's current recorders, once."""

import datetime

import pytest
from django.utils import timezone

from business.models import WEEKDAY_BITS
from business.services.sites import session_reminders_send
from business.tasks_sites import session_reminders
from wco_sse.core.models import OutboundEmail

from .helpers import person, recorded_pantry, session

pytestmark = pytest.mark.django_db


def _yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


def _reminders():
    return OutboundEmail.objects.filter(template="business/sites/session_reminder")


def test_an_opening_day_without_a_session_reminds_the_recorders_once(demo):
    day = _yesterday()
    site = recorded_pantry(demo, opening_days=WEEKDAY_BITS[day.weekday()])
    assert session_reminders_send() == 1
    email = _reminders().get()
    member = person(demo, "member")
    assert email.to == member.contact_email
    assert site.name in email.subject
    assert f"/business/sites/{site.pk}/sessions/new/?date={day.isoformat()}" in (
        email.body_text
    )
    assert "開催回が記録されていません" in email.body_text
    # Run again (the beat ran twice): nothing more.
    assert session_reminders() == 0
    assert _reminders().count() == 1


def test_no_reminder_when_the_session_is_there_or_the_site_was_not_due(demo):
    day = _yesterday()
    recorded = recorded_pantry(
        demo, name="記録済み", opening_days=WEEKDAY_BITS[day.weekday()]
    )
    session(recorded, days_ago=1)
    recorded_pantry(
        demo, name="休み", opening_days=sum(WEEKDAY_BITS) - WEEKDAY_BITS[day.weekday()]
    )
    recorded_pantry(
        demo, name="閉所", opening_days=WEEKDAY_BITS[day.weekday()], active=False
    )
    assert session_reminders_send(day=day) == 0
    assert not _reminders().exists()
