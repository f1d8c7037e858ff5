"""Contacts made through the service, as the network section records them."""

import datetime

from django.utils import timezone

from members.models import LegalForm
from network import services
from tests.factories import OrganizationFactory


def person_of(demo, role):
    return demo.ctx.accounts[f"{role}@example.org"]


def partner(**kwargs):
    return OrganizationFactory(partner=True, **kwargs)


def contact(demo, *, organization=None, by="network", due_in=None, owner=None, **data):
    """A contact recorded by ``by``; with a follow-up owned by ``owner`` (a demo role
    or a Person), due in ``due_in`` days (negative: overdue), when ``due_in`` is given."""
    organization = organization or partner(legal_form=LegalForm.CONSUMER_COOPERATIVE)
    values = {
        "date": timezone.localdate() - datetime.timedelta(days=20),
        "channel": "meeting",
        "topic": "まちづくり会議の進め方",
        "summary": "次回の日程と議題を相談した。",
        "their_people": "生活クラブ 理事 佐藤",
        "our_people": [person_of(demo, "network")],
        **data,
    }
    if due_in is not None:
        owner = owner or "network"
        values.update(
            follow_up=data.get("follow_up", "議事録案を送る"),
            follow_up_owner=person_of(demo, owner) if isinstance(owner, str) else owner,
            follow_up_due=timezone.localdate() + datetime.timedelta(days=due_in),
        )
    return services.contact_create(
        actor=demo[by], organization=organization, data=values
    )
