"""Sites for the sites part's tests: the demo's member records a pantry run by the
home W.Co (as the demo makes it), and sessions, conditions and recorders on it."""

import datetime

from django.utils import timezone

from business.models import FundingCondition, Session, Site, SiteRecorder
from tests.business import factories as f
from tests.factories import PersonFactory


def person(demo, role):
    return demo.ctx.accounts[f"{role}@example.org"]


def recorded_pantry(demo, *, recorder="member", **fields):
    """A pantry run by the demo's home W.Co that ``recorder`` records (from 30 days
    ago, open-ended)."""
    fields.setdefault("name", "フードパントリー テスト")
    fields.setdefault("kind", Site.Kind.PANTRY)
    fields.setdefault("operator", demo.ctx.data["home_wco"])
    site = f.site(**fields)
    if recorder:
        f.recorder(site, person(demo, recorder))
    return site


def other_site(demo, **fields):
    """A café run by another W.Co, recorded by someone outside the demo's roles."""
    fields.setdefault("name", "カフェ よそ")
    fields.setdefault("kind", Site.Kind.CAFE)
    fields.setdefault("operator", demo.ctx.data["wcos"][4])
    site = f.site(**fields)
    f.recorder(site, PersonFactory())
    return site


def session(site, *, days_ago=1, type_name="パントリー", **fields):
    return f.session(
        site,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        type_name=type_name,
        **fields,
    )


def condition(site, **fields):
    fields.setdefault("funder_name", "横浜市 子ども食堂助成")
    return FundingCondition.objects.create(site=site, **fields)


def recorder_of(site, someone=None, **fields):
    return SiteRecorder.objects.create(
        site=site,
        person=someone or PersonFactory(),
        start=fields.pop("start", timezone.localdate() - datetime.timedelta(days=10)),
        **fields,
    )


def session_values(**overrides):
    """A valid POST of the session form (yesterday, パントリー)."""
    from business.models import SessionType

    values = {
        "date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "starts": "14:00",
        "ends": "16:00",
        "type": SessionType.objects.get(name="パントリー").pk,
        "adults": "23",
        "children": "6",
        "households": "20",
        "meals": "0",
        "food_packages": "20",
        "volunteers": "4",
        "volunteer_hours": "8",
        "staff": "1",
        "note": "雨のため少なめ",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def sessions_of(site):
    return Session.objects.filter(site=site)
