# ruff: noqa: F403, F405
"""The permission matrix rows of the personal-data export part (issue 16).

A person's export is the secretary-general's alone: to anyone else (the secretariat
staff, the person themself) the export page and the download of a request do not
exist (404); an erasure request has no export page at all."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.permission_vocabulary import *


def _request(demo, kind, **fields):
    from members.models import PrivacyRequest

    return PrivacyRequest.objects.create(
        person=demo.ctx.accounts["member@example.org"],
        kind=kind,
        channel="my_page",
        **fields,
    )


def export_request(demo, who):
    """The member's open export request (a POST runs it)."""
    return {"pk": _request(demo, "export").pk}


def exported_request(demo, who):
    """The member's export request, run: its ZIP is there until it expires."""
    from django.contrib.contenttypes.models import ContentType

    from members.models import PrivacyRequest
    from wco_sse.core.models import StoredFile

    request = _request(demo, "export", state="done")
    content = b"PK\x05\x06" + b"\x00" * 18  # an empty ZIP
    stored = StoredFile(
        original_name="export.zip",
        kind="zip",
        content_type="application/zip",
        size=len(content),
        sha256="0" * 64,
        uploaded_by=demo["secgen"],
        uploaded_at=timezone.now(),
        attached_type=ContentType.objects.get_for_model(PrivacyRequest),
        attached_id=str(request.pk),
    )
    stored.file.save("export.zip", ContentFile(content), save=False)
    stored.save()
    PrivacyRequest.objects.filter(pk=request.pk).update(
        export_file=stored,
        export_rows=1,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    return {"pk": request.pk}


def erasure_request(demo, who):
    return {"pk": _request(demo, "erasure").pk}


CASES = (
    Case(
        "members:privacy_export",
        kwargs=export_request,
        get=reach(SECGEN),
        post=reach(SECGEN, DONE),
    ),
    Case(
        "members:privacy_export",
        kwargs=erasure_request,
        get=reach(),
        post=reach(),
    ),
    Case(
        "members:privacy_export_download",
        kwargs=exported_request,
        get=reach(SECGEN),
        post=reach(SECGEN, NOT_ALLOWED),
    ),
)
