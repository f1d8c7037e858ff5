"""A network member reaches every page of a network body from the network landing
page without a dead end (403 / 404 on a link they were shown); a support member finds
none of them (issue 13: "a support section member gets 403 on network bodies" —
the pages with an id answer 404, as for a body that does not exist)."""

import datetime
import re
from collections import deque

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from secretariat import services
from tests.permission_vocabulary import PDF_BYTES
from tests.secretariat import helpers as h

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/(?:secretariat|network)/[^"#?]*)')


def _network_body_in_use(demo):
    """A まちづくり会議 with a member, a held meeting with attendance, minutes and an
    action item, an upcoming meeting, and a document in two versions."""
    body = h.network_body(demo, name="まちづくり会議", category="community")
    member = demo["member"].person
    services.body_member_add(actor=demo["staff"], body=body, person=member)
    held = h.held_meeting_from(
        demo, h.meeting(demo, body=body, title="第1回まちづくり会議")
    )
    h.attend(demo, held, [member])
    minutes = services.minutes_start(actor=demo["network"], meeting=held)
    services.action_item_create(
        actor=demo["network"],
        meeting=held,
        text="ビジョン案の意見を集める",
        owner=member,
        due_on=held.day + datetime.timedelta(days=14),
    )
    upcoming = h.meeting(demo, body=body, title="第2回まちづくり会議", days=30)
    document = services.body_document_add(
        actor=demo["network"],
        body=body,
        title="まちづくりビジョン",
        uploaded=SimpleUploadedFile("vision.pdf", PDF_BYTES, "application/pdf"),
    )
    services.body_document_version_add(
        actor=demo["network"],
        document=document,
        uploaded=SimpleUploadedFile("vision2.pdf", PDF_BYTES, "application/pdf"),
    )
    return body, held, upcoming, minutes, document


def _crawl(client, start, *, depth=4):
    """Every secretariat / network page linked from ``start`` (HTML pages, no
    downloads), with the answers that were not pages."""
    seen, dead = {start}, []
    queue = deque([(start, 0, None)])
    while queue:
        url, level, parent = queue.popleft()
        response = client.get(url)
        if response.status_code in (403, 404, 500):
            dead.append((response.status_code, url, parent))
            continue
        if level >= depth or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            if any(part in href for part in ("/export", ".pdf", "/files/")):
                continue
            if href not in seen:
                seen.add(href)
                queue.append((href, level + 1, url))
    return seen, dead


def test_a_network_member_reaches_every_page_of_the_body_from_the_landing(client, demo):
    body, held, upcoming, minutes, _document = _network_body_in_use(demo)
    client.force_login(demo["network"])
    seen, dead = _crawl(client, reverse("network:index"))
    assert dead == []
    for url in (
        reverse("secretariat:body_detail", args=[body.pk]),
        reverse("secretariat:body_documents", args=[body.pk]),
        reverse("secretariat:meeting_detail", args=[held.pk]),
        reverse("secretariat:meeting_detail", args=[upcoming.pk]),
        reverse("secretariat:meeting_attendance", args=[held.pk]),
        reverse("secretariat:minutes_detail", args=[minutes.pk]),
    ):
        assert url in seen, url


def test_a_body_member_reaches_the_body_from_their_page_without_a_dead_end(
    client, demo
):
    body, held, _upcoming, _minutes, _document = _network_body_in_use(demo)
    client.force_login(demo["member"])
    seen, dead = _crawl(client, reverse("members:mypage"))
    assert dead == []
    for url in (
        reverse("secretariat:body_detail", args=[body.pk]),
        reverse("secretariat:body_documents", args=[body.pk]),
        reverse("secretariat:meeting_detail", args=[held.pk]),
    ):
        assert url in seen, url


def test_a_new_meeting_from_the_body_page_goes_back_to_the_body(client, demo):
    """The form's back link, for a network member, is the body they came from, not
    the meetings list closed to them."""
    body = h.network_body(demo)
    client.force_login(demo["network"])
    page = client.get(reverse("secretariat:meeting_create") + f"?body={body.pk}")
    assert page.status_code == 200
    assert page.context["back_url"] == reverse(
        "secretariat:body_detail", args=[body.pk]
    )
    assert client.get(reverse("secretariat:meeting_list")).status_code == 403


def test_a_support_member_finds_none_of_the_network_bodys_pages(client, demo):
    body, held, upcoming, minutes, document = _network_body_in_use(demo)
    urls = [
        reverse("secretariat:body_detail", args=[body.pk]),
        reverse("secretariat:body_documents", args=[body.pk]),
        reverse("secretariat:body_document_upload", args=[body.pk]),
        reverse("secretariat:body_document_version_upload", args=[document.pk]),
        reverse("secretariat:body_action_items_export", args=[body.pk]),
        reverse("secretariat:body_member_add", args=[body.pk]),
        reverse("secretariat:meeting_detail", args=[held.pk]),
        reverse("secretariat:meeting_attendance", args=[held.pk]),
        reverse("secretariat:meeting_edit", args=[upcoming.pk]),
        reverse("secretariat:minutes_detail", args=[minutes.pk]),
        reverse("secretariat:minutes_pdf", args=[minutes.pk]),
        reverse("members:file_download", args=[document.current.file_id]),
    ]
    client.force_login(demo["support"])
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(
        urls, 404
    )
    # And the support landing does not lead there.
    seen, _dead = _crawl(client, reverse("members:mypage"), depth=3)
    assert not any(f"/bodies/{body.pk}/" in url for url in seen)
