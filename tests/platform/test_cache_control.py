"""No browser or proxy keeps a copy of a portal page: every response says
``Cache-Control: private, no-store`` unless its view sets its own."""

import json
import re

import pytest
from django.urls import reverse

from members.models import Desk, Role
from secretariat.models import Body, Meeting
from support import services
from support.models import Consultation
from tests.support.factories import ConsultationFactory, advisor, staff_user

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


def assert_private(response):
    assert response.status_code == 200, response.status_code
    assert response["Cache-Control"] == PRIVATE


@pytest.fixture
def case():
    counsellor = advisor(Desk.FINANCE)
    consultation = ConsultationFactory(
        desk=Desk.FINANCE, advisor=counsellor, status=Consultation.Status.ASSIGNED
    )
    services.consultation_record_add(
        actor=counsellor.account, consultation=consultation, body="相談の記録です。"
    )
    return consultation


def test_case_pages_and_the_disclosure_export_are_not_kept(client, case):
    client.force_login(case.advisor.account)
    for name in ("support:consultation_detail", "support:consultation_records"):
        assert_private(client.get(reverse(name, args=[case.pk])))
    client.force_login(staff_user(Role.SECRETARY_GENERAL))
    url = reverse("support:consultation_disclosure", args=[case.requester_id])
    assert_private(client.get(url, {"format": "csv"}))


def test_registry_my_page_and_board_pages_are_not_kept(client, demo):
    client.force_login(demo["secgen"])
    person = demo["member"].person
    board = Body.objects.statutory(Body.Kind.BOARD)
    urls = [
        reverse("members:person_detail", args=[person.pk]),
        reverse("members:mypage"),
        reverse("secretariat:body_detail", args=[board.pk]),
    ]
    meeting = Meeting.objects.filter(body=board).first()
    if meeting is not None:
        urls.append(reverse("secretariat:meeting_detail", args=[meeting.pk]))
    for url in urls:
        assert_private(client.get(url))
    # An htmx fragment of such a page is no different.
    response = client.get(urls[0], headers={"HX-Request": "true"})
    assert response["Cache-Control"] == PRIVATE


def test_public_pages_for_visitors_are_not_kept_either(client):
    """Visitors' pages too: a link with a token shows someone's data without a
    session, and deciding by who is signed in would cost a query on some pages."""
    assert_private(client.get(reverse("support:course_list")))


def test_a_view_that_sets_its_own_cache_control_keeps_it(client):
    response = client.get(reverse("healthz"))
    assert "no-cache" in response["Cache-Control"]
    assert response["Cache-Control"] != PRIVATE


def test_htmx_keeps_no_copy_of_a_page_in_the_browser(client, demo):
    """The registry's searches push their URL: htmx would keep a copy of the list in
    the tab's storage, for the back button, after signing out. It keeps none and asks
    the server again (which sends a signed-out visitor to sign in)."""
    client.force_login(demo["secgen"])
    html = client.get(reverse("members:person_list")).content.decode()
    assert 'hx-push-url="true"' in html
    config = json.loads(
        re.search(r'<meta name="htmx-config"\s+content=\'([^\']+)\'>', html).group(1)
    )
    assert config["historyCacheSize"] == 0
    assert config["refreshOnHistoryMiss"] is True
