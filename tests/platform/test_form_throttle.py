"""The other forms anyone signed in may send are throttled like the consultation
request (tests/support/test_consultation_limits.py): a course application (also
from the course page's card), a request to join a W.Co, a correction of one's own
profile. One too many is refused with the message where the form is, and nothing
is recorded."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from members.models import Affiliation
from members.views.affiliations import AffiliationRequestView
from members.views.people import MyProfileEditView
from support.models import Application
from support.views.courses.applications import CourseApplyView
from tests.factories import AffiliationFactory, PersonFactory
from tests.support.factories import CourseFactory
from wco_sse.core.throttle import Throttle, Throttled, throttle_hit

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
TOLD = "分後にもう一度お試しください"


@pytest.fixture
def one_each(monkeypatch):
    """Every throttled view allows one sending an hour per account."""
    for view in (CourseApplyView, AffiliationRequestView, MyProfileEditView):
        monkeypatch.setattr(
            view, "throttle", Throttle(view.throttle.name, 1, per_address=100)
        )


def test_views_name_their_throttles():
    assert CourseApplyView.throttle.per_account >= 10
    assert AffiliationRequestView.throttle.per_account >= 3
    assert MyProfileEditView.throttle.per_account >= 10


def test_course_applications_from_the_card_are_throttled(client, one_each):
    first, second = CourseFactory(), CourseFactory()
    person = PersonFactory(with_account=True)
    AffiliationFactory(person=person)
    client.force_login(person.account)
    for course, applied in ((first, True), (second, False)):
        response = client.post(
            reverse("support:course_apply", args=[course.pk]),
            {"privacy_consent": "on"},
            **HTMX,
        )
        assert response.status_code == 200
        assert (TOLD in response.content.decode()) is not applied
        assert Application.objects.filter(course=course).exists() is applied


def test_requests_to_join_a_wco_are_throttled(client, demo, one_each):
    citizen = demo["citizen"]
    client.force_login(citizen)
    url = reverse("members:affiliation_request")
    form = client.get(url).context["form"]
    first, second = list(form.fields["organization"].queryset[:2])
    assert client.post(url, {"organization": first.pk}).status_code == 302
    response = client.post(url, {"organization": second.pk})
    assert response.status_code == 200
    assert TOLD in response.content.decode()
    assert not Affiliation.objects.filter(
        person=citizen.person, organization=second
    ).exists()


def test_corrections_of_ones_own_profile_are_throttled(client, demo, one_each):
    person = demo["member"].person
    client.force_login(demo["member"])
    url = reverse("members:mypage_edit")
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.pop("municipality", None)
    assert client.post(url, {**data, "phone": "090-1111-2222"}).status_code == 302
    person.refresh_from_db()
    response = client.post(
        url, {**data, "phone": "090-3333-4444", "version": person.version}
    )
    assert response.status_code == 200
    assert TOLD in response.content.decode()
    person.refresh_from_db()
    assert person.phone == "090-1111-2222"


def test_a_sending_with_neither_account_nor_address_is_not_held_back():
    throttle = Throttle("anything", per_account=1, per_address=1)
    for _ in range(3):
        throttle_hit(throttle, account=AnonymousUser(), address="")


def test_behind_the_proxy_each_client_address_counts_alone(
    client, demo, monkeypatch, settings
):
    """Behind the TLS proxy every peer is the proxy: the address counted is the
    client's, as the trusted proxy reports it (wco_sse.core.clientip)."""
    settings.WCO_TRUSTED_PROXY_COUNT = 1
    monkeypatch.setattr(
        AffiliationRequestView,
        "throttle",
        Throttle("affiliation_request", per_account=100, per_address=1),
    )
    url = reverse("members:affiliation_request")
    client.force_login(demo["citizen"])
    organizations = list(
        client.get(url).context["form"].fields["organization"].queryset[:3]
    )

    def send(organization, forwarded_for):
        return client.post(
            url,
            {"organization": organization.pk},
            REMOTE_ADDR="10.0.0.2",  # the proxy
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    assert send(organizations[0], "203.0.113.1").status_code == 302
    assert send(organizations[1], "203.0.113.2").status_code == 302
    refused = send(organizations[2], "203.0.113.1")
    assert refused.status_code == 200
    assert TOLD in refused.content.decode()


def test_the_throttle_can_be_turned_off_for_a_benchmark(settings):
    settings.WCO_FORM_THROTTLES = False
    throttle = Throttle("anything", per_account=1, per_address=1)
    for _ in range(3):
        throttle_hit(throttle, account=None, address="127.0.0.1")
    settings.WCO_FORM_THROTTLES = True
    throttle_hit(throttle, account=None, address="127.0.0.1")
    with pytest.raises(Throttled):
        throttle_hit(throttle, account=None, address="127.0.0.1")
