"""The course page's application card: apply and cancel in place (htmx)."""

import pytest
from django.urls import reverse

from support.models import Application
from tests.factories import AffiliationFactory, PersonFactory
from tests.support.factories import CourseFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def member():
    person = PersonFactory(with_account=True)
    AffiliationFactory(person=person)
    return person


def test_course_page_offers_the_in_place_application_form(client):
    course = CourseFactory()
    client.force_login(member().account)
    body = client.get(reverse("support:course_detail", args=[course.pk])).content
    body = body.decode()
    apply_url = reverse("support:course_apply", args=[course.pk])
    assert f'hx-post="{apply_url}"' in body
    assert 'name="privacy_consent"' in body
    # The full form (with a message to the organizers) stays one link away.
    assert f'href="{apply_url}"' in body


def test_htmx_apply_answers_with_the_updated_card(client):
    """Applying from the card confirms the seat and answers with the card, the seats
    left and the message: no redirect."""
    course = CourseFactory(capacity=2)
    person = member()
    client.force_login(person.account)
    response = client.post(
        reverse("support:course_apply", args=[course.pk]),
        {"privacy_consent": "on"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    application = Application.objects.get(course=course, person=person)
    assert application.status == "confirmed"
    assert 'id="application-card"' in html
    assert f'data-application="{application.pk}"' in html
    assert "<html" not in html
    assert 'id="course-seats" hx-swap-oob="true"' in html
    assert 'id="messages" hx-swap-oob="true"' in html
    cancel_url = reverse("support:application_cancel", args=[application.pk])
    assert f'hx-post="{cancel_url}"' in html


def test_htmx_apply_without_consent_shows_the_error_in_the_card(client):
    course = CourseFactory()
    person = member()
    client.force_login(person.account)
    response = client.post(
        reverse("support:course_apply", args=[course.pk]), {}, **HTMX
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not Application.objects.filter(course=course).exists()


def test_htmx_apply_to_a_full_course_joins_the_waitlist(client):
    course = CourseFactory(capacity=1)
    Application.objects.create(course=course, person=member(), status="confirmed")
    person = member()
    client.force_login(person.account)
    response = client.post(
        reverse("support:course_apply", args=[course.pk]),
        {"privacy_consent": "on"},
        **HTMX,
    )
    application = Application.objects.get(course=course, person=person)
    assert (application.status, application.waitlist_position) == ("waitlisted", 1)
    assert response.status_code == 200


def test_htmx_cancel_answers_with_the_card_ready_to_apply_again(client):
    """Cancelling from the card frees the seat, promotes the waitlist and answers
    with the card offering to apply again."""
    course = CourseFactory(capacity=1)
    person = member()
    mine = Application.objects.create(course=course, person=person, status="confirmed")
    waiting = Application.objects.create(
        course=course, person=member(), status="waitlisted", waitlist_position=1
    )
    client.force_login(person.account)
    response = client.post(
        reverse("support:application_cancel", args=[mine.pk]), {}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == "cancelled"
    assert waiting.status == "confirmed"
    assert 'id="quick-apply"' in html
    assert 'id="messages" hx-swap-oob="true"' in html


def test_cancel_without_htmx_still_goes_to_the_application(client):
    course = CourseFactory()
    person = member()
    mine = Application.objects.create(course=course, person=person, status="confirmed")
    client.force_login(person.account)
    response = client.post(reverse("support:application_cancel", args=[mine.pk]), {})
    assert response.status_code == 302
    assert response["Location"] == reverse("support:application_detail", args=[mine.pk])


def test_another_members_application_cannot_be_cancelled_from_the_card(client):
    course = CourseFactory()
    theirs = Application.objects.create(
        course=course, person=member(), status="confirmed"
    )
    client.force_login(member().account)
    response = client.post(
        reverse("support:application_cancel", args=[theirs.pk]), {}, **HTMX
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "confirmed"


def _seats(html):
    start = html.index('id="course-seats"')
    return " ".join(html[start : html.index("</span>", start)].split())


def test_the_card_counts_the_seats_the_apply_and_the_cancel_left(
    client, django_assert_max_num_queries
):
    """The seats shown after applying and after cancelling are the course's as the
    service left them (counted under its lock), in a fixed number of queries."""
    course = CourseFactory(capacity=3)
    Application.objects.create(course=course, person=member(), status="confirmed")
    person = member()
    client.force_login(person.account)
    client.get(reverse("support:course_detail", args=[course.pk]))

    with django_assert_max_num_queries(13):
        response = client.post(
            reverse("support:course_apply", args=[course.pk]),
            {"privacy_consent": "on"},
            **HTMX,
        )
    assert "残席 1" in _seats(response.content.decode())
    mine = Application.objects.get(course=course, person=person)

    with django_assert_max_num_queries(9):
        response = client.post(
            reverse("support:application_cancel", args=[mine.pk]), {}, **HTMX
        )
    html = response.content.decode()
    assert "残席 2" in _seats(html)
    assert 'id="quick-apply"' in html


def test_a_cancel_that_promotes_the_waitlist_shows_the_course_full_again(client):
    course = CourseFactory(capacity=1)
    person = member()
    mine = Application.objects.create(course=course, person=person, status="confirmed")
    Application.objects.create(
        course=course, person=member(), status="waitlisted", waitlist_position=1
    )
    client.force_login(person.account)
    response = client.post(
        reverse("support:application_cancel", args=[mine.pk]), {}, **HTMX
    )
    assert "満席" in _seats(response.content.decode())
