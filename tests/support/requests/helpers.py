"""Shared makers for the requests part's tests."""

import datetime

from django.utils import timezone

from support.services import talent_requests as services
from tests.support import talent_factories as tf


def person_of(demo, role):
    return demo.ctx.accounts[f"{role}@example.org"]


def rep_request(demo, **fields):
    """A request by rep@ for the home W.Co (as the model stores it)."""
    return tf.talent_request(
        person_of(demo, "rep"), organization=demo.ctx.data["home_wco"], **fields
    )


def member_profile(demo, **fields):
    """member@'s profile: a 調理師 in 港北区, free on weekday mornings."""
    fields.setdefault("qualifications", ("調理師",))
    return tf.talent_profile(person_of(demo, "member"), **fields)


def request_fields(demo, **changes):
    """What the create service takes, for rep@'s W.Co."""
    fields = {
        "title": "配食の調理スタッフ",
        "organization": demo.ctx.data["home_wco"],
        "description": "昼食の調理",
        "industry": None,
        "qualifications": [tf.qualification("調理師")],
        "areas": [tf.municipality("港北区")],
        "slots": ["0-0", "1-0"],
        "hours_per_week": 10,
        "headcount": 1,
        "pay_min": 1100,
        "pay_max": 1300,
        "pay_unit": "hour",
        "start": timezone.localdate() + datetime.timedelta(days=14),
        "end": None,
    }
    fields.update(changes)
    return fields


def propose(demo, request, profile):
    return services.talent_propose(
        actor=demo["support"], request=request, profile=profile
    )
