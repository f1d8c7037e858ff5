"""The councils' demo data (issue 13): both councils with their members, a year of
meetings and action items in every state; a second run adds nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from network import demo_councils
from secretariat.models import (
    ActionItem,
    Body,
    BodyDocument,
    BodyMember,
    Meeting,
    Minutes,
)
from wco_sse.core.transactions import composing

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Body.objects.count(),
        BodyMember.objects.count(),
        Meeting.objects.count(),
        ActionItem.objects.count(),
    )


def test_the_councils_demo_is_complete_and_idempotent(demo, client):
    with composing():
        demo_councils.seed(demo.ctx)
        after_first = _counts()
        demo_councils.seed(demo.ctx)  # a second run adds nothing
    assert _counts() == after_first
    liaison = Body.objects.get(category=Body.Category.LIAISON, section="network")
    community = Body.objects.get(category=Body.Category.COMMUNITY, section="network")
    home = demo.ctx.data["home_wco"]
    rep = demo["rep"].person
    seat = BodyMember.objects.get(body=liaison, organization=home, end__isnull=True)
    assert seat.person == rep
    people = BodyMember.objects.filter(body=community, end__isnull=True)
    assert people.filter(
        person__affiliations__organization__name__contains="生活クラブ"
    ).exists()
    today = timezone.localdate()
    for body in (liaison, community):
        held = Meeting.objects.filter(body=body, starts_at__date__lt=today)
        assert held.count() >= 3
        assert Minutes.objects.filter(meeting__in=held).count() == held.count()
        assert Meeting.objects.filter(body=body, starts_at__date__gt=today).exists()
    items = ActionItem.objects.filter(meeting__body__in=(liaison, community))
    assert set(items.values_list("state", flat=True)) == {"open", "done", "dropped"}
    assert items.filter(state="open", due_on__lt=today).exists()
    # "My action items" on rep@'s page shows theirs.
    mine = items.filter(owner=rep, state="open").first()
    client.force_login(demo["rep"])
    assert mine.text in client.get(reverse("members:mypage")).content.decode()
    # The まちづくり会議's vision: one document in two versions, PDF files that open.
    document = BodyDocument.objects.get(body=community)
    assert document.title == demo_councils.VISION
    versions = list(document.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert document.current == versions[-1]
    for version in versions:
        with version.file.file.open("rb") as stored:
            assert stored.read(5) == b"%PDF-"
