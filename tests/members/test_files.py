import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import OrganizationFactory
from wco_sse.core.files import file_attach
from wco_sse.core.models import AuditEntry, StoredFile

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"


def _upload(client, organization, name, content):
    return client.post(
        reverse("members:organization_file_upload", args=[organization.pk]),
        {"file": SimpleUploadedFile(name, content), "description": "定款"},
    )


def test_representative_uploads_and_downloads_own_document(client, demo):
    """Files are served as attachments, with nosniff, to those who may see the record."""
    home = demo.ctx.data["home_wco"]
    client.force_login(demo["rep"])
    response = _upload(client, home, "定款.pdf", PDF)
    assert response.status_code == 302
    stored = StoredFile.objects.get()
    assert stored.original_name == "定款.pdf"
    assert AuditEntry.objects.filter(action="file.upload").count() == 1

    response = client.get(reverse("members:file_download", args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_mislabelled_upload_is_refused_at_the_field(client, demo):
    home = demo.ctx.data["home_wco"]
    client.force_login(demo["rep"])
    response = _upload(client, home, "photo.png", PDF)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not StoredFile.objects.exists()


def test_other_users_get_404_for_a_file(client, demo):
    """Guessing a file's ID does not reveal it to someone who may not see its W.Co."""
    other = OrganizationFactory()
    stored = file_attach(
        actor=demo["staff"], target=other, uploaded=SimpleUploadedFile("a.pdf", PDF)
    )
    url = reverse("members:file_download", args=[stored.pk])
    for name in ("rep", "member", "citizen"):
        client.force_login(demo[name])
        assert client.get(url).status_code == 404, name
    client.force_login(demo["staff"])
    assert client.get(url).status_code == 200


def test_files_are_not_under_a_public_url(client, demo, settings):
    stored = file_attach(
        actor=demo["staff"],
        target=demo.ctx.data["home_wco"],
        uploaded=SimpleUploadedFile("a.pdf", PDF),
    )
    assert not stored.file.name.endswith(".pdf")  # no user input in the stored name
    assert client.get("/media/" + stored.file.name).status_code == 404
    assert client.get("/static/" + stored.file.name).status_code == 404
