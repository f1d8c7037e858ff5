"""A visitor or a citizen opening a members-only course sees that it is for members,
with a way to sign in, rather than a page that says it does not exist. Only its
existence and title are shown, and only once it is published."""

import pytest
from django.urls import reverse

from tests.factories import PersonFactory
from tests.support.factories import CourseFactory

pytestmark = pytest.mark.django_db


def _members_course(**kwargs):
    return CourseFactory(
        audience="members",
        title="労協法人化の実務講座",
        description="定款づくりの演習資料",
        instructor="講師 太郎",
        **kwargs,
    )


def test_a_visitor_is_told_the_course_is_for_members_and_can_sign_in(client):
    course = _members_course()
    page = client.get(reverse("support:course_detail", args=[course.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert course.title in html
    assert "会員限定" in html
    path = reverse("support:course_detail", args=[course.pk])
    login = reverse("account_login") + "?next=" + path
    assert login in html
    # The details stay with the members.
    assert course.description not in html
    assert course.instructor not in html


def test_a_citizen_is_shown_how_to_join_their_wco(client):
    course = _members_course()
    citizen = PersonFactory(with_account=True)
    client.force_login(citizen.account)
    page = client.get(reverse("support:course_detail", args=[course.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "会員限定" in html
    assert reverse("members:affiliation_request") in html
    assert course.description not in html


def test_a_draft_or_missing_course_is_still_not_found(client):
    draft = _members_course(status="draft")
    assert (
        client.get(reverse("support:course_detail", args=[draft.pk])).status_code == 404
    )
    assert (
        client.get(reverse("support:course_detail", args=[999999])).status_code == 404
    )


def test_applying_for_a_members_only_course_stays_closed_to_visitors(client):
    course = _members_course()
    page = client.get(reverse("support:course_ical", args=[course.pk]))
    assert page.status_code == 404
