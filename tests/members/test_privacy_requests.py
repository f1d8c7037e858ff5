"""Personal-data requests (issue 16): a person asks from my page, the secretariat
answers a correction or declines, the person follows it on their page and by email."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members.models import PrivacyRequest
from members.personal_data import requests as services
from tests.factories import PersonFactory
from wco_sse.core.audit import audit_entries_for
from wco_sse.core.errors import ServiceError
from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    translation.activate("en")
    yield
    translation.deactivate()


def _person(demo, role):
    return demo.ctx.accounts[f"{role}@example.org"]


def _emails(template, to):
    return list(OutboundEmail.objects.filter(template=template, to=to))


CORRECTION = {
    "record_kind": "other",
    "wrong": "My name is written 山田花予 on the minutes.",
    "where": "Minutes of the general assembly, June 2026",
    "should_be": "山田花子",
}


def test_a_correction_asked_on_my_page_is_answered_and_the_person_reads_it(
    client, demo
):
    """Ask from my page → the queue shows it → staff answer → my page and an email
    show the answer; the closed request is in the audit log."""
    member = _person(demo, "member")
    client.force_login(demo["member"])
    response = client.post(
        reverse("members:privacy_request_new", args=["correction"]), CORRECTION
    )
    assert response.status_code == 302
    request = PrivacyRequest.objects.get(person=member)
    assert request.kind == "correction" and request.channel == "my_page"
    assert "山田花予" in request.details and "general assembly" in request.details
    assert _emails("privacy_request_received", member.contact_email)

    client.force_login(demo["staff"])
    queue = client.get(reverse("members:privacy_requests"))
    assert member.full_name in queue.content.decode()
    page = client.get(reverse("members:privacy_request", args=[request.pk]))
    assert "山田花予" in page.content.decode()
    response = client.post(
        reverse("members:privacy_request_answer", args=[request.pk]),
        {"state": "done", "answer": "議事録のお名前を訂正しました。"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == "done" and request.closed_at is not None
    assert request.handled_by == demo["staff"]
    assert audit_entries_for(request)[0].action == "privacy.request_close"

    client.force_login(demo["member"])
    mine = client.get(reverse("members:privacy_mine")).content.decode()
    assert "議事録のお名前を訂正しました。" in mine
    mypage = client.get(reverse("members:mypage")).content.decode()
    assert "議事録のお名前を訂正しました。" in mypage
    (email,) = _emails("privacy_request_answered", member.contact_email)
    assert "議事録のお名前を訂正しました。" in email.body_text


def test_a_correction_needs_what_is_wrong_where_and_what_it_should_be(client, demo):
    client.force_login(demo["member"])
    response = client.post(
        reverse("members:privacy_request_new", args=["correction"]),
        {**CORRECTION, "where": "  "},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["where"]
    assert not PrivacyRequest.objects.exists()


def test_answering_done_needs_an_answer(demo):
    request = services.privacy_request_create(
        actor=demo["member"],
        kind="correction",
        correction=services.Correction(**CORRECTION),
    )
    with pytest.raises(ServiceError) as refused:
        services.privacy_request_answer(
            actor=demo["staff"], request=request, state="done", answer=""
        )
    assert refused.value.field == "answer"
    services.privacy_request_answer(
        actor=demo["staff"], request=request, state="in_progress", answer=""
    )
    request.refresh_from_db()
    assert request.state == "in_progress" and request.is_open


def test_one_open_request_per_kind(client, demo):
    """A second export request while the first is open is refused with a clear
    message; a correction may be asked meanwhile, and after a withdrawal the export
    may be asked again."""
    client.force_login(demo["member"])
    url = reverse("members:privacy_request_new", args=["export"])
    assert client.post(url, {"details": ""}).status_code == 302
    response = client.post(url, {"details": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert PrivacyRequest.objects.filter(kind="export").count() == 1
    assert (
        client.post(
            reverse("members:privacy_request_new", args=["correction"]), CORRECTION
        ).status_code
        == 302
    )
    export = PrivacyRequest.objects.get(kind="export")
    client.post(reverse("members:privacy_request_withdraw", args=[export.pk]))
    assert client.post(url, {"details": ""}).status_code == 302
    assert PrivacyRequest.objects.filter(kind="export").count() == 2


def test_the_person_withdraws_an_open_request(client, demo):
    request = services.privacy_request_create(actor=demo["member"], kind="erasure")
    client.force_login(demo["member"])
    response = client.post(
        reverse("members:privacy_request_withdraw", args=[request.pk])
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == "withdrawn" and request.closed_at is not None
    # Closed: no second withdrawal, and nothing left for staff to answer.
    again = client.post(reverse("members:privacy_request_withdraw", args=[request.pk]))
    assert again.status_code == 404
    with pytest.raises(ServiceError):
        services.privacy_request_refuse(
            actor=demo["secgen"], request=request, answer="..."
        )


def test_refusing_an_erasure_is_the_secretary_generals_with_a_reason(client, demo):
    member = _person(demo, "member")
    request = services.privacy_request_create(actor=demo["member"], kind="erasure")
    url = reverse("members:privacy_request_refuse", args=[request.pk])
    client.force_login(demo["staff"])
    assert client.post(url, {"answer": "理由"}).status_code == 404
    client.force_login(demo["secgen"])
    response = client.post(url, {"answer": ""})
    assert response.status_code == 200
    assert response.context["refuse_form"].errors["answer"]
    response = client.post(url, {"answer": "理事の任期中のため、退任後に承ります。"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == "refused"
    (email,) = _emails("privacy_request_refused", member.contact_email)
    assert "退任後に承ります" in email.body_text
    assert audit_entries_for(request)[0].action == "privacy.request_refuse"


def test_the_secretariat_records_a_request_for_someone_who_phoned(client, demo):
    person = PersonFactory(email="caller@example.org")
    client.force_login(demo["staff"])
    response = client.post(
        reverse("members:privacy_request_record"),
        {"person": person.pk, "kind": "export", "channel": "phone", "details": "電話"},
    )
    assert response.status_code == 302
    request = PrivacyRequest.objects.get(person=person)
    assert request.channel == "phone" and request.requested_by == demo["staff"]
    assert _emails("privacy_request_received", "caller@example.org")
    page = client.get(reverse("members:privacy_request", args=[request.pk]))
    assert page.status_code == 200


def test_a_strangers_request_answers_404(client, demo):
    request = services.privacy_request_create(actor=demo["member"], kind="export")
    for role in ("rep", "board", "citizen", "support"):
        client.force_login(demo[role])
        for name in ("privacy_request", "privacy_request_withdraw"):
            url = reverse(f"members:{name}", args=[request.pk])
            assert client.get(url).status_code == 404, (role, name)
            assert client.post(url).status_code == 404, (role, name)
    client.force_login(demo["member"])
    assert (
        client.get(reverse("members:privacy_request", args=[request.pk])).status_code
        == 200
    )


def _requests(count):
    for _ in range(count):
        person = PersonFactory()
        PrivacyRequest.objects.create(
            person=person, kind="correction", channel="phone", details="x"
        )


def _count_queries(client, url):
    """The page's queries, read from the database rather than the cache."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_queue_lists_open_requests_first_at_constant_queries(client, demo):
    done = PrivacyRequest.objects.create(
        person=PersonFactory(family_name="済"),
        kind="export",
        channel="letter",
        state="done",
        handled_by=demo["staff"],
    )
    _requests(3)
    client.force_login(demo["staff"])
    url = reverse("members:privacy_requests")
    response = client.get(url)
    rows = list(response.context["requests"])
    assert rows[-1] == done and all(r.is_open for r in rows[:-1])
    few = _count_queries(client, url)
    _requests(20)
    assert _count_queries(client, url) == few
    response = client.get(url)
    assert response.context["paginator"].count == 24
    filtered = client.get(url, {"kind": "export", "state": "done"})
    assert list(filtered.context["requests"]) == [done]


def test_the_next_step_link_shows_only_when_its_page_exists(client, demo):
    """An export's page points the secretary-general to the export (another part's
    page, linked once it exists)."""
    from django.urls import NoReverseMatch

    request = services.privacy_request_create(actor=demo["member"], kind="export")
    client.force_login(demo["secgen"])
    response = client.get(reverse("members:privacy_request", args=[request.pk]))
    try:
        expected = reverse("members:privacy_export", args=[request.pk])
    except NoReverseMatch:
        expected = ""
    assert response.context["next_step"] == expected
