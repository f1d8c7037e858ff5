"""Direction controls (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) make a name or a
file name read as another; they are taken out of names and single-line fields however
these arrive: a person's own profile, the registry's form, a contact field edited in
place, a registry record saved by another path (the admin, an import), a search, an
uploaded file's name. (Every form's single-line fields: tests/platform/test_form_text.py.)"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import Organization, Person
from tests.factories import OrganizationFactory, PersonFactory
from tests.permission_vocabulary import PDF_BYTES
from wco_sse.core.files import file_attach
from wco_sse.core.search import normalize

pytestmark = pytest.mark.django_db

RLO = "\u202e"


def _form_data(client, url):
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.pop("municipality", None)
    return data


def test_a_name_typed_with_a_direction_control_on_my_page_is_stored_without_it(
    client, demo
):
    person = demo["member"].person
    client.force_login(demo["member"])
    url = reverse("members:mypage_edit")
    data = _form_data(client, url)
    data.update(family_name=f"山田{RLO}郎太", given_name="\u2067花子\u2069")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    person.refresh_from_db()
    assert (person.family_name, person.given_name) == ("山田郎太", "花子")


def test_the_registry_form_stores_names_without_direction_controls(client, demo):
    person = PersonFactory(email="tanaka@example.org", preferred_contact="email")
    client.force_login(demo["secgen"])
    url = reverse("members:person_edit", args=[person.pk])
    data = _form_data(client, url)
    data.update(family_name=f"{RLO}田中", family_name_kana=f"タナカ{RLO}")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    person.refresh_from_db()
    assert (person.family_name, person.family_name_kana) == ("田中", "タナカ")


def test_a_contact_field_edited_in_place_is_stored_without_direction_controls(
    client, demo
):
    organization = demo.ctx.data["home_wco"]
    client.force_login(demo["secgen"])
    response = client.post(
        reverse("members:organization_field", args=[organization.pk, "website"]),
        {
            "website": f"https://example.org/{RLO}fdp.exe",
            "version": organization.version,
        },
    )
    assert response.status_code == 200
    organization.refresh_from_db()
    assert organization.website == "https://example.org/fdp.exe"


def test_registry_names_saved_by_any_path_lose_their_direction_controls():
    """The admin and the import save records without the portal's forms."""
    person = PersonFactory(family_name=f"佐藤{RLO}", given_name="\u200f一郎")
    organization = OrganizationFactory(
        name=f"ワーコレ{RLO}企業", name_kana=f"ワーコレ{RLO}"
    )
    person.refresh_from_db()
    organization.refresh_from_db()
    assert (person.family_name, person.given_name) == ("佐藤", "一郎")
    assert (organization.name, organization.name_kana) == ("ワーコレ企業", "ワーコレ")
    assert Person.objects.filter(family_name__contains=RLO).count() == 0
    assert Organization.objects.filter(name__contains=RLO).count() == 0


def test_a_search_ignores_direction_controls():
    assert normalize(f"やま{RLO}だ") == normalize("やまだ")


def test_an_uploaded_file_keeps_its_name_without_direction_controls(demo):
    organization = demo.ctx.data["home_wco"]
    stored = file_attach(
        actor=demo["secgen"],
        target=organization,
        uploaded=SimpleUploadedFile(
            f"請求書{RLO}fdp.exe.pdf", PDF_BYTES, "application/pdf"
        ),
    )
    assert stored.original_name == "請求書fdp.exe.pdf"


def test_an_import_keeps_its_file_name_without_direction_controls(demo):
    from members import imports
    from tests.members.test_import_helpers import csv_file, row

    batch = imports.import_check(
        actor=demo["secgen"],
        uploaded=csv_file(
            [row(団体名="ワーカーズ・コレクティブ あおば", 市区町村="横浜市青葉区")],
            name=f"名簿{RLO}vsc.exe.csv",
        ),
        kind="organizations",
    )
    assert batch.original_name == "名簿vsc.exe.csv"
