"""Initiatives made through the service, as the network section records them."""

from members.models import Municipality, Organization
from network import services_initiatives as services
from tests.factories import OrganizationFactory
from tests.network.helpers import person_of


def initiative(demo, *, by="network", **data):
    values = {
        "name": "子育てひろば準備会",
        "form": "wco",
        "municipality": Municipality.objects.order_by("pk").first(),
        "lead": person_of(demo, "network"),
        "founders": [],
        "founder_texts": [("山田花子", "090-1234-5678")],
        "next_step": "設立総会の日程を決める",
        "next_step_due": None,
        **data,
    }
    return services.initiative_create(actor=demo[by], data=values)


def registered_wco(**kwargs):
    return OrganizationFactory(kind=Organization.Kind.WCO, **kwargs)
