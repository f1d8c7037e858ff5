"""The consultation desk's pages: query counts, panels, and a superuser account."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Desk, Person
from support import services
from support.models import Application, Consultation, ConsultationRecordRead
from tests.factories import AffiliationFactory, PersonFactory, UserFactory
from tests.support.factories import (
    ConsultationFactory,
    CourseFactory,
    SlotFactory,
    advisor,
    staff_user,
)

pytestmark = pytest.mark.django_db


def _count(client, url):
    client.get(url)
    cache.clear()  # count the page as rendered, not its cached fragments
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_desk_lists_keep_a_constant_query_count(client):
    """The intake queue, an advisor's cases and slots, the statistics and the
    requester's page cost the same for 2 rows or 20."""
    counsellor = advisor(Desk.GENERAL)
    requester = PersonFactory(with_account=True)

    def add_cases(count):
        for _ in range(count):
            case = ConsultationFactory(
                requester=requester, advisor=counsellor, status="assigned"
            )
            slot = SlotFactory(advisor=counsellor)
            services.appointment_book(
                actor=requester.account, consultation=case, slot=slot
            )
            ConsultationFactory()

    add_cases(2)
    staff = staff_user()
    pages = [
        (staff, reverse("support:consultation_queue")),
        (staff, reverse("support:consultation_stats")),
        (counsellor.account, reverse("support:assigned_cases")),
        (counsellor.account, reverse("support:slot_list")),
        (requester.account, reverse("members:mypage")),
    ]
    before = []
    for user, url in pages:
        client.force_login(user)
        before.append(_count(client, url))
    add_cases(10)
    after = []
    for user, url in pages:
        client.force_login(user)
        after.append(_count(client, url))
    assert after == before


def test_wco_page_lists_the_courses_its_people_took(client):
    course = CourseFactory(title="受講済みの講座")
    rep = PersonFactory(with_account=True)
    wco = AffiliationFactory(person=rep, representative=True).organization
    colleague = AffiliationFactory(organization=wco).person
    Application.objects.create(course=course, person=colleague, status="confirmed")
    url = reverse("members:organization_detail", args=[wco.pk])
    client.force_login(rep.account)
    body = client.get(url).content.decode()
    assert "受講済みの講座" in body and colleague.full_name in body
    member = PersonFactory(with_account=True)
    AffiliationFactory(person=member, organization=wco)
    client.force_login(member.account)
    assert "受講済みの講座" not in client.get(url).content.decode()
    # The panel's cost does not grow with the people and courses.
    client.force_login(rep.account)
    few = _count(client, url)
    for other in CourseFactory.create_batch(5):
        person = AffiliationFactory(organization=wco).person
        Application.objects.create(course=other, person=person, status="confirmed")
    assert _count(client, url) == few


def test_wco_page_courses_follow_its_peoples_applications_not_everyones(client):
    """An application of one of the W.Co's people shows on its page at once (also
    one made after the page was kept); someone else's application elsewhere leaves
    the kept page, and its courses panel, as they were, without rendering them."""
    from wco_sse.core import fragments

    rep = PersonFactory(with_account=True)
    wco = AffiliationFactory(person=rep, representative=True).organization
    colleague = AffiliationFactory(organization=wco).person
    stranger = AffiliationFactory().person
    elsewhere, taken = CourseFactory(), CourseFactory(title="はじめての協同労働")
    url = reverse("members:organization_detail", args=[wco.pk])
    client.force_login(rep.account)
    client.get(url)
    assert "はじめての協同労働" not in client.get(url).content.decode()

    Application.objects.create(course=elsewhere, person=stranger, status="confirmed")
    with override_settings(WCO_FRAGMENT_STATS=True):
        fragments._stats.clear()
        client.get(url)
        assert fragments.hit_counts()["page:members:organization_detail"] == {
            "hit": 1,
            "miss": 0,
        }

    Application.objects.create(course=taken, person=colleague, status="confirmed")
    assert "はじめての協同労働" in client.get(url).content.decode()


@pytest.mark.parametrize("with_person", [False, True])
def test_a_superuser_account_reaches_no_consultation(client, with_person):
    """The portal's rules alone decide (DESIGN): a superuser account opens no case,
    no record, and leaves no read behind."""
    counsellor = advisor(Desk.GENERAL)
    case = ConsultationFactory(advisor=counsellor, status=Consultation.Status.ASSIGNED)
    services.consultation_record_add(
        actor=counsellor.account, consultation=case, body="非公開の記録"
    )
    superuser = UserFactory(is_superuser=True, is_staff=True)
    if with_person:
        PersonFactory(account=superuser)
    client.force_login(superuser)
    for name in (
        "consultation_detail",
        "consultation_records",
        "consultation_assign",
        "consultation_book",
        "consultation_refer",
        "consultation_close",
    ):
        response = client.get(reverse(f"support:{name}", args=[case.pk]))
        assert response.status_code == 404, name
    for name in ("consultation_queue", "consultation_stats", "assigned_cases"):
        assert client.get(reverse(f"support:{name}")).status_code == 403, name
    disclosure = reverse("support:consultation_disclosure", args=[case.requester_id])
    assert client.get(disclosure).status_code == 404
    assert not ConsultationRecordRead.objects.exists()


def test_a_refused_intake_records_no_new_person(client):
    """A phone request for someone new, naming a W.Co they are not in, is refused,
    and the new person is not left in the registry without their request."""
    wco = AffiliationFactory().organization
    client.force_login(staff_user())
    people = Person.objects.count()
    response = client.post(
        reverse("support:consultation_intake"),
        {
            "family_name": "窓口",
            "phone": "045-000-2222",
            "channel": "phone",
            "desk": "general",
            "topic": "startup",
            "description": "起業の相談",
            "organization": wco.pk,
            "consent_method": "verbal",
            "consent": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "organization": [f"窓口さんは{wco.name}に所属していません。"]
    }
    assert Person.objects.count() == people
    assert not Consultation.objects.exists()
