"""A body's documents: uploaded by those who run it under the upload policy, read by
its current members and those who run it; anyone else, a former member included from
the next request on, gets 404."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from secretariat import services
from secretariat.models import BodyDocument, BodyMember
from tests.permission_vocabulary import PDF_BYTES

pytestmark = pytest.mark.django_db


def _body_with_member(demo):
    body = services.body_create(actor=demo["staff"], name="まちづくり会議")
    services.body_member_add(
        actor=demo["staff"],
        body=body,
        person=demo["member"].person,
        start=timezone.localdate() - datetime.timedelta(days=30),
    )
    return body


def _upload(client, body, title="まちづくりビジョン（案）"):
    return client.post(
        reverse("secretariat:body_document_upload", args=[body.pk]),
        {
            "title": title,
            "file": SimpleUploadedFile("vision.pdf", PDF_BYTES, "application/pdf"),
        },
    )


def test_a_current_member_reads_the_documents_others_get_404(demo, client):
    body = _body_with_member(demo)
    client.force_login(demo["staff"])
    assert _upload(client, body).status_code == 302
    document = BodyDocument.objects.get()
    assert document.current.uploaded_by == demo["staff"]
    assert document.current.number == 1
    download = reverse("members:file_download", args=[document.current.file_id])
    listing = reverse("secretariat:body_documents", args=[body.pk])

    client.force_login(demo["member"])
    page = client.get(listing)
    assert page.status_code == 200
    assert "まちづくりビジョン（案）" in page.content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES

    for who in ("citizen", "rep", "network"):
        client.force_login(demo[who])
        assert client.get(download).status_code == 404, who
        assert client.get(listing).status_code == 404, who

    # The seat ends yesterday: the next request is refused.
    client.force_login(demo["member"])
    BodyMember.objects.filter(body=body).update(
        end=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert client.get(download).status_code == 404
    assert client.get(listing).status_code == 404


def test_a_member_cannot_upload(demo, client):
    body = _body_with_member(demo)
    client.force_login(demo["member"])
    assert _upload(client, body).status_code == 404
    assert not BodyDocument.objects.exists()


def test_an_upload_outside_the_policy_is_refused_at_the_field(demo, client):
    body = _body_with_member(demo)
    client.force_login(demo["staff"])
    response = client.post(
        reverse("secretariat:body_document_upload", args=[body.pk]),
        {
            "title": "実行ファイル",
            "file": SimpleUploadedFile(
                "tool.exe", b"MZ\x90\x00binary", "application/octet-stream"
            ),
        },
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not BodyDocument.objects.exists()


def test_the_body_page_shows_its_documents_and_open_items(demo, client):
    body = _body_with_member(demo)
    client.force_login(demo["staff"])
    _upload(client, body)
    meeting = services.meeting_create(
        actor=demo["staff"],
        body=body,
        title="第1回まちづくり会議",
        starts_at=timezone.now() + datetime.timedelta(days=5),
        place="会議室",
    )
    services.action_item_create(
        actor=demo["staff"],
        meeting=meeting,
        text="ビジョン案への意見を集める",
        owner=demo["member"].person,
        due_on=meeting.day + datetime.timedelta(days=10),
    )
    page = client.get(reverse("secretariat:body_detail", args=[body.pk]))
    text = page.content.decode()
    assert "まちづくりビジョン（案）" in text
    assert "ビジョン案への意見を集める" in text
