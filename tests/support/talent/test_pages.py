"""The talent bank's pages as people use them: a person registers and keeps their
profile, the secretariat enters one and verifies, coordinators search."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from support.models import HeldQualification, TalentProfile
from support.models.talent import availability_codes
from tests.factories import PersonFactory
from tests.support.talent_factories import municipality, qualification, talent_profile

pytestmark = pytest.mark.django_db


def _profile_post(**extra):
    return {
        "consent_scope": "propose",
        "areas": [str(municipality("港北区").pk), str(municipality("鎌倉市").pk)],
        "availability": ["0-0", "2-1"],
        "hours_per_week": "10",
        "introduction": "調理の経験があります。",
        "skills-TOTAL_FORMS": "3",
        "skills-INITIAL_FORMS": "0",
        "skills-MIN_NUM_FORMS": "0",
        "skills-MAX_NUM_FORMS": "20",
        "skills-0-name": "大量調理",
        "skills-0-years": "5",
        **extra,
    }


def test_a_member_registers_and_edits_their_profile(client, demo):
    """The member registers with consent; the page shows the profile, and an edit
    keeps what it says."""
    client.force_login(demo["member"])
    url = reverse("support:talent_my_profile")
    page = client.get(url)
    assert page.status_code == 200
    assert "availability" in page.content.decode()
    refused = client.post(url, _profile_post())
    assert refused.status_code == 200
    assert "consent" in refused.context["form"].errors
    assert not TalentProfile.objects.filter(person__account=demo["member"]).exists()
    done = client.post(url, _profile_post(consent="on"))
    assert done.status_code == 302
    profile = TalentProfile.objects.get(person__account=demo["member"])
    assert profile.consent_method == "self"
    assert availability_codes(profile.availability) == ["0-0", "2-1"]
    assert [s.name for s in profile.skills.all()] == ["大量調理"]
    assert client.get(url).status_code == 200
    edit = reverse("support:talent_profile_edit", args=[profile.pk])
    assert client.get(edit).status_code == 200
    done = client.post(edit, _profile_post(hours_per_week="12"))
    assert done.status_code == 302, done.context["form"].errors
    profile.refresh_from_db()
    assert profile.hours_per_week == 12


def test_no_area_is_refused_at_the_field(client, demo):
    client.force_login(demo["member"])
    response = client.post(
        reverse("support:talent_my_profile"), _profile_post(areas=[], consent="on")
    )
    assert "areas" in response.context["form"].errors


def test_the_secretariat_enters_a_profile_with_verbal_consent(client, demo):
    person = PersonFactory()
    client.force_login(demo["staff"])
    url = reverse("support:talent_profile_enter")
    assert client.get(url).status_code == 200
    moment = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url,
        _profile_post(
            person=str(person.pk),
            consent_method="verbal",
            consent_at=moment,
            consent="on",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    profile = TalentProfile.objects.get(person=person)
    assert profile.consent_method == "verbal"
    assert profile.consent_recorded_by == demo["staff"]


def test_qualification_pages_and_evidence(client, demo):
    """The member adds a qualification with evidence; the secretariat sees the
    evidence and verifies it; a coordinator of the section sees no evidence link
    and gets 404 on the file."""
    profile = talent_profile(demo.ctx.accounts["member@example.org"])
    cook = qualification("調理師")
    client.force_login(demo["member"])
    add = reverse("support:talent_qualification_add", args=[profile.pk])
    assert client.get(add).status_code == 200
    evidence = SimpleUploadedFile("c.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = client.post(
        add,
        {
            "qualification": cook.pk,
            "state": "held",
            "number": "A-1",
            "obtained_on": "2020-04-01",
            "evidence": evidence,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    held = HeldQualification.objects.get(profile=profile)
    from wco_sse.core.files import files_attached_to

    stored = files_attached_to(held)[0]
    file_url = reverse("members:file_download", args=[stored.pk])
    assert client.get(file_url).status_code == 200

    client.force_login(demo["support"])
    detail = client.get(reverse("support:talent_profile_detail", args=[profile.pk]))
    assert detail.status_code == 200
    assert file_url not in detail.content.decode()
    assert client.get(file_url).status_code == 404

    client.force_login(demo["staff"])
    detail = client.get(reverse("support:talent_profile_detail", args=[profile.pk]))
    assert file_url in detail.content.decode()
    assert client.get(file_url).status_code == 200
    verify = reverse("support:talent_qualification_verify", args=[held.pk])
    assert client.post(verify).status_code == 302
    held.refresh_from_db()
    assert held.verified_by == demo["staff"]


def test_coordinators_search_profiles_at_constant_queries(client, demo):
    """The list costs the same for 1 profile or 7, and never lists withdrawn ones."""
    client.force_login(demo["support"])
    url = reverse("support:talent_profile_list")
    params = {"qualification": qualification("調理師").pk}
    talent_profile(qualifications=["調理師"])
    client.get(url, params)
    cache.clear()  # count the page as rendered, not its cached fragments
    with CaptureQueriesContext(connection) as few:
        client.get(url, params)
    for _ in range(6):
        talent_profile(qualifications=["調理師", "栄養士"], areas=("港北区", "鎌倉市"))
    gone = talent_profile(
        state=TalentProfile.State.WITHDRAWN, qualifications=["調理師"]
    )
    client.get(url, params)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, params)
    assert len(many.captured_queries) == len(few.captured_queries), [
        q["sql"][:120] for q in many.captured_queries
    ]
    assert len(response.context["profiles"]) == 7
    assert gone not in response.context["profiles"]
    response = client.get(url, {"area": municipality("鎌倉市").pk, "state": "active"})
    assert len(response.context["profiles"]) == 6
    response = client.get(url, {"q": gone.person.family_name_kana})
    assert gone not in response.context["profiles"]


def test_withdrawn_profile_is_404_to_coordinators(client, demo):
    profile = talent_profile(state=TalentProfile.State.WITHDRAWN)
    client.force_login(demo["support"])
    url = reverse("support:talent_profile_detail", args=[profile.pk])
    assert client.get(url).status_code == 404


def test_the_my_page_panel(client, demo):
    person = demo.ctx.accounts["member@example.org"]
    soon = timezone.localdate() + datetime.timedelta(days=20)
    talent_profile(
        person,
        qualifications=[("介護福祉士", {"expires_on": soon})],
    )
    client.force_login(demo["member"])
    page = client.get(reverse("members:mypage")).content.decode()
    assert "介護福祉士" in page
    assert reverse("support:talent_my_profile") in page


def test_aggregates_hide_small_cells(client, demo):
    for _ in range(5):
        talent_profile(qualifications=["調理師"], areas=("港北区",))
    talent_profile(qualifications=["調理師"], areas=("鎌倉市",))
    client.force_login(demo["member"])
    response = client.get(reverse("support:talent_aggregates"))
    assert response.status_code == 200
    columns, rows = response.context["columns"], response.context["rows"]
    names = [c.name for c in columns]
    cook = next(cells for q, cells in rows if q.name == "調理師")
    assert cook[names.index("横浜市")] == 5
    assert cook[names.index("鎌倉市")] is None
    client.force_login(demo["support"])
    export = client.get(reverse("support:talent_aggregates_export"), {"format": "csv"})
    assert export.status_code == 200
    text = export.content.decode("utf-8-sig")
    assert "—" in text
    assert "5" in text
    for language in ("en", "ja"):
        with translation.override(language):
            xlsx = client.get(reverse("support:talent_aggregates_export"))
        assert xlsx.status_code == 200
