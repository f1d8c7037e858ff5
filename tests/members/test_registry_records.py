import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from members import services
from members.forms import OrganizationForm, PersonForm
from members.models import Affiliation, LegalForm, Municipality, Organization, Person
from members.roles import compute_snapshot
from members.selectors import conversion_count
from tests.factories import OrganizationFactory
from wco_sse.core.errors import PermissionDenied, ServiceError
from wco_sse.core.models import AuditEntry
from wco_sse.core.validators import clean_corporate_number

pytestmark = pytest.mark.django_db
VALID_NUMBER = "7000012050002"  # 国税庁's own 法人番号


def _org_data(**overrides):
    data = {
        "name": "ワーカーズ・コレクティブ 新しい風",
        "name_kana": "あたらしいかぜ",
        "kind": "wco",
        "legal_form": LegalForm.VOLUNTARY,
        "membership_class": "regular",
        "status": "active",
        "preferred_contact": "fax",
        "fax": "０４５－１２３－４５６７",
        "postal_code": "２３１－００２３",
        "prefecture": "神奈川県",
        "municipality": Municipality.objects.get(code="141046").pk,
        "address": "山下町1-1",
    }
    data.update(overrides)
    return data


def test_form_normalizes_what_people_type():
    form = OrganizationForm(data=_org_data())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name_kana"] == "アタラシイカゼ"
    assert form.cleaned_data["fax"] == "045-123-4567"
    assert form.cleaned_data["postal_code"] == "231-0023"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("corporate_number", "7000012050003"),  # wrong check digit
        ("corporate_number", "12345"),
        ("postal_code", "231-002"),
        ("name_kana", "Atarashii 風"),
        ("fax", "12345"),
        ("email", "not-an-email"),
    ],
)
def test_bad_input_gets_a_message_at_its_field(field, value):
    form = OrganizationForm(data=_org_data(**{field: value}))
    assert not form.is_valid()
    assert form.errors[field]


def test_a_corporation_needs_its_corporate_number():
    form = OrganizationForm(data=_org_data(legal_form=LegalForm.NPO))
    assert not form.is_valid()
    assert form.errors["corporate_number"]
    form = OrganizationForm(
        data=_org_data(legal_form=LegalForm.NPO, corporate_number=VALID_NUMBER)
    )
    assert form.is_valid(), form.errors


def test_dates_in_order_and_contact_method_needs_its_detail():
    form = OrganizationForm(
        data=_org_data(joined_on="2024-07-01", left_on="2024-06-30", fax="")
    )
    assert not form.is_valid()
    assert form.errors["left_on"]
    assert form.errors["preferred_contact"]


def test_corporate_number_check_digit():
    assert clean_corporate_number("７０００－０１２０－５０００２") == VALID_NUMBER
    with pytest.raises(ValidationError) as error:
        clean_corporate_number("8000012050002")
    assert error.value.code == "corporate_number_check_digit"


def test_create_records_the_legal_form_and_refuses_duplicates(demo):
    form = OrganizationForm(
        data=_org_data(legal_form=LegalForm.NPO, corporate_number=VALID_NUMBER)
    )
    assert form.is_valid(), form.errors
    organization = services.organization_create(
        actor=demo["staff"], data=form.cleaned_data, legal_form=LegalForm.NPO
    )
    assert organization.legal_form_changes.get().legal_form == LegalForm.NPO
    assert AuditEntry.objects.filter(action="organization.create").exists()
    with pytest.raises(ServiceError) as error:
        services.organization_create(
            actor=demo["staff"], data={**form.cleaned_data, "name": "別の名前"}
        )
    assert error.value.field == "corporate_number"
    with pytest.raises(ServiceError) as error:
        services.organization_create(
            actor=demo["staff"],
            data={
                **form.cleaned_data,
                "name": "ﾜｰｶｰｽﾞ･ｺﾚｸﾃｨﾌﾞ 新しい風",
                "corporate_number": None,
            },
        )
    assert error.value.field == "name"
    assert Organization.objects.filter(name__contains="新しい風").count() == 1


def test_only_the_secretariat_creates_organizations(demo):
    with pytest.raises(PermissionDenied):
        services.organization_create(actor=demo["rep"], data={"name": "x"})


def test_concurrent_edits_the_second_save_is_refused_with_what_changed(demo):
    organization = demo.ctx.data["home_wco"]
    version = organization.version
    services.organization_update(
        actor=demo["staff"],
        organization=organization,
        data={"phone": "045-111-2222"},
        expected_version=version,
    )
    with pytest.raises(services.ConflictError) as conflict:
        services.organization_update(
            actor=demo["secgen"],
            organization=organization,
            data={"phone": "045-999-0000"},
            expected_version=version,
        )
    organization.refresh_from_db()
    assert organization.phone == "045-111-2222"
    change = conflict.value.changes[0]
    assert change["field"] == "phone"
    assert change["new"] == "045-111-2222"
    assert "staff@example.org" in change["by"]


def test_edit_conflict_in_the_browser_shows_the_changes_and_keeps_the_input(
    client, demo
):
    organization = demo.ctx.data["home_wco"]
    client.force_login(demo["secgen"])
    url = reverse("members:organization_edit", args=[organization.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["municipality"] = organization.municipality_id
    data["industry"] = organization.industry_id
    services.organization_update(
        actor=demo["staff"],
        organization=organization,
        data={"email": "new@wco.example.jp"},
        expected_version=organization.version,
    )
    data["phone"] = "045-333-4444"
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["conflict"][0]["field"] == "email"
    assert response.context["form"]["phone"].value() == "045-333-4444"
    organization.refresh_from_db()
    assert organization.phone != "045-333-4444"
    # Saving again, now on the current version, applies the user's change.
    data["version"] = organization.version
    data["email"] = "new@wco.example.jp"
    assert client.post(url, data).status_code == 302
    organization.refresh_from_db()
    assert organization.phone == "045-333-4444"


def test_representative_edits_only_the_profile(demo):
    organization = demo.ctx.data["home_wco"]
    updated = services.organization_update(
        actor=demo["rep"],
        organization=organization,
        data={"phone": "045-555-6666", "membership_class": "none", "name": "乗っ取り"},
        expected_version=organization.version,
    )
    assert updated.phone == "045-555-6666"
    assert updated.membership_class == "regular"
    assert updated.name != "乗っ取り"
    other = demo.ctx.data["wcos"][1]
    with pytest.raises(PermissionDenied):
        services.organization_update(
            actor=demo["rep"],
            organization=other,
            data={"phone": "x"},
            expected_version=1,
        )


def test_legal_form_history_and_conversion_count(demo):
    before = conversion_count()
    organization = OrganizationFactory(legal_form=LegalForm.VOLUNTARY)
    organization.legal_form_changes.create(legal_form=LegalForm.VOLUNTARY)
    services.legal_form_change_record(
        actor=demo["staff"],
        organization=organization,
        legal_form=LegalForm.WORKERS_COOPERATIVE,
        since=datetime.date(2024, 4, 1),
    )
    organization.refresh_from_db()
    assert organization.legal_form == LegalForm.WORKERS_COOPERATIVE
    assert conversion_count() == before + 1
    # An older change recorded later does not replace the current form.
    services.legal_form_change_record(
        actor=demo["staff"],
        organization=organization,
        legal_form=LegalForm.NPO,
        since=datetime.date(2010, 4, 1),
    )
    organization.refresh_from_db()
    assert organization.legal_form == LegalForm.WORKERS_COOPERATIVE
    with pytest.raises(ServiceError) as error:
        services.legal_form_change_record(
            actor=demo["staff"],
            organization=organization,
            legal_form=LegalForm.NPO,
            since=datetime.date.today() + datetime.timedelta(days=3),
        )
    assert error.value.field == "since"
    assert error.value.message == _("The date is in the future.")


def test_signed_up_person_becomes_a_member_when_the_representative_confirms(
    client, demo
):
    """The way a self-signed-up person becomes a 会員団体メンバー."""
    newcomer = demo["citizen"]
    home = demo.ctx.data["home_wco"]
    client.force_login(newcomer)
    response = client.post(
        reverse("members:affiliation_request"), {"organization": home.pk}
    )
    assert response.status_code == 302
    affiliation = Affiliation.objects.get(person=newcomer.person, organization=home)
    assert not affiliation.confirmed
    assert not compute_snapshot(newcomer).is_member

    client.force_login(demo["rep"])
    page = client.get(reverse("members:mypage")).content.decode()
    assert newcomer.person.full_name in page  # the request waits on the rep's page
    response = client.post(
        reverse("members:affiliation_confirm", args=[affiliation.pk])
    )
    assert response.status_code == 302
    affiliation.refresh_from_db()
    assert affiliation.confirmed and affiliation.confirmed_by == demo["rep"]
    assert compute_snapshot(newcomer).is_member


def test_representative_cannot_end_their_own_place(demo):
    own = Affiliation.objects.get(person=demo["rep"].person, position="representative")
    with pytest.raises(ServiceError) as error:
        services.affiliation_end(actor=demo["rep"], affiliation=own)
    assert error.value.message == _(
        "You cannot end your own place as representative. Please ask the "
        "secretariat, who will record your successor."
    )
    own.refresh_from_db()
    assert own.end is None


def test_representative_adds_a_new_person_to_their_wco(client, demo):
    home = demo.ctx.data["home_wco"]
    client.force_login(demo["rep"])
    response = client.post(
        reverse("members:affiliation_add", args=[home.pk]),
        {
            "family_name": "新井",
            "given_name": "花",
            "family_name_kana": "あらい",
            "given_name_kana": "はな",
            "position": "member",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(family_name="新井", given_name="花")
    assert person.family_name_kana == "アライ"
    assert Affiliation.objects.get(person=person).confirmed


def test_person_corrects_their_own_profile_but_not_registry_fields(client, demo):
    member = demo["member"].person
    client.force_login(demo["member"])
    form = client.get(reverse("members:mypage_edit")).context["form"]
    assert "notes" not in form.fields
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        phone="090-1234-5678", given_name_kana="みほ", preferred_contact="email"
    )
    response = client.post(reverse("members:mypage_edit"), data)
    assert response.status_code == 302, response.context["form"].errors
    member.refresh_from_db()
    assert member.phone == "090-1234-5678"
    assert member.given_name_kana == "ミホ"


def test_person_form_refuses_invalid_kana():
    form = PersonForm(
        data={
            "family_name": "山田",
            "family_name_kana": "yamada",
            "preferred_contact": "post",
        }
    )
    assert not form.is_valid()
    assert form.errors["family_name_kana"]
    assert form.errors["preferred_contact"]  # post needs an address


def test_postal_code_fills_the_address(client, demo):
    client.force_login(demo["member"])
    response = client.get(
        reverse("members:postal_code_lookup"), {"postal_code": "231-0023"}
    )
    html = response.content.decode()
    assert "神奈川県横浜市中区山下町" in html
    form = response.context["form"]
    assert form.initial["municipality"] == Municipality.objects.get(code="141046").pk
    assert form.initial["address"] == "山下町"
    response = client.get(
        reverse("members:postal_code_lookup"), {"postal_code": "999-9999"}
    )
    assert response.context["postal_code_error"]
    response = client.get(reverse("members:postal_code_lookup"), {"postal_code": "12"})
    assert response.context["postal_code_error"]


def test_export_is_logged_and_neutralized(client, demo):
    from wco_sse.core.models import ExportLog

    OrganizationFactory(name="=HYPERLINK(1)", name_kana="ハイパー")
    client.force_login(demo["staff"])
    response = client.get(
        reverse("members:organization_export"),
        {"format": "csv", "membership_class": "regular"},
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    entry = ExportLog.objects.get()
    assert entry.actor == demo["staff"]
    assert "正会員" in entry.filters or "regular" in entry.filters
    assert (
        entry.row_count
        == Organization.objects.filter(membership_class="regular").count()
    )
