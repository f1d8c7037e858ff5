"""A body's documents in versions: a new version on an existing document becomes the
current one, shown with its number and date; the earlier ones stay readable to the
same readers; only those who run the body upload."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from secretariat import services
from secretariat.models import BodyDocument, BodyDocumentVersion
from tests.permission_vocabulary import PDF_BYTES

pytestmark = pytest.mark.django_db

V2_BYTES = PDF_BYTES.replace(b"%PDF", b"%PDF", 1) + b"\n% version 2\n"


def _body(demo):
    body = services.body_create(actor=demo["staff"], name="まちづくり会議")
    services.body_member_add(
        actor=demo["staff"],
        body=body,
        person=demo["member"].person,
        start=timezone.localdate() - datetime.timedelta(days=30),
    )
    return body


def _pdf(content=PDF_BYTES, name="vision.pdf"):
    return SimpleUploadedFile(name, content, "application/pdf")


def _document(demo, body):
    return services.body_document_add(
        actor=demo["staff"],
        body=body,
        title="まちづくりビジョン",
        uploaded=_pdf(),
        note="第1回会議の案",
    )


def _new_version(client, document, content=V2_BYTES, note="第2回会議の意見を反映"):
    return client.post(
        reverse("secretariat:body_document_version_upload", args=[document.pk]),
        {"file": _pdf(content, "vision-v2.pdf"), "note": note},
    )


def test_a_new_version_becomes_current_and_the_first_stays_readable(demo, client):
    body = _body(demo)
    document = _document(demo, body)
    first = document.current
    client.force_login(demo["staff"])
    response = _new_version(client, document)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.current.number == 2
    assert document.current.note == "第2回会議の意見を反映"
    assert BodyDocument.objects.count() == 1

    client.force_login(demo["member"])
    for url in (
        reverse("secretariat:body_documents", args=[body.pk]),
        reverse("secretariat:body_detail", args=[body.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        text = page.content.decode()
        assert "第2版" in text, url
        assert "第2回会議の意見を反映" in text
        # The history lists version 1 with a link to its file.
        assert reverse("members:file_download", args=[first.file_id]) in text
        assert "以前の版 1件" in text
        # A member reads but does not upload.
        assert "新しい版をアップロード" not in text
    old = client.get(reverse("members:file_download", args=[first.file_id]))
    assert b"".join(old.streaming_content) == PDF_BYTES
    new = client.get(reverse("members:file_download", args=[document.current.file_id]))
    assert b"".join(new.streaming_content) == V2_BYTES


def test_only_those_who_run_the_body_upload_a_new_version(demo, client):
    body = _body(demo)
    document = _document(demo, body)
    for who in ("member", "citizen", "network"):
        client.force_login(demo[who])
        assert _new_version(client, document).status_code == 404, who
    assert BodyDocumentVersion.objects.count() == 1


def test_a_new_version_outside_the_upload_policy_is_refused_at_the_field(demo, client):
    body = _body(demo)
    document = _document(demo, body)
    client.force_login(demo["staff"])
    response = client.post(
        reverse("secretariat:body_document_version_upload", args=[document.pk]),
        {
            "file": SimpleUploadedFile(
                "tool.exe", b"MZ\x90\x00binary", "application/octet-stream"
            ),
            "note": "",
        },
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    document.refresh_from_db()
    assert document.current.number == 1
    assert BodyDocumentVersion.objects.count() == 1


def test_a_network_member_keeps_the_documents_of_a_network_body(demo, client):
    body = services.body_create(
        actor=demo["staff"], name="まちづくり会議", section="network"
    )
    client.force_login(demo["network"])
    response = client.post(
        reverse("secretariat:body_document_upload", args=[body.pk]),
        {"title": "まちづくり構想", "file": _pdf(), "note": ""},
    )
    assert response.status_code == 302
    document = BodyDocument.objects.get()
    assert _new_version(client, document).status_code == 302
    document.refresh_from_db()
    assert document.current.number == 2
    client.force_login(demo["support"])
    assert _new_version(client, document).status_code == 404
    assert (
        client.get(reverse("secretariat:body_documents", args=[body.pk])).status_code
        == 404
    )


def test_the_documents_page_keeps_its_query_count(
    demo, client, django_assert_max_num_queries
):
    body = _body(demo)
    client.force_login(demo["member"])
    url = reverse("secretariat:body_documents", args=[body.pk])
    _document(demo, body)
    client.get(url)
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    for n in range(4):
        document = services.body_document_add(
            actor=demo["staff"], body=body, title=f"資料{n}", uploaded=_pdf()
        )
        for _ in range(2):
            services.body_document_version_add(
                actor=demo["staff"], document=document, uploaded=_pdf()
            )
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("第3版") == 4
