"""A withdrawn application reads as withdrawn (取消), never as 中止, which reads as
"the course was called off"."""

import pytest
from django.urls import reverse

from support.models import Application
from tests.factories import AffiliationFactory, PersonFactory
from tests.support.factories import CourseFactory

pytestmark = pytest.mark.django_db


def test_a_cancelled_application_reads_as_withdrawn_on_the_members_pages(client):
    """The member who cancels sees 取消 on the application and on マイページ."""
    course = CourseFactory(capacity=5)
    person = PersonFactory(with_account=True)
    AffiliationFactory(person=person)
    client.force_login(person.account)
    client.post(
        reverse("support:course_apply", args=[course.pk]), {"privacy_consent": "on"}
    )
    application = Application.objects.get(person=person)
    client.post(
        reverse("support:application_cancel", args=[application.pk]), {"reason": ""}
    )

    detail = client.get(
        reverse("support:application_detail", args=[application.pk])
    ).content.decode()
    mypage = client.get(reverse("members:mypage")).content.decode()
    for page in (detail, mypage):
        assert "取消" in page
        assert "中止" not in page


def test_a_called_off_course_still_reads_as_called_off(client):
    """The course itself, when cancelled, is 中止: the two are told apart."""
    course = CourseFactory(capacity=5, status="cancelled")
    page = client.get(reverse("support:course_detail", args=[course.pk]))
    assert "中止" in page.content.decode()
