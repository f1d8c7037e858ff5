"""Whole pages kept for their viewer (core.views.CachedPageMixin, issue 18): served
again without their queries, renewed by any change of what they show, never shown
to another viewer, never with someone's flash message in them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from business.services import programmes as services
from support import services as school
from tests.business.programmes.helpers import person, programme
from tests.factories import AffiliationFactory, PersonFactory
from tests.support.factories import CourseFactory

pytestmark = pytest.mark.django_db

# Each answer carries a form token of its own (core.csrf): pages are compared
# without them.
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]+')


def page(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    content = TOKEN.sub(r"\1…", response.content.decode())
    return content, len(queries.captured_queries)


def test_a_page_read_again_is_served_kept_and_renewed_by_a_change(client, demo):
    made = programme(demo)
    url = reverse("business:programme_detail", args=[made.pk])
    client.force_login(demo["business"])
    client.get(url)  # the form on the page sets the CSRF cookie
    first, first_queries = page(client, url)
    again, again_queries = page(client, url)
    assert again == first
    assert again_queries < first_queries
    services.programme_update(
        actor=demo["business"],
        programme=made,
        data={
            "kind": made.kind,
            "title": "相模原市 家計改善支援事業（令和9年度）",
            "purpose": made.purpose,
            "start": made.start,
            "end": made.end,
            "lead": person(demo, "business"),
        },
    )
    changed, _ = page(client, url)
    assert "相模原市 家計改善支援事業（令和9年度）" in changed


def test_one_viewer_never_gets_another_viewer_s_page(client, demo):
    made = programme(demo)
    url = reverse("business:programme_detail", args=[made.pk])
    client.force_login(demo["business"])
    client.get(url)
    runner, _ = page(client, url)
    edit = reverse("business:programme_edit", args=[made.pk])
    assert edit in runner
    client.force_login(demo["council"])
    client.get(url)
    reader, _ = page(client, url)
    assert edit not in reader


def test_a_flash_message_is_shown_once_and_never_kept(client, demo):
    made = programme(demo)
    url = reverse("business:programme_detail", args=[made.pk])
    client.force_login(demo["business"])
    client.get(url)
    page(client, url)  # kept
    answer = client.post(
        reverse("business:programme_draft_item", args=[made.pk]), follow=True
    )
    assert answer.status_code == 200
    shown = [str(m) for m in answer.context["messages"]]
    assert shown
    later, _ = page(client, url)
    assert not any(message in later for message in shown)


def test_the_catalogue_follows_the_courses_it_shows_and_not_the_others(client):
    def member():
        person = PersonFactory(with_account=True)
        AffiliationFactory(person=person)
        return person

    shown = CourseFactory(capacity=5, title="はじめての協同労働")
    viewer = member()
    url = reverse("support:course_list")
    client.force_login(viewer.account)
    client.get(reverse("support:course_detail", args=[shown.pk]))  # CSRF cookie
    before, first_queries = page(client, url)
    assert "はじめての協同労働" in before
    assert "残席 5" in before
    again, again_queries = page(client, url)
    assert again == before
    assert again_queries < first_queries
    # Someone applies for the course on the page: its seats change at once.
    other = member()
    school.application_create(actor=other.account, course=shown, person=other)
    after, _ = page(client, url)
    assert "残席 4" in after


def test_a_course_card_kept_for_one_member_serves_the_next_and_follows_its_seats(
    client,
):
    """The catalogue's cards show the course alone: one member's reading keeps them
    for the next member, whose page is rendered around the kept cards; an
    application changes its course's card at once for everyone."""
    from django.test import override_settings

    from wco_sse.core import fragments

    def member():
        person = PersonFactory(with_account=True)
        AffiliationFactory(person=person)
        return person

    shown = CourseFactory(capacity=5, title="はじめての協同労働")
    url = reverse("support:course_list")
    client.force_login(member().account)
    page(client, url)
    with override_settings(WCO_FRAGMENT_STATS=True):
        fragments._stats.clear()
        client.force_login(member().account)
        other, _ = page(client, url)
        assert fragments.hit_counts()["course-card"] == {"hit": 1, "miss": 0}
    assert "残席 5" in other
    applicant = member()
    school.application_create(actor=applicant.account, course=shown, person=applicant)
    client.force_login(member().account)
    assert "残席 4" in page(client, url)[0]


def test_a_course_s_application_list_follows_its_applications_and_the_registry(
    client, demo
):
    """The staff page of a course's applications is kept for its reader, and shows
    a new application, a renamed applicant and a change of the course's state at
    once; another course's applications leave it kept."""
    from support.models import Course

    def member(name):
        person = PersonFactory(with_account=True, family_name=name)
        AffiliationFactory(person=person)
        return person

    course = CourseFactory(capacity=5)
    first = member("青木")
    school.application_create(actor=first.account, course=course, person=first)
    elsewhere, other_course = member("別所"), CourseFactory()
    second = member("石川")
    url = reverse("support:course_manage", args=[course.pk])
    client.force_login(demo["staff"])
    client.get(url)  # CSRF cookie
    before, first_queries = page(client, url)
    assert "青木" in before
    again, again_queries = page(client, url)
    assert again == before
    assert again_queries < first_queries

    school.application_create(
        actor=elsewhere.account, course=other_course, person=elsewhere
    )
    _, kept_queries = page(client, url)
    assert kept_queries == again_queries

    school.application_create(actor=second.account, course=course, person=second)
    assert "石川" in page(client, url)[0]

    first.family_name = "青山"
    first.save()
    renamed, _ = page(client, url)
    assert "青山" in renamed and "青木" not in renamed

    school.course_set_status(
        actor=demo["staff"], course=course, status=Course.Status.CANCELLED
    )
    assert "中止" in page(client, url)[0]


def _period_report(demo):
    from tests.business.reports.helpers import report

    made = report(demo)
    url = reverse("business:report_detail", args=[made.pk])
    return url, "business", made.programme.title


def _fund_application(demo):
    from tests.network.fund_helpers import application, funded_round

    made = application(funded_round(budget=0), demo.ctx.data["home_wco"])
    url = reverse("network:fund_application", args=[made.pk])
    return url, "rep", made.round.title


@pytest.mark.parametrize("case", [_period_report, _fund_application])
def test_a_kept_page_checks_the_reach_on_its_row_alone(client, demo, case):
    """A report's page and a fund application's page, served kept, read their
    record's row for the reach check and nothing around it (seven and five joins
    cost more to plan than the kept page to serve); rendered, they show it."""
    url, who, shown = case(demo)
    client.force_login(demo[who])
    client.get(url)  # the first answer sets the CSRF cookie the next ones send
    fresh = client.get(url)
    assert fresh.templates
    assert shown in fresh.content.decode()
    with CaptureQueriesContext(connection) as queries:
        kept = client.get(url)
    assert not kept.templates
    assert TOKEN.sub("", kept.content.decode()) == TOKEN.sub("", fresh.content.decode())
    assert not any("JOIN" in query["sql"] for query in queries.captured_queries)
