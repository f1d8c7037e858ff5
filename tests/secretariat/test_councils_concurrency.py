"""Two members of the network section seating the same 正会員 W.Co on the liaison
council at once end with one seat and a clear message (PostgreSQL row lock)."""

import pytest
from django.utils.translation import gettext

from secretariat import services
from secretariat.models import BodyMember
from tests.factories import AffiliationFactory, OrganizationFactory
from tests.secretariat import helpers as h
from tests.secretariat.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_seating_the_same_wco_at_once_end_with_one_seat(demo):
    body = h.network_body(demo)
    organization = OrganizationFactory()
    AffiliationFactory(organization=organization, representative=True)

    def seat(actor):
        return lambda: services.body_seat_regular_members(
            actor=actor, body=body, organizations=[organization]
        )

    outcomes = race([seat(demo["network"]), seat(demo["staff"])])
    assert sorted(outcomes) == sorted(
        ["ok", gettext("The chosen W.Cos already have seats; nothing was added.")]
    )
    assert (
        BodyMember.objects.filter(
            body=body, organization=organization, end__isnull=True
        ).count()
        == 1
    )
