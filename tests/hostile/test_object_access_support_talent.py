"""ID guessing on the support section's talent records (issue 15). ``tests/hostile/
test_object_access.py`` takes these lists into its own (OWNED, NOT_OWNED, OWNER_SIDE).

A profile is its person's and, unless withdrawn, the coordinators'; a qualification
on it and its evidence are the person's and the secretariat's alone (a coordinator
of the section finds no evidence file)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from support.models import HeldQualification
from tests.support.talent_factories import qualification, talent_profile
from wco_sse.core.files import file_attach


def _pk(made, record_id):
    return {"pk": record_id}


def _file_id(made, record_id):
    return {"file_id": record_id}


def _member_profile(demo):
    from support.models import TalentProfile

    person = demo.ctx.accounts["member@example.org"]
    return TalentProfile.objects.filter(person=person).first() or talent_profile(person)


def member_profile(demo):
    return {"id": _member_profile(demo).pk}


def member_qualification(demo):
    held, _created = HeldQualification.objects.get_or_create(
        profile=_member_profile(demo), qualification=qualification("調理師")
    )
    return {"id": held.pk}


def member_evidence(demo):
    held = HeldQualification.objects.get(pk=member_qualification(demo)["id"])
    stored = file_attach(
        actor=demo["member"],
        target=held,
        uploaded=SimpleUploadedFile(
            "evidence.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"
        ),
    )
    return {"id": stored.pk}


STRANGERS = ("rep", "board", "council", "school", "fund", "citizen", "stranger")


def owned():
    from tests.hostile.test_object_access import MISSING_UUID, Owned

    return (
        Owned(
            "talent profile",
            member_profile,
            {
                "support:talent_profile_detail": _pk,
                "support:talent_profile_edit": _pk,
                "support:talent_profile_renew": _pk,
                "support:talent_profile_confirm": _pk,
                "support:talent_profile_withdraw": _pk,
                "support:talent_qualification_add": _pk,
            },
            STRANGERS,
        ),
        Owned(
            "held qualification",
            member_qualification,
            {
                "support:talent_qualification_edit": _pk,
                "support:talent_qualification_delete": _pk,
                "support:talent_qualification_verify": _pk,
            },
            ("support", *STRANGERS),
        ),
        Owned(
            "stored file (qualification evidence)",
            member_evidence,
            {"members:file_download": _file_id, "members:file_delete": _file_id},
            ("support", *STRANGERS),
            missing=MISSING_UUID,
        ),
    )


OWNER_SIDE = {
    "talent profile": "member",
    "held qualification": "staff",
    "stored file (qualification evidence)": "member",
}

NOT_OWNED = {
    "support:talent_qualification_list_edit": "a qualification of the list: the secretariat's (404 to others)",
}


@pytest.mark.django_db
def test_a_coordinator_finds_no_evidence_file(client, demo):
    """The section's coordinator reads the profile but not the evidence (404);
    the secretariat downloads it."""
    stored_id = member_evidence(demo)["id"]
    url = reverse("members:file_download", args=[stored_id])
    client.force_login(demo["support"])
    assert client.get(url).status_code == 404
    client.force_login(demo["staff"])
    assert client.get(url).status_code == 200
