"""The fragment cache's template tag and its hit counts (wco_sse.core.fragments)."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tests.factories import PersonFactory
from wco_sse.core import fragments

pytestmark = pytest.mark.django_db

TEMPLATE = Template(
    "{% load fragments %}{% fragment 'greeting' stamp %}{{ render }}{% endfragment %}"
)


class Counter:
    def __init__(self):
        self.calls = 0

    def __str__(self):
        self.calls += 1
        return f"rendered {self.calls}"


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_a_fragment_is_rendered_once_while_its_stamp_holds(settings):
    settings.WCO_FRAGMENT_STATS = True
    fragments._stats.clear()
    request = _request(PersonFactory(with_account=True).account)
    stamp = fragments.stamp(request, depends_on=("members",))
    body = Counter()
    first = TEMPLATE.render(Context({"stamp": stamp, "render": body}))
    again = TEMPLATE.render(Context({"stamp": stamp, "render": body}))
    assert first == again == "rendered 1"
    assert fragments.hit_counts() == {"greeting": {"hit": 1, "miss": 1}}


def test_a_change_of_what_it_shows_renders_it_again():
    request = _request(PersonFactory(with_account=True).account)
    body = Counter()
    stamp = fragments.stamp(request, depends_on=("members",))
    TEMPLATE.render(Context({"stamp": stamp, "render": body}))
    PersonFactory()  # a change of the registry
    stamp = fragments.stamp(request, depends_on=("members",))
    assert TEMPLATE.render(Context({"stamp": stamp, "render": body})) == "rendered 2"


def test_one_viewer_never_gets_anothers_fragment_unless_it_is_shared():
    one = _request(PersonFactory(with_account=True).account)
    other = _request(PersonFactory(with_account=True).account)
    own = [fragments.stamp(r, depends_on=("members",)) for r in (one, other)]
    shared = [
        fragments.stamp(r, depends_on=("members",), per_viewer=False)
        for r in (one, other)
    ]
    assert own[0] != own[1]
    assert shared[0] == shared[1]


def test_counts_are_kept_only_when_asked(settings):
    settings.WCO_FRAGMENT_STATS = False
    fragments._stats.clear()
    request = _request(PersonFactory(with_account=True).account)
    stamp = fragments.stamp(request, depends_on=("members",))
    TEMPLATE.render(Context({"stamp": stamp, "render": Counter()}))
    assert fragments.hit_counts() == {}
