"""Two new versions of one body document uploaded at once (PostgreSQL): the
document's row lock numbers them n+1 and n+2, never twice n+1."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from secretariat import services
from secretariat.models import BodyDocumentVersion
from tests.permission_vocabulary import PDF_BYTES
from tests.secretariat.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _pdf():
    return SimpleUploadedFile("plan.pdf", PDF_BYTES, "application/pdf")


@pytest.mark.parametrize("repeat", range(3))
def test_two_new_versions_at_once_get_the_next_two_numbers(demo, repeat):
    body = services.body_create(
        actor=demo["staff"], name="まちづくり会議", section="network"
    )
    document = services.body_document_add(
        actor=demo["staff"], body=body, title="まちづくり構想", uploaded=_pdf()
    )
    outcomes = race(
        [
            lambda actor=actor: services.body_document_version_add(
                actor=actor, document=document, uploaded=_pdf()
            )
            for actor in (demo["staff"], demo["network"])
        ]
    )
    assert outcomes == ["ok", "ok"]
    numbers = sorted(
        BodyDocumentVersion.objects.filter(document=document).values_list(
            "number", flat=True
        )
    )
    assert numbers == [1, 2, 3]
    document.refresh_from_db()
    assert document.current.number == 3
