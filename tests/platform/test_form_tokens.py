"""Kept pages hold a placeholder where a form token goes, and every answer gets a
token of its own session (core.csrf): a page kept before its viewer came back in a
new session serves at once, and its forms are accepted."""

import re

import pytest
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from support.models import Application
from tests.factories import AffiliationFactory, PersonFactory
from tests.support.factories import CourseFactory
from wco_sse.core.csrf import placeholder

pytestmark = pytest.mark.django_db

FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def _member_client():
    person = PersonFactory(with_account=True)
    AffiliationFactory(person=person)
    client = Client(enforce_csrf_checks=True)
    client.force_login(person.account)
    return client, person


def _new_session_secret(client):
    """What a browser coming back in a new session sends: another CSRF secret."""
    client.cookies["csrftoken"] = get_random_string(CSRF_SECRET_LENGTH)


def test_a_page_kept_in_an_earlier_session_serves_with_a_token_that_works():
    course = CourseFactory(capacity=5, title="はじめての協同労働")
    url = reverse("support:course_detail", args=[course.pk])
    client, person = _member_client()
    client.get(url)  # the first answer sets the CSRF cookie the next ones send
    client.get(url)  # kept

    _new_session_secret(client)
    kept = client.get(url)
    assert "support/course_detail.html" not in [t.name for t in kept.templates]
    html = kept.content.decode()
    assert placeholder() not in html
    token = FORM_TOKEN.search(html).group(1)

    answer = client.post(
        reverse("support:course_apply", args=[course.pk]),
        {"privacy_consent": "on", "csrfmiddlewaretoken": token},
    )
    assert answer.status_code == 302
    assert Application.objects.filter(course=course, person=person).exists()


def test_a_token_of_another_session_is_still_refused():
    course = CourseFactory(capacity=5)
    url = reverse("support:course_detail", args=[course.pk])
    client, person = _member_client()
    client.get(url)
    token = FORM_TOKEN.search(client.get(url).content.decode()).group(1)
    _new_session_secret(client)
    answer = client.post(
        reverse("support:course_apply", args=[course.pk]),
        {"privacy_consent": "on", "csrfmiddlewaretoken": token},
    )
    assert answer.status_code == 403
    assert not Application.objects.filter(course=course, person=person).exists()


def test_the_placeholder_never_reaches_a_browser(client, demo):
    home = demo.ctx.data["home_wco"]
    client.force_login(demo["staff"])
    for url in (
        reverse("members:organization_detail", args=[home.pk]),
        reverse("members:mypage"),
        reverse("support:course_list"),
    ):
        for _ in range(3):  # rendered, then kept
            response = client.get(url)
            assert response.status_code == 200
            assert placeholder() not in response.content.decode()
    # The refusal of an unknown host is answered before the middleware that puts
    # the tokens in: it renders Django's own token.
    refused = client.get(reverse("members:mypage"), HTTP_HOST="elsewhere.example")
    assert refused.status_code == 400
    assert placeholder() not in refused.content.decode()
