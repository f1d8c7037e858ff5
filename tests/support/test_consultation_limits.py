"""A consultation request has limits: its description is at most 4,000 characters
(said next to the field; a 1 MB one is refused there), and one account, or one
address whatever the account, may send only so many requests an hour — the next is
refused at the top of the form, saying when to try again, and records nothing."""

import pytest
from django.forms.forms import NON_FIELD_ERRORS
from django.urls import reverse

from support.models import Consultation
from support.views.consultations.requests import ConsultationRequestView
from tests.factories import PersonFactory
from wco_sse.core.text import DESCRIPTION_MAX_LENGTH
from wco_sse.core.throttle import Throttle

pytestmark = pytest.mark.django_db

URL = "support:consultation_request"


def valid(**changes):
    return {
        "desk": "general",
        "topic": "startup",
        "description": "仲間と配食のW.Coを始めたい。",
        "preferred_times": "平日午後",
        "consent": "on",
        **changes,
    }


def send(client, user, address="192.0.2.10", **changes):
    client.force_login(user)
    return client.post(reverse(URL), valid(**changes), REMOTE_ADDR=address)


def throttle_message(response):
    errors = response.context["form"].errors.get(NON_FIELD_ERRORS, [])
    assert len(errors) == 1
    return errors[0]


def test_the_page_says_how_long_the_description_may_be(client, demo):
    client.force_login(demo["citizen"])
    page = client.get(reverse(URL)).content.decode()
    assert 'maxlength="4000"' in page
    assert "4,000文字以内" in page


def test_a_one_megabyte_description_is_refused_at_the_field(client, demo):
    before = Consultation.objects.count()
    response = send(client, demo["citizen"], description="あ" * 1_048_576)
    assert response.status_code == 200
    (error,) = response.context["form"].errors["description"]
    assert f"{DESCRIPTION_MAX_LENGTH}" in error and "1048576" in error
    assert Consultation.objects.count() == before
    # The longest description allowed is taken.
    response = send(client, demo["citizen"], description="あ" * DESCRIPTION_MAX_LENGTH)
    assert response.status_code == 302


def test_one_account_sending_too_many_requests_is_refused_with_a_message(client, demo):
    citizen = demo["citizen"]
    limit = ConsultationRequestView.throttle.per_account
    before = Consultation.objects.count()
    for _ in range(limit):
        assert send(client, citizen).status_code == 302
    response = send(client, citizen, address="198.51.100.7")  # another network too
    assert response.status_code == 200
    assert "分後にもう一度" in throttle_message(response)
    assert Consultation.objects.count() == before + limit
    # Someone else is not held back by it.
    other = PersonFactory(with_account=True).account
    assert send(client, other).status_code == 302


def test_one_address_sending_too_many_requests_is_refused_whatever_the_account(
    client, demo, monkeypatch
):
    monkeypatch.setattr(
        ConsultationRequestView,
        "throttle",
        Throttle("consultation_request", per_account=100, per_address=3),
    )
    accounts = [PersonFactory(with_account=True).account for _ in range(4)]
    before = Consultation.objects.count()
    for account in accounts[:3]:
        assert send(client, account, address="203.0.113.9").status_code == 302
    response = send(client, accounts[3], address="203.0.113.9")
    assert response.status_code == 200
    assert "分後にもう一度" in throttle_message(response)
    assert Consultation.objects.count() == before + 3
    # The same account from another address is not held back.
    assert send(client, accounts[3], address="203.0.113.10").status_code == 302


def test_a_refused_request_is_not_counted(client, demo):
    """A sending the form sends back (an empty description) uses up nothing."""
    citizen = demo["citizen"]
    limit = ConsultationRequestView.throttle.per_account
    for _ in range(limit + 2):
        assert send(client, citizen, description="").status_code == 200
    for _ in range(limit):
        assert send(client, citizen).status_code == 302
