"""Top-level services run in durable transactions: two of them inside one transaction
of a caller's fail loudly, rather than commit half of what was meant. The demo seed
composes them knowingly (``core.transactions.composing``)."""

import pytest
from django.db import transaction

from secretariat import services
from secretariat.models import Notice
from tests.secretariat import helpers as h
from wco_sse.core.transactions import composing

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_top_level_service_refuses_to_nest_in_a_callers_transaction(demo):
    meeting = h.meeting(demo)
    calls = [
        lambda: services.notice_save(
            actor=demo["staff"], title="お知らせ", text="本文", audience="staff"
        ),
        lambda: services.meeting_convene(actor=demo["staff"], meeting=meeting),
        lambda: services.agenda_item_create(
            actor=demo["support"], source="support", kind="report", title="報告"
        ),
        lambda: services.body_create(actor=demo["staff"], name="業種別会議"),
    ]
    for call in calls:
        with (
            pytest.raises(RuntimeError, match="durable atomic block"),
            transaction.atomic(),
        ):
            call()
    assert not Notice.objects.exists()
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"


def test_the_demo_composes_services_in_one_transaction(demo):
    with transaction.atomic(), composing():
        notice = services.notice_save(
            actor=demo["staff"], title="お知らせ", text="本文", audience="staff"
        )
        services.notice_publish(actor=demo["staff"], notice=notice)
    assert Notice.objects.get().status == Notice.Status.PUBLISHED
