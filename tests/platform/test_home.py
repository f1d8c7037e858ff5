"""The home page as each role meets it: what waits for the secretariat, with counts
and links; a director's next meeting with its items to read and the written
resolutions awaiting their answer; a representative's W.Co page in the navigation,
the applications made for their people on my page, and the colleague picker marking
who has applied. Cached, in a fixed number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Affiliation, Organization
from support import services as support_services
from support.models import Application, Consultation
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory
from tests.secretariat import helpers as h
from tests.support.factories import ConsultationFactory, CourseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test's rows roll back, the cached fragments would stay: start empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def waiting_counts(html):
    """{key: count} of the "waiting for you" lines on the page."""
    found = re.findall(
        r'data-waiting="([\w-]+)".*?data-count="(\d+)"', html, flags=re.S
    )
    return {key: int(count) for key, count in found}


def waiting_link(html, key):
    line = html.split(f'data-waiting="{key}"', 1)[1]
    return re.search(r'href="([^"]+)"', line).group(1).replace("&amp;", "&")


def fill_course(course, confirmed):
    for _n in range(confirmed):
        Application.objects.create(
            course=course,
            person=PersonFactory(),
            status=Application.Status.CONFIRMED,
        )


def test_the_secretariat_sees_what_waits_for_it_with_counts_and_links(client, demo):
    organization = OrganizationFactory(name="ワーカーズ・コレクティブ 確認待ち")
    AffiliationFactory(organization=organization, confirmed=False)
    h.item(demo, status="accepted", title="受理済みの議案")
    ConsultationFactory()
    near = CourseFactory(capacity=10, title="定員間近の講座")
    fill_course(near, 8)
    roomy = CourseFactory(capacity=10, title="余裕のある講座")
    fill_course(roomy, 2)

    client.force_login(demo["staff"])
    html = client.get("/").content.decode()
    counts = waiting_counts(html)
    assert set(counts) == {
        "members-affiliations",
        "secretariat-accepted-items",
        "support-unassigned-consultations",
        "support-courses-near-capacity",
        "members-unpaid-dues",
    }
    assert counts["members-affiliations"] == (
        Affiliation.objects.current().filter(confirmed=False).count()
    )
    assert counts["support-unassigned-consultations"] == (
        Consultation.objects.filter(status="new").count()
    )
    assert counts["members-affiliations"] >= 1
    assert counts["secretariat-accepted-items"] >= 1
    assert counts["support-unassigned-consultations"] >= 1
    assert counts["support-courses-near-capacity"] >= 1

    # Each line leads to the page that lists what it counts.
    page = client.get(waiting_link(html, "members-affiliations")).content.decode()
    assert "ワーカーズ・コレクティブ 確認待ち" in page
    page = client.get(waiting_link(html, "secretariat-accepted-items")).content.decode()
    assert "受理済みの議案" in page
    page = client.get(
        waiting_link(html, "support-courses-near-capacity")
    ).content.decode()
    assert "定員間近の講座" in page
    assert "余裕のある講座" not in page
    response = client.get(waiting_link(html, "support-unassigned-consultations"))
    assert response.status_code == 200
    assert client.get(waiting_link(html, "members-unpaid-dues")).status_code == 200


def test_a_new_request_shows_at_once_on_the_secretariat_home(client, demo):
    client.force_login(demo["staff"])
    before = waiting_counts(client.get("/").content.decode())
    ConsultationFactory()
    after = waiting_counts(client.get("/").content.decode())
    assert (
        after["support-unassigned-consultations"]
        == before["support-unassigned-consultations"] + 1
    )


def test_the_secretariat_home_costs_the_same_for_few_or_many_rows(client, demo):
    client.force_login(demo["staff"])
    client.get("/")
    ConsultationFactory()  # every line's cache is stale the first time
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    limit = len(few)
    for _n in range(5):
        ConsultationFactory()
        AffiliationFactory(confirmed=False)
        fill_course(CourseFactory(capacity=2), 2)
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) <= limit
    # Served from the cache while nothing changes.
    with CaptureQueriesContext(connection) as cached:
        client.get("/")
    assert len(cached) < limit


@pytest.mark.parametrize("role", ["member", "citizen", "board"])
def test_others_see_no_secretariat_to_do_list(client, demo, role):
    client.force_login(demo[role])
    html = client.get("/").content.decode()
    assert "data-waiting" not in html


def test_a_director_sees_the_next_meeting_with_its_items_to_read(client, demo):
    later = h.meeting(demo, days=40, title="第9回理事会")
    soon = h.meeting(demo, days=10, title="第8回理事会")
    h.item(demo, status="placed", meeting=soon, title="事業計画の変更について")
    h.item(demo, status="placed", meeting=later, title="別の会議の議案")
    h.item(demo, status="accepted", title="まだ上程されていない議案")

    client.force_login(demo["board"])
    html = client.get("/").content.decode()
    tile = html.split('data-tile="secretariat-next-meeting"', 1)[1].split(
        "</section>", 1
    )[0]
    # The first meeting still to come (the demo's own, if one comes sooner).
    from secretariat.home import next_meeting_for

    expected = next_meeting_for(demo["board"])
    assert expected.title in tile
    assert reverse("secretariat:meeting_detail", args=[expected.pk]) in tile
    if expected == soon:
        assert "事業計画の変更について" in tile
        assert "別の会議の議案" not in tile
    assert "まだ上程されていない議案" not in tile


def test_a_director_sees_the_written_resolutions_awaiting_their_consent(client, demo):
    from secretariat import services

    resolution = services.written_resolution_propose(
        actor=demo["board"], title="事務所賃貸借契約の更新", text="同条件で更新する。"
    )
    services.written_resolution_circulate(
        actor=demo["staff"],
        resolution=resolution,
        deadline=timezone.now() + datetime.timedelta(days=7),
    )
    client.force_login(demo["board"])
    html = client.get("/").content.decode()
    assert 'data-tile="secretariat-written"' in html
    assert reverse("secretariat:written_detail", args=[resolution.pk]) in html
    assert "事務所賃貸借契約の更新" in html
    # Who is not asked sees nothing of it.
    client.force_login(demo["member"])
    assert "事務所賃貸借契約の更新" not in client.get("/").content.decode()


def represented(demo):
    from members.roles import roles_of

    (org_id,) = roles_of(demo["rep"]).represented_org_ids
    return Organization.objects.get(pk=org_id)


def test_a_representative_reaches_their_w_co_page_from_the_navigation(client, demo):
    organization = represented(demo)
    client.force_login(demo["rep"])
    html = client.get(reverse("members:mypage")).content.decode()
    nav = html.split('id="main-nav"', 1)[1].split("</ul>", 1)[0]
    url = reverse("members:organization_detail", args=[organization.pk])
    assert f'href="{url}"' in nav
    assert "自団体のページ" in nav
    page = client.get(url)
    assert page.status_code == 200
    nav = page.content.decode().split('id="main-nav"', 1)[1].split("</ul>", 1)[0]
    assert 'aria-current="page">自団体のページ' in nav
    # A member who represents nobody has no such entry.
    client.force_login(demo["member"])
    html = client.get(reverse("members:mypage")).content.decode()
    assert "自団体のページ" not in html


def colleague(organization):
    person = PersonFactory(family_name="同僚", given_name="花子")
    AffiliationFactory(person=person, organization=organization)
    return person


def test_my_page_lists_the_applications_a_representative_made_for_their_people(
    client, demo
):
    organization = represented(demo)
    person = colleague(organization)
    course = CourseFactory(title="W.Co会計入門")
    support_services.application_create(
        actor=demo["rep"],
        course=course,
        person=person,
        channel=Application.Channel.REPRESENTATIVE,
        organization=organization,
    )
    client.force_login(demo["rep"])
    html = client.get(reverse("members:mypage")).content.decode()
    panel = html.split('id="panel-courses-for-our-people"', 1)[1].split(
        "</section>", 1
    )[0]
    assert "W.Co会計入門" in panel
    assert "同僚 花子" in panel
    # Not on a plain member's page.
    client.force_login(demo["member"])
    html = client.get(reverse("members:mypage")).content.decode()
    assert "panel-courses-for-our-people" not in html


def test_the_colleague_picker_marks_who_has_applied(client, demo):
    organization = represented(demo)
    applied = colleague(organization)
    other = PersonFactory(family_name="未申込", given_name="次郎")
    AffiliationFactory(person=other, organization=organization)
    course = CourseFactory(title="W.Co会計入門")
    support_services.application_create(
        actor=demo["rep"],
        course=course,
        person=applied,
        channel=Application.Channel.REPRESENTATIVE,
        organization=organization,
    )
    client.force_login(demo["rep"])
    url = reverse("support:course_apply_representative", args=[course.pk])
    html = client.get(url).content.decode()
    options = dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', html))
    assert options[str(applied.pk)].endswith("— 申込済み")
    assert "申込済み" not in options[str(other.pk)]
    # Choosing them again says so at the field; nothing is saved.
    response = client.post(
        url, {"person": applied.pk, "note": "", "privacy_consent": "on"}
    )
    assert response.status_code == 200
    assert (
        "同僚 花子さんはこの講座にすでに申し込んでいます。" in response.content.decode()
    )
    assert Application.objects.filter(course=course, person=applied).count() == 1


def test_the_registry_list_filters_keep_every_choice_shown(client, demo):
    """The list's filter form is cached per choice: a filter (the one the home page
    links to, or any added later) shows its own choice, not a cached neighbour's."""
    from members.filters import OrganizationFilter

    client.force_login(demo["staff"])
    url = reverse("members:organization_list")
    client.get(url)  # the form with nothing chosen, now cached
    for name, flt in OrganizationFilter.base_filters.items():
        choices = [c for c in getattr(flt.field, "choices", []) if c[0]]
        if name == "q" or not choices:
            continue
        value = str(choices[0][0])
        html = client.get(url, {name: value}).content.decode()
        select = re.search(rf'<select name="{name}".*?</select>', html, flags=re.S)
        assert select, name
        assert re.search(
            rf'<option value="{re.escape(value)}"[^>]*selected', select.group(0)
        ), name
