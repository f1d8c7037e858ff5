"""Two changes of the same W.Co's delegate at once (PostgreSQL): the body's row lock
makes the second wait, find the seat changed, and say so; one seat stays open."""

import pytest

from secretariat import services
from secretariat.models import BodyMember
from tests.factories import AffiliationFactory, PersonFactory
from tests.secretariat import helpers as h
from tests.secretariat.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("repeat", range(3))
def test_two_delegate_changes_at_once_end_with_one_seat(demo, repeat):
    seat = h.seat(demo)
    home = demo.ctx.data["home_wco"]
    other = PersonFactory(family_name="二人目", given_name="太郎")
    AffiliationFactory(person=other, organization=home, confirmed=True)
    people = (demo["member"].person, other)
    outcomes = race(
        [
            lambda person=person: services.body_delegate_change(
                actor=demo["rep"], seat=seat, person=person
            )
            for person in people
        ]
    )
    assert sorted(outcomes, key=lambda o: o != "ok")[0] == "ok"
    refused = [o for o in outcomes if o != "ok"]
    assert refused == [
        f"{home}の派遣委員は先ほど変更されました。現在の派遣委員はこのページに表示されています。"
    ]
    open_seats = BodyMember.objects.filter(
        body=seat.body, organization=home, end__isnull=True
    )
    assert open_seats.count() == 1
    assert open_seats.get().person in people
